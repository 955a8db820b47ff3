# -*- coding: utf-8 -*-
"""glpi_massive_action's logic without a GLPI: which search option a column needs (on option shapes
of a real GLPI the emulator does not produce), the plans of the idempotent actions, what counts as a
partial failure, and the query sent to getMassiveActions."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
from ansible_collections.glpi.itsm.plugins.modules import glpi_massive_action as ma

# Cleaned and raw options shaped like recordings 40 and 40b (and GLPI's Computer options for IPs).
CLEANED = {
    "common": {"name": "Characteristics"},
    "1": {"name": "Name", "table": "glpi_computers", "field": "name", "uid": "Computer.name"},
    "2": {"name": "ID", "table": "glpi_computers", "field": "id", "uid": "Computer.id"},
    "3": {"name": "Location", "table": "glpi_locations", "field": "completename", "uid": "Computer.Location.completename"},
    "16": {"name": "Comments", "table": "glpi_computers", "field": "comment", "uid": "Computer.comment"},
    "45": {"name": "Name", "table": "glpi_operatingsystems", "field": "name",
           "uid": "Computer.Item_OperatingSystem.OperatingSystem.name"},
    "93": {"name": "Location comments", "table": "glpi_locations", "field": "comment", "uid": "Computer.Location.comment"},
    "101": {"name": "Address", "table": "glpi_locations", "field": "address", "uid": "Computer.Location.address"},
    "126": {"name": "IP", "table": "glpi_ipaddresses", "field": "name", "uid": "Computer.IPAddress.name"},
}
RAW = {
    "common": {"name": "Characteristics"},
    "1": {"table": "glpi_computers", "field": "name", "massiveaction": False, "linkfield": "name", "joinparams": []},
    "2": {"table": "glpi_computers", "field": "id", "massiveaction": False, "linkfield": "id", "joinparams": []},
    "3": {"table": "glpi_locations", "field": "completename", "linkfield": "locations_id", "joinparams": []},
    "16": {"table": "glpi_computers", "field": "comment", "linkfield": "comment", "joinparams": []},
    "45": {"table": "glpi_operatingsystems", "field": "name", "massiveaction": False, "linkfield": "name",
           "joinparams": {"beforejoin": {"table": "glpi_items_operatingsystems",
                                         "joinparams": {"jointype": "itemtype_item"}}}},
    "93": {"table": "glpi_locations", "field": "comment", "massiveaction": False, "linkfield": "locations_id",
           "joinparams": []},
    "101": {"table": "glpi_locations", "field": "address", "massiveaction": False, "linkfield": "locations_id",
            "joinparams": []},
    "126": {"table": "glpi_ipaddresses", "field": "name", "massiveaction": False, "linkfield": "name",
            "joinparams": {"jointype": "mainitemtype_mainitem"}},
}


class FakeClient(object):
    """Answers like GLPI from a dict of Computer records; records every call."""

    def __init__(self, records=None, answer=None):
        self.records = records or {}
        self.answer = answer or {"ok": 0, "ko": 0, "noright": 0, "noaction": 0, "messages": []}
        self.calls = []

    def list_search_options(self, itemtype, raw=False):
        self.calls.append(("list_search_options", itemtype, raw))
        return RAW if raw else CLEANED

    def get_massive_actions(self, itemtype, item_id=None, is_deleted=None):
        self.calls.append(("get_massive_actions", itemtype, item_id, is_deleted))
        if is_deleted:
            return [{"key": "MassiveAction:purge", "label": "Delete permanently"},
                    {"key": "MassiveAction:restore", "label": "Restore"}]
        return [{"key": "MassiveAction:update", "label": "Update"},
                {"key": "MassiveAction:delete", "label": "Put in trashbin"},
                {"key": "MassiveAction:amend_comment", "label": "Amend comment"}]

    def get_multiple_items(self, items, **query):
        self.calls.append(("get_multiple_items", [i["items_id"] for i in items]))
        if any(i["items_id"] not in self.records for i in items):
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return [self.records[i["items_id"]] for i in items]

    def get_item(self, itemtype, item_id, **query):
        self.calls.append(("get_item", item_id))
        if item_id not in self.records:
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return self.records[item_id]

    def apply_massive_action(self, itemtype, action, ids, action_input=None):
        self.calls.append(("apply_massive_action", action, list(ids), action_input))
        return self.answer


class Failed(Exception):
    pass


class FakeModule(object):
    def __init__(self, check_mode=False, **params):
        self.params = dict(itemtype="Computer", action=None, ids=None, input=None, field=None, value=None,
                           list=None, is_deleted=False, fail_on_partial=True)
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = False
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def fail_json(self, msg, **result):
        raise Failed(msg, result)


# ---------------------------------------------------------------------- search options of columns


def test_columns_of_options():
    options = SearchOptions(FakeClient(), "Computer")
    assert options.own_table() == "glpi_computers"
    assert options.column(16) == "comment"
    assert options.column(3) == "locations_id"
    assert options.column(93) == "locations_id"  # a field of the location, reached through locations_id
    assert options.column(45) is None  # the OS goes through glpi_items_operatingsystems
    assert options.column(126) is None
    assert options.columns() == ["comment", "id", "locations_id", "name"]


def test_the_option_of_a_foreign_key_is_the_one_offered_for_massive_updates():
    options = SearchOptions(FakeClient(), "Computer")
    assert options.options_for_column("locations_id") == [3, 93, 101]
    assert options.options_for_column("comment") == [16]
    assert options.options_for_column("colour") == []


@pytest.mark.parametrize("field,expected", [
    ("comment", (16, "comment")), ("Comments", (16, "comment")), ("Computer.comment", (16, "comment")),
    ("16", (16, "comment")), ("locations_id", (3, "locations_id")), ("Location", (3, "locations_id")),
])
def test_update_option_from_each_spelling(field, expected):
    task = ma.MassiveAction(FakeModule(), FakeClient())
    assert task.update_option(field) == expected


@pytest.mark.parametrize("field,message", [
    ("101", "field: GLPI does not offer the field locations_id (search option Address"),
    ("name", "field: GLPI does not offer the field name"),
    ("IP", "field: search option IP (uid Computer.IPAddress.name, id 126) shows a linked table"),
    ("comentt", "close fields: comment"),
])
def test_update_option_refusals(field, message):
    task = ma.MassiveAction(FakeModule(), FakeClient())
    with pytest.raises(GlpiInputError) as error:
        task.update_option(field)
    assert message in str(error.value)


# ---------------------------------------------------------------------- getMassiveActions


def test_is_deleted_is_never_sent_as_false():
    # PHP reads the string 'false' as true: the actions of non-trashed records must be asked without it.
    client = FakeClient()
    task = ma.MassiveAction(FakeModule(), client)
    task.available()
    task.available(is_deleted=True)
    assert [c[3] for c in client.calls] == [None, 1]


def test_trash_actions_are_looked_up_among_trashed_records_first():
    client = FakeClient()
    ma.MassiveAction(FakeModule(), client).check_action("MassiveAction:purge")
    assert client.calls == [("get_massive_actions", "Computer", None, 1)]


# ---------------------------------------------------------------------- plans


RECORDS = {
    1: {"id": 1, "comment": "a", "is_deleted": 0},
    2: {"id": 2, "comment": "b", "is_deleted": 1},
    3: {"id": 3, "comment": None, "is_deleted": 0},
}


def test_reading_falls_back_to_one_by_one_when_one_is_missing():
    client = FakeClient(RECORDS)
    found = ma.MassiveAction(FakeModule(), client).read_records([1, 404, 2])
    assert sorted(found) == [1, 2]
    assert [c[0] for c in client.calls] == ["get_multiple_items", "get_item", "get_item", "get_item"]


def test_update_plan_compares_with_glpis_values():
    task = ma.MassiveAction(FakeModule(field="comment", value="a"), FakeClient(RECORDS))
    plan = task.plan_update([1, 2, 3, 404])
    assert (plan.targets, plan.skipped, plan.missing) == ([2, 3], [1], [404])
    assert plan.input == {"search_options": {"Computer": 16}, "field": "comment", "comment": "a"}
    assert plan.before == {2: "b", 3: None}


@pytest.mark.parametrize("action,targets,skipped,missing", [
    ("MassiveAction:delete", [1, 3], [2], [404]),
    ("MassiveAction:restore", [2], [1, 3], [404]),
    ("MassiveAction:purge", [1, 2, 3], [404], []),
])
def test_trash_plans(action, targets, skipped, missing):
    plan = ma.MassiveAction(FakeModule(), FakeClient(RECORDS)).plan_state(action, [1, 2, 3, 404], {})
    assert (plan.targets, plan.skipped, plan.missing) == (targets, skipped, missing)


def test_delete_of_an_itemtype_without_trash_bin_purges():
    records = {5: {"id": 5, "name": "Paris"}}  # no is_deleted: a Location
    plan = ma.MassiveAction(FakeModule(itemtype="Location"), FakeClient(records)).plan_state(
        "MassiveAction:delete", [5, 404], {})
    assert (plan.targets, plan.skipped, plan.missing) == ([5], [404], [])


# ---------------------------------------------------------------------- outcomes


def run_apply(answer, **params):
    module = FakeModule(action="MassiveAction:amend_comment", ids=[1, 3], input={"amendment": "x"}, **params)
    client = FakeClient(RECORDS, answer)
    task = ma.MassiveAction(module, client)
    task.parameters = lambda action: [{"name": "amendment", "type": "text"}]
    return task.apply(), module


def test_a_refusal_for_rights_fails_even_when_glpi_answers_200():
    # GLPI answers 200 when ok > 0 and ko == 0, whatever noright says.
    answer = {"ok": 1, "ko": 0, "noright": 1, "noaction": 0,
              "messages": ["<a href='/front/computer.form.php?id=3' title=\"pc &#60;3&#62;\">pc &#60;3&#62;</a>: "
                           "You don't have permission to perform this action."]}
    with pytest.raises(Failed) as failed:
        run_apply(answer)
    msg, result = failed.value.args
    assert msg.startswith("GLPI applied MassiveAction:amend_comment to 1 of 2 Computer record(s) (ko 0, noright 1")
    assert result["changed"] is True
    assert result["messages"] == ["pc <3>: You don't have permission to perform this action."]


def test_fail_on_partial_false_warns_instead():
    answer = {"ok": 1, "ko": 1, "noright": 0, "noaction": 0, "messages": ["Error on executing the action"]}
    (changed, result), module = run_apply(answer, fail_on_partial=False)
    assert changed and result["ko"] == 1 and "1 of 2" in module.warnings[0]


def test_check_mode_sends_nothing():
    module = FakeModule(check_mode=True, action="MassiveAction:update", ids=[1, 2], field="comment", value="a")
    client = FakeClient(RECORDS)
    changed, result = ma.MassiveAction(module, client).apply()
    assert changed and result["applied_ids"] == [2] and result["ok"] == 0
    assert "apply_massive_action" not in [c[0] for c in client.calls]


def test_plain_text():
    assert ma.plain_text("<a  href='/x'  title=\"a\">ansible-pc-02</a>: Error on executing the action") == \
        "ansible-pc-02: Error on executing the action"


def test_diff_of_an_update_and_of_a_trash_action():
    module = FakeModule(check_mode=True, action="MassiveAction:update", ids=[1, 2], field="comment", value="a")
    module._diff = True
    changed, result = ma.MassiveAction(module, FakeClient(RECORDS)).apply()
    assert result["diff"] == {"before_header": "Computer 2", "before": {"2": "b"}, "after": {"2": "a"}}
    module = FakeModule(check_mode=True, action="MassiveAction:restore", ids=[1, 2])
    module._diff = True
    task = ma.MassiveAction(module, FakeClient(RECORDS))
    task.parameters = lambda action: None
    changed, result = task.apply()
    assert result["diff"]["before"] == {"2": "trashed"} and result["diff"]["after"] == {"2": "present"}
