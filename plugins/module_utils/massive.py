# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Massive actions: which ones GLPI offers (getMassiveActions), what they need
(getMassiveActionParameters), and which records an action would change, so that applyMassiveAction
is sent only for those.

MassiveAction:update, the trash bin actions and the contract and document links read the records
first and leave out those already as the action would make them; every other action is sent for
every id, and GLPI's answer says what it did.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible_collections.glpi.itsm.plugins.module_utils import query
from ansible_collections.glpi.itsm.plugins.module_utils.client import massive_action_messages
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns, itemtype_of
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.module_utils.records import diff, records_by_id, same
from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions

UPDATE = "MassiveAction:update"
DELETE = "MassiveAction:delete"
RESTORE = "MassiveAction:restore"
PURGES = ("MassiveAction:purge", "MassiveAction:purge_item_but_devices")
# Actions GLPI only lists for records in the trash bin (recording 153): looked up there first.
TRASH_ACTIONS = (RESTORE,) + PURGES
# Relations whose add/remove is idempotent here: the relation itemtype and its foreign key to the peer.
RELATIONS = {"Contract_Item": "contracts_id", "Document_Item": "documents_id"}
# MassiveAction's own actions: a key given without its class is one of these, most likely.
CORE_VERBS = ("update", "delete", "restore", "purge", "purge_item_but_devices", "add_note", "amend_comment",
              "clone", "add_transfer_list")
# The counts of GLPI's answer to applyMassiveAction.
COUNTS = ("ok", "ko", "noright", "noaction")


# ---------------------------------------------------------------------- the task's options


def forbid(params, names, why):
    """Refuse the options ``names`` when the task gives them (they would be ignored), saying ``why``."""
    for name in names:
        value = params[name]
        if value is not None and value is not False and not (name == "ids" and value == []):
            raise GlpiInputError("{0}: not used {1}".format(name, why))


def check_key(action):
    """Refuse, without asking GLPI, what cannot be a massive action key (``Class:action``)."""
    if not isinstance(action, str) or not action.strip():
        raise GlpiInputError("action: give a massive action key such as MassiveAction:update")
    if ":" not in action:
        raise GlpiInputError("action: {0!r} lacks its Class: prefix; massive action keys are Class:action{1}".format(
            action, _key_hint(action.strip())))
    try:
        query.action_segment(action)
    except GlpiInputError:
        raise GlpiInputError("action: {0!r} is not a massive action key (Class:action, letters, digits and "
                             "underscores)".format(action))


def _key_hint(verb):
    if verb.lower() in CORE_VERBS:
        return "; did you mean MassiveAction:{0}?".format(verb)
    return " such as MassiveAction:update (list: actions shows them)"


def action_and_ids(params):
    """The action to apply and the ids to apply it to (duplicates dropped), checked."""
    forbid(params, ("is_deleted",), "when applying an action (only with list=actions)")
    if params["action"] is None:
        raise GlpiInputError("action: required unless list is given (list: actions shows the keys)")
    ids = list(dict.fromkeys(params["ids"] or []))
    if not ids:
        raise GlpiInputError("ids: give the ids of the records to act on (an empty list does nothing)")
    negative = next((i for i in ids if i < 0), None)
    if negative is not None:
        raise GlpiInputError("ids: must not be negative, got {0}".format(negative))
    return params["action"], ids


# ---------------------------------------------------------------------- what GLPI offers


class Offer(object):
    """The massive actions GLPI offers this user for one itemtype, and their parameters."""

    def __init__(self, client, itemtype):
        self.client = client
        self.itemtype = itemtype
        self._actions = {}

    def actions(self, is_deleted=False, item_id=None):
        """The actions for the records (those in the trash bin with ``is_deleted``) or for the
        record ``item_id``, as ``[{"key", "label"}]``; each list asked once."""
        asked = (bool(is_deleted), item_id)
        if asked not in self._actions:
            self._actions[asked] = self._read_actions(is_deleted, item_id)
        return self._actions[asked]

    def _read_actions(self, is_deleted, item_id):
        try:
            # is_deleted is left out rather than sent as 'false': PHP reads the string 'false' as true.
            answer = self.client.get_massive_actions(self.itemtype, item_id, 1 if is_deleted else None)
        except GlpiNotFoundError:
            if item_id is None:
                raise
            raise GlpiInputError("ids: there is no {0} with id {1}".format(self.itemtype, item_id))
        except GlpiUnknownItemtypeError as error:
            raise error.naming(("itemtype", self.itemtype))
        return [dict(key=a.get("key"), label=a.get("label")) for a in answer or []
                if isinstance(a, dict) and a.get("key")]

    def keys(self, is_deleted=False):
        return [a["key"] for a in self.actions(is_deleted)]

    def check(self, action):
        """Fail unless GLPI offers ``action``. An action of trashed records is looked up among
        those first: GLPI does not list MassiveAction:purge for records out of the trash bin."""
        check_key(action)
        order = (True, False) if action in TRASH_ACTIONS else (False, True)
        if not any(action in self.keys(is_deleted) for is_deleted in order):
            raise self._not_offered(action)

    def _not_offered(self, action):
        offered = self.keys()
        trashed = [k for k in self.keys(is_deleted=True) if k not in offered]
        close = difflib.get_close_matches(action, offered + trashed, n=3, cutoff=0.6)
        close += [k for k in offered + trashed if k.lower() == action.lower() and k not in close]
        return GlpiInputError(
            "action: GLPI offers no massive action {0!r} for {1} to this user{2}; available: {3}{4}".format(
                action, self.itemtype, "; close matches: " + ", ".join(close) if close else "",
                ", ".join(offered) or "none",
                "; on trashed records: " + ", ".join(trashed) if trashed else ""))

    def parameters(self, action):
        """The parameters GLPI lists for ``action`` as ``[{"name", "type"}]``; None when GLPI does
        not describe it (it refuses purge and restore with ERROR_MASSIVEACTION_KEY, recording 150c)."""
        try:
            answer = self.client.get_massive_action_parameters(self.itemtype, action)
        except GlpiError as error:
            if error.code == "ERROR_MASSIVEACTION_KEY":
                return None
            raise
        return [dict(name=p.get("name"), type=p.get("type")) for p in answer or []
                if isinstance(p, dict) and p.get("name")]


# ---------------------------------------------------------------------- plans


class Plan(object):
    """The ids the action is sent for, those left out, and the input sent; ``changes`` gives each
    target's ``(before, after)`` for the diff, None for actions that show none."""

    def __init__(self, action_input, targets, skipped=(), missing=(), changes=None):
        self.input = action_input
        self.targets = list(targets)
        self.skipped = list(skipped)
        self.missing = list(missing)
        self.changes = changes

    def diff(self, itemtype):
        header = "{0} {1}".format(itemtype, ", ".join(str(i) for i in self.targets))
        return diff(header, dict((str(i), pair) for i, pair in self.changes.items()))


def plan(client, offer, action, ids, params):
    """The Plan of ``action`` on ``ids`` with the task's input, or field and value."""
    if action == UPDATE:
        forbid(params, ("input",), "with {0}: give field and value".format(UPDATE))
        return plan_update(client, offer.itemtype, ids, params["field"], params["value"])
    forbid(params, ("field", "value"), "with {0} (only with {1})".format(action, UPDATE))
    action_input = resolve_input(client, offer, action, params["input"])
    if action in (DELETE, RESTORE) + PURGES:
        return plan_state(client, offer.itemtype, action, ids, action_input)
    relation, verb = action.split(":", 1)
    if relation in RELATIONS and verb in ("add", "remove"):
        return plan_relation(client, offer.itemtype, relation, verb, ids, action_input)
    return Plan(action_input, ids)


def resolve_input(client, offer, action, given):
    """The task's ``input`` checked against the parameters GLPI lists for ``action``, with the
    dropdowns it names resolved to ids."""
    given = dict(given or {})
    listed = offer.parameters(action) or []
    missing = ["{0} ({1})".format(p["name"], p["type"]) if p.get("type") else p["name"]
               for p in listed if given.get(p["name"]) is None]
    if missing:
        raise GlpiInputError("input: {0} on {1} needs {2}; give {3} in input".format(
            action, offer.itemtype, ", ".join(missing), "it" if len(missing) == 1 else "them"))
    dropdowns = Dropdowns(client)
    for parameter in listed:
        name, target = parameter["name"], _dropdown_itemtype(parameter)
        if target and _is_name(given[name]):
            given[name] = dropdown_id(dropdowns, target, given[name], "input." + name)
    return given


def _dropdown_itemtype(parameter):
    """The itemtype a dropdown parameter points at (``peer_contracts_id``: Contract), else None."""
    if parameter.get("type") != "dropdown":
        return None
    target = itemtype_of(re.sub(r"^peer_", "", parameter["name"]))
    return target[:1].upper() + target[1:] if target else None  # 'contract' reads better as 'Contract'


def _is_name(value):
    return isinstance(value, str) and bool(value.strip()) and not value.strip().isdigit()


def dropdown_id(dropdowns, itemtype, value, option):
    """A dropdown's id from its name (or id); the error names ``option`` and does not offer to
    create it (massive actions create no dropdown)."""
    try:
        return dropdowns.resolve(itemtype, value, option)
    except GlpiInputError as error:
        raise GlpiInputError(re.sub(r" \(create_missing_dropdowns: true creates it\)$", "", error.message))


def plan_update(client, itemtype, ids, field, value):
    """MassiveAction:update of ``field`` to ``value``, sent for the records where it differs."""
    _check_update(field, value)
    options = SearchOptions(client, itemtype)
    option_id, column = update_option(options, str(field).strip())
    target = itemtype_of(column)
    if target and isinstance(value, (str, int)) and not isinstance(value, bool) and value != "":
        value = dropdown_id(Dropdowns(client), target, value, "value")
    found = records_by_id(client, itemtype, ids)
    sample = next(iter(found.values()), None)
    if sample is not None and column not in sample:
        raise GlpiInputError("field: {0} records have no field {1} (search option {2}); GLPI would ignore it".format(
            itemtype, column, option_id))
    canonical = (options.options.get(option_id, {}).get("uid") or itemtype).split(".")[0]
    action_input = {"search_options": {canonical: option_id}, "field": column, column: value}
    targets = [i for i in ids if i in found and not same(value, found[i].get(column))]
    return Plan(action_input, targets,
                skipped=[i for i in ids if i in found and i not in targets],
                missing=[i for i in ids if i not in found],
                changes=dict((i, (found[i].get(column), value)) for i in targets))


def _check_update(field, value):
    if field is None or str(field).strip() == "":
        raise GlpiInputError("field: {0} needs field (the field to set) and value".format(UPDATE))
    if value is None:
        raise GlpiInputError("value: {0} needs value (use '' to empty a text field, 0 for no dropdown)".format(UPDATE))
    if isinstance(value, (list, dict)):
        raise GlpiInputError("value: must be a single value, got {0}".format(type(value).__name__))


def update_option(options, field):
    """``(search option id, column)`` for a massive update of ``field``: a column of the records,
    or a search option's id, uid or display name (``options``: the itemtype's SearchOptions)."""
    by_column = options.options_for_column(field)
    option_id = by_column[0] if by_column else _named_option(options, field)
    column = options.column(option_id)
    label = "search option {0} (uid {1}, id {2})".format(options.name(option_id), options.uid(option_id), option_id)
    if column is None:
        raise GlpiInputError("field: {0} shows a linked table, not a field of {1} records; a massive update "
                             "cannot set it".format(label, options.itemtype))
    if options.raw_options.get(option_id, {}).get("massiveaction") is False:
        raise GlpiInputError("field: GLPI does not offer the field {0} ({1}) for massive updates".format(column, label))
    return option_id, column


def _named_option(options, field):
    try:
        return options.resolve(field, "field")
    except GlpiInputError as error:
        close = difflib.get_close_matches(field, options.columns(), n=3, cutoff=0.7)
        raise GlpiInputError(str(error) + ("; close fields: " + ", ".join(close) if close else ""))


def plan_state(client, itemtype, action, ids, action_input):
    """Trash, restore or purge, sent for the records not yet in the state the action gives them."""
    found = records_by_id(client, itemtype, ids)
    state = dict((i, "trashed" if found[i].get("is_deleted") else "present") for i in ids if i in found)
    gone = [i for i in ids if i not in found]
    if action == DELETE and any("is_deleted" in r for r in found.values()):
        wanted, missing = "trashed", gone
    elif action == RESTORE:
        wanted, missing = "present", gone
    else:  # purges, and MassiveAction:delete of itemtypes without a trash bin, which purges
        wanted, missing = "absent", []  # ids already gone are as wanted
    targets = [i for i in ids if i in state and state[i] != wanted]
    return Plan(action_input, targets,
                skipped=[i for i in ids if i not in targets and i not in missing],
                missing=missing,
                changes=dict((i, (state[i], wanted)) for i in targets))


def plan_relation(client, itemtype, relation, verb, ids, action_input):
    """Contract_Item or Document_Item add (remove), sent for the records not linked (linked) to
    the peer given in the input."""
    key = RELATIONS[relation]
    peer = action_input.get("peer_" + key, action_input.get(key))
    if peer is None or not str(peer).strip().isdigit():
        return Plan(action_input, ids)  # GLPI will say what is wrong with it
    found = records_by_id(client, itemtype, ids)
    present = [i for i in ids if i in found]
    linked = _linked_to(client, itemtype, relation, key, int(str(peer).strip()))
    targets = [i for i in present if (i not in linked) == (verb == "add")]
    return Plan(action_input, targets,
                skipped=[i for i in present if i not in targets],
                missing=[i for i in ids if i not in found])


def _linked_to(client, itemtype, relation, key, peer):
    """The ids of the ``itemtype`` records linked to ``peer``: its relation rows, listed once
    (not one request per record); searchText only narrows them, the match is exact here."""
    rows = client.iter_items(relation, searchText={key: "^{0}$".format(peer), "itemtype": "^{0}$".format(itemtype)},
                             get_hateoas=False)
    return set(int(row["items_id"]) for row in rows if isinstance(row, dict) and str(row.get(key)) == str(peer)
               and str(row.get("itemtype", "")).lower() == itemtype.lower() and str(row.get("items_id", "")).isdigit())


# ---------------------------------------------------------------------- applying


def send(client, itemtype, action, planned):
    """Apply the action to the plan's targets: GLPI's counts (``ok``, ``ko``...) and messages."""
    try:
        answer = client.apply_massive_action(itemtype, action, planned.targets, planned.input)
    except GlpiError as error:
        if error.code != "ERROR_MASSIVEACTION_KEY":
            raise
        # GLPI's answer when it acted on no record at all, whatever the reason (recordings 151d, 156c).
        raise GlpiError("action: GLPI refused to apply {0} to {1} {2} with this input: {3}".format(
            action, itemtype, planned.targets, error.message), **error.context())
    answer = answer if isinstance(answer, dict) else {}
    return dict(((name, _count(answer.get(name))) for name in COUNTS), messages=massive_action_messages(answer))


def _count(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def problem(itemtype, action, planned, outcome, sent):
    """Why the task should fail: records GLPI did not act on (of the ``sent`` ones) or ids that do
    not exist; None when there is nothing to say."""
    parts = []
    if sent and (outcome["ko"] or outcome["noright"] or not outcome["ok"]):
        parts.append("GLPI applied {0} to {1} of {2} {3} record(s) (ko {4}, noright {5}, noaction {6}){7}".format(
            action, outcome["ok"], sent, itemtype, outcome["ko"], outcome["noright"], outcome["noaction"],
            ": " + "; ".join(outcome["messages"]) if outcome["messages"] else ""))
    if planned.missing:
        parts.append("ids: there is no {0} with id {1}".format(itemtype, ", ".join(str(i) for i in planned.missing)))
    return "; ".join(parts) or None


# ---------------------------------------------------------------------- what the module does


def list_actions(client, params):
    """The actions GLPI offers for the itemtype, for the one record in ``ids``, or for trashed records."""
    forbid(params, ("action", "input", "field", "value"), "with list=actions")
    ids = params["ids"] or []
    if len(ids) > 1:
        raise GlpiInputError("ids: list=actions takes at most one id (the record whose actions to list), got {0}".format(
            len(ids)))
    if ids and params["is_deleted"]:
        raise GlpiInputError("is_deleted: not with ids; GLPI lists the actions of a record by its own trash state")
    return Offer(client, params["itemtype"]).actions(params["is_deleted"], ids[0] if ids else None)


def list_parameters(client, params):
    """The parameters of the task's action; None when GLPI does not describe them."""
    forbid(params, ("ids", "input", "field", "value", "is_deleted"), "with list=parameters")
    if params["action"] is None:
        raise GlpiInputError("action: list=parameters needs the action whose parameters to list")
    offer = Offer(client, params["itemtype"])
    offer.check(params["action"])
    return offer.parameters(params["action"])


def apply(client, params, check_mode=False, with_diff=False):
    """Plan the task's action and apply it (not in check mode): ``(changed, result, problem)``, where
    ``problem`` says why the task should fail (see problem), or is None."""
    action, ids = action_and_ids(params)
    offer = Offer(client, params["itemtype"])
    offer.check(action)
    planned = plan(client, offer, action, ids, params)
    result = dict(ok=0, ko=0, noright=0, noaction=0, messages=[], applied_ids=planned.targets,
                  skipped_ids=planned.skipped, missing_ids=planned.missing, action_input=planned.input)
    if with_diff and planned.changes is not None:
        result["diff"] = planned.diff(offer.itemtype)
    sent = 0 if check_mode else len(planned.targets)
    if sent:
        result.update(send(client, offer.itemtype, action, planned))
    changed = bool(planned.targets) if check_mode else result["ok"] > 0
    return changed, result, problem(offer.itemtype, action, planned, result, sent)
