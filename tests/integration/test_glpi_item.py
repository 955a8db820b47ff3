# -*- coding: utf-8 -*-
"""glpi_item: the playbook of targets/glpi_item.yml, and bad input as tasks."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_playbook


def run(ansible_module, **args):
    [result] = getattr(ansible_module, "glpi.itsm.glpi_item")(**args).contacted.values()
    return result


def test_item_playbook(glpi):
    extra = ["-e", "emulator=" + glpi.emulator.base_url] if glpi.emulator else []
    code, output, recap = run_playbook("glpi_item.yml", glpi, *extra)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ignored"] == 1
    if glpi.emulator:
        assert glpi.emulator.open_sessions() == 0


@pytest.mark.parametrize("args,option,message", [
    (dict(itemtype="NotAnItemtype", fields=dict(name="x")), "itemtype", "GLPI has no itemtype 'NotAnItemtype'"),
    (dict(itemtype="Comp/uter", fields=dict(name="x")), "itemtype", "must be a GLPI itemtype name"),
    (dict(itemtype="Computer", id=3, lookup=["name"], fields=dict(name="x")), "id", "mutually exclusive"),
    (dict(itemtype="Computer", lookup=["serial"], fields=dict(name="x")), "lookup", "must give serial"),
    (dict(itemtype="Computer", id="abc", fields=dict(name="x")), "id", "cannot be converted to an int"),
    (dict(itemtype="Computer", id=-4, fields=dict(name="x")), "id", "must be between 0"),
    (dict(itemtype="Computer", fields=dict(name="pc-005", colour="red")), "colour", "has no field colour"),
    (dict(itemtype="Computer", fields=dict(name="pc-005", locations_id="No Such Place")), "fields.locations_id",
     "there is no Location named 'No Such Place'"),
    (dict(itemtype="Computer", fields=dict(name="pc-005", locations_id=987654)), "fields.locations_id",
     "there is no Location with id 987654"),
    (dict(itemtype="Computer", id=987654, fields=dict(comment="x")), "id", "there is no Computer with id 987654"),
    (dict(itemtype="Location", fields=dict(name="Paris"), state="trashed"), "state", "no trash bin"),
    (dict(itemtype="Computer", records=[dict(comment="x")]), "records[0]", "must give name"),
    (dict(itemtype="Computer", records=[dict(name="a"), dict(name="b"), dict(name="a", comment="x")]), "records[2]",
     "identifies the same record as records[0]"),
])
def test_bad_input_fails_cleanly_without_writing(ansible_module, glpi_env, emulator, args, option, message):
    result = run(ansible_module, **args)
    assert result["failed"], result
    assert option in result["msg"] and message in result["msg"], result["msg"]
    assert emulator.write_requests() == []
    assert emulator.open_sessions() == 0


def test_a_right_the_user_lacks(ansible_module, glpi_env, emulator, monkeypatch):
    monkeypatch.setenv("GLPI_USER_TOKEN", "techreadonlytoken0000000000000000000000")
    result = run(ansible_module, itemtype="Computer", fields=dict(name="pc-005", comment="no right to do this"))
    assert result["failed"] and "permission" in result["msg"].lower(), result["msg"]


def test_ambiguous_lookup_lists_the_ids(ansible_module, glpi_env, emulator):
    with glpi_env.client() as client:
        ids = [o["id"] for o in client.add_items("Computer", [{"name": "twin"}, {"name": "twin"}])]
    try:
        result = run(ansible_module, itemtype="Computer", fields=dict(name="twin", comment="x"))
        assert result["failed"] and "2 Computer records match" in result["msg"]
        assert all(str(i) in result["msg"] for i in ids)
    finally:
        with glpi_env.client() as client:
            client.delete_items("Computer", ids, force_purge=True)


def test_lookup_is_exact_about_case_and_spaces(ansible_module, glpi_env, emulator):
    with glpi_env.client() as client:
        [made] = client.add_items("Computer", {"name": "Case-Test"})
    try:
        result = run(ansible_module, itemtype="Computer", fields=dict(name="case-test"))
        assert result["action"] == "created" and result["id"] != made["id"]
        run(ansible_module, itemtype="Computer", id=result["id"], state="absent")
    finally:
        with glpi_env.client() as client:
            client.delete_items("Computer", made["id"], force_purge=True)


def test_bulk_sends_one_request_per_kind_of_change(ansible_module, glpi_env, emulator):
    records = [dict(name="bulk-%d" % i, comment="one") for i in range(5)]
    first = run(ansible_module, itemtype="Computer", records=records)
    assert [r["action"] for r in first["records"]] == ["created"] * 5
    assert [(r.method, r.path.strip("/")) for r in emulator.write_requests()] == [("POST", "Computer")]
    emulator.clear_requests()
    records[0]["comment"] = "two"
    records[1]["comment"] = "two"
    second = run(ansible_module, itemtype="Computer", records=records)
    assert [r["action"] for r in second["records"]] == ["updated", "updated", "unchanged", "unchanged", "unchanged"]
    assert [(r.method, r.path.strip("/")) for r in emulator.write_requests()] == [("PUT", "Computer")]
    emulator.clear_requests()
    gone = run(ansible_module, itemtype="Computer", records=records, state="absent")
    assert [r["action"] for r in gone["records"]] == ["purged"] * 5
    assert [(r.method, r.path.strip("/")) for r in emulator.write_requests()] == [("DELETE", "Computer")]


def test_dropdown_names_plain_and_tree(ansible_module, glpi_env, emulator):
    result = run(ansible_module, itemtype="Computer", fields=dict(
        name="dropdown-test", locations_id="Paris > Building A", manufacturers_id="Dell", states_id="In production"))
    assert not result.get("failed"), result.get("msg")
    try:
        record = result["record"]
        with glpi_env.client() as client:
            location = client.get_item("Location", record["locations_id"])
            assert location["completename"] == "Paris > Building A"
            assert client.get_item("Manufacturer", record["manufacturers_id"])["name"] == "Dell"
    finally:
        run(ansible_module, itemtype="Computer", id=result["id"], state="absent")
