# -*- coding: utf-8 -*-
"""glpi_search against a GLPI (sample data of the emulator, or a real one)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_playbook


def search(ansible_module, **args):
    [result] = getattr(ansible_module, "glpi.itsm.glpi_search")(**args).contacted.values()
    return result


@pytest.fixture(scope="module")
def computers(glpi):
    """Three computers with known names and IP addresses (one, two and none)."""
    with glpi.client() as client:
        made = client.add_items("Computer", [{"name": "srch-%d" % i, "comment": "search test"} for i in range(3)])
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


EXACT = [{"field": "Name", "searchtype": "contains", "value": "^srch-"}]


@pytest.mark.parametrize("field", ["Name", "Computer.name", "1", "name"])
def test_fields_by_display_name_uid_or_id(ansible_module, glpi_env, computers, field):
    result = search(ansible_module, itemtype="Computer", criteria=[dict(EXACT[0], field=field)], sort=["ID"])
    assert result["total"] == 3 and not result["changed"]
    assert [row["Computer.name"] for row in result["rows"]] == ["srch-0", "srch-1", "srch-2"]


def test_multi_valued_cells_are_always_lists(ansible_module, glpi_env, computers):
    result = search(ansible_module, itemtype="Computer", criteria=EXACT, forcedisplay=["IP"], sort=["ID"])
    ips = [row["Computer.IPAddress.name"] for row in result["rows"]]
    assert ips == [["10.9.0.1"], ["10.9.0.2", "2001:db8::9:2"], []]
    assert {"id": 126, "uid": "Computer.IPAddress.name", "name": "IP"} in result["columns"]


def test_keys_id_and_name(ansible_module, glpi_env, computers):
    by_id = search(ansible_module, itemtype="Computer", criteria=EXACT, forcedisplay=["2"], keys="id", sort=["2"])
    assert by_id["rows"][0]["1"] == "srch-0" and by_id["rows"][0]["2"] == computers[0]
    by_name = search(ansible_module, itemtype="Computer", criteria=EXACT, forcedisplay=["2"], keys="name", sort=["2"])
    assert by_name["rows"][0]["ID"] == computers[0]


def test_nested_criteria(ansible_module, glpi_env, computers):
    result = search(ansible_module, itemtype="Computer", sort=["ID"], criteria=[
        {"criteria": [{"field": "Name", "searchtype": "contains", "value": "^srch-0$"},
                      {"link": "OR", "field": "Name", "searchtype": "contains", "value": "^srch-2$"}]},
        {"link": "AND", "field": "Comments", "searchtype": "contains", "value": "search test"},
    ])
    assert [row["Computer.name"] for row in result["rows"]] == ["srch-0", "srch-2"]


def test_meta_criteria_on_installed_software(ansible_module, glpi_env, emulator):
    result = search(ansible_module, itemtype="Computer", criteria=[
        {"meta": True, "itemtype": "Software", "field": "Name", "searchtype": "contains", "value": "^nginx$",
         "link": "AND"}])
    assert result["total"] >= 1
    with glpi_env.client() as client:
        installed = [r for r in client.iter_items("Item_SoftwareVersion") if r["itemtype"] == "Computer"]
        nginx = client.get_items("SoftwareVersion", searchText={"name": "1.22.1"}).rows[0]["id"]
    assert result["total"] == len(set(r["items_id"] for r in installed if r["softwareversions_id"] == nginx))


def test_metacriteria_deprecated_form(ansible_module, glpi_env, emulator):
    new = search(ansible_module, itemtype="Computer", criteria=[
        {"meta": True, "itemtype": "Software", "field": "Name", "searchtype": "contains", "value": "nginx", "link": "AND"}])
    old = search(ansible_module, itemtype="Computer", metacriteria=[
        {"itemtype": "Software", "field": "Name", "searchtype": "contains", "value": "nginx", "link": "AND"}])
    assert old["total"] == new["total"] > 0


def test_empty_result_is_an_empty_list(ansible_module, glpi_env):
    result = search(ansible_module, itemtype="Computer", criteria=[
        {"field": "Name", "searchtype": "contains", "value": "^no-such-computer-anywhere$"}])
    assert result["rows"] == [] and result["total"] == 0 and not result.get("failed")


def test_window_and_total(ansible_module, glpi_env, computers):
    one = search(ansible_module, itemtype="Computer", criteria=EXACT, sort=["ID"], limit=1, offset=1)
    assert one["total"] == 3 and [r["Computer.name"] for r in one["rows"]] == ["srch-1"]
    ranged = search(ansible_module, itemtype="Computer", criteria=EXACT, sort=["ID"], range="1-2")
    assert [r["Computer.name"] for r in ranged["rows"]] == ["srch-1", "srch-2"]


def test_trash_bin(ansible_module, glpi_env, emulator):
    result = search(ansible_module, itemtype="Printer", is_deleted=True)
    assert [r["Printer.name"] for r in result["rows"]] == ["prn-old-01"]


def test_allassets(ansible_module, glpi_env, emulator):
    result = search(ansible_module, itemtype="AllAssets", criteria=[
        {"field": "Name", "searchtype": "contains", "value": "^sw-core"}])
    assert result["total"] == 2 and all(row["itemtype"] == "NetworkEquipment" for row in result["rows"])


def test_list_search_options(ansible_module, glpi_env):
    options = search(ansible_module, itemtype="Computer", list_search_options=True)["search_options"]
    assert options["1"]["uid"] == "Computer.name"
    raw = search(ansible_module, itemtype="Computer", list_search_options=True, raw=True)["search_options"]
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
def test_bad_input(ansible_module, glpi_env, emulator, args, message):
    result = search(ansible_module, **dict(dict(itemtype="Computer"), **args))
    assert result["failed"] and message in result["msg"], result["msg"]
    assert [r.path for r in emulator.requests if r.path.strip("/").startswith("search")] == []


def test_paging_past_1000_rows(ansible_module, glpi_env, monkeypatch):
    """A separate emulator with 1,001 computers: two pages of 1,000, nothing past the total."""
    from emulator import GlpiEmulator
    with GlpiEmulator() as big:
        big.add_bulk_assets(computers=1001)
        monkeypatch.setenv("GLPI_URL", big.api_url)
        result = search(ansible_module, itemtype="Computer", forcedisplay=["ID"])
        assert result["total"] == 1001 and len(result["rows"]) == 1001
        assert len(set(row["Computer.id"] for row in result["rows"])) == 1001
        ranges = [r.query for r in big.requests if r.path.strip("/") == "search/Computer"]
        assert [q.split("range=")[1].split("&")[0] for q in ranges] == ["0-999", "1000-1000"]


def test_search_playbook_and_check_mode(glpi):
    code, output, recap = run_playbook("glpi_search.yml", glpi)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["changed"] == 0
