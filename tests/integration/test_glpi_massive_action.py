# -*- coding: utf-8 -*-
"""glpi_massive_action, as tasks and in playbooks.

The records acted on are created here through the client (and purged after), so that the tests
also run against a real GLPI; write requests are counted at the counting proxy in front of the
GLPI of the tests, and the records are read back too.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.records import LISTING_PAGE_SIZE
from conftest import add_record, made_record, purge_records, run_playbook, run_task

# An id no record has (a real GLPI's ids stay far below it), within what the client accepts.
MISSING_ID = 2147483000


def assert_no_writes(glpi):
    """No write request since glpi.clear()."""
    assert glpi.write_paths() == [], glpi.write_paths()


def assert_one_massive_action(glpi, action):
    """One write request since glpi.clear(): the massive action ``action`` on computers."""
    found = glpi.write_paths()
    assert found == [("POST", "applyMassiveAction/Computer/" + action)], found


def _read(client, item_id, **params):
    from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiNotFoundError
    try:
        return client.get_item("Computer", item_id, get_hateoas=False, **params)
    except GlpiNotFoundError:
        return None


@pytest.fixture
def computers(glpi):
    """Three computers with the comment 'start', purged after the test."""
    with glpi.client() as client:
        ids = [add_record(client, "Computer", {"name": glpi.unique("ma-pc"), "comment": "start"})
               for _unused in range(3)]
    yield ids
    with glpi.client() as client:
        purge_records(client, "Computer", ids)  # those a test did not purge


@pytest.fixture
def location(glpi):
    name = glpi.unique("ma-site")
    with made_record(glpi, "Location", {"name": name}) as location_id:
        yield dict(id=location_id, name=name)


@pytest.fixture
def contract(glpi):
    name = glpi.unique("ma-contract")
    with made_record(glpi, "Contract", {"name": name}) as contract_id:
        yield dict(id=contract_id, name=name)


# ---------------------------------------------------------------------- MassiveAction:update


@pytest.mark.parametrize("field", ["comment", "Comments", "Computer.comment", "16"])
def test_update_by_column_name_uid_or_id_then_nothing_to_do(ansible_module, glpi_env, computers, field):
    value = "set through " + field
    glpi_env.clear()
    first = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                     ids=computers, field=field, value=value)
    assert first["changed"] and not first.get("failed"), first
    assert first["ok"] == 3 and first["ko"] == first["noright"] == 0
    assert first["applied_ids"] == computers and first["skipped_ids"] == [] and first["missing_ids"] == []
    assert first["action_input"] == {"search_options": {"Computer": 16}, "field": "comment", "comment": value}
    assert_one_massive_action(glpi_env, "MassiveAction:update")
    with glpi_env.client() as client:
        assert [_read(client, i)["comment"] for i in computers] == [value] * 3

    glpi_env.clear()
    again = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                     ids=computers, field=field, value=value)
    assert not again["changed"] and not again.get("failed"), again
    assert again["applied_ids"] == [] and again["skipped_ids"] == computers and again["ok"] == 0
    assert_no_writes(glpi_env)


def test_update_touches_only_the_records_that_differ(ansible_module, glpi_env, computers):
    with glpi_env.client() as client:
        client.update_items("Computer", {"comment": "target"}, item_id=computers[1])
    glpi_env.clear()
    result = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                      ids=computers, field="comment", value="target")
    assert result["changed"] and result["ok"] == 2, result
    assert result["applied_ids"] == [computers[0], computers[2]] and result["skipped_ids"] == [computers[1]]
    assert_one_massive_action(glpi_env, "MassiveAction:update")
    [request] = glpi_env.writes()
    assert json.loads(request.body)["ids"] == [computers[0], computers[2]]


def test_many_records_are_read_by_the_page_not_by_the_record(ansible_module, glpi_env):
    """120 records: their current values come from listing Computer (pages of 10,000), not from
    getMultipleItems chunks of 50 ids."""
    with glpi_env.client() as client:
        made = client.add_items("Computer", [{"name": glpi_env.unique("ma-many"), "comment": "start"}
                                             for _unused in range(120)])
        ids = [outcome["id"] for outcome in made if outcome["ok"]]
        pages = -(-client.get_items("Computer", 0, 0).total // LISTING_PAGE_SIZE)
    try:
        assert len(ids) == 120
        for attempt in ("first", "again"):
            glpi_env.clear()
            result = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                              ids=ids, field="comment", value="many")
            assert not result.get("failed") and result["changed"] == (attempt == "first"), result
            assert len(result["applied_ids" if attempt == "first" else "skipped_ids"]) == 120
            reads = glpi_env.requests(r"^/*(Computer|getMultipleItems)/*$", "GET")
            assert [r.path.strip("/") for r in reads] == ["Computer"] * len(reads) and len(reads) <= pages, reads
            assert glpi_env.write_paths() == ([("POST", "applyMassiveAction/Computer/MassiveAction:update")]
                                              if attempt == "first" else [])
    finally:
        with glpi_env.client() as client:
            client.delete_items("Computer", ids, force_purge=True)


def test_update_a_dropdown_by_name_and_by_display_name_with_an_id(ansible_module, glpi_env, computers, location):
    first = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                     ids=computers, field="locations_id", value=location["name"])
    assert first["changed"] and first["ok"] == 3, first
    assert first["action_input"] == {"search_options": {"Computer": 3}, "field": "locations_id",
                                     "locations_id": location["id"]}
    with glpi_env.client() as client:
        assert [_read(client, i)["locations_id"] for i in computers] == [location["id"]] * 3

    glpi_env.clear()
    again = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                     ids=computers, field="Location", value=location["id"])
    assert not again["changed"] and again["skipped_ids"] == computers, again
    assert_no_writes(glpi_env)


# ---------------------------------------------------------------------- actions that append


def test_add_note_appends_at_every_run(ansible_module, glpi_env, computers):
    note = glpi_env.unique("note")
    for run_number in (1, 2):
        glpi_env.clear()
        result = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:add_note",
                          ids=computers[:1], input={"add_note": note})
        assert result["changed"] and result["ok"] == 1 and result["applied_ids"] == computers[:1], result
        assert_one_massive_action(glpi_env, "MassiveAction:add_note")
        with glpi_env.client() as client:
            notes = _read(client, computers[0], with_notes=True)["_notes"]
        assert [n["content"] for n in notes].count(note) == run_number


def test_amend_comment_appends_at_every_run(ansible_module, glpi_env, computers):
    for expected in ("start\n\nchecked", "start\n\nchecked\n\nchecked"):
        glpi_env.clear()
        result = run_task(ansible_module, "glpi_massive_action", itemtype="Computer",
                          action="MassiveAction:amend_comment", ids=computers[:2], input={"amendment": "checked"})
        assert result["changed"] and result["ok"] == 2, result
        assert_one_massive_action(glpi_env, "MassiveAction:amend_comment")
        with glpi_env.client() as client:
            assert [_read(client, i)["comment"] for i in computers[:2]] == [expected] * 2


# ---------------------------------------------------------------------- trash bin


def test_delete_restore_purge_and_their_second_runs(ansible_module, glpi_env, computers):
    a, b, c = computers

    def act(action, ids):
        glpi_env.clear()
        return run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action=action, ids=ids)

    deleted = act("MassiveAction:delete", [a, b])
    assert deleted["changed"] and deleted["ok"] == 2 and deleted["applied_ids"] == [a, b], deleted
    assert_one_massive_action(glpi_env, "MassiveAction:delete")
    again = act("MassiveAction:delete", [a, b, c])
    assert again["changed"] and again["applied_ids"] == [c] and again["skipped_ids"] == [a, b], again
    none_left = act("MassiveAction:delete", [a, b, c])
    assert not none_left["changed"] and none_left["skipped_ids"] == [a, b, c], none_left
    assert_no_writes(glpi_env)
    with glpi_env.client() as client:
        assert [_read(client, i)["is_deleted"] for i in computers] == [1, 1, 1]

    restored = act("MassiveAction:restore", [a, c])
    assert restored["changed"] and restored["applied_ids"] == [a, c], restored
    assert_one_massive_action(glpi_env, "MassiveAction:restore")
    restored_again = act("MassiveAction:restore", [a, c])
    assert not restored_again["changed"] and restored_again["skipped_ids"] == [a, c], restored_again
    assert_no_writes(glpi_env)

    # a and c are out of the trash bin, b is in it: GLPI purges both kinds (recording 155)
    purged = act("MassiveAction:purge", [a, b])
    assert purged["changed"] and purged["ok"] == 2 and purged["applied_ids"] == [a, b], purged
    assert_one_massive_action(glpi_env, "MassiveAction:purge")
    with glpi_env.client() as client:
        assert _read(client, a) is None and _read(client, b) is None and _read(client, c)["is_deleted"] == 0
    purged_again = act("MassiveAction:purge", [a, b])
    assert not purged_again["changed"] and not purged_again.get("failed"), purged_again
    assert purged_again["skipped_ids"] == [a, b] and purged_again["missing_ids"] == []
    assert_no_writes(glpi_env)


def test_restore_of_missing_ids_fails_unless_told_otherwise(ansible_module, glpi_env, computers):
    failed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:restore",
                      ids=[computers[0], MISSING_ID])
    assert failed["failed"] and "ids: there is no Computer with id {0}".format(MISSING_ID) in failed["msg"], failed
    assert failed["missing_ids"] == [MISSING_ID] and failed["skipped_ids"] == [computers[0]]
    tolerated = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:restore",
                         ids=[computers[0], MISSING_ID], fail_on_partial=False)
    assert not tolerated.get("failed") and not tolerated["changed"], tolerated
    assert any(str(MISSING_ID) in warning for warning in tolerated["warnings"])


# ---------------------------------------------------------------------- relations


def test_contract_item_add_and_remove_are_idempotent(ansible_module, glpi_env, computers, contract):
    def act(action, peer):
        glpi_env.clear()
        return run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action=action, ids=computers[:2],
                        input={"peer_contracts_id": peer})

    def linked():
        with glpi_env.client() as client:
            return [any(r["contracts_id"] == contract["id"] for r in client.iter_sub_items(
                "Computer", i, "Contract_Item", get_hateoas=False)) for i in computers[:2]]

    added = act("Contract_Item:add", contract["name"])  # by name
    assert added["changed"] and added["ok"] == 2, added
    assert added["action_input"] == {"peer_contracts_id": contract["id"]}
    assert_one_massive_action(glpi_env, "Contract_Item:add")
    assert linked() == [True, True]
    again = act("Contract_Item:add", contract["id"])
    assert not again["changed"] and again["skipped_ids"] == computers[:2], again
    assert_no_writes(glpi_env)
    link_reads = [r.path for r in glpi_env.requests("Contract_Item$", method="GET")]
    assert link_reads == ["/Contract_Item"], link_reads  # the peer's links in one listing, not one read per record

    removed = act("Contract_Item:remove", contract["id"])
    assert removed["changed"] and removed["applied_ids"] == computers[:2], removed
    assert linked() == [False, False]
    removed_again = act("Contract_Item:remove", contract["id"])
    assert not removed_again["changed"] and removed_again["skipped_ids"] == computers[:2], removed_again
    assert_no_writes(glpi_env)


# ---------------------------------------------------------------------- discovery


def test_list_actions_of_an_itemtype_of_trashed_records_and_of_one_record(ansible_module, glpi_env, computers):
    listed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions")
    keys = [a["key"] for a in listed["actions"]]
    assert not listed["changed"]
    assert {"MassiveAction:update", "MassiveAction:delete", "MassiveAction:add_note"} <= set(keys)
    assert "MassiveAction:restore" not in keys
    assert all(a["label"] for a in listed["actions"])

    trashed = [a["key"] for a in run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions",
                                          is_deleted=True)["actions"]]
    assert {"MassiveAction:restore", "MassiveAction:purge"} <= set(trashed) and "MassiveAction:update" not in trashed

    one = [a["key"] for a in run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions",
                                      ids=computers[:1])["actions"]]
    assert "MassiveAction:delete" in one and "MassiveAction:restore" not in one
    with glpi_env.client() as client:
        client.delete_items("Computer", computers[0])
    one_trashed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions",
                           ids=computers[:1])["actions"]
    assert "MassiveAction:restore" in [a["key"] for a in one_trashed]


def test_list_parameters(ansible_module, glpi_env):
    def parameters(action):
        return run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="parameters", action=action)

    assert parameters("MassiveAction:add_note")["parameters"] == [{"name": "add_note", "type": "text"}]
    assert parameters("MassiveAction:amend_comment")["parameters"] == [{"name": "amendment", "type": "text"}]
    assert parameters("MassiveAction:update")["parameters"] == []  # recording 150
    purge = parameters("MassiveAction:purge")  # GLPI answers 400 here (recording 150c)
    assert purge["parameters"] == [] and not purge.get("failed") and "does not describe" in purge["warnings"][0]
    unknown = parameters("MassiveAction:nope")
    assert unknown["failed"] and unknown["msg"].startswith("action: GLPI offers no massive action")


def test_list_bad_input(ansible_module, glpi_env, computers):
    two = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions", ids=computers[:2])
    assert two["failed"] and two["msg"].startswith("ids: list=actions takes at most one id"), two
    missing = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="actions", ids=[MISSING_ID])
    assert missing["failed"] and "ids: there is no Computer with id" in missing["msg"], missing
    no_action = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", list="parameters")
    assert no_action["failed"] and no_action["msg"].startswith("action: list=parameters needs"), no_action


# ---------------------------------------------------------------------- check mode


def test_check_mode_validates_and_applies_nothing(glpi, computers, location):
    glpi.clear()
    code, output, recap = run_playbook("glpi_massive_action_check.yml", glpi, "-e", json.dumps(dict(
        ids=computers, location=location["name"])))
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ignored"] == 1, output
    assert_no_writes(glpi)
    with glpi.client() as client:
        records = [_read(client, i, with_notes=True) for i in computers]
    assert [r["comment"] for r in records] == ["start"] * 3
    assert [r["is_deleted"] for r in records] == [0] * 3
    assert [r["locations_id"] for r in records] == [0] * 3
    assert [len(r["_notes"]) for r in records] == [0] * 3


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize("args,option,message", [
    (dict(action="MassiveAction:does_not_exist"), "action", "GLPI offers no massive action 'MassiveAction:does_not_exist'"),
    (dict(action="update", field="comment", value="x"), "action",
     "lacks its Class: prefix; massive action keys are Class:action; did you mean MassiveAction:update"),
    (dict(action="MassiveAction:add_note"), "input", "needs add_note (text)"),
    (dict(action="MassiveAction:add_note", input={"add_note": None}), "input", "needs add_note"),
    (dict(action="MassiveAction:update", field="comentt", value="x"), "field",
     ("has no search option 'comentt'; close matches: ", "Comments (uid Computer.comment, id 16)")),
    (dict(action="MassiveAction:update", field="locaton_id", value="x"), "field", "close fields: locations_id"),
    (dict(action="MassiveAction:update", field="name", value="x"), "field",
     "GLPI does not offer the field name"),
    (dict(action="MassiveAction:update", field="IP", value="x"), "field", "shows a linked table"),
    (dict(action="MassiveAction:update", field="comment"), "value", "needs value"),
    (dict(action="MassiveAction:update", value="x"), "field", "needs field"),
    (dict(action="MassiveAction:update", field="comment", value="x", input={"comment": "x"}), "input",
     "give field and value"),
    (dict(action="MassiveAction:update", field="locations_id", value="No Such Place"), "value",
     "there is no Location named 'No Such Place'"),
    (dict(action="MassiveAction:add_note", input={"add_note": "x"}, field="comment"), "field",
     "only with MassiveAction:update"),
    (dict(action="Contract_Item:add", input={"peer_contracts_id": "No Such Contract"}), "input.peer_contracts_id",
     "there is no Contract named 'No Such Contract'"),
    (dict(action="MassiveAction:add_note", input={"add_note": "x"}, ids=[]), "ids", "give the ids"),
    (dict(action="MassiveAction:add_note", input={"add_note": "x"}, ids=["abc"]), "Elements value for option 'ids'",
     "'abc'\" cannot be converted to an int"),
    (dict(action="MassiveAction:add_note", input={"add_note": "x"}, ids=[-3]), "ids", "must not be negative, got -3"),
    (dict(action="MassiveAction:add_note", input={"add_note": "x"}, is_deleted=True), "is_deleted", "only with list"),
    (dict(itemtype="NotAnItemtype", action="MassiveAction:add_note", input={"add_note": "x"}), "itemtype",
     "GLPI has no itemtype 'NotAnItemtype'"),
    (dict(ids=None), "action", "required unless list"),
])
def test_bad_input_fails_cleanly_without_writing(ansible_module, glpi_env, computers, args, option, message):
    task = dict(itemtype="Computer", action=None, ids=computers)
    task.update(args)
    task = dict((k, v) for k, v in task.items() if v is not None)
    glpi_env.clear()
    result = run_task(ansible_module, "glpi_massive_action", **task)
    assert result["failed"], result
    messages = message if isinstance(message, tuple) else (message,)
    assert result["msg"].startswith(option) and all(m in result["msg"] for m in messages), result["msg"]
    assert_no_writes(glpi_env)
    assert glpi_env.open_sessions() == 0


# ---------------------------------------------------------------------- partial failures


def test_partial_failure_207_fails_unless_fail_on_partial_is_false(ansible_module, glpi_env, computers):
    ids = [computers[0], MISSING_ID]  # amend_comment reads nothing first: GLPI itself reports the missing one
    failed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:amend_comment",
                      ids=ids, input={"amendment": "one"})
    assert failed["failed"] and failed["changed"], failed
    assert (failed["ok"], failed["ko"], failed["noright"]) == (1, 1, 0)
    assert failed["msg"].startswith("GLPI applied MassiveAction:amend_comment to 1 of 2 Computer record(s)")
    assert failed["messages"] and not any("<" in m for m in failed["messages"]), failed["messages"]
    assert "Error on executing the action" in failed["messages"][0]

    tolerated = run_task(ansible_module, "glpi_massive_action", itemtype="Computer",
                         action="MassiveAction:amend_comment", ids=ids, input={"amendment": "two"},
                         fail_on_partial=False)
    assert not tolerated.get("failed") and tolerated["changed"], tolerated
    assert (tolerated["ok"], tolerated["ko"]) == (1, 1)
    assert any("1 of 2" in warning for warning in tolerated["warnings"])
    with glpi_env.client() as client:
        assert _read(client, computers[0])["comment"] == "start\n\none\n\ntwo"


def test_total_failure_422_fails(ansible_module, glpi_env):
    failed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:amend_comment",
                      ids=[MISSING_ID], input={"amendment": "x"})
    assert failed["failed"] and not failed["changed"], failed
    assert (failed["ok"], failed["ko"]) == (0, 1) and "0 of 1" in failed["msg"]


def test_update_with_a_missing_id_updates_the_others_and_fails(ansible_module, glpi_env, computers):
    ids = [computers[0], MISSING_ID]
    failed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                      ids=ids, field="comment", value="partly")
    assert failed["failed"] and failed["changed"], failed
    assert failed["applied_ids"] == [computers[0]] and failed["missing_ids"] == [MISSING_ID] and failed["ok"] == 1
    assert "ids: there is no Computer with id {0}".format(MISSING_ID) in failed["msg"]
    tolerated = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                         ids=ids, field="comment", value="partly", fail_on_partial=False)
    assert not tolerated.get("failed") and not tolerated["changed"] and tolerated["missing_ids"] == [MISSING_ID]


def test_records_the_user_may_not_touch(ansible_module, glpi_env, computers, observer, monkeypatch):
    # GLPI offers a user who may not write computers no massive action at all (an empty answer to
    # getMassiveActions): the task fails before sending any, and changes nothing.
    monkeypatch.setenv("GLPI_USER_TOKEN", observer)
    glpi_env.clear()
    failed = run_task(ansible_module, "glpi_massive_action", itemtype="Computer", action="MassiveAction:update",
                      ids=computers[:2], field="comment", value="not allowed")
    assert failed["failed"] and not failed["changed"], failed
    assert failed["msg"].startswith("action: GLPI offers no massive action 'MassiveAction:update'"), failed
    assert glpi_env.writes() == []
    with glpi_env.client() as client:
        assert _read(client, computers[0])["comment"] == "start"


# ---------------------------------------------------------------------- playbook


def test_massive_action_playbook(glpi):
    code, output, recap = run_playbook("glpi_massive_action.yml", glpi)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ignored"] == 1, output
    assert glpi.open_sessions() == 0
