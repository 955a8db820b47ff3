# -*- coding: utf-8 -*-
"""Reading records without a GLPI (module_utils/reading.py, glpi_item_info's logic): input
checks, query parameters, list windows, several records at once and tree dropdown names."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import query, reading
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiInputError,
    GlpiNotFoundError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.modules import glpi_item_info, glpi_search


@pytest.fixture
def info(make_module):
    """glpi_item_info's parameters (defaults from its argument spec) for the given options."""
    return lambda **params: make_module(glpi_item_info, **params).params


def unknown_itemtype():
    return GlpiUnknownItemtypeError("resource not found or not an instance of CommonDBTM",
                                    code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", status=400)


# ---------------------------------------------------------------------- plan


def test_list_plan_sends_only_the_options_set(info):
    filters = {"name": "^pc-", "locations_id": 3, "is_dynamic": True, "serial": None, "ratio": 1.5}
    plan = reading.read_plan(info(itemtype="Computer", filters=filters, sort="name", order="DESC", is_deleted=False,
                                  with_networkports=True, add_keys_names=["id"]))
    assert plan["mode"] == "list" and plan["window"] is None and plan["page_size"] is None
    assert plan["params"] == {
        "get_hateoas": False, "sort": "name", "order": "DESC", "is_deleted": False, "with_networkports": True,
        "add_keys_names": ["id"],
        "searchText": {"name": "^pc-", "locations_id": "^3$", "is_dynamic": "^1$", "ratio": "1.5"},
    }


def test_one_record_plan(info):
    plan = reading.read_plan(info(itemtype="Computer", id=12, with_logs=True, get_sha1=False, get_hateoas=True,
                                  is_deleted=False, filters={}))
    # list options left false or empty are not refused, and not sent to Get an item either
    assert plan == dict(mode="one", id=12, params={"get_hateoas": True, "with_logs": True, "get_sha1": False})


def test_sub_and_items_plans(info):
    plan = reading.read_plan(info(itemtype="Computer", id=1, sub_itemtype="Log", range="0-9", with_logs=False,
                                  expand_dropdowns=True, only_id=True))
    assert plan["window"] == (0, 9) and plan["id"] == 1
    assert plan["params"] == {"get_hateoas": False, "expand_dropdowns": True, "only_id": True}
    plan = reading.read_plan(info(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Printer", "id": 2}]))
    assert plan["mode"] == "items" and plan["items"] == [dict(itemtype="Computer", id=1), dict(itemtype="Printer", id=2)]


@pytest.mark.parametrize("given, window", [
    (dict(range="0-49"), (0, 49)),
    (dict(range=" 5 - 5 "), (5, 5)),
    (dict(limit=50), (0, 49)),
    (dict(limit=50, offset=100), (100, 149)),
    (dict(offset=7), (7, query.MAX_RANGE_END)),
    (dict(offset=0), None),
    (dict(), None),
])
@pytest.mark.parametrize("module", [glpi_item_info, glpi_search])
def test_both_modules_read_the_same_window(make_module, module, given, window):
    assert reading.list_window(make_module(module, itemtype="Monitor", **given).params) == window


@pytest.mark.parametrize("given, message", [
    (dict(range="9-1"), "range must be 'start-end'"),
    (dict(range="1-"), "range must be 'start-end'"),
    (dict(range="-1-3"), "range must be 'start-end'"),
    (dict(range="0-99999999999"), "range end must be at most"),
    (dict(limit=0), "limit must be at least 1"),
    (dict(offset=-2), "offset must be 0 or more"),
])
@pytest.mark.parametrize("module", [glpi_item_info, glpi_search])
def test_both_modules_refuse_the_same_windows(make_module, module, given, message):
    with pytest.raises(GlpiInputError) as raised:
        reading.list_window(make_module(module, itemtype="Computer", **given).params)
    assert message in str(raised.value)


def test_range_excludes_limit_and_offset_in_both_modules(make_module):
    for module in (glpi_item_info, glpi_search):
        for other in (dict(limit=3), dict(offset=3)):
            with pytest.raises(ValueError, match="mutually exclusive"):
                make_module(module, itemtype="Computer", range="0-5", **other)


@pytest.mark.parametrize("given, option", [
    (dict(itemtype="Computer", page_size=0), "page_size"),
    (dict(itemtype="Computer", id=-1), "id"),
    (dict(itemtype="Comp uter"), "itemtype"),
    (dict(itemtype="Computer", id=1, sub_itemtype="Log/.."), "sub_itemtype"),
    (dict(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "A?b", "id": 1}]), "items[1].itemtype"),
    (dict(itemtype="Computer", id=1, only_id=True), "only_id"),
    (dict(itemtype="Computer", id=1, page_size=10), "page_size"),
    (dict(itemtype="Computer", id=1, range="0-9"), "range"),
    (dict(itemtype="Computer", with_notes=True), "with_notes"),
    (dict(itemtype="Computer", filters={"a b": 1}), "filters"),
    (dict(itemtype="Computer", filters={"name": {"x": 1}}), "filters.name"),
    (dict(itemtype="Computer", with_timeline=True), "with_timeline"),
    (dict(itemtype="Computer", id=1, with_timeline=True), "with_timeline"),
])
def test_bad_input(info, given, option):
    with pytest.raises(GlpiInputError) as raised:
        reading.read_plan(info(**given))
    assert option in str(raised.value)


def test_options_set_to_false_or_empty_are_not_refused(info):
    reading.read_plan(info(itemtype="Computer", id=1, only_id=False, filters={}, is_deleted=False))
    reading.read_plan(info(itemtype="Computer", with_disks=False))


# ---------------------------------------------------------------------- reading


def test_one_record_found_or_missing(info, client):
    client.find_item.side_effect = lambda itemtype, item_id, **params: {"id": 5} if item_id == 5 else None
    params = info(itemtype="Computer", id=5)
    assert reading.read(client, params, reading.read_plan(params)) == dict(
        record={"id": 5}, records=[{"id": 5}], found=True, total=1)
    params = info(itemtype="Computer", id=6)
    assert reading.read(client, params, reading.read_plan(params))["found"] is False
    params = info(itemtype="Computer", id=6, fail_if_missing=True)
    with pytest.raises(GlpiNotFoundError, match="Computer 6"):
        reading.read(client, params, reading.read_plan(params))


def test_a_list_goes_through_the_clients_window(info, client):
    client.read_window.return_value = ([{"id": 3}], 40)
    params = info(itemtype="Computer", limit=1, offset=2, page_size=10)
    assert reading.read(client, params, reading.read_plan(params)) == dict(records=[{"id": 3}], total=40)
    fetch, window, page_size = client.read_window.call_args[0]
    assert window == (2, 2) and page_size == 10
    fetch(2, 2)
    client.get_items.assert_called_once_with("Computer", 2, 2, get_hateoas=False)


def test_sub_items_of_a_missing_record(info, client):
    client.read_window.side_effect = GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
    params = info(itemtype="Computer", id=9, sub_itemtype="Log")
    assert reading.read(client, params, reading.read_plan(params)) == dict(records=[], found=False, total=0)
    params = info(itemtype="Computer", id=0, sub_itemtype="Log", fail_if_missing=True)
    with pytest.raises(GlpiNotFoundError, match="Computer 0"):
        reading.read(client, params, reading.read_plan(params))
    assert client.read_window.call_count == 1  # /Computer/0 would list every computer: not asked


def test_sub_items_of_an_unknown_itemtype_name_both_options(info, client):
    client.read_window.side_effect = unknown_itemtype()
    params = info(itemtype="Computer", id=1, sub_itemtype="NotAnItemtype")
    with pytest.raises(GlpiUnknownItemtypeError) as raised:
        reading.read(client, params, reading.read_plan(params))
    assert "itemtype 'Computer' or sub_itemtype 'NotAnItemtype'" in str(raised.value)
    assert raised.value.code == "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM"


def test_items_found_and_missing(info, client):
    client.find_items.return_value = [{"id": 1}, None, {"id": 3}]
    params = info(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Computer", "id": 2},
                         {"itemtype": "Printer", "id": 3}])
    result = reading.read(client, params, reading.read_plan(params))
    assert result == dict(records=[{"id": 1}, {"id": 3}], found=False, missing=[{"itemtype": "Computer", "id": 2}],
                          total=2)
    client.find_items.assert_called_once_with([("Computer", 1), ("Computer", 2), ("Printer", 3)], get_hateoas=False)
    params = info(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "Printer", "id": 9}], fail_if_missing=True)
    client.find_items.return_value = [{"id": 1}, None]
    with pytest.raises(GlpiNotFoundError, match="Printer 9"):
        reading.read(client, params, reading.read_plan(params))


def test_items_unknown_itemtype_names_the_entry(info, client):
    error = unknown_itemtype()
    error.itemtype = "NotAnItemtype"
    client.find_items.side_effect = error
    params = info(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "NotAnItemtype", "id": 1}])
    with pytest.raises(GlpiUnknownItemtypeError) as raised:
        reading.read(client, params, reading.read_plan(params))
    assert "items[1].itemtype: GLPI has no itemtype 'NotAnItemtype'" in str(raised.value)


def test_expanded_tree_names_are_decoded(info, client):
    client.find_item.return_value = {"id": 1, "locations_id": "Paris &#62; Building A"}
    params = info(itemtype="Computer", id=1, expand_dropdowns=True)
    result = reading.read(client, params, reading.read_plan(params))
    assert result["record"] == {"id": 1, "locations_id": "Paris > Building A"} == result["records"][0]
