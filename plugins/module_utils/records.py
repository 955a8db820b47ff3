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

from ansible_collections.glpi.itsm.plugins.module_utils.client import READ_CHUNK

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


def changes_result(changed):
    """``changes()`` as modules return it: ``{field: {"before": ..., "after": ...}}``."""
    return dict((key, dict(before=pair[0], after=pair[1])) for key, pair in sorted(changed.items()))


def diff(header, changed, before=None, after=None):
    """Ansible's diff of one record from ``changes()``: ``header`` names it (``Computer 5``), and
    ``before``/``after`` add what is not a field (links, states)."""
    return dict(
        before_header=header, after_header=header,
        before=dict(((key, pair[0]) for key, pair in sorted(changed.items())), **(before or {})),
        after=dict(((key, pair[1]) for key, pair in sorted(changed.items())), **(after or {})),
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


def find_records(client, itemtype, identity, include_trashed=True, only_trashed=False, **params):
    """Every non-template record of ``itemtype`` whose fields equal ``identity`` exactly.

    GLPI's searchText is a case-insensitive LIKE that fails on some characters: it only narrows
    the candidates, the exact comparison is done here. Trashed records are found too (one more
    request) so that a task can restore them instead of creating a duplicate; ``only_trashed``
    looks in the trash bin alone. ``params`` go with each request (e.g. ``add_keys_names``).
    """
    search = {}
    for key, value in identity.items():
        term = search_term(value) if value is not None else None
        if term is not None:
            search[key] = term
    found = {}
    for is_deleted in ((True,) if only_trashed else (False, True) if include_trashed else (False,)):
        query = dict(params, is_deleted=is_deleted, get_hateoas=False)
        if search:
            query["searchText"] = search
        for record in client.iter_items(itemtype, **query):
            if not record.get("is_template") and matches(record, identity):
                found[record["id"]] = record
    return [found[key] for key in sorted(found)]


# Rows per page when a task lists an itemtype to find its records. A real GLPI 10.0.12 serves
# 10,000 computers in one getItems page in 0.45 s (6.8 MB of JSON) even under a 32 MB PHP
# memory_limit: rows come straight from the table, without the search engine's joins.
LISTING_PAGE_SIZE = 10000
# Up to this many records, each is looked up by itself (a listing would cost more requests).
ONE_BY_ONE_UP_TO = 2


def _loose_keys(value):
    """The keys under which a value is filed: two values that ``same()`` finds equal always
    share one (case folded, numbers as numbers, GLPI 11's decoding of the wanted text)."""
    if isinstance(value, (list, tuple, dict)):
        return None  # not filed: compared one by one
    variants = [value]
    if isinstance(value, str):
        variants.append(as_glpi_11_reads(value))
    keys = set()
    for variant in variants:
        norm = normalize(variant)
        if norm is None:
            keys.add(None)
        elif isinstance(norm, Decimal):
            keys.add("#" + str(norm.normalize()))
        else:
            keys.add(str(norm).lower())
    return keys


def list_if_cheaper(client, itemtype, is_deleted, requests_otherwise, page_size, max_workers):
    """The first page of the itemtype's records (live ones, or those in the trash bin), and all of
    its rows when listing the pages left costs no more than ``requests_otherwise``, else None:
    the first page tells how many pages there are, so a huge itemtype is not listed for a few
    records."""
    query = dict(is_deleted=is_deleted, get_hateoas=False)
    first = client.get_items(itemtype, 0, page_size - 1, **query)
    pages_left = -(-max(first.total - len(first.rows), 0) // page_size)
    if pages_left > requests_otherwise:
        return first, None
    return first, client.iter_items(itemtype, page_size, max_workers, first=first, **query)


class RecordFinder(object):
    """Finds the records of one itemtype that many identities (``{field: value}``) name, in as
    few requests as the data allow: one lookup per record when there are few, else a listing of
    the itemtype, page by page (the first page tells how many pages there are, so that a huge
    itemtype is not listed for a handful of records). The trash bin is read only for the
    identities not found alive. The match is exact, as ``find_records``'s.

    ``keys_names`` (foreign key fields) are asked of the one-by-one lookups: each record found so
    comes with GLPI's ``_keys_names``, the names of what those fields point at. A listing does not
    ask them (GLPI reads each name with a query of its own, row after row)."""

    def __init__(self, client, itemtype, page_size=LISTING_PAGE_SIZE, max_workers=4, keys_names=()):
        self.client = client
        self.itemtype = itemtype
        self.page_size = page_size
        self.max_workers = max_workers
        self.keys_names = sorted(keys_names)
        self.sample = None  # a record seen on the way (it shows the itemtype's fields)

    def find_alive(self, identities):
        """For each identity, the list of matching records out of the trash bin."""
        return self._records(identities, is_deleted=False) if identities else []

    def find(self, identities):
        """For each identity, the list of matching records (live ones, else trashed ones)."""
        found = [[] for _identity in identities]
        wanted = list(range(len(identities)))
        for is_deleted in (False, True):
            if not wanted:
                break
            records = self._records([identities[i] for i in wanted], is_deleted)
            for position, matches_of in zip(list(wanted), records):
                found[position] = matches_of
            wanted = [i for i in wanted if not found[i]]
        return found

    def _records(self, identities, is_deleted):
        if len(identities) <= ONE_BY_ONE_UP_TO:
            return [self._one(identity, is_deleted) for identity in identities]
        first, rows = list_if_cheaper(self.client, self.itemtype, is_deleted, len(identities), self.page_size,
                                      self.max_workers)
        self.sample = self.sample or next(iter(first.rows), None)
        if rows is None:
            # A match on the first page is looked up all the same: a duplicate of it may be on a later page.
            return [self._one(identity, is_deleted) for identity in identities]
        index = _Index(rows)
        return [index.matches(identity) for identity in identities]

    def _one(self, identity, is_deleted):
        params = dict(add_keys_names=self.keys_names) if self.keys_names else {}
        return find_records(self.client, self.itemtype, identity, include_trashed=False, only_trashed=is_deleted,
                            **params)


class _Index(object):
    """Records filed under the loose key of their value of the first identity field."""

    def __init__(self, records):
        self.records = [r for r in records if not r.get("is_template")]
        self._by_field = {}

    def _filed(self, field):
        if field not in self._by_field:
            filed, unfiled = {}, []
            for record in self.records:
                keys = _loose_keys(record.get(field))
                if keys is None:
                    unfiled.append(record)
                else:
                    for key in keys:
                        filed.setdefault(key, []).append(record)
            self._by_field[field] = (filed, unfiled)
        return self._by_field[field]

    def matches(self, identity):
        field = sorted(identity)[0]
        keys = _loose_keys(identity[field])
        filed, unfiled = self._filed(field)
        if keys is None:
            candidates = self.records
        else:
            candidates = unfiled + [r for key in keys for r in filed.get(key, [])]
        found = dict((r["id"], r) for r in candidates if matches(r, identity))
        return [found[key] for key in sorted(found)]


def records_by_id(client, itemtype, ids, page_size=LISTING_PAGE_SIZE, max_workers=4):
    """``{id: record}`` for the ids that exist (trashed ones too): READ_CHUNK per request, or by
    listing the itemtype (live, then the trash bin) when its pages are no more than the chunks."""
    wanted = list(dict.fromkeys(ids))
    found = {}
    if len(wanted) > READ_CHUNK:
        for is_deleted in (False, True):
            rest = set(wanted) - set(found)
            if not rest:
                return found
            first, rows = list_if_cheaper(client, itemtype, is_deleted, -(-len(rest) // READ_CHUNK), page_size,
                                          max_workers)
            found.update((row["id"], row) for row in (first.rows if rows is None else rows) if row.get("id") in rest)
            if rows is None:
                break  # the rest one chunk at a time
        else:
            return found
    rest = [i for i in wanted if i not in found]
    found.update((i, record) for i, record in zip(rest, client.find_items([(itemtype, i) for i in rest])) if record)
    return found
