# -*- coding: utf-8 -*-
"""RecordFinder: the records many identities name, in requests per page, not per record."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient, Page
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.module_utils.records import RecordFinder


class ListingGlpi(object):
    """getItems over live and trashed rows, as GLPI pages them (searchText is a LIKE), counted."""

    def __init__(self, live, trashed=()):
        self.rows = {False: list(live), True: list(trashed)}
        self.requests = []

    def get_items(self, itemtype, start=0, end=None, is_deleted=False, searchText=None, **_params):
        self.requests.append(("trash" if is_deleted else "live", "search" if searchText else "page"))
        rows = self.rows[bool(is_deleted)]
        for field, term in (searchText or {}).items():
            rows = [r for r in rows if str(term).lower() in str(r.get(field) or "").lower()]
        return Page(rows[start:end + 1], len(rows))

    def iter_items(self, itemtype, page_size=None, max_workers=1, first=None, **params):
        def fetch(start, end):
            return self.get_items(itemtype, start, end, **params)
        return GlpiClient.iter_pages(self, fetch, page_size or 1000, 1, first)


def computers(count, start=1, **fields):
    return [dict(dict(id=i, name="pc-%05d" % i, serial="S%05d" % i, is_template=0), **fields)
            for i in range(start, start + count)]


def names(found):
    return [[r["name"] for r in records] for records in found]


def test_few_records_are_looked_up_one_by_one_and_the_trash_only_for_those_not_alive():
    glpi = ListingGlpi(computers(50), trashed=computers(1, start=900))
    found = RecordFinder(glpi, "Computer").find([{"name": "pc-00007"}, {"name": "pc-00900"}])
    assert names(found) == [["pc-00007"], ["pc-00900"]]
    assert glpi.requests == [("live", "search"), ("live", "search"), ("trash", "search")]


def test_many_records_cost_a_request_per_page_not_per_record():
    glpi = ListingGlpi(computers(12000), trashed=computers(3, start=20001))
    wanted = [{"name": "pc-%05d" % i} for i in range(1, 1001)] + [{"name": "pc-%05d" % i} for i in range(20001, 20004)]
    found = RecordFinder(glpi, "Computer", page_size=5000).find(wanted)
    assert names(found) == [[w["name"]] for w in wanted]
    assert glpi.requests == [("live", "page")] * 3 + [("trash", "page")]


def test_nothing_alive_to_find_costs_one_page_per_bin():
    glpi = ListingGlpi([])
    found = RecordFinder(glpi, "Computer").find([{"name": "new-%d" % i} for i in range(300)])
    assert found == [[]] * 300 and glpi.requests == [("live", "page"), ("trash", "page")]


def test_a_handful_of_records_in_a_huge_itemtype_is_not_a_reason_to_read_it_all():
    glpi = ListingGlpi(computers(60000))
    wanted = [{"name": "pc-00002"}, {"name": "pc-45000"}, {"name": "pc-59999"}]
    found = RecordFinder(glpi, "Computer", page_size=5000).find(wanted)
    assert names(found) == [["pc-00002"], ["pc-45000"], ["pc-59999"]]
    # the first page (the count), then one lookup for each record: pc-00002 too, although the
    # first page had it (a duplicate of it may be on a later page)
    assert glpi.requests == [("live", "page"), ("live", "search"), ("live", "search"), ("live", "search")]


def test_a_duplicate_on_a_later_page_is_reported():
    glpi = ListingGlpi(computers(60000) + [dict(id=70000, name="pc-00002", serial="TWIN", is_template=0)])
    wanted = [{"name": "pc-00002"}, {"name": "pc-45000"}, {"name": "pc-59999"}]
    found = RecordFinder(glpi, "Computer", page_size=5000).find(wanted)
    assert [[r["id"] for r in records] for records in found] == [[2, 70000], [45000], [59999]]


def test_matching_stays_exact_and_reports_duplicates():
    live = [dict(id=1, name="Web-01", is_template=0), dict(id=2, name="web-01", is_template=0),
            dict(id=3, name="web-01 ", is_template=0), dict(id=4, name="dup", is_template=0),
            dict(id=5, name="dup", is_template=0), dict(id=6, name="tpl", is_template=1),
            dict(id=7, name="a <b> & c", is_template=0), dict(id=8, name="007", is_template=0)]
    glpi = ListingGlpi(live)
    wanted = [{"name": "web-01"}, {"name": "dup"}, {"name": "tpl"}, {"name": "a &lt;b&gt; & c"}, {"name": "7"},
              {"name": "007"}]
    found = RecordFinder(glpi, "Computer").find(wanted)
    assert [[r["id"] for r in records] for records in found] == [[2], [4, 5], [], [7], [], [8]]


@pytest.mark.parametrize("identity,expected", [
    ({"name": "pc-00003", "serial": "S00003"}, [3]),
    ({"name": "pc-00003", "serial": "S00004"}, []),
    ({"name": "pc-00003", "otherserial": None}, [3]),
])
def test_several_identity_fields_all_match(identity, expected):
    glpi = ListingGlpi(computers(10))
    found = RecordFinder(glpi, "Computer").find([identity, {"name": "x1"}, {"name": "x2"}])
    assert [r["id"] for r in found[0]] == expected


def test_many_dropdown_names_are_read_in_one_listing():
    from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns
    rooms = [dict(id=i, name="Room %d" % i, completename="Paris > Room %d" % i, is_template=0) for i in range(1, 40)]
    rooms.append(dict(id=99, name="Room 1", completename="Lyon > Room 1", is_template=0))
    glpi = ListingGlpi(rooms)
    dropdowns = Dropdowns(glpi)
    entries = [dict(name="pc-%d" % i, locations_id="Paris > Room %d" % i) for i in range(1, 31)]
    entries.append(dict(name="pc-lyon", locations_id="Lyon > Room 1"))
    dropdowns.prefetch(entries)
    resolved = [dropdowns.resolve_fields(entry)["locations_id"] for entry in entries]
    assert resolved == list(range(1, 31)) + [99]
    assert glpi.requests == [("live", "page")]


def test_a_foreign_key_the_record_already_has_costs_no_request():
    from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns
    glpi = ListingGlpi([dict(id=7, name="R&D <lab>", completename="R&D <lab>", is_template=0),
                        dict(id=8, name="Room C", completename="Lyon > Room C", is_template=0)])
    dropdowns = Dropdowns(glpi)
    # GLPI 10 gives the names HTML-encoded, as stored
    current = dict(id=1, locations_id=7, states_id=3, _keys_names=dict(locations_id="R&#38;D &#60;lab&#62;"))
    assert dropdowns.named_fields(dict(locations_id="R&D <lab>", users_id="jdoe", states_id="3",
                                       items_id="pc", itemtype="Computer")) == ["locations_id"]
    assert dropdowns.resolve_fields(dict(locations_id="R&D <lab>", states_id=3), current=current) == \
        dict(locations_id=7, states_id=3)
    assert glpi.requests == []
    # another name, a path (never taken from a leaf name), another case: resolved
    for value in ("Room C", "Lyon > Room C"):
        assert dropdowns.resolve_fields(dict(locations_id=value), current=current) == dict(locations_id=8)
    with pytest.raises(Exception, match="no Location named 'r&d <lab>'"):
        dropdowns.resolve_fields(dict(locations_id="r&d <lab>"), current=current)
    assert len(glpi.requests) == 3


class ByIdGlpi(ListingGlpi):
    """getMultipleItems and getItem as GLPI answers them; the client's own find_items over them."""

    find_items = GlpiClient.find_items
    find_item = GlpiClient.find_item
    _find_chunk = GlpiClient._find_chunk

    def _rows(self):
        return dict((r["id"], r) for r in self.rows[False] + self.rows[True])

    def get_multiple_items(self, items, **_params):
        self.requests.append(("by id", len(items)))
        if any(i["items_id"] not in self._rows() for i in items):  # GLPI refuses it all (recording 25f)
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return [self._rows()[i["items_id"]] for i in items]

    def get_item(self, itemtype, item_id, **_params):
        self.requests.append(("one", item_id))
        if item_id not in self._rows():
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return self._rows()[item_id]


@pytest.mark.parametrize("count,requests", [
    (30, [("by id", 30)] + [("one", i) for i in list(range(1, 26)) + [9001, 9002, 9003, 9004, 20000]]),
    (29, [("by id", 28)]),  # a chunk of ids that all exist
    (400, [("live", "page"), ("live", "page"), ("trash", "page")]),  # 8 chunks, or the 2 pages + the trash bin
])
def test_records_by_id_reads_chunks_or_pages_whichever_are_fewer(count, requests):
    from ansible_collections.glpi.itsm.plugins.module_utils.records import records_by_id
    glpi = ByIdGlpi(computers(9000), trashed=computers(10, start=9001))
    ids = list(range(1, count - 4)) + [9001, 9002, 9003, 9004]  # live and trashed
    if count % 2 == 0:
        ids.append(20000)  # and one that is gone
    found = records_by_id(glpi, "Computer", ids, page_size=5000)
    assert sorted(found) == [i for i in ids if i != 20000]
    assert glpi.requests == requests
