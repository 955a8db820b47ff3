# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Query strings the way GLPI's PHP reads them, and the input checks that keep URLs safe."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    from urllib.parse import quote, urlencode
except ImportError:  # pragma: no cover - Python 2 is not supported, this keeps imports clean
    from urllib import quote, urlencode  # type: ignore

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError

# Letters, digits and underscores, with the backslash of namespaced types such as Glpi\Socket.
ITEMTYPE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\\[A-Za-z][A-Za-z0-9_]*)*$")
# A range end beyond this makes GLPI's search fail with an SQL error (recording 175d).
MAX_RANGE_END = 2 ** 31 - 2


def flatten(params, prefix=None):
    """Turn nested dicts and lists into PHP's ``key[sub][0]=value`` pairs, in order.

    None values are left out, booleans become ``true``/``false`` (GLPI's API reads both).
    """
    pairs = []
    items = params.items() if isinstance(params, dict) else enumerate(params)
    for key, value in items:
        name = str(key) if prefix is None else "{0}[{1}]".format(prefix, key)
        if value is None:
            continue
        if isinstance(value, (dict, list, tuple)):
            pairs.extend(flatten(value, name))
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs


def encode(params):
    """The query string for ``params`` (without the leading ``?``), percent-encoded."""
    return urlencode(flatten(params or {}), quote_via=quote, safe="")


def itemtype_segment(itemtype, option="itemtype"):
    """Validate an itemtype and return it encoded for a URL path."""
    if not isinstance(itemtype, str) or not ITEMTYPE_PATTERN.match(itemtype):
        raise GlpiInputError(
            "{0} must be a GLPI itemtype name (letters, digits and underscores, e.g. Computer or "
            "Glpi\\Socket), got {1!r}".format(option, itemtype)
        )
    return quote(itemtype, safe="")


def item_id(value, option="id"):
    """Validate an item id: GLPI returns the whole list for ``/Computer/abc``, so check here."""
    if isinstance(value, bool):
        raise GlpiInputError("{0} must be a whole number, got {1!r}".format(option, value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise GlpiInputError("{0} must be a whole number, got {1!r}".format(option, value))
    if number < 0 or number > MAX_RANGE_END:
        raise GlpiInputError("{0} must be between 0 and {1}, got {2}".format(option, MAX_RANGE_END, number))
    return number


def action_segment(action):
    """Massive action keys are ``Class:action``; GLPI answers a key without the prefix with an
    empty 200 (recording 156b), so check the form here."""
    if not isinstance(action, str) or not re.match(r"^[A-Za-z][A-Za-z0-9_\\]*:[A-Za-z0-9_]+$", action):
        raise GlpiInputError("action must be a massive action key such as 'MassiveAction:update' "
                             "(Class:action), got {0!r}".format(action))
    return itemtype_segment(action.split(":")[0], "action") + ":" + action.split(":")[1]


def can_exist(itemtype, record_id):
    """Whether an id (checked first) can name an item: GLPI answers /Computer/0 with the whole
    list (only the root Entity has id 0), so such an id is never asked."""
    return item_id(record_id) > 0 or str(itemtype).lower() == "entity"


def range_param(start, end, option="range"):
    """``start-end`` for GLPI's range parameter, after checking it is a sane window."""
    for value in (start, end):
        if isinstance(value, bool) or not isinstance(value, int):
            raise GlpiInputError("{0} bounds must be whole numbers, got {1!r}".format(option, value))
    if start < 0 or end < start:
        raise GlpiInputError("{0} must satisfy 0 <= start <= end, got {1}-{2}".format(option, start, end))
    if end > MAX_RANGE_END:
        raise GlpiInputError("{0} end must be at most {1}, got {2}".format(option, MAX_RANGE_END, end))
    return "{0}-{1}".format(start, end)


def parse_content_range(header):
    """``(start, end, total)`` from ``Content-Range: 0-19/60``; None when absent or unreadable."""
    match = re.match(r"^\s*(-?\d+)-(-?\d+)/(\d+)\s*$", header or "")
    if not match:
        return None
    return tuple(int(group) for group in match.groups())
