# -*- coding: utf-8 -*-
"""glpi_item_info, as tasks and in a playbook.

The records read are created here (and purged after), so that the tests also run against a real
GLPI; request counts are read from the counting proxy in front of the GLPI of the tests.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest

try:
    from urllib.parse import parse_qsl
except ImportError:  # pragma: no cover
    from urlparse import parse_qsl  # type: ignore

from conftest import add_record, purge_records, run_playbook, run_task

MISSING_ID = 999999


@pytest.fixture(scope="module")
def data(glpi):
    """A location tree, three computers (the first with a port, an IP, a connected monitor and
    some history) and a printer in the trash, all named with a unique prefix."""
    prefix = glpi.unique("itest-info") + "-"
    made = dict(prefix=prefix, mac="02:aa:00:00:00:01", ip="10.99.0.1")
    created = []
    with glpi.client() as client:
        try:
            made["site"] = add_record(client, "Location", {"name": prefix + "site"})
            created.append(("Location", made["site"]))
            made["room"] = add_record(client, "Location", {"name": prefix + "room", "locations_id": made["site"]})
            created.append(("Location", made["room"]))
            made["pcs"] = []
            for number, location in ((1, made["room"]), (2, made["room"]), (3, made["site"])):
                pc = add_record(client, "Computer", {"name": "{0}pc-{1}".format(prefix, number),
                                                     "serial": "{0}SN{1}".format(prefix, number),
                                                     "locations_id": location})
                created.append(("Computer", pc))
                made["pcs"].append(pc)
            pc1 = made["pcs"][0]
            made["port"] = add_record(client, "NetworkPort", {
                "itemtype": "Computer", "items_id": pc1, "instantiation_type": "NetworkPortEthernet",
                "name": "eth0", "logical_number": 1, "mac": made["mac"]})
            created.append(("NetworkPort", made["port"]))
            netname = add_record(client, "NetworkName", {"itemtype": "NetworkPort", "items_id": made["port"],
                                                         "name": prefix + "pc-1"})
            created.append(("NetworkName", netname))
            created.append(("IPAddress", add_record(client, "IPAddress", {
                "itemtype": "NetworkName", "items_id": netname, "name": made["ip"]})))
            made["monitor"] = add_record(client, "Monitor", {"name": prefix + "mon", "locations_id": made["room"]})
            created.append(("Monitor", made["monitor"]))
            created.append(("Computer_Item", add_record(client, "Computer_Item", {
                "computers_id": pc1, "itemtype": "Monitor", "items_id": made["monitor"]})))
            for comment in ("first change", "second change"):
                client.update_items("Computer", {"comment": comment}, item_id=pc1)
            made["printer"] = add_record(client, "Printer", {"name": prefix + "prn-trashed"})
            created.append(("Printer", made["printer"]))
            client.delete_items("Printer", made["printer"])  # to the trash
            yield made
        finally:
            for itemtype, item_id in reversed(created):
                purge_records(client, itemtype, [item_id])


@pytest.fixture(scope="module")
def monitors(glpi):
    """45 monitors with a common prefix, created in one request and purged after."""
    prefix = glpi.unique("itest-mon") + "-"
    with glpi.client() as client:
        outcomes = client.add_items("Monitor", [{"name": "{0}{1:02d}".format(prefix, n)} for n in range(45)])
        ids = [o["id"] for o in outcomes]
        try:
            assert all(o["ok"] for o in outcomes) and len(ids) == 45
            yield dict(prefix=prefix, ids=sorted(ids))
        finally:
            purge_records(client, "Monitor", ids)


def list_ranges(glpi, itemtype):
    """The ranges of the list requests GLPI received for an itemtype, in order."""
    ranges = []
    for request in glpi.requests():
        if re.match(r"^/?{0}/?$".format(itemtype), request.path) and request.method == "GET":
            match = re.search(r"(?:^|&)range=(\d+)-(\d+)", request.query)
            ranges.append(tuple(int(g) for g in match.groups()) if match else None)
    return ranges


# ---------------------------------------------------------------------- one record


def test_one_record_by_id(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0])
    assert not result.get("failed"), result
    assert result["changed"] is False and result["found"] is True and result["total"] == 1
    assert result["record"]["id"] == data["pcs"][0]
    assert result["record"]["name"] == data["prefix"] + "pc-1"
    assert result["records"] == [result["record"]]
    assert "links" not in result["record"]  # get_hateoas is false unless asked


def test_missing_record_is_not_a_failure(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=MISSING_ID)
    assert not result.get("failed"), result
    assert result["found"] is False and result["record"] is None
    assert result["records"] == [] and result["total"] == 0 and result["changed"] is False


def test_missing_record_fails_with_fail_if_missing(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=MISSING_ID, fail_if_missing=True)
    assert result["failed"]
    assert "Computer {0}".format(MISSING_ID) in result["msg"] and "fail_if_missing" in result["msg"]


def test_id_zero_is_missing_without_listing_everything(ansible_module, glpi_env, glpi):
    # GLPI answers /Computer/0 with the list of all computers: the module must not take it for a record.
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=0)
    assert result["found"] is False and result["record"] is None
    assert not glpi.requests(r"^/?Computer")


def test_with_networkports(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0], with_networkports=True)
    [port] = result["record"]["_networkports"]["NetworkPortEthernet"]
    assert port["netport_id"] == data["port"] and port["mac"] == data["mac"]
    assert data["ip"] in [ip["name"] for ip in port["NetworkName"]["IPAddress"]]


def test_expanded_tree_dropdowns_read_with_a_plain_separator(ansible_module, glpi_env, data):
    # GLPI sends tree dropdown names as 'A &#62; B' (it decodes the top level of a record only):
    # the module decodes them.
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0], expand_dropdowns=True)
    assert not result.get("failed"), result
    assert result["record"]["locations_id"] == "{0}site > {0}room".format(data["prefix"])
    assert "&#62;" not in json.dumps(result)


def test_connections_with_expanded_tree_dropdowns(ansible_module, glpi_env, data):
    # The connected monitor's location stays encoded in GLPI's answer: the module decodes it too.
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0], expand_dropdowns=True,
                      with_connections=True)
    if result.get("status") == 500 and glpi_env.version().startswith("11.0."):
        # GLPI 11.0's legacy API reads connections with 10.0's columns: "Unknown column
        # 'glpi_assets_assets_peripheralassets.itemtype_item'" (a PHP exception, HTTP 500).
        pytest.xfail("GLPI %s answers with_connections=true with HTTP 500 (its own SQL error)" % glpi_env.version())
    assert not result.get("failed"), result
    path = "{0}site > {0}room".format(data["prefix"])
    assert result["record"]["locations_id"] == path
    [monitor] = result["record"]["_connections"]["Monitor"]
    assert monitor["name"] == data["prefix"] + "mon" and monitor["locations_id"] == path
    assert "&#62;" not in json.dumps(result)


def test_record_options_are_sent_only_when_set(ansible_module, glpi_env, data):
    run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0], with_logs=True, with_disks=False,
             add_keys_names=["id", "locations_id"])
    [request] = [r for r in glpi_env.requests() if r.path.startswith("/Computer/")]
    sent = dict(parse_qsl(request.query))
    assert sent == {"get_hateoas": "false", "with_logs": "true", "with_disks": "false",
                    "add_keys_names[0]": "id", "add_keys_names[1]": "locations_id"}


def test_with_logs_and_add_keys_names(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0], with_logs=True,
                      add_keys_names=["id", "locations_id"])
    assert result["record"]["_keys_names"] == {"id": data["prefix"] + "pc-1", "locations_id": data["prefix"] + "room"}
    assert len(result["record"]["_logs"]) >= 3  # created, then two changes of the comment


# ---------------------------------------------------------------------- lists


def test_filters_sort_and_order(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", filters={"name": "^" + data["prefix"]},
                      sort="name", order="DESC")
    assert [r["name"] for r in result["records"]] == [data["prefix"] + "pc-" + n for n in "321"]
    assert result["total"] == 3 and "found" not in result and "record" not in result

    in_room = run_task(ansible_module, "glpi_item_info", itemtype="Computer", filters={"name": "^" + data["prefix"],
                                                                                       "locations_id": data["room"]})
    assert sorted(r["id"] for r in in_room["records"]) == sorted(data["pcs"][:2]) and in_room["total"] == 2


def test_integer_filters_match_exactly(ansible_module, glpi_env, data):
    run_task(ansible_module, "glpi_item_info", itemtype="Computer",
             filters={"locations_id": data["room"], "name": "pc-", "serial": None})
    [request] = [r for r in glpi_env.requests() if re.match(r"^/?Computer/?$", r.path)]
    sent = dict(parse_qsl(request.query))
    assert sent["searchText[locations_id]"] == "^{0}$".format(data["room"])
    assert sent["searchText[name]"] == "pc-" and "searchText[serial]" not in sent


def test_reads_every_page(ansible_module, glpi_env, monitors):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
                      page_size=20)
    assert [r["id"] for r in result["records"]] == monitors["ids"]
    assert result["total"] == 45


def test_pages_never_go_past_the_total(ansible_module, glpi_env, monitors):
    run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
             page_size=20)
    assert list_ranges(glpi_env, "Monitor") == [(0, 19), (20, 39), (40, 44)]


def test_default_page_size_reads_in_one_request(ansible_module, glpi_env, monitors):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
                      only_id=True)
    assert len(result["records"]) == 45
    assert list_ranges(glpi_env, "Monitor") == [(0, 999)]


@pytest.mark.parametrize("window, expected", [
    (dict(range="20-29"), slice(20, 30)),
    (dict(range=" 40 - 99 "), slice(40, 45)),
    (dict(limit=10, offset=40), slice(40, 45)),
    (dict(limit=7), slice(0, 7)),
    (dict(offset=43), slice(43, 45)),
    (dict(offset=45), slice(45, 45)),
    (dict(offset=60, limit=5), slice(0, 0)),  # past the end: empty, not an error
    (dict(range="100-149"), slice(0, 0)),
])
def test_windows(ansible_module, glpi_env, monitors, window, expected):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
                      only_id=True, **window)
    assert not result.get("failed"), result
    assert [r["id"] for r in result["records"]] == monitors["ids"][expected]
    assert result["total"] == 45


def test_a_window_is_one_request_within_the_page_size(ansible_module, glpi_env, monitors):
    run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
             limit=10, offset=30)
    assert list_ranges(glpi_env, "Monitor") == [(30, 39)]
    glpi_env.clear()
    result = run_task(ansible_module, "glpi_item_info", itemtype="Monitor", filters={"name": "^" + monitors["prefix"]},
                      range="5-99", page_size=15)
    assert len(result["records"]) == 40 and result["total"] == 45
    assert list_ranges(glpi_env, "Monitor") == [(5, 19), (20, 34), (35, 44)]


def test_is_deleted(ansible_module, glpi_env, data):
    prefix = {"name": "^" + data["prefix"]}
    trashed = run_task(ansible_module, "glpi_item_info", itemtype="Printer", filters=prefix, is_deleted=True)
    assert [r["id"] for r in trashed["records"]] == [data["printer"]] and trashed["records"][0]["is_deleted"] == 1
    for flag in (dict(), dict(is_deleted=False)):
        assert run_task(ansible_module, "glpi_item_info", itemtype="Printer", filters=prefix, **flag)["records"] == []


def test_only_id(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", filters={"name": "^" + data["prefix"]},
                      only_id=True)
    assert result["records"] == [{"id": i} for i in sorted(data["pcs"])]


def test_get_hateoas(ansible_module, glpi_env, data):
    args = dict(itemtype="Computer", filters={"name": "^" + data["prefix"]})
    assert not any("links" in r for r in run_task(ansible_module, "glpi_item_info", **args)["records"])
    linked = run_task(ansible_module, "glpi_item_info", get_hateoas=True, **args)["records"]
    assert all(any(link["rel"] == "NetworkPort" for link in r["links"]) for r in linked)


def test_expand_dropdowns_in_a_list(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", filters={"name": "^" + data["prefix"]},
                      expand_dropdowns=True)
    assert [r["locations_id"] for r in result["records"]] == [
        "{0}site > {0}room".format(data["prefix"])] * 2 + [data["prefix"] + "site"]


# ---------------------------------------------------------------------- sub items


def test_sub_items_log(ansible_module, glpi_env, data):
    pc1 = data["pcs"][0]
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=pc1, sub_itemtype="Log")
    assert result["found"] is True and len(result["records"]) >= 3 and result["total"] == len(result["records"])
    assert all(r["itemtype"] == "Computer" and r["items_id"] == pc1 for r in result["records"])
    assert "record" not in result

    latest = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=pc1, sub_itemtype="Log", sort="id",
                      order="DESC", limit=1)
    assert latest["records"] == [max(result["records"], key=lambda r: r["id"])]
    assert latest["total"] == result["total"]


def test_sub_items_networkport(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][0],
                      sub_itemtype="NetworkPort")
    assert [(r["id"], r["mac"]) for r in result["records"]] == [(data["port"], data["mac"])]
    assert result["total"] == 1
    none = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=data["pcs"][1],
                    sub_itemtype="NetworkPort")
    assert none["records"] == [] and none["total"] == 0 and none["found"] is True


def test_sub_items_of_a_missing_record(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=MISSING_ID, sub_itemtype="Log")
    assert not result.get("failed") and result["found"] is False and result["records"] == []
    failed = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=MISSING_ID, sub_itemtype="Log",
                      fail_if_missing=True)
    assert failed["failed"] and "Computer {0}".format(MISSING_ID) in failed["msg"]


# ---------------------------------------------------------------------- several items


def test_items_of_two_itemtypes(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", items=[{"itemtype": "Computer", "id": data["pcs"][1]},
                                                               {"itemtype": "Printer", "id": data["printer"]}])
    assert [r["name"] for r in result["records"]] == [data["prefix"] + "pc-2", data["prefix"] + "prn-trashed"]
    assert result["found"] is True and result["missing"] == [] and result["total"] == 2


def test_items_with_one_missing_returns_the_others(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", items=[{"itemtype": "Computer", "id": data["pcs"][0]},
                                                               {"itemtype": "Computer", "id": MISSING_ID},
                                                               {"itemtype": "Printer", "id": data["printer"]}],
                      with_networkports=True)
    assert not result.get("failed"), result
    assert [r["id"] for r in result["records"]] == [data["pcs"][0], data["printer"]]
    assert result["records"][0]["_networkports"]["NetworkPortEthernet"][0]["mac"] == data["mac"]
    assert result["missing"] == [{"itemtype": "Computer", "id": MISSING_ID}]
    assert result["found"] is False and result["total"] == 2


def test_items_requests(ansible_module, glpi_env, data):
    items = [{"itemtype": "Computer", "id": data["pcs"][0]}, {"itemtype": "Monitor", "id": data["monitor"]}]
    run_task(ansible_module, "glpi_item_info", items=items)
    assert [r.path for r in glpi_env.requests() if r.path not in ("/initSession", "/killSession")] == \
        ["/getMultipleItems"]
    glpi_env.clear()
    run_task(ansible_module, "glpi_item_info", items=items + [{"itemtype": "Printer", "id": MISSING_ID}])
    reads = [r.path for r in glpi_env.requests() if r.path not in ("/initSession", "/killSession")]
    assert reads == ["/getMultipleItems", "/Computer/{0}".format(data["pcs"][0]),
                     "/Monitor/{0}".format(data["monitor"]), "/Printer/{0}".format(MISSING_ID)]


def test_items_with_fail_if_missing(ansible_module, glpi_env, data):
    result = run_task(ansible_module, "glpi_item_info", items=[{"itemtype": "Computer", "id": data["pcs"][0]},
                                                               {"itemtype": "Printer", "id": MISSING_ID}],
                      fail_if_missing=True)
    assert result["failed"] and "Printer {0}".format(MISSING_ID) in result["msg"]


def test_unknown_itemtype_fails_naming_the_option(ansible_module, glpi_env, data):
    for args, option in ((dict(itemtype="NotAnItemtype", id=1), "itemtype"),
                         (dict(itemtype="NotAnItemtype"), "itemtype"),
                         (dict(itemtype="Computer", id=data["pcs"][0], sub_itemtype="NotAnItemtype"), "sub_itemtype"),
                         (dict(items=[{"itemtype": "Computer", "id": data["pcs"][0]},
                                      {"itemtype": "NotAnItemtype", "id": 1}]), "items[1].itemtype")):
        result = run_task(ansible_module, "glpi_item_info", **args)
        assert result["failed"], (args, result)
        assert option in result["msg"] and "'NotAnItemtype'" in result["msg"], result["msg"]
        assert "Traceback (most recent call last)" not in json.dumps(result)


# ---------------------------------------------------------------------- input errors

BAD_INPUT = [
    (dict(itemtype="Computer", id=1, items=[{"itemtype": "Computer", "id": 1}]), ["id", "items"]),
    (dict(items=[{"itemtype": "Computer", "id": 1}], sub_itemtype="Log"), ["items", "sub_itemtype"]),
    (dict(id=1), ["itemtype", "items"]),
    (dict(itemtype="Computer", sub_itemtype="Log"), ["sub_itemtype", "id"]),
    (dict(itemtype="Computer", id="abc"), ["id"]),
    (dict(itemtype="Computer", id=-1), ["id"]),
    (dict(itemtype="Computer/1"), ["itemtype"]),
    (dict(itemtype="../Computer", id=1), ["itemtype"]),
    (dict(itemtype="Computer?id=1"), ["itemtype"]),
    (dict(itemtype="Network Equipment"), ["itemtype"]),
    (dict(itemtype="Computer", id=1, sub_itemtype="../../Log"), ["sub_itemtype"]),
    (dict(itemtype="Computer", id=1, sub_itemtype="Log?x=1"), ["sub_itemtype"]),
    (dict(items=[{"itemtype": "Computer", "id": 1}, {"itemtype": "User/..", "id": 2}]), ["items[1].itemtype"]),
    (dict(items=[{"itemtype": "Computer", "id": -3}]), ["items[0].id"]),
    (dict(items=[{"itemtype": "Computer"}]), ["id", "items"]),
    (dict(itemtype="Computer", range="10-5"), ["range"]),
    (dict(itemtype="Computer", range="a-b"), ["range"]),
    (dict(itemtype="Computer", range="-1-5"), ["range"]),
    (dict(itemtype="Computer", range="0-49", limit=10), ["range", "limit"]),
    (dict(itemtype="Computer", range="0-49", offset=10), ["range", "offset"]),
    (dict(itemtype="Computer", limit=0), ["limit"]),
    (dict(itemtype="Computer", limit=-5), ["limit"]),
    (dict(itemtype="Computer", limit="ten"), ["limit"]),
    (dict(itemtype="Computer", offset=-1), ["offset"]),
    (dict(itemtype="Computer", page_size=0), ["page_size"]),
    (dict(itemtype="Computer", order="down"), ["order"]),
    (dict(itemtype="Computer", id=1, filters={"name": "pc"}), ["filters"]),
    (dict(itemtype="Computer", id=1, range="0-9"), ["range"]),
    (dict(itemtype="Computer", with_disks=True), ["with_disks"]),
    (dict(itemtype="Computer", id=1, sub_itemtype="Log", get_sha1=True), ["get_sha1"]),
    (dict(items=[{"itemtype": "Computer", "id": 1}], sort="name"), ["sort"]),
    (dict(itemtype="Computer", filters={"name": ["a", "b"]}), ["filters.name"]),
    (dict(itemtype="Computer", filters={"name][x": "a"}), ["filters"]),
]


@pytest.mark.parametrize("args, options", BAD_INPUT, ids=[json.dumps(a) for a, _o in BAD_INPUT])
def test_bad_input_fails_cleanly_before_any_request(ansible_module, glpi_env, glpi, args, options):
    result = run_task(ansible_module, "glpi_item_info", **args)
    assert result.get("failed"), result
    for option in options:
        assert option in result["msg"], (option, result["msg"])
    assert "Traceback (most recent call last)" not in json.dumps(result)
    assert glpi.requests() == []  # not even initSession


# ---------------------------------------------------------------------- playbooks


def _playbook_vars(glpi, data):
    return json.dumps(dict(glpi_url=glpi.url, prefix=data["prefix"], pc_ids=data["pcs"], room=data["room"],
                           port=data["port"], mac=data["mac"], printer=data["printer"], missing_id=MISSING_ID))


def test_playbook(glpi, data):
    # The url comes from module_defaults only (the environment points nowhere): this also proves
    # that the module belongs to the action group.
    code, output, recap = run_playbook("glpi_item_info.yml", glpi, "-e", _playbook_vars(glpi, data),
                                       GLPI_URL="http://127.0.0.1:9/apirest.php")
    assert code == 0, output
    assert recap["failed"] == 0 and recap["changed"] == 0 and recap["ok"] >= 15, output


def test_playbook_in_check_mode(glpi, data):
    code, output, recap = run_playbook("glpi_item_info.yml", glpi, "--check", "-e", _playbook_vars(glpi, data),
                                       GLPI_URL="http://127.0.0.1:9/apirest.php")
    assert code == 0, output
    assert recap["failed"] == 0 and recap["changed"] == 0, output
    assert glpi.writes() == []
