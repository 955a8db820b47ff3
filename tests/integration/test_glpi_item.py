# -*- coding: utf-8 -*-
"""glpi_item: the playbook of targets/glpi_item.yml, and bad input as tasks."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.records import LISTING_PAGE_SIZE
from conftest import made_record, run_playbook, run_task


def test_item_playbook(glpi):
    code, output, recap = run_playbook("glpi_item.yml", glpi)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ignored"] == 1
    assert glpi.open_sessions() == 0


@pytest.mark.parametrize("args,option,message", [
    (dict(itemtype="NotAnItemtype", fields=dict(name="x")), "itemtype", "GLPI has no itemtype 'NotAnItemtype'"),
    (dict(itemtype="Comp/uter", fields=dict(name="x")), "itemtype", "must be a GLPI itemtype name"),
    (dict(itemtype="Computer", id=3, lookup=["name"], fields=dict(name="x")), "id", "mutually exclusive"),
    (dict(itemtype="Computer", lookup=["serial"], fields=dict(name="x")), "lookup", "must give serial"),
    (dict(itemtype="Computer", id="abc", fields=dict(name="x")), "id", "cannot be converted to an int"),
    (dict(itemtype="Computer", id=-4, fields=dict(name="x")), "id", "must be between 0"),
    (dict(itemtype="Computer", fields=dict(name="itsm-bad-input", locations_id="No Such Place")), "fields.locations_id",
     "there is no Location named 'No Such Place'"),
    (dict(itemtype="Computer", fields=dict(name="itsm-bad-input", locations_id=987654)), "fields.locations_id",
     "there is no Location with id 987654"),
    (dict(itemtype="Computer", id=987654, fields=dict(comment="x")), "id", "there is no Computer with id 987654"),
    (dict(itemtype="Computer", records=[dict(comment="x")]), "records[0]", "must give name"),
    (dict(itemtype="Computer", records=[dict(name="a"), dict(name="b"), dict(name="a", comment="x")]), "records[2]",
     "identifies the same record as records[0]"),
])
def test_bad_input_fails_cleanly_without_writing(ansible_module, glpi_env, args, option, message):
    result = run_task(ansible_module, "glpi_item", **args)
    assert result["failed"], result
    assert option in result["msg"] and message in result["msg"], result["msg"]
    assert glpi_env.writes() == []
    assert glpi_env.open_sessions() == 0


@pytest.fixture
def a_computer(glpi):
    """A Computer of this test's: GLPI shows an itemtype's fields only through a record of it."""
    with made_record(glpi, "Computer", {"name": glpi.unique("itsm-fields-shown")}) as computer_id:
        yield computer_id


def test_an_unknown_field_fails_cleanly_without_writing(ansible_module, glpi_env, a_computer):
    glpi_env.clear()
    result = run_task(ansible_module, "glpi_item", itemtype="Computer",
                      fields=dict(name=glpi_env.unique("itsm-bad-input"), colour="red"))
    assert result["failed"] and "fields: Computer has no field colour" in result["msg"], result
    assert glpi_env.writes() == []
    assert glpi_env.open_sessions() == 0


def test_an_unknown_field_on_the_first_record_of_an_itemtype_is_taken_back(ansible_module, glpi_env):
    """With no record to show an itemtype's fields, GLPI's answer to the creation tells: the record is purged."""
    name = glpi_env.unique("itsm-first-phone-type")
    with glpi_env.client() as client:
        if client.get_items("PhoneType", 0, 0).rows:
            pytest.skip("this GLPI already has phone types: the first-record case cannot happen here")
    glpi_env.clear()
    result = run_task(ansible_module, "glpi_item", itemtype="PhoneType", fields=dict(name=name, colour="red"))
    assert result["failed"] and "PhoneType has no field colour" in result["msg"] and "purged again" in result["msg"], result
    assert [method for method, _path in glpi_env.write_paths()] == ["POST", "DELETE"]
    with glpi_env.client() as client:
        assert client.get_items("PhoneType", 0, 0).rows == []
    assert glpi_env.open_sessions() == 0


@pytest.fixture
def location(glpi):
    name = glpi.unique("itsm-no-trash")
    with made_record(glpi, "Location", {"name": name}):
        yield name


def test_trashing_what_has_no_trash_bin_fails_cleanly_without_writing(ansible_module, glpi_env, location):
    glpi_env.clear()  # count from here: the location was just made
    for name in (location, glpi_env.unique("itsm-no-such-location")):  # a record, and none
        result = run_task(ansible_module, "glpi_item", itemtype="Location", fields=dict(name=name), state="trashed")
        assert result["failed"] and "state" in result["msg"] and "no trash bin" in result["msg"], result
    assert glpi_env.writes() == []
    assert glpi_env.open_sessions() == 0


def test_a_right_the_user_lacks(ansible_module, glpi_env, observer, monkeypatch):
    monkeypatch.setenv("GLPI_USER_TOKEN", observer)
    name = glpi_env.unique("itsm-no-right")
    result = run_task(ansible_module, "glpi_item", itemtype="Computer",
                      fields=dict(name=name, comment="no right to do this"))
    assert result["failed"] and "permission" in result["msg"].lower(), result["msg"]
    with glpi_env.client() as client:
        assert client.get_items("Computer", searchText={"name": name}).rows == []


def test_ambiguous_lookup_lists_the_ids(ansible_module, glpi_env):
    name = glpi_env.unique("twin")
    with glpi_env.client() as client:
        ids = [o["id"] for o in client.add_items("Computer", [{"name": name}, {"name": name}])]
    try:
        result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name, comment="x"))
        assert result["failed"] and "2 Computer records match" in result["msg"]
        assert all(str(i) in result["msg"] for i in ids)
    finally:
        with glpi_env.client() as client:
            client.delete_items("Computer", ids, force_purge=True)


def test_lookup_is_exact_about_case_and_spaces(ansible_module, glpi_env):
    name = glpi_env.unique("Case-Test")
    with glpi_env.client() as client:
        [made] = client.add_items("Computer", {"name": name})
    try:
        result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name.lower()))
        assert result["action"] == "created" and result["id"] != made["id"]
        run_task(ansible_module, "glpi_item", itemtype="Computer", id=result["id"], state="absent")
    finally:
        with glpi_env.client() as client:
            client.delete_items("Computer", made["id"], force_purge=True)


def test_bulk_sends_one_request_per_kind_of_change(ansible_module, glpi_env):
    prefix = glpi_env.unique("bulk")
    records = [dict(name="%s-%d" % (prefix, i), comment="one") for i in range(5)]
    first = run_task(ansible_module, "glpi_item", itemtype="Computer", records=records)
    assert [r["action"] for r in first["records"]] == ["created"] * 5
    assert glpi_env.write_paths() == [("POST", "Computer")]
    glpi_env.clear()
    records[0]["comment"] = "two"
    records[1]["comment"] = "two"
    second = run_task(ansible_module, "glpi_item", itemtype="Computer", records=records)
    assert [r["action"] for r in second["records"]] == ["updated", "updated", "unchanged", "unchanged", "unchanged"]
    assert glpi_env.write_paths() == [("PUT", "Computer")]
    glpi_env.clear()
    gone = run_task(ansible_module, "glpi_item", itemtype="Computer", records=records, state="absent")
    assert [r["action"] for r in gone["records"]] == ["purged"] * 5
    assert glpi_env.write_paths() == [("DELETE", "Computer")]


@pytest.fixture
def dropdowns(glpi):
    """A location tree, a manufacturer and a state of this test."""
    names = dict(site=glpi.unique("itsm-site"), building="Building A", manufacturer=glpi.unique("itsm-maker"),
                 state=glpi.unique("itsm-state"))
    made = []
    with glpi.client() as client:
        [site] = client.add_items("Location", {"name": names["site"]})
        made.append(("Location", site["id"]))
        [building] = client.add_items("Location", {"name": names["building"], "locations_id": site["id"]})
        made.insert(0, ("Location", building["id"]))
        [maker] = client.add_items("Manufacturer", {"name": names["manufacturer"]})
        made.append(("Manufacturer", maker["id"]))
        [state] = client.add_items("State", {"name": names["state"]})
        made.append(("State", state["id"]))
    yield names
    with glpi.client() as client:
        for itemtype, item_id in made:
            client.delete_items(itemtype, item_id, force_purge=True)


def test_dropdown_names_plain_and_tree(ansible_module, glpi_env, dropdowns):
    path = dropdowns["site"] + " > Building A"
    result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(
        name=glpi_env.unique("dropdown-test"), locations_id=path, manufacturers_id=dropdowns["manufacturer"],
        states_id=dropdowns["state"]))
    assert not result.get("failed"), result.get("msg")
    try:
        record = result["record"]
        with glpi_env.client() as client:
            location = client.get_item("Location", record["locations_id"])
            assert location["completename"] == path
            assert client.get_item("Manufacturer", record["manufacturers_id"])["name"] == dropdowns["manufacturer"]
            assert client.get_item("State", record["states_id"])["name"] == dropdowns["state"]
    finally:
        run_task(ansible_module, "glpi_item", itemtype="Computer", id=result["id"], state="absent")


@pytest.fixture
def session_token(ansible_module):
    """An API session opened by glpi_session, as a play shares one between its tasks."""
    opened = run_task(ansible_module, "glpi_session")
    yield opened["session_token"]
    run_task(ansible_module, "glpi_session", state="absent", session_token=opened["session_token"])


def test_one_record_with_nothing_to_change_costs_one_request(ansible_module, glpi_env, dropdowns, session_token):
    """The lookup asks GLPI for the names its foreign keys point at (add_keys_names): names
    that are already the record's cost no look-up, whatever characters they hold."""
    with glpi_env.client() as client:
        [lab] = client.add_items("Location", {"name": glpi_env.unique("itsm-R&D <lab>")})
        lab_name = client.get_item("Location", lab["id"])["name"]
    fields = dict(name=glpi_env.unique("itsm-one"), serial="ONE-01", locations_id=lab_name,
                  states_id=dropdowns["state"], manufacturers_id=dropdowns["manufacturer"], comment="one")
    made = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=fields)
    try:
        assert made["changed"] and not made.get("failed"), made
        glpi_env.clear()
        again = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=fields, session_token=session_token)
        assert not again["changed"] and again["record"]["locations_id"] == lab["id"], again
        assert "_keys_names" not in again["record"]
        assert [(r.method, r.path.strip("/")) for r in glpi_env.requests()] == [("GET", "Computer")]
        # A path is checked against the tree, and a name the record does not carry is resolved.
        glpi_env.clear()
        moved = run_task(ansible_module, "glpi_item", itemtype="Computer", session_token=session_token,
                         fields=dict(fields, locations_id=dropdowns["site"] + " > Building A"))
        assert moved["changed"] and moved["changes"]["locations_id"]["before"] == lab["id"], moved
        assert glpi_env.write_paths() == [("PUT", "Computer")]
    finally:
        run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=fields["name"]), state="absent")
        with glpi_env.client() as client:
            client.delete_items("Location", lab["id"], force_purge=True)


def test_many_records_cost_requests_per_page_not_per_record(ansible_module, glpi_env, location):
    """30 computers in one task: looked up by listing Computer (one request per page of 10,000),
    the trash bin only for those not found alive, created in one request; the second run reads
    the same pages and writes nothing."""
    prefix = glpi_env.unique("itsm-many")
    records = [dict(name="%s-%02d" % (prefix, i), serial="MANY-%02d" % i, locations_id=location, comment="many")
               for i in range(30)]
    with glpi_env.client() as client:
        pages = -(-max(client.get_items("Computer", 0, 0).total + len(records), 1) // LISTING_PAGE_SIZE)
    try:
        glpi_env.clear()
        first = run_task(ansible_module, "glpi_item", itemtype="Computer", records=records)
        assert first["changed"] and [r["action"] for r in first["records"]] == ["created"] * 30, first
        assert [m for m, _path in glpi_env.write_paths()] == ["POST"]
        assert len(computer_reads(glpi_env, trashed=False)) <= pages and len(computer_reads(glpi_env, trashed=True)) == 1
        glpi_env.clear()
        again = run_task(ansible_module, "glpi_item", itemtype="Computer", records=records)
        assert not again["changed"] and [r["action"] for r in again["records"]] == ["unchanged"] * 30, again
        assert glpi_env.writes() == []
        assert len(computer_reads(glpi_env, trashed=False)) <= pages and computer_reads(glpi_env, trashed=True) == []
        assert len(glpi_env.requests()) <= pages + 3  # the session (2) and the location's name
    finally:
        with glpi_env.client() as client:
            ids = [r["id"] for r in first.get("records", []) if r.get("id")]
            if ids:
                client.delete_items("Computer", ids, force_purge=True)
    assert glpi_env.open_sessions() == 0


def computer_reads(glpi_env, trashed):
    """The requests that listed or looked up computers, in the trash bin or out of it."""
    return [r for r in glpi_env.requests(r"^/*Computer/*$", "GET")
            if ("is_deleted=1" in r.query or "is_deleted=true" in r.query.lower()) == trashed]
