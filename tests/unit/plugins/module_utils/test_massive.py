# -*- coding: utf-8 -*-
"""Massive actions without a GLPI (module_utils/massive.py and glpi_massive_action's run): which
search option a column needs (on option shapes of a real GLPI the emulator does not produce), the
checks of keys, input and options made before anything is sent, the plans of the idempotent
actions, what counts as a partial failure, and the query sent to getMassiveActions."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import massive
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions
from ansible_collections.glpi.itsm.plugins.modules import glpi_massive_action

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
ACTIONS = [{"key": "MassiveAction:update", "label": "Update"},
           {"key": "MassiveAction:delete", "label": "Put in trashbin"},
           {"key": "MassiveAction:amend_comment", "label": "Amend comment"},
           {"key": "MassiveAction:add_note", "label": "Add a note"},
           {"key": "Contract_Item:add", "label": "Add a contract"},
           {"key": "Contract_Item:remove", "label": "Remove a contract"}]
TRASHED_ACTIONS = [{"key": "MassiveAction:purge", "label": "Delete permanently"},
                   {"key": "MassiveAction:restore", "label": "Restore"}]
RECORDS = {
    1: {"id": 1, "comment": "a", "locations_id": 0, "is_deleted": 0},
    2: {"id": 2, "comment": "b", "locations_id": 0, "is_deleted": 1},
    3: {"id": 3, "comment": None, "locations_id": 6, "is_deleted": 0},
}
NOTHING_DONE = {"ok": 0, "ko": 0, "noright": 0, "noaction": 0, "messages": []}


@pytest.fixture
def glpi(client):
    """The client mock answering like a GLPI with the Computers of RECORDS, their options and actions."""
    client.list_search_options.side_effect = lambda itemtype, raw=False: RAW if raw else CLEANED
    client.get_massive_actions.side_effect = \
        lambda itemtype, item_id=None, is_deleted=None: TRASHED_ACTIONS if is_deleted else ACTIONS
    client.get_massive_action_parameters.return_value = []
    client.find_items.side_effect = lambda items, **params: [RECORDS.get(i) for _itemtype, i in items]
    client.apply_massive_action.return_value = dict(NOTHING_DONE)
    return client


@pytest.fixture
def task(make_module):
    """``task(**params)``: a task's parameters as AnsibleModule makes them from the module's spec."""
    def params(itemtype="Computer", **given):
        return make_module(glpi_massive_action, itemtype=itemtype, **given).params
    return params


def refusal(call, *args):
    with pytest.raises(GlpiInputError) as error:
        call(*args)
    return str(error.value)


# ---------------------------------------------------------------------- search options of columns


def test_columns_of_options(glpi):
    options = SearchOptions(glpi, "Computer")
    assert options.own_table() == "glpi_computers"
    assert options.column(16) == "comment"
    assert options.column(3) == "locations_id"
    assert options.column(93) == "locations_id"  # a field of the location, reached through locations_id
    assert options.column(45) is None  # the OS goes through glpi_items_operatingsystems
    assert options.column(126) is None
    assert options.columns() == ["comment", "id", "locations_id", "name"]


def test_the_option_of_a_foreign_key_is_the_one_offered_for_massive_updates(glpi):
    options = SearchOptions(glpi, "Computer")
    assert options.options_for_column("locations_id") == [3, 93, 101]
    assert options.options_for_column("comment") == [16]
    assert options.options_for_column("colour") == []


@pytest.mark.parametrize("field,expected", [
    ("comment", (16, "comment")), ("Comments", (16, "comment")), ("Computer.comment", (16, "comment")),
    ("16", (16, "comment")), ("locations_id", (3, "locations_id")), ("Location", (3, "locations_id")),
])
def test_update_option_from_each_spelling(glpi, field, expected):
    assert massive.update_option(SearchOptions(glpi, "Computer"), field) == expected


@pytest.mark.parametrize("field,message", [
    ("101", "field: GLPI does not offer the field locations_id (search option Address"),
    ("name", "field: GLPI does not offer the field name"),
    ("IP", "field: search option IP (uid Computer.IPAddress.name, id 126) shows a linked table"),
    ("comentt", "close fields: comment"),
])
def test_update_option_refusals(glpi, field, message):
    assert message in refusal(massive.update_option, SearchOptions(glpi, "Computer"), field)


# ---------------------------------------------------------------------- keys, checked before any request


@pytest.mark.parametrize("action,message", [
    ("", "action: give a massive action key such as MassiveAction:update"),
    ("update", "action: 'update' lacks its Class: prefix; massive action keys are Class:action; "
               "did you mean MassiveAction:update?"),
    ("frobnicate", "action: 'frobnicate' lacks its Class: prefix; massive action keys are Class:action such as "
                   "MassiveAction:update (list: actions shows them)"),
    ("Massive Action:update", "action: 'Massive Action:update' is not a massive action key (Class:action, "
                              "letters, digits and underscores)"),
    ("MassiveAction:up-date", "action: 'MassiveAction:up-date' is not a massive action key (Class:action, letters, "
                              "digits and underscores)"),
    ("Massive\\\\Action:update", "action: 'Massive\\\\\\\\Action:update' is not a massive action key "
                                 "(Class:action, letters, digits and underscores)"),
])
def test_malformed_keys_are_refused_without_asking_glpi(glpi, action, message):
    assert refusal(massive.Offer(glpi, "Computer").check, action) == message
    glpi.get_massive_actions.assert_not_called()


def test_keys_of_namespaced_classes_are_keys():
    massive.check_key("GlpiPlugin\\Fields\\Container:update")  # no error


# ---------------------------------------------------------------------- getMassiveActions


def test_is_deleted_is_never_sent_as_false(glpi):
    # PHP reads the string 'false' as true: the actions of non-trashed records must be asked without it.
    offer = massive.Offer(glpi, "Computer")
    offer.actions()
    offer.actions(is_deleted=True)
    assert [c.args for c in glpi.get_massive_actions.call_args_list] == [("Computer", None, None), ("Computer", None, 1)]


def test_each_list_of_actions_is_asked_once(glpi):
    offer = massive.Offer(glpi, "Computer")
    assert offer.actions() == ACTIONS and offer.actions() == ACTIONS
    assert offer.actions(item_id=4) == ACTIONS
    assert glpi.get_massive_actions.call_count == 2


def test_trash_actions_are_looked_up_among_trashed_records_first(glpi):
    massive.Offer(glpi, "Computer").check("MassiveAction:purge")
    glpi.get_massive_actions.assert_called_once_with("Computer", None, 1)


def test_other_actions_are_looked_up_among_live_records_only(glpi):
    massive.Offer(glpi, "Computer").check("MassiveAction:update")
    glpi.get_massive_actions.assert_called_once_with("Computer", None, None)


def test_an_action_not_offered_names_close_ones_and_those_of_trashed_records(glpi):
    message = refusal(massive.Offer(glpi, "Computer").check, "MassiveAction:updat")
    assert message == (
        "action: GLPI offers no massive action 'MassiveAction:updat' for Computer to this user; close matches: "
        "MassiveAction:update, MassiveAction:delete, MassiveAction:purge; available: MassiveAction:update, MassiveAction:delete, MassiveAction:amend_comment, "
        "MassiveAction:add_note, Contract_Item:add, Contract_Item:remove; on trashed records: MassiveAction:purge, "
        "MassiveAction:restore")
    # A key that differs only in case is named even where difflib finds it too far.
    assert "; close matches: Contract_Item:add;" in refusal(massive.Offer(glpi, "Computer").check, "CONTRACT_ITEM:ADD")


def test_a_user_offered_nothing_is_told_so(glpi):
    glpi.get_massive_actions.side_effect = None
    glpi.get_massive_actions.return_value = []
    assert "; available: none" in refusal(massive.Offer(glpi, "Computer").check, "MassiveAction:update")


def test_actions_of_a_record_that_does_not_exist(glpi):
    glpi.get_massive_actions.side_effect = GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND")
    offer = massive.Offer(glpi, "Computer")
    assert refusal(offer.actions, False, 404) == "ids: there is no Computer with id 404"
    with pytest.raises(GlpiNotFoundError):
        offer.actions()


def test_an_unknown_itemtype_is_named_as_the_option(glpi, task):
    glpi.get_massive_actions.side_effect = GlpiUnknownItemtypeError(
        "resource not found", code="ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM", status=400)
    for ids in ([], [3]):
        # Not a record that is missing: the itemtype is; and the message starts with the option.
        with pytest.raises(GlpiUnknownItemtypeError) as raised:
            massive.list_actions(glpi, task(itemtype="NotAnItemtype", ids=ids))
        assert str(raised.value) == ("itemtype: GLPI has no itemtype 'NotAnItemtype' "
                                     "(GLPI: ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM)")


# ---------------------------------------------------------------------- getMassiveActionParameters


def test_parameters_as_name_and_type(glpi):
    glpi.get_massive_action_parameters.return_value = [
        {"name": "amendment", "type": "text", "label": "Amendment"}, {"label": "no name"}, "junk"]
    assert massive.Offer(glpi, "Computer").parameters("MassiveAction:amend_comment") == [
        {"name": "amendment", "type": "text"}]


def test_parameters_glpi_does_not_describe_are_none(glpi):
    glpi.get_massive_action_parameters.side_effect = GlpiError("Wrong key", code="ERROR_MASSIVEACTION_KEY")
    assert massive.Offer(glpi, "Computer").parameters("MassiveAction:purge") is None
    glpi.get_massive_action_parameters.side_effect = GlpiError("boom", code="ERROR_SQL")
    with pytest.raises(GlpiError):
        massive.Offer(glpi, "Computer").parameters("MassiveAction:purge")


# ---------------------------------------------------------------------- the task's options


def test_ids_are_deduplicated_and_checked(task):
    assert massive.action_and_ids(task(action="MassiveAction:delete", ids=[3, 1, 3])) == ("MassiveAction:delete", [3, 1])
    assert refusal(massive.action_and_ids, task(action="MassiveAction:delete", ids=[])).startswith("ids: give the ids")
    assert refusal(massive.action_and_ids, task(action="MassiveAction:delete", ids=[1, -3, -4])) == \
        "ids: must not be negative, got -3"
    assert refusal(massive.action_and_ids, task(ids=[1])).startswith("action: required unless list is given")
    assert refusal(massive.action_and_ids, task(action="MassiveAction:delete", ids=[1], is_deleted=True)) == \
        "is_deleted: not used when applying an action (only with list=actions)"


@pytest.mark.parametrize("params,message", [
    (dict(action="MassiveAction:update", ids=[1], field="comment", value="x", input={"comment": "x"}),
     "input: not used with MassiveAction:update: give field and value"),
    (dict(action="MassiveAction:add_note", ids=[1], input={"add_note": "x"}, value="x"),
     "value: not used with MassiveAction:add_note (only with MassiveAction:update)"),
    (dict(action="MassiveAction:update", ids=[1], value="x"),
     "field: MassiveAction:update needs field (the field to set) and value"),
    (dict(action="MassiveAction:update", ids=[1], field="comment"),
     "value: MassiveAction:update needs value (use '' to empty a text field, 0 for no dropdown)"),
    (dict(action="MassiveAction:update", ids=[1], field="comment", value=["x"]),
     "value: must be a single value, got list"),
])
def test_options_that_do_not_fit_the_action_are_refused_before_writing(glpi, task, params, message):
    assert refusal(massive.apply, glpi, task(**params)) == message
    glpi.apply_massive_action.assert_not_called()


def test_list_actions_of_one_record_or_of_trashed_records(glpi, task):
    assert massive.list_actions(glpi, task(ids=[7])) == ACTIONS
    assert massive.list_actions(glpi, task(is_deleted=True)) == TRASHED_ACTIONS
    assert [c.args for c in glpi.get_massive_actions.call_args_list] == [("Computer", 7, None), ("Computer", None, 1)]


@pytest.mark.parametrize("params,message", [
    (dict(ids=[1, 2]), "ids: list=actions takes at most one id (the record whose actions to list), got 2"),
    (dict(ids=[1], is_deleted=True), "is_deleted: not with ids; GLPI lists the actions of a record by its own "
                                     "trash state"),
    (dict(action="MassiveAction:update"), "action: not used with list=actions"),
])
def test_list_actions_refusals(glpi, task, params, message):
    assert refusal(massive.list_actions, glpi, task(**params)) == message


def test_list_parameters_checks_the_action_first(glpi, task):
    assert refusal(massive.list_parameters, glpi, task()) == \
        "action: list=parameters needs the action whose parameters to list"
    assert refusal(massive.list_parameters, glpi, task(action="MassiveAction:nope")).startswith(
        "action: GLPI offers no massive action 'MassiveAction:nope'")
    assert refusal(massive.list_parameters, glpi, task(action="MassiveAction:add_note", ids=[1])) == \
        "ids: not used with list=parameters"
    glpi.get_massive_action_parameters.assert_not_called()
    assert massive.list_parameters(glpi, task(action="MassiveAction:add_note", ids=[])) == []  # no ids is no ids


# ---------------------------------------------------------------------- input


def test_missing_parameters_are_named_with_their_type(glpi):
    glpi.get_massive_action_parameters.return_value = [{"name": "add_note", "type": "text"}]
    offer = massive.Offer(glpi, "Computer")
    assert refusal(massive.resolve_input, glpi, offer, "MassiveAction:add_note", {"add_note": None}) == \
        "input: MassiveAction:add_note on Computer needs add_note (text); give it in input"
    glpi.get_massive_action_parameters.return_value = [{"name": "a"}, {"name": "b", "type": "text"}]
    assert refusal(massive.resolve_input, glpi, offer, "Plugin:do", None) == \
        "input: Plugin:do on Computer needs a, b (text); give them in input"


def test_a_dropdown_parameter_takes_a_name(glpi):
    glpi.get_massive_action_parameters.return_value = [{"name": "peer_contracts_id", "type": "dropdown"}]
    glpi.iter_items.return_value = [{"id": 8, "name": "Support 24x7"}, {"id": 9, "name": "Support 24x7 bis"}]
    offer = massive.Offer(glpi, "Computer")
    assert massive.resolve_input(glpi, offer, "Contract_Item:add", {"peer_contracts_id": "Support 24x7"}) == \
        {"peer_contracts_id": 8}
    assert glpi.iter_items.call_args.args == ("Contract",)
    glpi.iter_items.reset_mock()
    assert massive.resolve_input(glpi, offer, "Contract_Item:add", {"peer_contracts_id": "8"}) == \
        {"peer_contracts_id": "8"}  # an id goes as given
    glpi.iter_items.assert_not_called()


def test_an_unknown_dropdown_name_does_not_offer_to_create_it(glpi):
    glpi.get_massive_action_parameters.return_value = [{"name": "peer_contracts_id", "type": "dropdown"}]
    glpi.iter_items.return_value = []
    message = refusal(massive.resolve_input, glpi, massive.Offer(glpi, "Computer"), "Contract_Item:add",
                      {"peer_contracts_id": "No Such Contract"})
    assert message == "input.peer_contracts_id: there is no Contract named 'No Such Contract'"


# ---------------------------------------------------------------------- plans


def test_update_plan_compares_with_glpis_values(glpi):
    plan = massive.plan_update(glpi, "Computer", [1, 2, 3, 404], "comment", "a")
    assert (plan.targets, plan.skipped, plan.missing) == ([2, 3], [1], [404])
    assert plan.input == {"search_options": {"Computer": 16}, "field": "comment", "comment": "a"}
    assert plan.changes == {2: ("b", "a"), 3: (None, "a")}
    # The records are read at once; one that does not exist is missing, not an error.
    glpi.find_items.assert_called_once_with([("Computer", 1), ("Computer", 2), ("Computer", 3), ("Computer", 404)])


def test_the_search_option_is_given_under_the_itemtype_glpi_names_it_by(glpi):
    plan = massive.plan_update(glpi, "computer", [1], "comment", "x")
    assert plan.input["search_options"] == {"Computer": 16}


def test_update_of_a_foreign_key_by_name(glpi):
    glpi.iter_items.return_value = [{"id": 6, "name": "Building A", "completename": "Paris > Building A"}]
    plan = massive.plan_update(glpi, "Computer", [1], "Location", "Paris > Building A")
    assert plan.input == {"search_options": {"Computer": 3}, "field": "locations_id", "locations_id": 6}
    assert (plan.targets, plan.skipped) == ([1], [])
    glpi.iter_items.return_value = []
    assert refusal(massive.plan_update, glpi, "Computer", [1], "locations_id", "Nowhere") == \
        "value: there is no Location named 'Nowhere'"
    glpi.find_item.return_value = {"id": 6, "name": "Building A"}
    plan = massive.plan_update(glpi, "Computer", [1, 3], "locations_id", "6")  # an id is checked, then compared
    glpi.find_item.assert_called_once_with("Location", 6)
    assert (plan.targets, plan.skipped, plan.input["locations_id"]) == ([1], [3], 6)


def test_update_of_a_field_the_records_do_not_have(glpi):
    glpi.find_items.side_effect = lambda items, **params: [{"id": 1, "name": "pc"} for _item in items]
    assert refusal(massive.plan_update, glpi, "Computer", [1], "comment", "a") == \
        "field: Computer records have no field comment (search option 16); GLPI would ignore it"


@pytest.mark.parametrize("action,targets,skipped,missing,changes", [
    ("MassiveAction:delete", [1, 3], [2], [404], {1: ("present", "trashed"), 3: ("present", "trashed")}),
    ("MassiveAction:restore", [2], [1, 3], [404], {2: ("trashed", "present")}),
    ("MassiveAction:purge", [1, 2, 3], [404], [],
     {1: ("present", "absent"), 2: ("trashed", "absent"), 3: ("present", "absent")}),
])
def test_trash_plans(glpi, action, targets, skipped, missing, changes):
    plan = massive.plan_state(glpi, "Computer", action, [1, 2, 3, 404], {})
    assert (plan.targets, plan.skipped, plan.missing, plan.changes) == (targets, skipped, missing, changes)


def test_delete_of_an_itemtype_without_trash_bin_purges(client):
    client.find_items.side_effect = lambda items, **params: [{"id": 5, "name": "Paris"} if i == 5 else None
                                                             for _itemtype, i in items]  # no is_deleted: a Location
    plan = massive.plan_state(client, "Location", "MassiveAction:delete", [5, 404], {})
    assert (plan.targets, plan.skipped, plan.missing) == ([5], [404], [])


@pytest.mark.parametrize("verb,targets,skipped", [("add", [3], [1]), ("remove", [1], [3])])
def test_relation_plans_read_the_links_of_the_peer_in_one_listing(glpi, verb, targets, skipped):
    # searchText only narrows (a LIKE): rows of another peer or itemtype are not links to it
    glpi.iter_items.return_value = [
        {"id": 50, "contracts_id": 8, "itemtype": "Computer", "items_id": 1},
        {"id": 51, "contracts_id": 80, "itemtype": "Computer", "items_id": 3},
        {"id": 52, "contracts_id": 8, "itemtype": "Monitor", "items_id": 3}]
    plan = massive.plan_relation(glpi, "Computer", "Contract_Item", verb, [1, 3, 404], {"peer_contracts_id": 8})
    assert (plan.targets, plan.skipped, plan.missing) == (targets, skipped, [404])
    glpi.iter_items.assert_called_once_with(
        "Contract_Item", searchText={"contracts_id": "^8$", "itemtype": "^Computer$"}, get_hateoas=False)
    glpi.iter_sub_items.assert_not_called()  # not one request per record


def test_a_contract_given_by_name_is_planned_as_a_relation(glpi, task):
    glpi.get_massive_action_parameters.return_value = [{"name": "peer_contracts_id", "type": "dropdown"}]
    glpi.iter_items.side_effect = lambda itemtype, *args, **params: {
        "Contract": [{"id": 8, "name": "Support"}],
        "Contract_Item": [{"id": 50, "contracts_id": 8, "itemtype": "Computer", "items_id": 1}]}[itemtype]
    changed, result, problem = massive.apply(glpi, task(action="Contract_Item:add", ids=[1, 3],
                                                        input={"peer_contracts_id": "Support"}), check_mode=True)
    assert (changed, result["applied_ids"], result["skipped_ids"], problem) == (True, [3], [1], None)
    assert result["action_input"] == {"peer_contracts_id": 8}


def test_a_relation_to_a_peer_that_is_no_id_is_left_to_glpi(glpi):
    plan = massive.plan_relation(glpi, "Computer", "Contract_Item", "add", [1, 404], {"peer_contracts_id": "x"})
    assert (plan.targets, plan.skipped, plan.missing) == ([1, 404], [], [])
    glpi.find_items.assert_not_called()


def test_other_actions_are_sent_for_every_id(glpi, task):
    glpi.get_massive_action_parameters.return_value = [{"name": "add_note", "type": "text"}]
    plan = massive.plan(glpi, massive.Offer(glpi, "Computer"), "MassiveAction:add_note", [1, 404],
                        task(input={"add_note": "x"}))
    assert (plan.targets, plan.input, plan.changes) == ([1, 404], {"add_note": "x"}, None)
    glpi.find_items.assert_not_called()


# ---------------------------------------------------------------------- sending and outcomes


def test_glpis_answer_as_counts_and_plain_text(glpi):
    glpi.apply_massive_action.return_value = {
        "ok": "1", "ko": None, "noright": "?", "messages": {
            "3": "<a  href='/x'  title=\"a\">ansible-pc-02</a>: Error on executing the action", "4": ""}}
    outcome = massive.send(glpi, "Computer", "MassiveAction:add_note", massive.Plan({"add_note": "x"}, [3, 4]))
    assert outcome == {"ok": 1, "ko": 0, "noright": 0, "noaction": 0,
                       "messages": ["ansible-pc-02: Error on executing the action"]}
    glpi.apply_massive_action.assert_called_once_with("Computer", "MassiveAction:add_note", [3, 4], {"add_note": "x"})


def test_glpi_acting_on_no_record_says_which_action_and_input(glpi):
    glpi.apply_massive_action.side_effect = GlpiError("Wrong input", code="ERROR_MASSIVEACTION_KEY", status=400)
    with pytest.raises(GlpiError) as error:
        massive.send(glpi, "Computer", "MassiveAction:add_note", massive.Plan({"add_note": ""}, [3]))
    assert error.value.message == \
        "action: GLPI refused to apply MassiveAction:add_note to Computer [3] with this input: Wrong input"
    assert (error.value.code, error.value.status) == ("ERROR_MASSIVEACTION_KEY", 400)


def test_other_errors_of_glpi_are_left_as_they_are(glpi):
    refused = GlpiError("You don't have permission", code="ERROR_GLPI_UPDATE", status=400)
    glpi.apply_massive_action.side_effect = refused
    with pytest.raises(GlpiError) as error:
        massive.send(glpi, "Computer", "MassiveAction:add_note", massive.Plan({"add_note": "x"}, [3]))
    assert error.value is refused


def test_nothing_sent_is_no_failure_but_missing_ids_are():
    planned = massive.Plan({}, [1], missing=[404, 405])
    assert massive.problem("Computer", "MassiveAction:delete", planned, NOTHING_DONE, 0) == \
        "ids: there is no Computer with id 404, 405"
    assert massive.problem("Computer", "MassiveAction:delete", massive.Plan({}, [1]), NOTHING_DONE, 0) is None
    assert massive.problem("Computer", "MassiveAction:delete", massive.Plan({}, [1]), NOTHING_DONE, 1) == \
        "GLPI applied MassiveAction:delete to 0 of 1 Computer record(s) (ko 0, noright 0, noaction 0)"


# ---------------------------------------------------------------------- the module's run


def run_task(make_module, client, check_mode=False, diff=False, **params):
    module = make_module(glpi_massive_action, check_mode=check_mode, diff=diff, **params)
    return glpi_massive_action.run(module, client), module


def amend(make_module, glpi, answer, **params):
    glpi.get_massive_action_parameters.return_value = [{"name": "amendment", "type": "text"}]
    glpi.apply_massive_action.return_value = answer
    return run_task(make_module, glpi, itemtype="Computer", action="MassiveAction:amend_comment", ids=[1, 3],
                    input={"amendment": "x"}, **params)


def test_a_refusal_for_rights_fails_even_when_glpi_answers_200(make_module, glpi):
    # GLPI answers 200 when ok > 0 and ko == 0, whatever noright says.
    answer = {"ok": 1, "ko": 0, "noright": 1, "noaction": 0,
              "messages": ["<a href='/front/computer.form.php?id=3' title=\"pc &#60;3&#62;\">pc &#60;3&#62;</a>: "
                           "You don't have permission to perform this action."]}
    # fail_json raises conftest's ModuleFailed (not importable by name: tests/conformance has a conftest too).
    with pytest.raises(Exception, match="^GLPI applied") as failed:
        amend(make_module, glpi, answer)
    assert failed.value.msg.startswith(
        "GLPI applied MassiveAction:amend_comment to 1 of 2 Computer record(s) (ko 0, noright 1")
    assert failed.value.result["changed"] is True
    assert failed.value.result["messages"] == ["pc <3>: You don't have permission to perform this action."]


def test_fail_on_partial_false_warns_instead(make_module, glpi):
    answer = {"ok": 1, "ko": 1, "noright": 0, "noaction": 0, "messages": ["Error on executing the action"]}
    (changed, result), module = amend(make_module, glpi, answer, fail_on_partial=False)
    assert changed and result["ko"] == 1 and "1 of 2" in module.warnings[0]


def test_records_glpi_acted_on_none_of_are_no_change(make_module, glpi):
    answer = {"ok": 0, "ko": 2, "noright": 0, "noaction": 0, "messages": []}
    (changed, result), module = amend(make_module, glpi, answer, fail_on_partial=False)
    assert not changed and result["ko"] == 2
    assert module.warnings == ["GLPI applied MassiveAction:amend_comment to 0 of 2 Computer record(s) "
                               "(ko 2, noright 0, noaction 0)"]


def test_check_mode_sends_nothing(make_module, glpi):
    (changed, result), _module = run_task(make_module, glpi, check_mode=True, itemtype="Computer",
                                          action="MassiveAction:update", ids=[1, 2], field="comment", value="a")
    assert changed and result["applied_ids"] == [2] and result["ok"] == 0
    glpi.apply_massive_action.assert_not_called()


def test_nothing_to_do_sends_nothing_and_changes_nothing(make_module, glpi):
    (changed, result), _module = run_task(make_module, glpi, itemtype="Computer", action="MassiveAction:update",
                                          ids=[1], field="comment", value="a")
    assert not changed and result["skipped_ids"] == [1] and result["applied_ids"] == []
    glpi.apply_massive_action.assert_not_called()


def test_diff_of_an_update_and_of_a_trash_action(make_module, glpi):
    (changed, result), _module = run_task(make_module, glpi, check_mode=True, diff=True, itemtype="Computer",
                                          action="MassiveAction:update", ids=[1, 2, 3], field="comment", value="a")
    assert result["diff"] == {"before_header": "Computer 2, 3", "after_header": "Computer 2, 3",
                              "before": {"2": "b", "3": None}, "after": {"2": "a", "3": "a"}}
    glpi.get_massive_action_parameters.side_effect = GlpiError("Wrong key", code="ERROR_MASSIVEACTION_KEY")
    (changed, result), _module = run_task(make_module, glpi, check_mode=True, diff=True, itemtype="Computer",
                                          action="MassiveAction:restore", ids=[1, 2])
    assert result["diff"]["before"] == {"2": "trashed"} and result["diff"]["after"] == {"2": "present"}


def test_no_diff_without_diff_mode_nor_for_actions_that_show_none(make_module, glpi):
    (_changed, result), _module = run_task(make_module, glpi, check_mode=True, itemtype="Computer",
                                           action="MassiveAction:update", ids=[2], field="comment", value="a")
    assert "diff" not in result
    glpi.get_massive_action_parameters.return_value = [{"name": "add_note", "type": "text"}]
    (_changed, result), _module = run_task(make_module, glpi, check_mode=True, diff=True, itemtype="Computer",
                                           action="MassiveAction:add_note", ids=[2], input={"add_note": "x"})
    assert "diff" not in result


def test_list_modes_change_nothing(make_module, glpi):
    (changed, result), _module = run_task(make_module, glpi, itemtype="Computer", list="actions")
    assert (changed, result) == (False, {"actions": ACTIONS})
    glpi.get_massive_action_parameters.return_value = [{"name": "add_note", "type": "text"}]
    (changed, result), module = run_task(make_module, glpi, itemtype="Computer", list="parameters",
                                         action="MassiveAction:add_note")
    assert (changed, result, module.warnings) == (False, {"parameters": [{"name": "add_note", "type": "text"}]}, [])
    glpi.apply_massive_action.assert_not_called()


def test_parameters_glpi_does_not_describe_are_listed_empty_with_a_warning(make_module, glpi):
    glpi.get_massive_action_parameters.side_effect = GlpiError("Wrong key", code="ERROR_MASSIVEACTION_KEY")
    (changed, result), module = run_task(make_module, glpi, itemtype="Computer", list="parameters",
                                         action="MassiveAction:purge")
    assert (changed, result) == (False, {"parameters": []})
    assert module.warnings == ["GLPI does not describe the parameters of MassiveAction:purge (it answers "
                               "ERROR_MASSIVEACTION_KEY); this action takes none"]
