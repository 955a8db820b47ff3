# -*- coding: utf-8 -*-
"""Tickets, problems and changes: actors, links and timeline compared with GLPI's rows."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import itil
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError

USERS = {"glpi": 2, "tech": 4, "normal": 5}
GROUPS = {"Network": 1, "Helpdesk": 2}


class FakeDropdowns(object):
    """Names of users and groups, as Dropdowns resolves them."""

    def resolve(self, itemtype, value, option):
        table = {"User": USERS, "Group": GROUPS, "Supplier": {"Acme": 1}, "Computer": {"web-01": 9}, "Printer": {}}[itemtype]
        if str(value).isdigit():
            return int(value)
        if value not in table:
            raise GlpiInputError("{0}: there is no {1} named {2!r}".format(option, itemtype, value))
        return table[value]

    def check_ids_ahead(self, entries):
        self.ahead = list(entries)

    def resolve_fields(self, fields, option="fields", current=None, only=None, check_ids=True):
        return dict((k, self.resolve("User", v, option + "." + k) if k == "users_id_tech" else v)
                    for k, v in fields.items())


class FakeGlpi(object):
    """The rows of one ticket, and the writes sent, per itemtype."""

    def __init__(self, rows=None):
        self.rows = rows or {}
        self.reads = []
        self.writes = []

    def iter_sub_items(self, itemtype, item_id, sub_itemtype, **_params):
        self.reads.append(sub_itemtype)
        return iter(self.rows.get(sub_itemtype, []))

    def iter_items(self, itemtype, **_params):
        self.reads.append(itemtype)
        return iter([dict(id=9, name="web-01", is_template=0)] if itemtype == "Computer" else [])

    def add_items(self, itemtype, rows):
        self.writes.append(("POST", itemtype, rows))
        return [dict(id=100 + i, ok=True, message="") for i, _row in enumerate(rows)]

    def delete_items(self, itemtype, ids, **_params):
        self.writes.append(("DELETE", itemtype, ids))
        return [dict(id=i, ok=True, message="") for i in ids]

    def update_items(self, itemtype, records, item_id=None):
        self.writes.append(("PUT", itemtype, records))
        if item_id is not None:
            return [dict(id=item_id, ok=True, message="")]
        return [dict(id=r["id"], ok=True, message="") for r in records]


def parts_for(glpi, fields=None, **params):
    request = itil.ItilRequest("Ticket", params, dict(fields or {}))
    parts = itil.ItilParts(glpi, FakeDropdowns(), request)
    parts.resolve()
    return parts


def ticket_users(*rows):
    return [dict(id=row_id, tickets_id=1, users_id=user, type=role) for row_id, user, role in rows]


def test_a_role_given_holds_exactly_its_actors_and_other_roles_are_left_alone():
    glpi = FakeGlpi({"Ticket_User": ticket_users((1, 2, 1), (2, 5, 1), (3, 4, 2))})
    parts = parts_for(glpi, actors={"requester": ["glpi", "tech"]})
    parts.plan(1, {"id": 1, "status": 2})
    assert parts.actor_changes == {"requester": ([4], [("Ticket_User", 2)])}
    parts.apply(1, created=False)
    assert glpi.writes == [("DELETE", "Ticket_User", [2]),
                           ("POST", "Ticket_User", [{"tickets_id": 1, "users_id": 4, "type": 1}])]
    assert parts.actors_after() == {"requester": [{"id": 2, "name": "glpi"}, {"id": 4, "name": "tech"}]}


def test_actors_in_place_cost_one_read_per_kind_of_row_and_no_write():
    glpi = FakeGlpi({"Ticket_User": ticket_users((1, 2, 1)),
                     "Group_Ticket": [dict(id=7, tickets_id=1, groups_id=1, type=2)]})
    parts = parts_for(glpi, actors={"requester": ["glpi"], "assign_group": ["Network"], "observer": None})
    parts.plan(1, {"id": 1})
    assert not parts.changed and glpi.reads == ["Ticket_User", "Group_Ticket"]


def test_append_only_adds():
    glpi = FakeGlpi({"Ticket_User": ticket_users((1, 5, 1))})
    parts = parts_for(glpi, actors={"requester": ["glpi"]}, append=True)
    parts.plan(1, {"id": 1})
    assert parts.actor_changes == {"requester": ([2], [])}


def test_an_empty_list_removes_every_actor_of_the_role():
    glpi = FakeGlpi({"Ticket_User": ticket_users((1, 5, 3), (2, 2, 1))})
    parts = parts_for(glpi, actors={"observer": []})
    parts.plan(1, {"id": 1})
    assert parts.actor_changes == {"observer": ([], [("Ticket_User", 1)])}


def test_actor_special_inputs_are_taken_as_actors():
    fields = {"name": "x", "_users_id_requester": "glpi", "_groups_id_assign": ["Network"]}
    request = itil.ItilRequest("Ticket", {}, fields)
    assert request.actors == {"requester": ["glpi"], "assign_group": ["Network"]}
    assert fields == {"name": "x"}


def test_a_created_ticket_gets_its_actors_as_special_inputs_and_they_are_checked():
    glpi = FakeGlpi()
    parts = parts_for(glpi, actors={"requester": ["glpi"], "assign_group": ["Network"]})
    parts.plan(None, None)
    assert parts.creation_input() == {"_users_id_requester": [2], "_groups_id_assign": [1]}
    glpi.rows = {"Ticket_User": ticket_users((1, 2, 1))}  # GLPI ignored the group
    with pytest.raises(GlpiInputError, match=r"actors.assign_group: GLPI ignored Group 'Network' \(id 1\)"):
        parts.apply(1, created=True)


def test_an_unknown_login_names_the_option():
    with pytest.raises(GlpiInputError, match=r"actors.requester\[1\]: there is no User named 'jdoe'"):
        parts_for(FakeGlpi(), actors={"requester": ["glpi", "jdoe"]})


@pytest.mark.parametrize("params, message", [
    ({"actors": {"requester": [True]}}, r"actors.requester\[0\] must be a login, a name or an id"),
    ({"followups": [{"is_private": True}]}, r"followups\[0\]: give a text, or a dict with a non-empty content"),
    ({"tasks": [{"content": "x", "state": "finished"}]}, r"tasks\[0\].state: 'finished' is not a task state"),
    ({"linked_items": [{"name": "web-01"}]}, r"linked_items\[0\]: give a dict with an itemtype"),
    ({"validations": [{"comment": "?"}]}, r"validations\[0\]: give the validator"),
    ({"solution": "done", "followups": []}, None),
])
def test_bad_input_fails_before_any_request_naming_the_option(params, message):
    if message is None:
        itil.ItilRequest("Ticket", params, {})
        return
    with pytest.raises(GlpiInputError, match=message):
        itil.ItilRequest("Ticket", params, {})


def test_the_options_belong_to_itil_itemtypes_only():
    with pytest.raises(GlpiInputError, match="actors: only Ticket, Problem and Change have it, not Computer"):
        itil.ItilRequest("Computer", {"actors": {"requester": ["glpi"]}}, {})
    with pytest.raises(GlpiInputError, match="validations: Problem has no validations"):
        itil.ItilRequest("Problem", {"validations": ["glpi"]}, {})


def test_status_by_name_or_number_and_nothing_else():
    fields = {"status": "Solved"}
    itil.ItilRequest("Ticket", {}, fields)
    assert fields == {"status": 5}
    assert itil.status_number("Change", "applied") == 5 and itil.status_number("Problem", 8) == 8
    with pytest.raises(GlpiInputError, match=r"fields.status: 99 is not a status of Ticket; expected one of new, "):
        itil.status_number("Ticket", 99)
    with pytest.raises(GlpiInputError, match="'review' is not a status of Ticket"):
        itil.status_number("Ticket", "review")


def test_a_solution_and_an_open_status_contradict():
    with pytest.raises(GlpiInputError, match="solution: a solution solves the Ticket, but fields.status asks for waiting"):
        itil.ItilRequest("Ticket", {"solution": "done"}, {"status": "waiting"})


def test_followups_are_identified_by_their_text_as_glpi_10_and_11_store_it():
    stored_by_10 = "&#60;p&#62;Job 42 &#60;b&#62;ok&#60;/b&#62; &#38;amp; done&#60;/p&#62;"
    glpi = FakeGlpi({"ITILFollowup": [dict(id=1, content=stored_by_10), dict(id=2, content="<p>Second</p>")]})
    parts = parts_for(glpi, followups=["<p>Job 42 <b>ok</b> &amp; done</p>", {"content": "Second"},
                                       "Third", "  Third "])
    parts.plan(1, {"id": 1})
    assert parts.new_followups == [{"content": "Third"}]
    parts.apply(1, created=False)
    assert glpi.writes == [("POST", "ITILFollowup", [{"content": "Third", "itemtype": "Ticket", "items_id": 1}])]
    assert parts.added["followups"] == [100]


def test_tasks_are_identified_by_their_text_and_their_other_fields_updated():
    glpi = FakeGlpi({"TicketTask": [dict(id=3, content="Deploy", state=1, actiontime=0, users_id_tech=0)]})
    parts = parts_for(glpi, tasks=[{"content": "Deploy", "state": "done", "users_id_tech": "tech"},
                                   {"content": "Check", "state": "todo"}])
    parts.plan(1, {"id": 1})
    assert parts.new_tasks == [{"content": "Check", "state": 1}]
    assert parts.task_updates == [(3, {"state": (1, 2), "users_id_tech": (0, 4)}, {"state": 2, "users_id_tech": 4})]


def test_validations_are_identified_by_the_validator_in_both_glpi_shapes():
    rows = [dict(id=1, users_id_validate=2),                                       # GLPI 10
            dict(id=2, users_id_validate=0, itemtype_target="User", items_id_target=4)]  # GLPI 11
    glpi = FakeGlpi({"TicketValidation": rows})
    parts = parts_for(glpi, validations=["glpi", {"validator": "tech"}, {"validator": "normal", "comment": "ok?"}])
    parts.plan(1, {"id": 1})
    assert parts.new_validations == [{"validator": 5, "comment": "ok?"}]


def test_a_solution_is_sent_once_and_another_on_a_solved_ticket_is_refused_with_the_reason():
    glpi = FakeGlpi({"ITILSolution": [dict(id=1, content="&#60;p&#62;Disk replaced&#60;/p&#62;")]})
    parts = parts_for(glpi, solution="Disk replaced")
    parts.plan(1, {"id": 1, "status": 6})
    assert not parts.changed
    parts = parts_for(glpi, solution="Rebooted")
    with pytest.raises(GlpiInputError, match="solution: Ticket 1 is already closed with the solution 'Disk replaced'"):
        parts.plan(1, {"id": 1, "status": 6})
    parts = parts_for(FakeGlpi(), solution={"content": "Rebooted", "solutiontypes_id": 2})
    parts.plan(1, {"id": 1, "status": 2})
    assert parts.add_solution == {"content": "Rebooted", "solutiontypes_id": 2}


def test_linked_items_are_exact_unless_append():
    glpi = FakeGlpi({"Item_Ticket": [dict(id=5, itemtype="Computer", items_id=9),
                                     dict(id=6, itemtype="Printer", items_id=3)]})
    parts = parts_for(glpi, linked_items=[{"itemtype": "Computer", "name": "web-01"}])
    parts.plan(1, {"id": 1})
    assert parts.link_changes == ([], [6])
    assert parts.links_after() == [{"itemtype": "Computer", "id": 9, "name": "web-01"}]


def test_text_of_compares_words_not_markup():
    assert itil.text_of("<p>a&nbsp;&amp;\n b</p>") == itil.text_of("a & b") == "a & b"
    assert itil.text_of("&#60;p&#62;x&#60;/p&#62;") == "x"


def test_statuses_of_many_records_by_name_are_checked_each():
    records = itil.status_names_in_records("Problem", [{"name": "a", "status": "observed"}, {"name": "b"}])
    assert records == [{"name": "a", "status": 8}, {"name": "b"}]
    with pytest.raises(GlpiInputError, match=r"records\[1\].status: 'applied' is not a status of Problem"):
        itil.status_names_in_records("Problem", [{"name": "a"}, {"name": "b", "status": "applied"}])
    assert itil.status_names_in_records("Computer", [{"status": "x"}]) == [{"status": "x"}]


class Plan(object):
    def __init__(self, action, current, changed):
        self.action, self.current, self.changed, self.id = action, current, changed, current["id"]


def test_a_closed_record_is_reopened_first_or_its_other_changes_refused():
    glpi = FakeGlpi()
    task = itil.ItilTask(glpi, FakeDropdowns(), "Ticket", {}, {})
    with pytest.raises(GlpiInputError, match="Ticket 7 is closed.*: name cannot change; reopen it"):
        task.before_write(Plan("updated", {"id": 7, "status": 6}, {"name": ("a", "b")}))
    task.before_write(Plan("updated", {"id": 7, "status": 6}, {"name": ("a", "b"), "status": (6, 2)}), check_mode=True)
    assert glpi.writes == []
    task.before_write(Plan("updated", {"id": 7, "status": 6}, {"name": ("a", "b"), "status": (6, 2)}))
    assert glpi.writes == [("PUT", "Ticket", {"status": 2})]
    task.before_write(Plan("updated", {"id": 7, "status": 2}, {"name": ("a", "b")}))
    assert len(glpi.writes) == 1


def test_the_options_are_for_one_record_present():
    with pytest.raises(GlpiInputError, match="followups: give one record"):
        itil.ItilTask(FakeGlpi(), FakeDropdowns(), "Ticket", {"records": [{}], "followups": ["x"]}, {})
    with pytest.raises(GlpiInputError, match="actors: only with state=present"):
        itil.ItilTask(FakeGlpi(), FakeDropdowns(), "Ticket", {"state": "absent", "actors": {"requester": ["glpi"]}}, {})


def test_items_linked_by_id_are_checked_at_once_per_itemtype():
    dropdowns = FakeDropdowns()
    linked = [{"itemtype": "Computer", "id": 9}, {"itemtype": "Computer", "name": "web-01"},
              {"itemtype": "Printer", "id": 3}]
    request = itil.ItilRequest("Ticket", {"linked_items": linked}, {})
    itil.ItilParts(FakeGlpi(), dropdowns, request).resolve()
    assert dropdowns.ahead == [({"itemtype": "Computer", "items_id": 9}, None), ({"itemtype": "Printer", "items_id": 3}, None)]
