# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.search import cell_values, tree_path


@pytest.mark.parametrize("cell,expected", [
    (["192.168.1.9", "2001:db8::8:1"], ["192.168.1.9", "2001:db8::8:1"]),  # several values: an array
    ("192.168.1.9", ["192.168.1.9"]),                                     # one value: a plain string
    (None, []),                                                           # none: null
    ("", []),
    ("a$#$b", ["a", "b"]),
    ([None, "x"], ["x"]),
    (7, [7]),
])
def test_multi_valued_cells_are_lists(cell, expected):
    assert cell_values(cell) == expected


@pytest.mark.parametrize("name,expected", [
    ("Root entity > Child Co", ["Root entity", "Child Co"]),
    ("Site A &#62; Building B &#62; Room C", ["Site A", "Building B", "Room C"]),
    ("Lyon", ["Lyon"]),
    (None, []),
])
def test_tree_path(name, expected):
    assert tree_path(name) == expected


class FakeClient(object):
    """listSearchOptions answers shaped after recordings 40, 40b and 103."""

    OPTIONS = {
        "common": {"name": "Characteristics"},
        "1": {"name": "Name", "uid": "Computer.name"},
        "2": {"name": "ID", "uid": "Computer.id"},
        "3": {"name": "Location", "uid": "Computer.Location.completename"},
        "16": {"name": "Comments", "uid": "Computer.comment"},
        "45": {"name": "Name", "uid": "Computer.OperatingSystem.name"},
        "126": {"name": "IP", "uid": "Computer.IPAddress.name"},
        "150": {"name": "Comments", "uid": "Computer.Item_Disk.comment"},
        "151": {"name": "Comments", "uid": "Computer.NetworkPort.comment"},
        "152": {"name": "Size", "uid": "Computer.Item_Disk.totalsize"},
        "153": {"name": "Size", "uid": "Computer.Monitor.size"},
    }
    RAW = {
        "1": {"joinparams": []},
        "126": {"joinparams": {"jointype": "mainitemtype_mainitem"}},
        "127": {"joinparams": {"jointype": "itemtype_item", "beforejoin": {"table": "glpi_networkports"}}},
        "45": {"joinparams": {"beforejoin": {"table": "glpi_items_operatingsystems",
                                             "joinparams": {"jointype": "itemtype_item"}}}},
        "71": {"forcegroupby": True},
    }

    def __init__(self):
        self.calls = []

    def list_search_options(self, itemtype, raw=False):
        self.calls.append((itemtype, raw))
        return self.RAW if raw else self.OPTIONS


@pytest.fixture
def options():
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    return SearchOptions(FakeClient(), "Computer")


@pytest.mark.parametrize("field,expected", [
    (1, 1), ("126", 126), ("Computer.Location.completename", 3), ("computer.location.completename", 3),
    ("Location", 3), ("location", 3), ("IP", 126),
    ("Name", 1), ("Comments", 16),  # the item's own field wins over a linked table's
])
def test_resolve_ids_uids_and_names(options, field, expected):
    assert options.resolve(field) == expected


def test_options_are_read_once(options):
    options.resolve("Name")
    options.resolve("IP")
    assert options.client.calls == [("Computer", False)]


@pytest.mark.parametrize("field,message", [
    ("Size", "'Size' names several Computer search options: Size (uid Computer.Item_Disk.totalsize, id 152)"),
    ("Locaton", "has no search option 'Locaton'; close matches: Location (uid Computer.Location.completename, id 3)"),
    (99999, "Computer has no search option 99999"),
    ("", "must be a search option id, uid or name"),
])
def test_unknown_or_ambiguous_fields(options, field, message):
    from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
    with pytest.raises(GlpiInputError) as info:
        options.resolve(field, "criteria[0].field")
    assert str(info.value).startswith("criteria[0].field") and message in str(info.value)


def test_multi_valued_columns_from_raw_joins(options):
    assert options.is_multi_valued(126) and options.is_multi_valued(127) and options.is_multi_valued(45)
    assert options.is_multi_valued(71) and not options.is_multi_valued(1) and not options.is_multi_valued(3)


def test_allassets_uses_the_common_asset_options():
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    client = FakeClient()
    assert SearchOptions(client, "AllAssets").resolve("IP") == 126
    assert client.calls == [("Computer", False)]
