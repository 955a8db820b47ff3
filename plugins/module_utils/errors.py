# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one error family of the collection.

GLPI answers errors as a JSON array ``["ERROR_CODE", message]`` where the message is a string,
``null`` or a list. Every failure the client meets (a GLPI error, a network failure, an answer
that is not JSON, bad input caught before sending) becomes a GlpiError, so that modules and the
inventory plugin have a single thing to catch and report.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from html import unescape

AUTHENTICATION_CODES = frozenset((
    "ERROR_SESSION_TOKEN_INVALID",
    "ERROR_SESSION_TOKEN_MISSING",
    "ERROR_APP_TOKEN_PARAMETERS_MISSING",
    "ERROR_WRONG_APP_TOKEN_PARAMETER",
    "ERROR_NOT_ALLOWED_IP",
    "ERROR_LOGIN_PARAMETERS_MISSING",
    "ERROR_LOGIN_WITH_CREDENTIALS_DISABLED",
    "ERROR_GLPI_LOGIN_USER_TOKEN",
    "ERROR_GLPI_LOGIN",
))
UNKNOWN_ITEMTYPE_CODES = frozenset((
    "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM",
    "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM",
))
PERMISSION_CODES = frozenset(("ERROR_RIGHT_MISSING",))
# GLPI reports a missing right on writes as ERROR_GLPI_ADD/UPDATE/DELETE with this text.
_PERMISSION_TEXT = re.compile(r"don't have permission|do not have permission|droits requis", re.I)
# The documentation link GLPI appends to its messages adds nothing for an Ansible user.
_DOC_SUFFIX = re.compile(r";\s*view documentation in your browser at \S*$")


class GlpiError(Exception):
    """Any failure met while talking to GLPI.

    ``code`` is GLPI's error code (``ERROR_ITEM_NOT_FOUND``...) when GLPI gave one, ``status`` the
    HTTP status, ``method`` and ``url`` the request (never with a secret: secrets travel in
    headers only).
    """

    def __init__(self, message, code=None, status=None, method=None, url=None, details=None):
        super(GlpiError, self).__init__(message)
        self.message, self.details = message, details
        self.code, self.status, self.method, self.url = code, status, method, url

    def context(self):
        """GLPI's code and status and the request, to raise another error about the same answer."""
        return dict(code=self.code, status=self.status, method=self.method, url=self.url)

    def __str__(self):
        where = " ({0} {1})".format(self.method, self.url) if self.method and self.url else ""
        code = "{0}: ".format(self.code) if self.code else ""
        status = "HTTP {0}, ".format(self.status) if self.status else ""
        return "{0}{1}{2}{3}".format(status, code, self.message, where)

    def as_result(self):
        """The keys a module adds to fail_json so that a playbook can branch on the error."""
        result = dict(error_code=self.code, status=self.status)
        if self.details is not None:
            result["details"] = self.details
        return result


class GlpiConnectionError(GlpiError):
    """GLPI could not be reached or the connection broke (DNS, refused, TLS, timeout, reset).

    ``uncertain`` is true when a request that is not safe to repeat (a POST) may have reached
    GLPI and been applied although no answer came back: the caller must check before trying again.
    """

    def __init__(self, message, uncertain=False, **kwargs):
        super(GlpiConnectionError, self).__init__(message, **kwargs)
        self.uncertain = uncertain


class GlpiResponseError(GlpiError):
    """GLPI (or something in front of it) answered with something that is not its API's JSON."""


class GlpiAuthenticationError(GlpiError):
    """Login failed, or the session or application token was refused."""


class GlpiNotFoundError(GlpiError):
    """The item does not exist (the client's find_item and find_items answer None instead)."""


class GlpiUnknownItemtypeError(GlpiError):
    """GLPI has no such itemtype (or it is not one the API serves): a mistake in the task, not a
    record that is missing, so it is not a GlpiNotFoundError."""

    options = ()  # the (option, itemtype) pairs the message names, once named
    itemtype = None  # the itemtype GLPI did not know, when the request had only one

    def __str__(self):
        if self.options:  # a message about the task's options reads best starting with the option
            return "{0} (GLPI: {1})".format(self.message, self.code or "HTTP {0}".format(self.status))
        return super(GlpiUnknownItemtypeError, self).__str__()

    def naming(self, *options):
        """The same error with a message naming the option(s) at fault, given as (option, itemtype)
        pairs: GLPI does not say which of a parent and a sub itemtype it did not know."""
        if len(options) == 1:
            message = "{0}: GLPI has no itemtype {1!r}".format(*options[0])
        else:
            message = "{0}: GLPI does not know one of these itemtypes".format(
                " or ".join("{0} {1!r}".format(option, name) for option, name in options))
        named = GlpiUnknownItemtypeError(message, **self.context())
        named.options, named.itemtype = options, self.itemtype
        return named


class GlpiRangeError(GlpiError):
    """A page asked past the end of a list (ERROR_RANGE_EXCEED_TOTAL); ``total`` is the number of
    rows GLPI counts, read from its message, or None."""

    def __init__(self, message, **kwargs):
        super(GlpiRangeError, self).__init__(message, **kwargs)
        counted = re.search(r"(\d+)\s*$", message or "")
        self.total = int(counted.group(1)) if counted else None


class GlpiPermissionError(GlpiError):
    """The user's profile lacks the right for this action."""


class GlpiInputError(GlpiError):
    """Input rejected by the client before anything was sent (bad itemtype, id, range...)."""


def html_to_text(message):
    """One of GLPI's HTML messages as plain text: tags removed, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]*>", "", str(message))).split())


def message_text(message):
    """GLPI's message as one line: strings as they are, lists joined, null as ''."""
    if message is None:
        return ""
    if isinstance(message, (list, tuple)):
        return "; ".join(message_text(part) for part in message)
    if isinstance(message, dict):
        return "; ".join("{0}: {1}".format(k, message_text(v)) for k, v in message.items())
    return _DOC_SUFFIX.sub("", str(message)).strip()


def error_from_body(body, status, method=None, url=None):
    """Build the right GlpiError from a decoded ``["ERROR_CODE", message]`` answer."""
    code, message = None, body
    if isinstance(body, list) and body and isinstance(body[0], str) and body[0].startswith("ERROR"):
        code = body[0]
        message = body[1] if len(body) > 1 else None
    text = message_text(message) or "GLPI gave no message"
    if code in AUTHENTICATION_CODES:
        cls = GlpiAuthenticationError
    elif code in UNKNOWN_ITEMTYPE_CODES:
        cls = GlpiUnknownItemtypeError
    elif code == "ERROR_RANGE_EXCEED_TOTAL":
        cls = GlpiRangeError
    elif code == "ERROR_ITEM_NOT_FOUND" or (status == 404 and code is None):
        cls = GlpiNotFoundError
    elif code in PERMISSION_CODES or status == 403 or _PERMISSION_TEXT.search(text):
        cls = GlpiPermissionError
    else:
        cls = GlpiError
    return cls(text, code=code, status=status, method=method, url=url)
