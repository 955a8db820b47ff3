# -*- coding: utf-8 -*-
"""glpi_search against a GLPI (the emulator, or a real one): on records the tests make."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_playbook, run_task


@pytest.fixture(scope="module")
def prefix(glpi):
    return glpi.unique("srch")


@pytest.fixture(scope="module")
def computers(glpi, prefix):
    """Three computers with known names and IP addresses (one, two and none)."""
    with glpi.client() as client:
        made = client.add_items("Computer", [{"name": "%s-%d" % (prefix, i), "comment": "search test " + prefix}
                                             for i in range(3)])
        ids = [o["id"] for o in made]
        for computer_id, addresses in zip(ids, (["10.9.0.1"], ["10.9.0.2", "2001:db8::9:2"], [])):
            if not addresses:
                continue
            [port] = client.add_items("NetworkPort", {"itemtype": "Computer", "items_id": computer_id,
                                                      "instantiation_type": "NetworkPortEthernet", "name": "eth0"})
            [name] = client.add_items("NetworkName", {"itemtype": "NetworkPort", "items_id": port["id"], "name": "n"})
            client.add_items("IPAddress", [{"itemtype": "NetworkName", "items_id": name["id"], "name": a}
                                           for a in addresses])
    yield ids
    with glpi.client() as client:
        client.delete_items("Computer", ids, force_purge=True)


@pytest.fixture(scope="module")
def exact(prefix):
    """The criteria that select the computers of this module."""
    return [{"field": "Name", "searchtype": "contains", "value": "^%s-" % prefix}]


@pytest.mark.parametrize("field", ["Name", "Computer.name", "1", "name"])
def test_fields_by_display_name_uid_or_id(ansible_module, glpi_env, computers, prefix, exact, field):
    result = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=[dict(exact[0], field=field)],
                      sort=["ID"])
    assert result["total"] == 3 and not result["changed"]
    assert [row["Computer.name"] for row in result["rows"]] == [prefix + "-0", prefix + "-1", prefix + "-2"]


def test_multi_valued_cells_are_always_lists(ansible_module, glpi_env, computers, exact):
    result = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, forcedisplay=["IP"],
                      sort=["ID"])
    ips = [row["Computer.IPAddress.name"] for row in result["rows"]]
    assert ips == [["10.9.0.1"], ["10.9.0.2", "2001:db8::9:2"], []]
    assert {"id": 126, "uid": "Computer.IPAddress.name", "name": "IP"} in result["columns"]


def test_keys_id_and_name(ansible_module, glpi_env, computers, prefix, exact):
    by_id = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, forcedisplay=["2"], keys="id",
                     sort=["2"])
    assert by_id["rows"][0]["1"] == prefix + "-0" and by_id["rows"][0]["2"] == computers[0]
    by_name = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, forcedisplay=["2"],
                       keys="name", sort=["2"])
    assert by_name["rows"][0]["ID"] == computers[0]


def test_nested_criteria(ansible_module, glpi_env, computers, prefix):
    result = run_task(ansible_module, "glpi_search", itemtype="Computer", sort=["ID"], criteria=[
        {"criteria": [{"field": "Name", "searchtype": "contains", "value": "^%s-0$" % prefix},
                      {"link": "OR", "field": "Name", "searchtype": "contains", "value": "^%s-2$" % prefix}]},
        {"link": "AND", "field": "Comments", "searchtype": "contains", "value": "search test " + prefix},
    ])
    assert [row["Computer.name"] for row in result["rows"]] == [prefix + "-0", prefix + "-2"]


@pytest.fixture(scope="module")
def software(glpi, computers):
    """A software of this module, its version installed on the first two computers."""
    name = glpi.unique("itsm-nginx")
    with glpi.client() as client:
        [made] = client.add_items("Software", {"name": name, "entities_id": 0})
        [version] = client.add_items("SoftwareVersion", {"name": "1.22.1", "softwares_id": made["id"]})
        client.add_items("Item_SoftwareVersion", [{"itemtype": "Computer", "items_id": computer_id,
                                                   "softwareversions_id": version["id"]}
                                                  for computer_id in computers[:2]])
    yield name
    with glpi.client() as client:
        links = [r["id"] for r in client.iter_sub_items("SoftwareVersion", version["id"], "Item_SoftwareVersion")]
        if links:
            client.delete_items("Item_SoftwareVersion", links, force_purge=True)
        client.delete_items("SoftwareVersion", version["id"], force_purge=True)
        client.delete_items("Software", made["id"], force_purge=True)


def test_meta_criteria_on_installed_software(ansible_module, glpi_env, computers, software):
    result = run_task(ansible_module, "glpi_search", itemtype="Computer", sort=["ID"], forcedisplay=["ID"], criteria=[
        {"meta": True, "itemtype": "Software", "field": "Name", "searchtype": "contains", "value": "^%s$" % software,
         "link": "AND"}])
    assert result["total"] == 2 and [row["Computer.id"] for row in result["rows"]] == computers[:2], result


def test_metacriteria_deprecated_form(ansible_module, glpi_env, software):
    new = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=[
        {"meta": True, "itemtype": "Software", "field": "Name", "searchtype": "contains", "value": software,
         "link": "AND"}])
    old = run_task(ansible_module, "glpi_search", itemtype="Computer", metacriteria=[
        {"itemtype": "Software", "field": "Name", "searchtype": "contains", "value": software, "link": "AND"}])
    assert old["total"] == new["total"] == 2


def test_empty_result_is_an_empty_list(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=[
        {"field": "Name", "searchtype": "contains", "value": "^no-such-computer-anywhere$"}])
    assert result["rows"] == [] and result["total"] == 0 and not result.get("failed")


def test_window_and_total(ansible_module, glpi_env, computers, prefix, exact):
    one = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, sort=["ID"], limit=1, offset=1)
    assert one["total"] == 3 and [r["Computer.name"] for r in one["rows"]] == [prefix + "-1"]
    ranged = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, sort=["ID"], range="1-2")
    assert [r["Computer.name"] for r in ranged["rows"]] == [prefix + "-1", prefix + "-2"]


def test_window_rules_are_glpi_item_infos(ansible_module, glpi_env, computers, prefix, exact):
    # offset alone reads to the end; a window past the end is empty with the total (GLPI answers
    # ERROR_RANGE_EXCEED_TOTAL to it); a window wider than a page is read in pages
    rest = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, sort=["ID"], offset=1)
    assert rest["total"] == 3 and [r["Computer.name"] for r in rest["rows"]] == [prefix + "-1", prefix + "-2"]
    for window in (dict(range="5-9"), dict(offset=3), dict(limit=2, offset=7)):
        past = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, **window)
        assert not past.get("failed") and past["rows"] == [] and past["total"] == 3, (window, past)
    glpi_env.clear()
    paged = run_task(ansible_module, "glpi_search", itemtype="Computer", criteria=exact, sort=["ID"], range="0-9",
                     page_size=2)
    assert [r["Computer.name"] for r in paged["rows"]] == [prefix + "-0", prefix + "-1", prefix + "-2"]
    ranges = [r.query.split("range=")[1].split("&")[0] for r in glpi_env.requests("^/?search/Computer")]
    assert ranges == ["0-1", "2-2"], ranges  # never past the total


@pytest.fixture
def printers(glpi):
    """Two printers of this test, the second in the trash bin."""
    prefix = glpi.unique("itsm-prn")
    with glpi.client() as client:
        made = client.add_items("Printer", [{"name": prefix + "-live"}, {"name": prefix + "-old"}])
        client.delete_items("Printer", made[1]["id"])
    yield prefix
    with glpi.client() as client:
        client.delete_items("Printer", [m["id"] for m in made], force_purge=True)


def test_trash_bin(ansible_module, glpi_env, printers):
    criteria = [{"field": "Name", "searchtype": "contains", "value": "^" + printers}]
    result = run_task(ansible_module, "glpi_search", itemtype="Printer", is_deleted=True, criteria=criteria)
    assert [r["Printer.name"] for r in result["rows"]] == [printers + "-old"]
    result = run_task(ansible_module, "glpi_search", itemtype="Printer", criteria=criteria)
    assert [r["Printer.name"] for r in result["rows"]] == [printers + "-live"]


@pytest.fixture
def assets(glpi):
    """Two network equipments and a computer of this test, whose names start alike."""
    prefix = glpi.unique("itsm-core")
    with glpi.client() as client:
        switches = client.add_items("NetworkEquipment", [{"name": prefix + "-sw-1"}, {"name": prefix + "-sw-2"}])
        [computer] = client.add_items("Computer", {"name": prefix + "-pc"})
    yield prefix
    with glpi.client() as client:
        client.delete_items("NetworkEquipment", [s["id"] for s in switches], force_purge=True)
        client.delete_items("Computer", computer["id"], force_purge=True)


def test_allassets(ansible_module, glpi_env, assets):
    result = run_task(ansible_module, "glpi_search", itemtype="AllAssets", criteria=[
        {"field": "Name", "searchtype": "contains", "value": "^%s-sw" % assets}])
    assert result["total"] == 2 and all(row["itemtype"] == "NetworkEquipment" for row in result["rows"]), result
    everything = run_task(ansible_module, "glpi_search", itemtype="AllAssets", criteria=[
        {"field": "Name", "searchtype": "contains", "value": "^" + assets}])
    assert sorted(row["itemtype"] for row in everything["rows"]) == ["Computer", "NetworkEquipment",
                                                                     "NetworkEquipment"], everything


def test_list_search_options(ansible_module, glpi_env):
    options = run_task(ansible_module, "glpi_search", itemtype="Computer", list_search_options=True)["search_options"]
    assert options["1"]["uid"] == "Computer.name"
    raw = run_task(ansible_module, "glpi_search", itemtype="Computer", list_search_options=True,
                   raw=True)["search_options"]
    assert raw["1"]["field"] == "name"


@pytest.mark.parametrize("args,message", [
    (dict(criteria=[{"field": "Locaton", "value": "x"}]),
     "criteria[0].field: Computer has no search option 'Locaton'; close matches: Location"),
    (dict(criteria=[{"field": "Name", "searchtype": "like", "value": "x"}]), "criteria[0].searchtype must be one of"),
    (dict(criteria=[{"field": "Name", "value": "x"}, {"link": "XOR", "field": "Name", "value": "y"}]),
     "criteria[1].link must be one of"),
    (dict(criteria=[{"criteria": [{"fild": "Name"}]}]), "criteria[0].criteria[0]: unknown key(s) fild"),
    (dict(criteria=[{"meta": True, "field": "Name", "value": "x"}]), "criteria[0]: a meta criterion needs the itemtype"),
    (dict(forcedisplay=["No Such Column"]), "forcedisplay: Computer has no search option 'No Such Column'"),
    (dict(sort=["99999"]), "sort: Computer has no search option 99999"),
    (dict(range="10-5"), "range must be 'start-end'"),
    (dict(range="abc"), "range must be 'start-end'"),
    (dict(limit=0), "limit must be at least 1"),
    (dict(range="0-5", limit=3), "mutually exclusive"),
    (dict(itemtype="Comp uter"), "itemtype must be a GLPI itemtype name"),
])
def test_bad_input(ansible_module, glpi_env, args, message):
    result = run_task(ansible_module, "glpi_search", **dict(dict(itemtype="Computer"), **args))
    assert result["failed"] and message in result["msg"], result["msg"]
    assert [r.path for r in glpi_env.requests() if r.path.strip("/").startswith("search")] == []


def test_paging_past_1000_rows(ansible_module, glpi_env, monkeypatch):
    """A separate emulator with 1,001 computers (whatever GLPI the other tests use): two pages of
    1,000, nothing past the total."""
    from emulator import GlpiEmulator
    from conftest import EMULATOR_USER_TOKEN
    with GlpiEmulator() as big:
        big.add_bulk_assets(computers=1001)
        monkeypatch.setenv("GLPI_URL", big.api_url)
        monkeypatch.setenv("GLPI_USER_TOKEN", EMULATOR_USER_TOKEN)  # the emulator's, never the real GLPI's
        for name in ("GLPI_USERNAME", "GLPI_PASSWORD", "GLPI_APP_TOKEN"):
            monkeypatch.delenv(name, raising=False)
        result = run_task(ansible_module, "glpi_search", itemtype="Computer", forcedisplay=["ID"])
        assert result["total"] == 1001 and len(result["rows"]) == 1001
        assert len(set(row["Computer.id"] for row in result["rows"])) == 1001
        ranges = [r.query for r in big.requests if r.path.strip("/") == "search/Computer"]
        assert [q.split("range=")[1].split("&")[0] for q in ranges] == ["0-999", "1000-1000"]


def test_search_playbook_and_check_mode(glpi, computers, prefix):
    code, output, recap = run_playbook("glpi_search.yml", glpi, "-e", "prefix=" + prefix)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["changed"] == 0
