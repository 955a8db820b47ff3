# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.glpi.itsm.plugins.inventory.glpi import (
    DEFAULT_VARIABLES, KNOWN_NAMES, Columns, InventoryModule, network_fqdns, pick_address, snake_case, to_number,
    variables_named)


@pytest.mark.parametrize("addresses,version,expected", [
    (["2001:db8::1", "127.0.0.1", "169.254.3.4", "10.0.0.5", "10.0.0.6"], "ipv4_first", "10.0.0.5"),
    (["10.0.0.5", "2001:db8::1"], "ipv6_first", "2001:db8::1"),
    (["10.0.0.5", "fe80::1"], "ipv6_first", "10.0.0.5"),
    (["10.0.0.5", "fe80::1"], "ipv6_only", None),
    (["2001:db8::1"], "ipv4_only", None),
    (["2001:db8::1"], "ipv4_first", "2001:db8::1"),
    (["fe80::1", "not-an-ip", "::1", "0.0.0.0"], "ipv4_first", None),
    ([], "ipv4_first", None),
])
def test_pick_address(addresses, version, expected):
    assert pick_address(addresses, version) == expected


def test_snake_case_and_numbers():
    assert snake_case("Alternate username number") == "alternate_username_number"
    assert snake_case("Memory (Mio)") == "memory_mio"
    assert to_number("12") == 12 and to_number("1.50") == 1.5 and to_number("12a") == "12a" and to_number(None) is None


class FakeOptions(object):
    """The search options of NetworkEquipment as the emulator and GLPI 10 list them (ids differ
    from Computer's: UUID is 12 here, 47 there)."""

    options = {
        1: {"name": "Name", "uid": "NetworkEquipment.name"},
        2: {"name": "ID", "uid": "NetworkEquipment.id", "datatype": "number"},
        3: {"name": "Location", "uid": "NetworkEquipment.Location.completename"},
        4: {"name": "Type", "uid": "NetworkEquipment.NetworkEquipmentType.name"},
        7: {"name": "Alternate username", "uid": "NetworkEquipment.contact"},
        12: {"name": "UUID", "uid": "NetworkEquipment.uuid"},
        14: {"name": "Memory (Mio)", "uid": "NetworkEquipment.ram", "datatype": "number"},
        24: {"name": "Technician in charge", "uid": "NetworkEquipment.users_id_tech.User.name"},
        70: {"name": "User", "uid": "NetworkEquipment.User.name"},
        126: {"name": "IP", "uid": "NetworkEquipment.IPAddress.name"},
        139: {"name": "Location", "uid": "NetworkEquipment.Contract_Item.Contract.Location.completename"},
    }

    def resolve(self, field, option="field"):
        return {"Memory (Mio)": 14, "Alternate username": 7, "139": 139, "Type": 4, "UUID": 12, "Technician in charge": 24}[field]

    def name(self, option_id):
        return self.options[option_id]["name"]

    def uid(self, option_id):
        return self.options[option_id]["uid"]

    def is_multi_valued(self, option_id):
        return option_id == 139


def test_columns_follow_uids_not_ids():
    columns = Columns(FakeOptions(), KNOWN_NAMES, ["Memory (Mio)", "Alternate username", "139"])
    assert columns.variables == {"1": "name", "2": "id", "3": "location", "4": "type", "12": "uuid", "70": "users",
                                 "126": "ip_addresses", "14": "memory_mio", "7": "alternate_username",
                                 "139": "networkequipment_contract_item_contract_location_completename"}
    record = columns.record("NetworkEquipment", {"1": "sw-01", "2": "7", "14": "512", "126": "10.0.0.1", "70": None,
                                                 "139": "Paris", "4": ""})
    assert record["id"] == 7 and record["memory_mio"] == 512 and record["itemtype"] == "NetworkEquipment"
    assert record["ip_addresses"] == ["10.0.0.1"]
    assert record["networkequipment_contract_item_contract_location_completename"] == ["Paris"]
    # null, empty and absent cells make no variable at all
    assert "users" not in record and "type" not in record and "uuid" not in record and "mac_addresses" not in record


def test_default_columns_are_only_those_of_the_default_variables():
    columns = Columns(FakeOptions(), DEFAULT_VARIABLES, [])
    assert sorted(columns.variables.values()) == ["id", "location", "name"]  # FakeOptions has no entity/state


def test_a_field_that_is_a_known_column_keeps_the_known_name():
    columns = Columns(FakeOptions(), DEFAULT_VARIABLES, ["Type", "UUID", "Technician in charge"])
    assert columns.variables["4"] == "type" and columns.variables["12"] == "uuid"
    assert columns.variables["24"] == "technician_in_charge"


class ListingClient(object):
    """iter_items over rows shaped as GLPI lists them (getItems), counting the listings."""

    def __init__(self, **rows):
        self.rows, self.listed = rows, []

    def iter_items(self, itemtype, page_size=None, max_workers=1):
        self.listed.append(itemtype)
        return iter(self.rows.get(itemtype, []))


def test_network_fqdns_join_names_ports_and_domains():
    client = ListingClient(
        FQDN=[{"id": 1, "name": "lan", "fqdn": "lan.example.com"}, {"id": 2, "name": "dmz", "fqdn": "dmz.example.com"}],
        NetworkName=[
            {"id": 11, "itemtype": "NetworkPort", "items_id": 101, "name": "web-01", "fqdns_id": 2},
            {"id": 10, "itemtype": "NetworkPort", "items_id": 100, "name": "web-01", "fqdns_id": 1},
            {"id": 12, "itemtype": "NetworkPort", "items_id": 102, "name": "sw-01", "fqdns_id": 1},
            {"id": 13, "itemtype": "NetworkPort", "items_id": 103, "name": "no-domain", "fqdns_id": 0},
            {"id": 14, "itemtype": "NetworkPort", "items_id": 104, "name": "", "fqdns_id": 1},
            {"id": 15, "itemtype": "NetworkPort", "items_id": 999, "name": "port-gone", "fqdns_id": 1},
        ],
        NetworkPort=[
            {"id": 100, "itemtype": "Computer", "items_id": 7}, {"id": 101, "itemtype": "Computer", "items_id": 7},
            {"id": 102, "itemtype": "NetworkEquipment", "items_id": 7}, {"id": 103, "itemtype": "Computer", "items_id": 8},
            {"id": 104, "itemtype": "Computer", "items_id": 9},
        ])
    assert network_fqdns(client, 500, 1) == {("Computer", 7): ["web-01.lan.example.com", "web-01.dmz.example.com"],
                                             ("NetworkEquipment", 7): ["sw-01.lan.example.com"]}


def test_network_fqdns_without_domains_lists_nothing_more():
    client = ListingClient(NetworkName=[{"id": 1, "itemtype": "NetworkPort", "items_id": 1, "name": "a", "fqdns_id": 0}])
    assert network_fqdns(client, 500, 1) == {} and client.listed == ["FQDN"]


@pytest.mark.parametrize("text,expected", [
    ("glpi_os == 'Debian'", {"os"}),
    ("glpi_os_version | default('')", {"os_version"}),
    ("'x' ~ glpi_serial ~ myglpi_model", {"serial"}),
    ("glpi_comments", set()),
    ("glpi_mac_addresses[0]", {"mac_addresses"}),
])
def test_variables_named_in_expressions(text, expected):
    assert variables_named(text, "glpi_") == expected


def test_only_the_variables_the_configuration_uses_are_read(plugin):
    options(plugin, fields=["serial", "Alternate username"], hostnames=["fqdn", "name"], ansible_host="ip",
            group_by=["itemtype", "entity", "location", "state", "os", "group"],
            compose={"ansible_user": "'admin' if glpi_manufacturer == 'Cisco' else 'ansible'"},
            groups={"linux": "'Linux' in glpi_comment | default('')"},
            keyed_groups=[{"key": "glpi_model", "prefix": "model"}])
    assert plugin._known_variables_used() == DEFAULT_VARIABLES | {
        "serial", "fqdns", "ip_addresses", "os", "groups", "manufacturer", "comment", "model"}
    # Read only for host names and ansible_host, the FQDNs and the addresses are not set.
    assert plugin._known_variables_set() == DEFAULT_VARIABLES | {
        "serial", "os", "groups", "manufacturer", "comment", "model"}
    options(plugin, group_by=["itemtype"], ansible_host="none")
    assert plugin._known_variables_used() == DEFAULT_VARIABLES
    options(plugin, group_by=["itemtype"], ansible_host="ip", fields=["ip_addresses"])
    assert plugin._known_variables_set() == DEFAULT_VARIABLES | {"ip_addresses"}


@pytest.mark.parametrize("path,accepted", [
    ("/etc/ansible/glpi.yml", True), ("/x/prod.glpi.yaml", True), ("/x/prod.glpi.yml", True),
    ("/x/myglpi.yml", False), ("/x/glpi.json", False), ("/x/hosts.yml", False),
])
def test_verify_file(tmp_path, path, accepted):
    real = tmp_path / path.rsplit("/", 1)[1]
    real.write_text(u"plugin: glpi.itsm.glpi\n")
    assert InventoryModule().verify_file(str(real)) is accepted


@pytest.fixture
def plugin():
    from ansible.inventory.data import InventoryData
    from ansible.plugins.loader import inventory_loader
    module = inventory_loader.get("glpi.itsm.glpi")
    module.inventory = InventoryData()
    module.templar = None
    return module


def options(plugin, **values):
    defaults = dict(plugin="glpi.itsm.glpi", url="http://glpi", hostnames=["name"], lowercase_hostnames=False, duplicate_hostnames="suffix_id",
                    fields=[],
                    ansible_host="ip", ip_version="ipv4_first", prefix="glpi_",
                    group_by=["itemtype", "entity", "location", "state", "group"], compose={}, groups={},
                    keyed_groups=[], strict=False)
    defaults.update(values)
    plugin.set_options(direct=defaults)


def record(**values):
    base = dict(itemtype="Computer", id=1, name="web-01", entity="Root entity > Paris",
                location="Paris > Building A > Room 1", state="In production", groups=["Ops > Linux", "Backup"],
                ip_addresses=["fe80::1", "10.0.0.1"])
    base.update(values)
    return base


def test_trees_become_nested_groups(plugin):
    options(plugin)
    plugin._populate([record(), record(id=2, name="web-02", location="Paris > Building B")])
    groups = plugin.inventory.groups
    assert "glpi_location_Paris_Building_A" in [g.name for g in groups["glpi_location_Paris"].child_groups]
    assert [h.name for h in groups["glpi_location_Paris_Building_A_Room_1"].hosts] == ["web-01"]
    assert [h.name for h in groups["glpi_location_Paris_Building_B"].hosts] == ["web-02"]
    assert "glpi_entity_Root_entity_Paris" in [g.name for g in groups["glpi_entity_Root_entity"].child_groups]
    assert sorted(h.name for h in groups["glpi_group_Backup"].hosts) == ["web-01", "web-02"]
    assert "glpi_group_Ops_Linux" in [g.name for g in groups["glpi_group_Ops"].child_groups]
    assert [h.name for h in groups["glpi_itemtype_Computer"].hosts] == ["web-01", "web-02"]


def test_names_duplicates_lowercase_and_skipped(plugin):
    options(plugin, lowercase_hostnames=True)
    plugin._populate([record(name="WEB-01"), record(id=7, name="web-01"), record(id=8, name="")])
    hosts = plugin.inventory.hosts
    assert sorted(hosts) == ["web-01", "web-01_7"]
    assert hosts["web-01"].vars["ansible_host"] == "10.0.0.1" and hosts["web-01_7"].vars["glpi_id"] == 7


def test_keep_first_and_sources_in_turn(plugin):
    options(plugin, duplicate_hostnames="keep_first", hostnames=["uuid", "serial", "name"], ansible_host="none")
    plugin._populate([record(uuid=None, serial="SN1"), record(id=2, uuid="U-2"), record(id=3, serial="SN1")])
    hosts = plugin.inventory.hosts
    assert sorted(hosts) == ["SN1", "U-2"] and hosts["SN1"].vars["glpi_id"] == 1
    assert "ansible_host" not in hosts["SN1"].vars


def test_the_garbage_collector_is_paused_while_parsing_and_restored():
    import gc
    from ansible_collections.glpi.itsm.plugins.inventory.glpi import cyclic_gc_paused
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with cyclic_gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("a failed parse")
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


class RealComputerOptions(object):
    """listSearchOptions of Computer as a real GLPI 11.0.2 sends it: "Group" (71) and "Group in
    charge" (49) share the uid Computer.Group_Item.Group.completename there."""

    def __init__(self):
        data = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "data")
        with open(os.path.join(data, "computer-options-11.0.2.json")) as handle:
            self.options = json.load(handle)
        with open(os.path.join(data, "computer-options-raw-11.0.2.json")) as handle:
            self.raw = json.load(handle)

    def list_search_options(self, itemtype, raw=False):
        return self.raw if raw else self.options


def test_known_variables_on_a_real_glpi_11_list():
    from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
    columns = Columns(SearchOptions(RealComputerOptions(), "Computer"), set(KNOWN_NAMES), [])
    assert columns.variables == {
        "2": "id", "1": "name", "5": "serial", "6": "otherserial", "47": "uuid", "80": "entity", "3": "location",
        "31": "state", "4": "type", "40": "model", "23": "manufacturer", "45": "os", "46": "os_version",
        "126": "ip_addresses", "21": "mac_addresses", "127": "network_names", "70": "users",
        "71": "groups",  # not 49, the groups in charge
        "16": "comment", "19": "date_mod"}
