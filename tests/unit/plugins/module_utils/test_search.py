# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.search import cell_values


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
    ("Size", "'Size' names several Computer search options: Size (uid Computer.Item_Disk.totalsize, id 152), "
             "Size (uid Computer.Monitor.size, id 153) (as many joins away)"),
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


class RealListClient(object):
    """listSearchOptions of Computer as a real GLPI 11.0.2 sends it (recordings 40 and 40b): 201
    options whose display names repeat (Name 10 times, Location, Type, MAC address...)."""

    def __init__(self):
        import json
        import os
        data = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "data")
        with open(os.path.join(data, "computer-options-11.0.2.json")) as handle:
            self.options = json.load(handle)
        with open(os.path.join(data, "computer-options-raw-11.0.2.json")) as handle:
            self.raw = json.load(handle)
        self.calls = []

    def list_search_options(self, itemtype, raw=False):
        self.calls.append(raw)
        return self.raw if raw else self.options


@pytest.mark.parametrize("field,expected", [
    ("Name", 1), ("ID", 2), ("UUID", 47), ("Serial number", 5), ("Last update", 19),  # its own columns
    ("Location", 3), ("User", 70), ("Status", 31),           # a foreign key of its own, not a contract's location
    ("Group", 71),                                            # the nearest of the two named Group
    ("Type", 4),                                              # its type, not its remote management's (as many tables away)
    ("Version", None),                                        # antivirus or agent version: a real tie
])
def test_display_names_of_a_real_list_resolve_to_the_nearest_option(field, expected):
    from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    options = SearchOptions(RealListClient(), "Computer")
    if expected is None:
        with pytest.raises(GlpiInputError) as info:
            options.resolve(field)
        assert "(uid Computer.ItemAntivirus.antivirus_version, id 168), Version (uid Computer.Agent.version, id 903)" \
            in str(info.value)
    else:
        assert options.resolve(field) == expected


def test_only_a_tie_at_the_nearest_distance_is_ambiguous_and_lists_the_tied():
    from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    client = RealListClient()
    options = SearchOptions(client, "Computer")
    assert options.resolve("Location") == 3 and client.calls == [False]  # no raw list needed without a tie
    with pytest.raises(GlpiInputError) as info:
        options.resolve("MAC address", "forcedisplay[0]")
    message = str(info.value)
    assert message.startswith("forcedisplay[0]: 'MAC address' names several Computer search options")
    assert "id 21" in message and "id 113" in message and "use a uid or an id" in message


def test_a_uid_glpi_11_gives_two_options_asks_for_an_id():
    from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    options = SearchOptions(RealListClient(), "Computer")
    with pytest.raises(GlpiInputError) as info:
        options.resolve("Computer.Group_Item.Group.completename")
    assert "id 49" in str(info.value) and "id 71" in str(info.value) and "use an id" in str(info.value)
