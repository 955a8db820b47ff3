# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Comparing what the user asked for with what GLPI holds, and finding records by their fields.

GLPI answers with its own types: 0/1 for booleans, numbers as strings (``"0.0000"``), null for
empty. Only the keys the user gave are compared, after normalising both sides, so that a second
run of the same task finds nothing to change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from decimal import Decimal, InvalidOperation

# Characters GLPI stores HTML-encoded (or that break LIKE): a searchText containing them finds
# nothing (recordings 142f, 142j), so lookups search on a plain part and compare exactly here.
_UNSEARCHABLE = re.compile(r"[<>&\"'\\%]+")
_DECIMAL_COLUMN = re.compile(r"^-?\d+\.\d+$")
_BARE_AMPERSAND = re.compile(r"&(?!#?\w+;)")


def is_special_input(field):
    """Fields starting with '_' are instructions to GLPI (``_users_id_requester``), not stored."""
    return str(field).startswith("_")


def normalize(value):
    """A value as it compares: booleans as 0/1, numbers as Decimals, None and '' alike."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):
        text = value.strip()
        if re.match(r"^-?\d+(\.\d+)?$", text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern is a valid Decimal
                return value
        return value
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    if isinstance(value, dict):
        return dict((k, normalize(v)) for k, v in value.items())
    return value


def as_glpi_11_reads(text):
    """``text`` as GLPI 11 shows it once stored: it decodes legacy HTML entities whenever it reads
    from its database (DBmysql::decodeFetchResult; recordings 141f-141n of the 11.0.2 set), so
    ``a &lt;i&gt; b`` is read back as ``a <i> b``. GLPI 10 shows text as stored."""
    if "<" in text or ">" in text:
        return text
    if not _BARE_AMPERSAND.search(text):
        text = text.replace("&#60;", "<").replace("&#62;", ">").replace("&#38;", "&")
    return text.replace("&lt;", "<").replace("&gt;", ">")


def same(wanted, current):
    """Whether GLPI's ``current`` value already is the ``wanted`` one.

    Two strings are equal only to the letter (a serial '007' is not '7'), or as GLPI 11 reads
    the wanted text back (see as_glpi_11_reads), unless GLPI's is a decimal column such as
    ``"0.0000"``, which equals ``0``, ``"0"`` or ``"0.00"``. GLPI 11 sends an asset's groups as a
    list (``[3]``), which is the group 3 a task gives.
    """
    if isinstance(wanted, str) and isinstance(current, str) and wanted.strip() != "":
        if wanted == current or as_glpi_11_reads(wanted) == current:
            return True
        if not _DECIMAL_COLUMN.match(current):
            return False
    if isinstance(current, list) and not isinstance(wanted, list):
        values = normalize(current)
        return values == [normalize(wanted)] or (not values and normalize(wanted) in (None, Decimal(0)))
    return normalize(wanted) == normalize(current)


def changes(wanted, current):
    """The keys of ``wanted`` whose value differs in ``current``: ``{key: (before, after)}``."""
    return dict(
        (key, (current.get(key), value))
        for key, value in wanted.items()
        if not is_special_input(key) and not same(value, current.get(key))
    )


def diff(changed):
    """Ansible's diff (before/after) from ``changes()``."""
    return dict(
        before=dict((key, pair[0]) for key, pair in sorted(changed.items())),
        after=dict((key, pair[1]) for key, pair in sorted(changed.items())),
    )


def unknown_fields(wanted, known):
    """Keys of ``wanted`` that a GLPI record with the keys ``known`` does not have: GLPI drops
    such fields silently (recording 170), so the task would do nothing without saying so."""
    return sorted(key for key in wanted if not is_special_input(key) and key not in known)


def search_term(value):
    """The longest plain part of ``value`` to give GLPI's searchText, or None to list all."""
    parts = [part.strip() for part in _UNSEARCHABLE.split(str(value))]
    best = max(parts, key=len) if parts else ""
    return best or None


def matches(record, identity):
    """Whether ``record`` has exactly the values of ``identity`` (case, spaces and all)."""
    return all(same(value, record.get(key)) for key, value in identity.items())


def find_records(client, itemtype, identity, include_trashed=True):
    """Every non-template record of ``itemtype`` whose fields equal ``identity`` exactly.

    GLPI's searchText is a case-insensitive LIKE that fails on some characters: it only narrows
    the candidates, the exact comparison is done here. Trashed records are found too (one more
    request) so that a task can restore them instead of creating a duplicate.
    """
    search = {}
    for key, value in identity.items():
        term = search_term(value) if value is not None else None
        if term is not None:
            search[key] = term
    found = {}
    for is_deleted in ((False, True) if include_trashed else (False,)):
        params = dict(is_deleted=is_deleted, get_hateoas=False)
        if search:
            params["searchText"] = search
        for record in client.iter_items(itemtype, **params):
            if not record.get("is_template") and matches(record, identity):
                found[record["id"]] = record
    return [found[key] for key in sorted(found)]
