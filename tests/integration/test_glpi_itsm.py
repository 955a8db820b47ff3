# -*- coding: utf-8 -*-
"""Tickets, problems and changes with glpi_item: actors by name, linked items, follow-ups, tasks,
validations, solutions and status moves, each idempotent (counted at the proxy, so on a real
GLPI too). The tests make their own groups, suppliers, computers and tickets, and purge them."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_adhoc, run_playbook, run_task

# Users every GLPI has. The tests name normal and tech, not glpi: the emulator's connection logs in
# as glpi/glpi, and Ansible masks a no_log value (the password 'glpi') wherever it appears.
GLPI, POST_ONLY, TECH, NORMAL = 2, 3, 4, 5


def but(args, **overrides):
    """``args`` with some options changed."""
    changed = dict(args)
    changed.update(overrides)
    return changed


class Made(object):
    """Records of one test, purged at the end (tickets first: their rows go with them)."""

    def __init__(self, glpi):
        self.glpi = glpi
        self.ids = []

    def add(self, itemtype, **fields):
        with self.glpi.client() as client:
            [made] = client.add_items(itemtype, fields)
        assert made["ok"], made
        self.ids.append((itemtype, made["id"]))
        return made["id"]

    def adopt(self, itemtype, item_id):
        self.ids.append((itemtype, item_id))
        return item_id

    def purge(self):
        order = ("Ticket", "Problem", "Change")
        with self.glpi.client() as client:
            for itemtype, item_id in sorted(self.ids, key=lambda pair: pair[0] not in order):
                client.delete_items(itemtype, item_id, force_purge=True)


@pytest.fixture
def made(glpi):
    records = Made(glpi)
    yield records
    records.purge()


@pytest.fixture
def names(glpi, made):
    """A group, a supplier and a computer of this test, by name."""
    group, supplier, computer = glpi.unique("itsm-grp"), glpi.unique("itsm-sup"), glpi.unique("itsm-pc")
    ids = dict(group=made.add("Group", name=group), supplier=made.add("Supplier", name=supplier),
               computer=made.add("Computer", name=computer))
    return dict(group=group, supplier=supplier, computer=computer, ids=ids)


def rows(glpi, itemtype, item_id, sub_itemtype):
    with glpi.client() as client:
        return list(client.iter_sub_items(itemtype, item_id, sub_itemtype, get_hateoas=False))


def actors(glpi, itemtype, item_id, rows_itemtype, field):
    return sorted((row["type"], row[field]) for row in rows(glpi, itemtype, item_id, rows_itemtype))


def ticket_record(glpi, ticket_id):
    with glpi.client() as client:
        return client.get_item("Ticket", ticket_id, get_hateoas=False)


def test_a_ticket_with_actors_by_name_is_created_then_left_alone(ansible_module, glpi_env, made, names):
    args = dict(itemtype="Ticket",
                fields=dict(name=glpi_env.unique("itsm-ticket"), content="Disk full on web-01", urgency=4),
                actors=dict(requester=["normal"], assign=["tech"], assign_group=[names["group"]],
                            assign_supplier=[names["supplier"]], observer_group=[names["group"]]),
                linked_items=[dict(itemtype="Computer", name=names["computer"])],
                followups=["Cleanup started"])
    result = run_task(ansible_module, "glpi_item", **args)
    assert result["changed"] and result["action"] == "created", result
    ticket = made.adopt("Ticket", result["id"])
    assert result["actors"]["requester"] == [dict(id=NORMAL, name="normal")]
    assert result["actors"]["assign_group"] == [dict(id=names["ids"]["group"], name=names["group"])]
    assert result["linked_items"] == [dict(itemtype="Computer", id=names["ids"]["computer"], name=names["computer"])]
    assert len(result["added"]["followups"]) == 1
    assert actors(glpi_env, "Ticket", ticket, "Ticket_User", "users_id") == [(1, NORMAL), (2, TECH)]
    assert actors(glpi_env, "Ticket", ticket, "Group_Ticket", "groups_id") == [
        (2, names["ids"]["group"]), (3, names["ids"]["group"])]
    assert actors(glpi_env, "Ticket", ticket, "Supplier_Ticket", "suppliers_id") == [(2, names["ids"]["supplier"])]
    assert [(r["itemtype"], r["items_id"]) for r in rows(glpi_env, "Ticket", ticket, "Item_Ticket")] == [
        ("Computer", names["ids"]["computer"])]
    assert ticket_record(glpi_env, ticket)["status"] == 2  # GLPI: assigned, as it has a technician

    glpi_env.clear()
    again = run_task(ansible_module, "glpi_item", **args)
    assert not again["changed"] and again["action"] == "unchanged", again
    assert again["actors"]["requester"] == [dict(id=NORMAL, name="normal")] and again["added"]["followups"] == []
    assert glpi_env.writes() == []

    glpi_env.clear()
    moved = run_task(ansible_module, "glpi_item", **but(args, actors=dict(requester=["post-only"])))
    assert moved["changed"] and moved["changes"]["actors.requester"] == {
        "before": ["User 'normal' (id 5)"], "after": ["User 'post-only' (id 3)"]}, moved
    assert sorted(glpi_env.write_paths()) == [("DELETE", "Ticket_User"), ("POST", "Ticket_User")]
    assert actors(glpi_env, "Ticket", ticket, "Ticket_User", "users_id") == [(1, POST_ONLY), (2, TECH)]


def test_a_login_in_a_special_input_is_no_longer_ignored(ansible_module, glpi_env, made):
    """The issue's case: `_users_id_requester: glpi` made a ticket without a requester."""
    args = dict(itemtype="Ticket", fields=dict(name=glpi_env.unique("itsm-login"), content="x",
                                               _users_id_requester="normal"))
    result = run_task(ansible_module, "glpi_item", **args)
    ticket = made.adopt("Ticket", result["id"])
    assert result["changed"] and result["actors"] == {"requester": [dict(id=NORMAL, name="normal")]}, result
    assert actors(glpi_env, "Ticket", ticket, "Ticket_User", "users_id") == [(1, NORMAL)]
    glpi_env.clear()
    assert not run_task(ansible_module, "glpi_item", **args)["changed"]
    assert glpi_env.writes() == []


@pytest.mark.parametrize("args, message", [
    (dict(actors=dict(requester=["itsm-no-such-login"])), "actors.requester[0]: there is no User named 'itsm-no-such-login'"),
    (dict(actors=dict(assign_group=["itsm-no-such-group"])), "actors.assign_group[0]: there is no Group named"),
    (dict(linked_items=[dict(itemtype="Computer", name="itsm-no-such-pc")]), "linked_items[0]: no Computer records match"),
    (dict(fields=dict(status=99)), "fields.status: 99 is not a status of Ticket"),
    (dict(fields=dict(status="review")), "'review' is not a status of Ticket; expected one of new, assigned"),
    (dict(tasks=[dict(content="x", state="finished")]), "tasks[0].state: 'finished' is not a task state"),
    (dict(solution="done", fields=dict(status="waiting")), "solution: a solution solves the Ticket"),
    (dict(validations=[dict(validator="itsm-no-such-login")]), "validations[0].validator: there is no User named"),
])
def test_bad_itil_input_fails_naming_the_option_without_writing(ansible_module, glpi_env, args, message):
    fields = dict(dict(name=glpi_env.unique("itsm-bad"), content="x"), **args.pop("fields", {}))
    result = run_task(ansible_module, "glpi_item", itemtype="Ticket", fields=fields, **args)
    assert result["failed"] and message in result["msg"], result
    assert glpi_env.writes() == []
    assert glpi_env.open_sessions() == 0


def test_actors_and_links_belong_to_itil_itemtypes(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=glpi_env.unique("itsm-pc")),
                      actors=dict(requester=["glpi"]))
    assert result["failed"] and "actors: only Ticket, Problem and Change have it, not Computer" in result["msg"]
    result = run_task(ansible_module, "glpi_item", itemtype="Ticket", records=[dict(name="a")], followups=["x"])
    assert result["failed"] and "followups: give one record (fields or id), not records" in result["msg"]
    assert glpi_env.writes() == []


def test_check_mode_writes_nothing_and_reports_the_actors(ansible_module, glpi_env, made, names):
    name = glpi_env.unique("itsm-check")
    glpi_env.clear()  # count from here: the names were just made
    result = run_adhoc(glpi_env, "glpi_item", check=True, itemtype="Ticket", fields=dict(name=name, content="x"),
                       actors=dict(requester=["normal"], assign_group=[names["group"]]), followups=["hello"])
    assert result["changed"] and result["action"] == "created", result
    assert result["changes"]["actors.requester"] == {"before": [], "after": ["User 'normal' (id 5)"]}
    assert result["changes"]["followups"] == {"before": None, "after": ["hello"]}
    assert glpi_env.writes() == []
    ticket = made.add("Ticket", name=name, content="x")
    glpi_env.clear()
    result = run_adhoc(glpi_env, "glpi_item", check=True, itemtype="Ticket", fields=dict(name=name),
                       actors=dict(requester=["normal"]), tasks=["check the disk"], solution="fixed")
    assert result["changed"] and result["changes"]["solution"] == {"before": None, "after": "fixed"}, result
    assert glpi_env.writes() == []
    assert ticket_record(glpi_env, ticket)["status"] == 1


def test_the_timeline_is_added_once(ansible_module, glpi_env, made):
    name = glpi_env.unique("itsm-timeline")
    ticket = made.add("Ticket", name=name, content="x")
    args = dict(itemtype="Ticket", fields=dict(name=name),
                followups=["<p>Job 42 <b>ok</b> &amp; done</p>", dict(content="Private note", is_private=True)],
                tasks=[dict(content="Replace the disk", state="todo", actiontime=3600)],
                validations=[dict(validator="tech", comment="Please approve")])
    result = run_task(ansible_module, "glpi_item", **args)
    assert result["changed"] and len(result["added"]["followups"]) == 2 and len(result["added"]["tasks"]) == 1
    assert len(result["added"]["validations"]) == 1, result
    followups = rows(glpi_env, "Ticket", ticket, "ITILFollowup")
    assert sorted(f["is_private"] for f in followups) == [0, 1]
    [task] = rows(glpi_env, "Ticket", ticket, "TicketTask")
    assert (task["state"], task["actiontime"]) == (1, 3600)
    [validation] = rows(glpi_env, "Ticket", ticket, "TicketValidation")
    assert TECH in (validation.get("users_id_validate"), validation.get("items_id_target"))

    glpi_env.clear()
    again = run_task(ansible_module, "glpi_item", **args)
    assert not again["changed"] and again["added"] == dict(followups=[], tasks=[], validations=[], solution=None)
    assert glpi_env.writes() == []

    glpi_env.clear()
    done = run_task(ansible_module, "glpi_item", **but(args, tasks=[dict(content="Replace the disk", state="done")]))
    assert done["changed"] and done["changes"]["tasks.{0}.state".format(task["id"])] == {"before": 1, "after": 2}
    assert glpi_env.write_paths() == [("PUT", "TicketTask")]

    info = run_task(ansible_module, "glpi_item_info", itemtype="Ticket", id=ticket, with_timeline=True)
    timeline = info["timeline"]
    assert sorted(f["is_private"] for f in timeline["followups"]) == [0, 1]
    assert [(t["content"], t["state"]) for t in timeline["tasks"]] == [("Replace the disk", 2)]
    assert len(timeline["validations"]) == 1 and timeline["solutions"] == [] and timeline["linked_items"] == []
    assert timeline["actors"]["requester"] == [] and not info["changed"]


def test_with_timeline_is_for_one_itil_record(ansible_module, glpi_env):
    result = run_task(ansible_module, "glpi_item_info", itemtype="Computer", id=1, with_timeline=True)
    assert result["failed"] and "with_timeline: only with the id of a Ticket, Problem or Change" in result["msg"]


def test_solve_close_and_reopen_with_glpis_rules(ansible_module, glpi_env, made):
    name = glpi_env.unique("itsm-solve")
    ticket = made.add("Ticket", name=name, content="x", _users_id_assign=TECH)
    solve = dict(itemtype="Ticket", fields=dict(name=name), solution="Disk replaced")
    result = run_task(ansible_module, "glpi_item", **solve)
    assert result["changed"] and result["added"]["solution"] and result["record"]["status"] == 5, result
    glpi_env.clear()
    assert not run_task(ansible_module, "glpi_item", **solve)["changed"]
    assert glpi_env.writes() == []

    close = but(solve, fields=dict(name=name, status="closed"))
    result = run_task(ansible_module, "glpi_item", **close)
    assert result["changed"] and result["record"]["status"] == 6 and result["changes"]["status"] == {
        "before": 5, "after": 6}, result
    glpi_env.clear()
    assert not run_task(ansible_module, "glpi_item", **close)["changed"]
    assert glpi_env.writes() == []

    other = run_task(ansible_module, "glpi_item", **but(solve, solution="Rebooted"))
    assert other["failed"] and "solution: Ticket {0} is already closed with the solution 'Disk replaced'".format(
        ticket) in other["msg"], other
    renamed = run_task(ansible_module, "glpi_item", itemtype="Ticket", id=ticket, fields=dict(name=name + "-renamed"))
    assert renamed["failed"] and "is closed, and GLPI changes nothing on a closed ticket but its status" in renamed["msg"]
    assert glpi_env.writes() == []

    reopened = run_task(ansible_module, "glpi_item", itemtype="Ticket", id=ticket,
                        fields=dict(name=name + "-again", status="assigned"))
    assert reopened["changed"] and reopened["record"]["status"] == 2, reopened
    assert reopened["record"]["name"] == name + "-again" and reopened["record"]["closedate"] is None
    assert [m for m, _p in glpi_env.write_paths()] == ["PUT", "PUT"]  # reopened first, then renamed


def test_problem_and_change_actors_links_and_validations(ansible_module, glpi_env, made, names):
    linked = [dict(itemtype="Computer", name=names["computer"])]
    problem = dict(itemtype="Problem", fields=dict(name=glpi_env.unique("itsm-problem"), content="x"),
                   actors=dict(requester=["glpi"], assign_group=[names["group"]]), linked_items=linked,
                   tasks=["Find the cause"])
    change = dict(itemtype="Change", fields=dict(name=glpi_env.unique("itsm-change"), content="x"),
                  actors=dict(requester=["glpi"], assign_supplier=[names["supplier"]]), linked_items=linked,
                  validations=["tech"], followups=["Planned for Sunday"])
    for args, user_rows, group_rows, link_rows in ((problem, "Problem_User", "Group_Problem", "Item_Problem"),
                                                   (change, "Change_User", "Change_Group", "Change_Item")):
        result = run_task(ansible_module, "glpi_item", **args)
        assert result["changed"] and result["action"] == "created", result
        item_id = made.adopt(args["itemtype"], result["id"])
        assert actors(glpi_env, args["itemtype"], item_id, user_rows, "users_id") == [(1, GLPI)]
        assert [(r["itemtype"], r["items_id"]) for r in rows(glpi_env, args["itemtype"], item_id, link_rows)] == [
            ("Computer", names["ids"]["computer"])]
        glpi_env.clear()
        again = run_task(ansible_module, "glpi_item", **args)
        assert not again["changed"], again
        assert glpi_env.writes() == []
    assert actors(glpi_env, "Change", item_id, "Change_Supplier", "suppliers_id") == [(2, names["ids"]["supplier"])]

    glpi_env.clear()
    unlinked = run_task(ansible_module, "glpi_item", **but(change, linked_items=[]))
    assert unlinked["changed"] and unlinked["linked_items"] == [], unlinked
    assert glpi_env.write_paths() == [("DELETE", "Change_Item")]


def test_status_by_name_on_a_change(ansible_module, glpi_env, made):
    name = glpi_env.unique("itsm-change-status")
    change = made.add("Change", name=name, content="x")
    args = dict(itemtype="Change", fields=dict(name=name, status="evaluation"))
    result = run_task(ansible_module, "glpi_item", **args)
    assert result["changed"] and result["record"]["status"] == 9, result
    glpi_env.clear()
    assert not run_task(ansible_module, "glpi_item", **args)["changed"] and glpi_env.writes() == []
    assert change


def test_ticket_playbook_twice(glpi):
    """targets/itsm_ticket.yml: an alert's ticket with requester, category and group by name, a
    follow-up, solved. The second run changes nothing and sends no write."""
    suffix = glpi.unique("run")
    try:
        code, output, recap = run_playbook("itsm_ticket.yml", glpi, "-e", "suffix=" + suffix, "--diff")
        assert code == 0 and recap["changed"] == 3, output
        assert "actors.requester" in output and "User 'normal' (id 5)" in output  # the diff
        glpi.clear()
        code, output, recap = run_playbook("itsm_ticket.yml", glpi, "-e", "suffix=" + suffix)
        assert code == 0 and recap["changed"] == 0, output
        assert glpi.writes() == []
        assert '"name": "normal"' in output  # the actors, shown by the play
    finally:
        run_playbook("itsm_ticket.yml", glpi, "-e", "suffix=" + suffix, "-e", "cleanup=true")
    assert glpi.open_sessions() == 0
