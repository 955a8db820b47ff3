# -*- coding: utf-8 -*-
"""glpi_item_info's logic without a GLPI: input checks, query parameters, windows, the
getMultipleItems fallback and the decoding of tree dropdown names."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient, Page
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiPermissionError,
)
from ansible_collections.glpi.itsm.plugins.modules import glpi_item_info as info

OPTIONS = ("itemtype", "id", "sub_itemtype", "items", "filters", "sort", "order", "is_deleted", "only_id",
           "range", "limit", "offset", "page_size", "expand_dropdowns", "get_sha1", "with_devices", "with_disks",
           "with_softwares", "with_connections", "with_networkports", "with_infocoms", "with_contracts",
           "with_documents", "with_tickets", "with_problems", "with_changes", "with_notes", "with_logs",
           "add_keys_names")


def params(**given):
    values = dict((name, None) for name in OPTIONS)
    values.update(get_hateoas=False, fail_if_missing=False)
    values.update(given)
    return values


class FakeModule(object):
    def __init__(self, **given):
        self.params = params(**given)


class FakeClient(object):
    """Answers like GLPI from a dict {(itemtype, id): record}; records every call."""

    page_size = 1000

    def __init__(self, records, multiple_error=None):
        self.records = records
        self.multiple_error = multiple_error
        self.calls = []

    def get_item(self, itemtype, item_id, **query):
        self.calls.append(("get_item", itemtype, item_id, query))
        if itemtype == "NotAnItemtype":
            raise GlpiNotFoundError("resource not found or not an instance of CommonDBTM",
                                    code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", status=400)
        if (itemtype, item_id) not in self.records:
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return self.records[(itemtype, item_id)]

    def get_multiple_items(self, items, **query):
        self.calls.append(("get_multiple_items", [(i["itemtype"], i["items_id"]) for i in items], query))
        if self.multiple_error:
            raise self.multiple_error
        found = [self.records.get((i["itemtype"], i["items_id"])) for i in items]
        if None in found:
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return found


# ---------------------------------------------------------------------- plan


def test_list_plan_sends_only_the_options_set():
    filters = {"name": "^pc-", "locations_id": 3, "is_dynamic": True, "serial": None, "ratio": 1.5}
    plan = info.read_plan(params(itemtype="Computer", filters=filters, sort="name", order="DESC", is_deleted=False,
                                 with_networkports=True, add_keys_names=["id"]))
    assert plan["mode"] == "list" and plan["window"] is None and plan["page_size"] is None
    assert plan["params"] == {
        "get_hateoas": False, "sort": "name", "order": "DESC", "is_deleted": False, "with_networkports": True,
        "add_keys_names": ["id"],
        "searchText": {"name": "^pc-", "locations_id": "^3$", "is_dynamic": "^1$", "ratio": "1.5"},
    }


def test_one_record_plan():
    plan = info.read_plan(params(itemtype="Computer", id="12", with_logs=True, get_sha1=False, get_hateoas=True,
                                 is_deleted=False, filters={}))
    # list options left false or empty are not refused, and not sent to Get an item either
    assert plan == dict(mode="one", id=12, params={"get_hateoas": True, "with_logs": True, "get_sha1": False})


def test_sub_and_items_plans():
    plan = info.read_plan(params(itemtype="Computer", id=1, sub_itemtype="Log", range="0-9", with_logs=False,
                                 expand_dropdowns=True, only_id=True))
    assert plan["window"] == (0, 9) and plan["id"] == 1
    assert plan["params"] == {"get_hateoas": False, "expand_dropdowns": True, "only_id": True}
    plan = info.read_plan(params(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Printer", "id": "2"}]))
    assert plan["mode"] == "items" and plan["items"] == [dict(itemtype="Computer", id=1), dict(itemtype="Printer", id=2)]


@pytest.mark.parametrize("given, window", [
    (dict(range="0-49"), (0, 49)),
    (dict(range=" 5 - 5 "), (5, 5)),
    (dict(limit=50), (0, 49)),
    (dict(limit=50, offset=100), (100, 149)),
    (dict(offset=7), (7, info.query.MAX_RANGE_END)),
    (dict(), None),
])
def test_windows(given, window):
    assert info.read_plan(params(itemtype="Monitor", **given))["window"] == window


@pytest.mark.parametrize("given, option", [
    (dict(itemtype="Computer", range="9-1"), "range"),
    (dict(itemtype="Computer", range="1-"), "range"),
    (dict(itemtype="Computer", range="-1-3"), "range"),
    (dict(itemtype="Computer", range="0-99999999999"), "range"),
    (dict(itemtype="Computer", limit=0), "limit"),
    (dict(itemtype="Computer", offset=-2), "offset"),
    (dict(itemtype="Computer", page_size=0), "page_size"),
    (dict(itemtype="Computer", id=-1), "id"),
    (dict(itemtype="Computer", id="12abc"), "id"),
    (dict(itemtype="Comp uter"), "itemtype"),
    (dict(itemtype="Computer", id=1, sub_itemtype="Log/.."), "sub_itemtype"),
    (dict(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "A?b", "id": 1}]), "items[1].itemtype"),
    (dict(itemtype="Computer", id=1, only_id=True), "only_id"),
    (dict(itemtype="Computer", id=1, page_size=10), "page_size"),
    (dict(itemtype="Computer", with_notes=True), "with_notes"),
    (dict(itemtype="Computer", filters={"a b": 1}), "filters"),
    (dict(itemtype="Computer", filters={"name": {"x": 1}}), "filters.name"),
])
def test_bad_input(given, option):
    with pytest.raises(GlpiInputError) as raised:
        info.read_plan(params(**given))
    assert option in str(raised.value)


def test_options_set_to_false_or_empty_are_not_refused():
    info.read_plan(params(itemtype="Computer", id=1, only_id=False, filters={}, is_deleted=False))
    info.read_plan(params(itemtype="Computer", with_disks=False))


# ---------------------------------------------------------------------- windows and pages


def pages(total, cap=None, calls=None):
    """fetch(start, end) over ids 1..total like GLPI, at most ``cap`` rows per answer."""
    def fetch(start, end):
        if calls is not None:
            calls.append((start, end))
        if start > total:
            raise GlpiError("Provided range exceed total count of data: {0}".format(total),
                            code="ERROR_RANGE_EXCEED_TOTAL", status=400)
        stop = min(end + 1, total, start + cap if cap else end + 1)
        return Page([{"id": i + 1} for i in range(start, stop)], total)
    return fetch


def test_read_window_stays_within_the_total():
    calls = []
    rows, total = info.read_window(pages(45, calls=calls), 20, 99, 10)
    assert [r["id"] for r in rows] == list(range(21, 46)) and total == 45
    assert calls == [(20, 29), (30, 39), (40, 44)]


def test_read_window_follows_a_server_that_gives_less():
    calls = []
    rows, total = info.read_window(pages(45, cap=4, calls=calls), 0, 9, 100)
    assert len(rows) == 10 and calls == [(0, 9), (4, 9), (8, 9)]


def test_read_window_past_the_end_is_empty_with_the_total():
    assert info.read_window(pages(45), 60, 69, 10) == ([], 45)
    assert info.read_window(pages(45), 45, 49, 10) == ([], 45)


def test_read_window_other_errors_go_through():
    def fetch(start, end):
        raise GlpiPermissionError("no", code="ERROR_RIGHT_MISSING", status=403)
    with pytest.raises(GlpiPermissionError):
        info.read_window(fetch, 0, 9, 10)


def test_read_all_returns_the_servers_total():
    client = GlpiClient("https://glpi.example.com", user_token="t", retries=0)
    calls = []
    rows, total = info.read_all(client, pages(45, calls=calls), 20)
    assert len(rows) == 45 and total == 45 and calls == [(0, 19), (20, 39), (40, 44)]
    assert info.read_all(client, pages(0), 20) == ([], 0)


# ---------------------------------------------------------------------- records


def test_one_record_missing_and_id_zero():
    client = FakeClient({("Computer", 5): {"id": 5}})
    module = FakeModule(itemtype="Computer", id=5)
    assert info.run_one(module, client, info.read_plan(module.params)) == dict(
        record={"id": 5}, records=[{"id": 5}], found=True, total=1)
    for item_id in (6, 0):
        module = FakeModule(itemtype="Computer", id=item_id)
        assert info.run_one(module, client, info.read_plan(module.params))["found"] is False
    assert [c[2] for c in client.calls] == [5, 6]  # /Computer/0 would list every computer: not asked
    module = FakeModule(itemtype="Entity", id=0)
    info.run_one(module, client, info.read_plan(module.params))
    assert client.calls[-1][1:3] == ("Entity", 0)


def test_items_in_one_request_when_all_exist():
    client = FakeClient({("Computer", 1): {"id": 1}, ("Printer", 1): {"id": 1, "name": "p"}})
    module = FakeModule(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Printer", "id": 1}])
    result = info.run_items(module, client, info.read_plan(module.params))
    assert result == dict(records=[{"id": 1}, {"id": 1, "name": "p"}], found=True, missing=[], total=2)
    assert [c[0] for c in client.calls] == ["get_multiple_items"]


def test_items_fall_back_to_one_by_one_when_one_is_missing():
    client = FakeClient({("Computer", 1): {"id": 1}, ("Printer", 3): {"id": 3}})
    module = FakeModule(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Computer", "id": 2},
                               {"itemtype": "Computer", "id": 0}, {"itemtype": "Printer", "id": 3}])
    result = info.run_items(module, client, info.read_plan(module.params))
    assert result["records"] == [{"id": 1}, {"id": 3}] and result["found"] is False and result["total"] == 2
    assert result["missing"] == [{"itemtype": "Computer", "id": 2}, {"itemtype": "Computer", "id": 0}]
    assert client.calls[0][:2] == ("get_multiple_items", [("Computer", 1), ("Computer", 2), ("Printer", 3)])
    assert [c[1:3] for c in client.calls[1:]] == [("Computer", 1), ("Computer", 2), ("Printer", 3)]


def test_items_fail_if_missing_names_them():
    client = FakeClient({("Computer", 1): {"id": 1}})
    module = FakeModule(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Printer", "id": 9}],
                        fail_if_missing=True)
    with pytest.raises(GlpiNotFoundError) as raised:
        info.run_items(module, client, info.read_plan(module.params))
    assert "Printer 9" in str(raised.value)


def test_items_unknown_itemtype_names_the_entry():
    client = FakeClient({("Computer", 1): {"id": 1}},
                        multiple_error=GlpiError("resource not found", code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM",
                                                 status=400))
    module = FakeModule(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "NotAnItemtype", "id": 1}])
    with pytest.raises(GlpiNotFoundError) as raised:
        info.run_items(module, client, info.read_plan(module.params))
    assert "items[1].itemtype 'NotAnItemtype'" in str(raised.value)


def test_items_permission_errors_are_not_missing():
    # GLPI fails getMultipleItems for a record the user may not read: reading it alone fails too.
    client = FakeClient({}, multiple_error=GlpiPermissionError("no right", code="ERROR_RIGHT_MISSING", status=403))

    def refuse(*args, **kwargs):
        raise GlpiPermissionError("no right", code="ERROR_RIGHT_MISSING", status=403)

    client.get_item = refuse
    module = FakeModule(items=[{"itemtype": "Computer", "id": 1}])
    with pytest.raises(GlpiPermissionError):
        info.run_items(module, client, info.read_plan(module.params))


def test_decode_tree_names():
    record = {
        "locations_id": "Site A &#62; Building B &#62; Room C", "name": "a &#62; b", "entities_id": "Root entity",
        "groups_id_tech": "IT &gt; Ops",
        "_connections": {"Monitor": [{"locations_id": "Site A &#62; Building B", "comment": "x &#62; y"}]},
        "_logs": {"889": {"items_id": "pc &#62; 1", "new_value": "Root entity &#62; Child"}},
    }
    assert info.decode_tree_names(record) == {
        "locations_id": "Site A > Building B > Room C", "name": "a &#62; b", "entities_id": "Root entity",
        "groups_id_tech": "IT > Ops",
        "_connections": {"Monitor": [{"locations_id": "Site A > Building B", "comment": "x &#62; y"}]},
        "_logs": {"889": {"items_id": "pc > 1", "new_value": "Root entity &#62; Child"}},
    }
    assert info.decode_tree_names(["5e6d33e964e0758ba937ce4b7e50a4ab88c867d0"]) == [
        "5e6d33e964e0758ba937ce4b7e50a4ab88c867d0"]
