"""The emulated GLPI version (10.0 or 11.0) and what comes with it: GLPI's real search-option
lists and a search engine that works over them, network name labels, quiet hang-ups."""

import json
import os
import socket
import struct
import subprocess
import sys
import time

import pytest
import requests

from emulator import ENV_VARIABLE, GlpiEmulator, get_version
from emulator.searchoptions import search_options

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERSIONS = ("10.0", "11.0")


@pytest.fixture(params=VERSIONS)
def emu(request):
    emulator = GlpiEmulator(version=request.param).start()
    emulator.load_sample_data()
    yield emulator
    emulator.stop()


def login(emu):
    reply = requests.get(emu.api_url + "/initSession", auth=("glpi", "glpi"), timeout=10)
    assert reply.status_code == 200, reply.text
    return {"Session-Token": reply.json()["session_token"]}


def get(emu, path, headers):
    return requests.get(emu.api_url + path, headers=headers, timeout=30)


# ---------------------------------------------------------------------------- choosing


def test_version_is_chosen_at_start(monkeypatch):
    monkeypatch.delenv(ENV_VARIABLE, raising=False)
    assert GlpiEmulator().glpi.key == "10.0"
    assert GlpiEmulator(version="11.0").glpi.full == "11.0.2"
    assert GlpiEmulator(version="11").glpi.key == "11.0"
    monkeypatch.setenv(ENV_VARIABLE, "11.0")
    assert GlpiEmulator().glpi.key == "11.0"                 # a whole suite can be switched
    assert GlpiEmulator(version="10.0").glpi.key == "10.0"   # the constructor wins
    with pytest.raises(ValueError):
        get_version("9.5")


def test_urls_follow_the_version(emu):
    h = login(emu)
    config = get(emu, "/getGlpiConfig", h).json()["cfg_glpi"]
    assert config["version"] == emu.glpi.full
    item = get(emu, "/Computer/1", h).json()
    link_path = "/apirest.php" if emu.glpi.key == "10.0" else "/api.php/v1"
    assert item["links"][0]["href"].startswith(emu.base_url + link_path + "/")
    v1 = requests.get(emu.base_url + "/api.php/v1/Computer/1", headers=h, timeout=10)
    assert v1.status_code == (404 if emu.glpi.key == "10.0" else 200)
    # GLPI 11: groups are lists at the end of an item, absent from lists
    if emu.glpi.key == "11.0":
        assert list(item)[-3:] == ["groups_id", "groups_id_tech", "links"]
        assert item["groups_id"] == [1]
        assert "groups_id" not in get(emu, "/Computer/?range=0-0", h).json()[0]
    else:
        assert item["groups_id"] == 1


def test_cli_glpi_version(tmp_path):
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    env.pop(ENV_VARIABLE, None)
    proc = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0",
                             "--glpi-version", "11.0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        url = proc.stdout.readline().strip()
        token = requests.get(url.replace("/apirest.php", "/api.php/v1") + "/initSession",
                             auth=("glpi", "glpi"), timeout=10).json()["session_token"]
        config = requests.get(url + "/getGlpiConfig", headers={"Session-Token": token},
                              timeout=10).json()["cfg_glpi"]
        assert config["version"] == "11.0.2" and "url_base_api" not in config
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


# ---------------------------------------------------------------------------- search options


def test_listsearchoptions_are_glpis_own_bodies(emu):
    """Every itemtype's list is the body a real GLPI of that version sends, whole (the
    recordings check it byte for byte for the itemtypes they hold)."""
    h = login(emu)
    data_dir = os.path.join(emu.glpi.data_dir, "search_options")
    itemtypes = sorted(f[:-len(".json")] for f in os.listdir(data_dir))
    assert set(emu.store.itemtypes) <= set(itemtypes)      # every itemtype the emulator stores
    for itemtype in itemtypes:
        with open(os.path.join(data_dir, itemtype + ".json"), encoding="utf-8") as fh:
            saved = json.load(fh)
        for raw, key in ((False, "cleaned"), (True, "raw")):
            assert search_options(emu.glpi, itemtype).body(raw) == saved[key], itemtype
    for itemtype in ("Printer", "NetworkPort", "User"):          # and through the API
        for suffix, key in (("", "cleaned"), ("?raw", "raw")):
            reply = get(emu, "/listSearchOptions/%s%s" % (itemtype, suffix), h)
            with open(os.path.join(data_dir, itemtype + ".json"), encoding="utf-8") as fh:
                assert reply.text == json.dumps(json.load(fh)[key], ensure_ascii=False,
                                                separators=(",", ":")), itemtype
    assert get(emu, "/listSearchOptions/AllAssets", h).status_code == 400


def test_repeated_display_names_and_uids(emu):
    """Real lists repeat display names (and, in GLPI 11, uids): a client must not map columns
    by name alone."""
    body = search_options(emu.glpi, "Computer").cleaned_body
    names = [o["name"] for o in body.values() if isinstance(o, dict) and "uid" in o]
    repeated = ("Name", "Location", "Serial number", "User", "Group", "MAC address", "UUID",
                "State") + (("ID",) if emu.glpi.key == "11.0" else ())
    for name in repeated:
        assert names.count(name) >= 2, name
    assert names.count("Name") >= 8
    uids = [o["uid"] for o in body.values() if isinstance(o, dict) and "uid" in o]
    shared = {u for u in uids if uids.count(u) > 1}
    assert shared == ({"Computer.Group_Item.Group.completename",
                       "Computer.Item_DeviceMotherboard.otherserial",
                       "Computer.Glpi\\Asset\\Asset_PeripheralAsset.id"}
                      if emu.glpi.key == "11.0" else {"Computer.Computer_Item.id"})


# What the inventory plugin and glpi_search read, by uid (ids differ between itemtypes).
INVENTORY_UIDS = {
    "Computer.id": 1, "Computer.name": "srv-001", "Computer.serial": "SN-0001",
    "Computer.otherserial": "INV-0001", "Computer.uuid": "4c4c4544-0000-1000-8000-000000000001",
    "Computer.Entity.completename": "Root entity",
    "Computer.Location.completename": "Paris > Building A > Room 2",
    "Computer.State.completename": "In production", "Computer.ComputerType.name": "Server",
    "Computer.ComputerModel.name": "PowerEdge R650", "Computer.Manufacturer.name": "Dell",
    "Computer.Item_OperatingSystem.OperatingSystem.name": "Debian GNU/Linux",
    "Computer.Item_OperatingSystem.OperatingSystemVersion.name": "12 (bookworm)",
    "Computer.IPAddress.name": ["10.0.1.1", "2001:db8::1:1", "10.0.9.1"],
    "Computer.NetworkPort.mac": ["02:00:00:01:00:01", "02:00:00:02:00:01"],
    "Computer.NetworkPort.NetworkName.name": ["srv-001", "srv-001-mgmt"],
    "Computer.users_id_tech.User.name": "tech", "Computer.User.name": None,
    "Computer.comment": "server",
}
GROUP_UIDS = {"10.0": "Computer.Group.completename",
              "11.0": "Computer.Group_Item.Group.completename"}


def _option_ids(emu, itemtype, uids):
    by_uid = {}
    for key, option in search_options(emu.glpi, itemtype).cleaned_body.items():
        if isinstance(option, dict) and option.get("uid") in uids:
            by_uid.setdefault(option["uid"], int(key))
    return by_uid


def test_search_engine_works_over_the_real_options(emu):
    h = login(emu)
    uids = dict(INVENTORY_UIDS, **{GROUP_UIDS[emu.glpi.key]: "IT Ops"})
    ids = _option_ids(emu, "Computer", uids)
    assert set(ids) == set(uids)
    query = "&".join("forcedisplay[%d]=%d" % (i, sid) for i, sid in enumerate(ids.values()))
    reply = get(emu, "/search/Computer?criteria[0][field]=%d&criteria[0][searchtype]=contains"
                     "&criteria[0][value]=^srv-001$&uid_cols=1&%s" % (ids["Computer.name"], query),
                h).json()
    row = reply["data"][0]
    for uid, expected in uids.items():
        assert row[uid] == expected, uid
    # criteria on joined tables: OS, IP, MAC, group (equals compares ids), location tree

    def names(field, searchtype, value):
        data = get(emu, "/search/Computer?range=0-99&criteria[0][field]=%d&criteria[0]"
                        "[searchtype]=%s&criteria[0][value]=%s" % (ids[field], searchtype, value),
                   h).json().get("data", [])
        return sorted(r["1"] for r in data)
    assert names("Computer.Item_OperatingSystem.OperatingSystem.name", "contains",
                 "Debian") == ["srv-001", "srv-002", "srv-003", "srv-004"]
    assert names("Computer.IPAddress.name", "contains", "^10.0.9.") == [
        "srv-001", "srv-002", "srv-003", "srv-004"]
    assert names("Computer.NetworkPort.mac", "contains", "02:00:00:01:00:0a") == ["pc-010"]
    assert len(names(GROUP_UIDS[emu.glpi.key], "equals", 1)) == 20
    assert names("Computer.Location.completename", "under", 6) == ["pc-005", "pc-011",
                                                                   "pc-017"]


def test_search_other_itemtypes_by_uid(emu):
    h = login(emu)
    uids = ("NetworkEquipment.uuid", "NetworkEquipment.IPAddress.name",
            "NetworkEquipment.NetworkPort.mac", "NetworkEquipment.Location.completename")
    ids = _option_ids(emu, "NetworkEquipment", uids)
    assert set(ids) == set(uids) and ids["NetworkEquipment.uuid"] != 47   # 47 on Computer
    query = "&".join("forcedisplay[%d]=%d" % (i, sid) for i, sid in enumerate(ids.values()))
    data = get(emu, "/search/NetworkEquipment?range=0-99&uid_cols=1&" + query, h).json()["data"]
    core = next(r for r in data if r["NetworkEquipment.name"] == "sw-core-01")
    assert core["NetworkEquipment.NetworkPort.mac"] == ["02:10:00:01:00:01", "02:10:00:01:00:02"]
    assert core["NetworkEquipment.Location.completename"] == "Paris > Building A"
    printers = get(emu, "/search/Printer?range=0-99&forcedisplay[0]=2", h).json()
    assert printers["totalcount"] == 3
    location = get(emu, "/search/Location?criteria[0][field]=1&criteria[0][searchtype]="
                        "contains&criteria[0][value]=Room 1", h).json()["data"]
    assert location[0]["1"] == "Paris > Building A > Room 1"


# ---------------------------------------------------------------------------- network names


def test_network_names_are_internet_labels(emu):
    """FQDNLabel: one DNS label, lower-cased; a FQDN is refused (as on the real servers)."""
    h = dict(login(emu), **{"Content-Type": "application/json"})
    url = emu.api_url + "/NetworkName"
    bad = requests.post(url, headers=h, timeout=10, json={"input": {
        "name": "web-01.example.com", "itemtype": "NetworkPort", "items_id": 1}})
    assert bad.status_code == 400
    assert bad.json() == ["ERROR_GLPI_ADD", "Invalid internet name: web-01.example.com"]
    for name in ("web_01", "-web", "web-", "x.y", "a" * 64):
        reply = requests.post(url, headers=h, timeout=10, json={"input": {
            "name": name, "itemtype": "NetworkPort", "items_id": 1}})
        assert reply.json()[1] == "Invalid internet name: %s" % name
    good = requests.post(url, headers=h, timeout=10, json={"input": {
        "name": "Web-01", "itemtype": "NetworkPort", "items_id": 1}})
    assert good.status_code == 201
    new_id = good.json()["id"]
    assert get(emu, "/NetworkName/%d" % new_id, h).json()["name"] == "web-01"
    update = requests.put(url + "/%d" % new_id, headers=h, timeout=10,
                          json={"input": {"name": "bad.name"}})
    assert update.json() == ["ERROR_GLPI_UPDATE", "Invalid internet name: bad.name"]
    partial = requests.post(url, headers=h, timeout=10, json={"input": [
        {"name": "ok-1", "itemtype": "NetworkPort", "items_id": 1},
        {"name": "bad.one", "itemtype": "NetworkPort", "items_id": 1}]})
    assert partial.status_code == 207
    assert partial.json()[1][1] == {"id": False, "message": "Invalid internet name: bad.one"}


# ---------------------------------------------------------------------------- hang-ups


def test_client_hangups_are_quiet(capsys):
    """A client that goes away is normal: no traceback from the server's threads."""
    with GlpiEmulator() as emu:
        emu.add_bulk_assets(computers=600)
        token = login(emu)["Session-Token"]
        request = ("GET /apirest.php/Computer/?range=0-599 HTTP/1.1\r\nHost: x\r\n"
                   "Session-Token: %s\r\n\r\n" % token).encode()
        for payload in (request, b"POST /apirest.php/Computer HTTP/1.1\r\n"
                                 b"Content-Length: 100\r\n\r\nabc"):
            conn = socket.create_connection(("127.0.0.1", emu.port))
            conn.sendall(payload)
            if payload is request:
                conn.recv(100)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()                                 # reset: the server writes in vain
        time.sleep(0.5)
        assert get(emu, "/getActiveProfile", {"Session-Token": token}).status_code == 200
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err


# ---------------------------------------------------------------------------- GLPI 11 groups


def test_asset_groups_are_lists_in_11():
    """GLPI 11 keeps an asset's groups in glpi_groups_items: lists in, lists out, each change
    logged as a relation (as its real server does)."""
    with GlpiEmulator(version="11.0") as emu:
        emu.load_sample_data()
        h = dict(login(emu), **{"Content-Type": "application/json"})
        url = emu.api_url + "/Computer"
        made = requests.post(url, headers=h, timeout=10, json={"input": {
            "name": "grouped", "groups_id": [1, 2], "groups_id_tech": 2}}).json()
        item = get(emu, "/Computer/%d?get_hateoas=false" % made["id"], h).json()
        assert (item["groups_id"], item["groups_id_tech"]) == ([1, 2], [2])
        requests.put(url + "/%d" % made["id"], headers=h, timeout=10,
                     json={"input": {"groups_id": [2], "serial": "G-1"}})
        item = get(emu, "/Computer/%d?get_hateoas=false" % made["id"], h).json()
        assert item["groups_id"] == [2] and item["serial"] == "G-1"
        logs = get(emu, "/Computer/%d/Log?get_hateoas=false" % made["id"], h).json()
        assert [(log["linked_action"], log["old_value"], log["new_value"]) for log in logs[-2:]] \
            == [(0, "", "G-1"), (16, "IT Ops (1)", "")]
        found = get(emu, "/search/Computer?criteria[0][field]=1&criteria[0][searchtype]="
                         "contains&criteria[0][value]=^grouped$&forcedisplay[0]=71"
                         "&forcedisplay[1]=49", h).json()["data"][0]
        assert (found["71"], found["49"]) == ("Network team", "Network team")
        assert get(emu, "/computer/%d" % made["id"], h).status_code == 400   # case matters


def test_array_for_a_column(emu):
    """GLPI 10 dies on an array given for a column (200, empty HTML: the task must not take it
    for a success); GLPI 11's database refuses it."""
    h = dict(login(emu), **{"Content-Type": "application/json"})
    reply = requests.put(emu.api_url + "/Computer/1", headers=h, timeout=10,
                         json={"input": {"locations_id": [1], "serial": "X"}})
    if emu.glpi.key == "10.0":
        assert (reply.status_code, reply.text) == (200, "")
        assert reply.headers["Content-type"].startswith("text/html")
    else:
        assert reply.status_code == 400 and reply.json()[0] == "ERROR_GLPI_UPDATE"
        assert "Incorrect integer value: 'Array'" in reply.json()[1]
    assert get(emu, "/Computer/1", h).json()["serial"] == "SN-0001"
