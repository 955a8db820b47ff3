#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_massive_action
short_description: Apply a GLPI massive action to many records, or list the massive actions available
version_added: 0.1.0
description:
  - Applies one of GLPI's massive actions (O(action), such as V(MassiveAction:update),
    V(MassiveAction:delete) or V(Contract_Item:add)) to the records O(ids) of O(itemtype), in one
    request (GLPI's applyMassiveAction).
  - Before anything is sent, the module checks that GLPI offers O(action) for O(itemtype) to this
    user (getMassiveActions; the actions on trashed records for V(MassiveAction:restore) and
    V(MassiveAction:purge)) and that O(input) gives every parameter GLPI lists for it
    (getMassiveActionParameters). A wrong key, a key without its C(Class:) prefix or a missing
    parameter fails with a message naming the option, and nothing is written.
  - Idempotent where the outcome can be known in advance. The records are read first and only those
    that need the action are sent; when none does, no write request is sent and the task reports no change.
  - V(MassiveAction:update) sets O(field) to O(value) on the records where it differs.
  - V(MassiveAction:delete) (put in the trash bin) skips records already trashed; V(MassiveAction:restore)
    skips records not in the trash bin; V(MassiveAction:purge) and V(MassiveAction:purge_item_but_devices)
    skip ids that no longer exist (GLPI purges records whether they are trashed or not).
  - V(Contract_Item:add) and V(Document_Item:add) skip records already linked to the contract or document
    (C(peer_contracts_id), C(peer_documents_id) in O(input)); V(Contract_Item:remove) and
    V(Document_Item:remove) skip records not linked to it.
  - Every other action is sent for every id at each run and reports a change. In particular
    V(MassiveAction:amend_comment) and V(MassiveAction:add_note) B(append) their text each time they run
    (guard them with C(when) or C(run_once) where that matters).
  - With O(list), the module lists instead the massive actions available (for the itemtype, for one record,
    or for trashed records) or the parameters of an action, and changes nothing.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
options:
  itemtype:
    description:
      - The GLPI itemtype of the records, as in GLPI's API (V(Computer), V(NetworkEquipment), V(Printer),
        V(Ticket), V(Location)...).
    type: str
    required: true
  action:
    description:
      - The key of the massive action, C(Class:action) as GLPI lists them (O(list=actions)), such as
        V(MassiveAction:update), V(MassiveAction:delete), V(MassiveAction:restore), V(MassiveAction:purge),
        V(MassiveAction:amend_comment), V(MassiveAction:add_note), V(Contract_Item:add),
        V(Document_Item:add), V(Infocom:activate)...
      - Required unless O(list=actions).
    type: str
  ids:
    description:
      - The ids of the records to act on. Required unless O(list) is given; duplicates are ignored.
      - With O(list=actions), at most one id, to list the actions available for that record (GLPI
        offers other actions for a record in the trash bin).
      - Ids that do not exist make the task fail (see O(fail_on_partial)), except with the purge actions,
        for which they are already gone. The actions whose records are read first (see the description)
        leave them out and list them in RV(missing_ids); for the others GLPI counts them in RV(ko).
    type: list
    elements: int
  input:
    description:
      - The parameters of the action, as GLPI expects them in C(input) (O(list=parameters) shows their
        names), such as C(amendment) for V(MassiveAction:amend_comment), C(add_note) for
        V(MassiveAction:add_note), or C(peer_contracts_id) for V(Contract_Item:add).
      - A parameter GLPI types as a dropdown (C(peer_contracts_id), C(peer_documents_id)...) also accepts
        the name of the record it points at, such as a contract's name.
      - Not used with V(MassiveAction:update), which takes O(field) and O(value) instead.
    type: dict
  field:
    description:
      - With V(MassiveAction:update), the field to set, either a column of the records (V(comment),
        V(locations_id), V(states_id), V(users_id_tech)...), or a search option by id (V(16)), uid
        (V(Computer.comment)) or display name (V(Comments), V(Location)).
      - The module finds the search option GLPI needs (C(search_options)) with listSearchOptions. An unknown
        name fails and lists close matches. Options GLPI does not offer for massive updates (such as
        V(name), or the fields of linked tables such as a location's address) are refused.
    type: str
  value:
    description:
      - With V(MassiveAction:update), the value to set O(field) to. Use V('') to empty a text field.
      - A foreign key (V(locations_id), V(states_id)...) accepts an id or a name; tree dropdowns also take a
        complete name such as V(Paris > Building A). An unknown or ambiguous name fails, naming O(value).
    type: raw
  list:
    description:
      - Instead of applying an action, list what GLPI offers (nothing is changed).
      - V(actions) - the massive actions available for O(itemtype) (getMassiveActions), for the record in
        O(ids) when one id is given, or for trashed records with O(is_deleted=true). Returned in RV(actions).
      - V(parameters) - the parameters of O(action) (getMassiveActionParameters), returned in RV(parameters).
        GLPI lists none for V(MassiveAction:update) (it takes O(field) and O(value)) and refuses to describe
        V(MassiveAction:purge) and V(MassiveAction:restore), which take none.
    type: str
    choices: [actions, parameters]
  is_deleted:
    description:
      - With O(list=actions), list the actions available for records in the trash bin
        (V(MassiveAction:restore), V(MassiveAction:purge)...).
    type: bool
    default: false
  fail_on_partial:
    description:
      - Fail the task when GLPI could not act on every record sent (it answers 207 or 422, or counts
        records refused for lack of rights in RV(noright)), or when some O(ids) do not exist.
      - V(false) reports such outcomes in RV(ko), RV(noright), RV(missing_ids) and RV(messages) with a
        warning, and the task succeeds.
    type: bool
    default: true
notes:
  - GLPI applies a massive action to each record on its own; when some fail, the others are still done.
    RV(ok), RV(ko), RV(noright), RV(noaction) and RV(messages) are GLPI's own report.
  - GLPI checks rights record by record; a user whose profile lacks the right sees the action missing
    from getMassiveActions (the module then fails before sending it) or gets the records counted in RV(noright).
attributes:
  check_mode:
    support: full
    details: The action and its parameters are checked and the records read; nothing is applied.
  diff_mode:
    support: partial
    details: >-
      V(MassiveAction:update) shows the field of each record before and after; V(MassiveAction:delete),
      V(MassiveAction:restore) and the purge actions show each record's state. Other actions have no diff.
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Set the comment of three computers (only those whose comment differs are updated)
  glpi.itsm.glpi_massive_action:
    url: https://glpi.example.com
    user_token: "{{ vault_glpi_user_token }}"
    itemtype: Computer
    action: MassiveAction:update
    ids: [12, 13, 14]
    field: comment
    value: Managed by Ansible

- name: Move them to a location given by its complete name
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:update
    ids: [12, 13, 14]
    field: locations_id        # or the search option: Location, Computer.Location.completename, 3
    value: Paris > Building A

- name: Append a line to their comments (appends again at every run)
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:amend_comment
    ids: [12, 13, 14]
    input:
      amendment: Audited on {{ '%Y-%m-%d' | strftime }}

- name: Link them to a contract given by its name
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    action: Contract_Item:add
    ids: [12, 13, 14]
    input:
      peer_contracts_id: Support 24x7

- name: Put them in the trash bin, then purge them for good
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    action: "{{ item }}"
    ids: [12, 13, 14]
  loop: [MassiveAction:delete, MassiveAction:purge]

- name: Report, without failing, the records GLPI could not act on
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    action: MassiveAction:add_note
    ids: "{{ computer_ids }}"
    input:
      add_note: Decommissioning planned
    fail_on_partial: false
  register: noted

- name: Which massive actions can be applied to computers in the trash bin?
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    list: actions
    is_deleted: true
  register: trashed_actions

- name: Which parameters does Contract_Item:add take?
  glpi.itsm.glpi_massive_action:
    itemtype: Computer
    list: parameters
    action: Contract_Item:add
  register: contract_parameters
"""

RETURN = r"""
actions:
  description: The massive actions available, each with its C(key) (what O(action) takes) and its C(label).
  returned: with O(list=actions)
  type: list
  elements: dict
  sample: [{"key": "MassiveAction:update", "label": "Update"}, {"key": "MassiveAction:delete", "label": "Put in trashbin"}]
parameters:
  description: The parameters of O(action) as GLPI lists them, each with its C(name) (a key of O(input)) and C(type).
  returned: with O(list=parameters)
  type: list
  elements: dict
  sample: [{"name": "peer_contracts_id", "type": "dropdown"}]
ok:
  description: The number of records GLPI acted on. 0 when nothing was sent (nothing to do, or check mode).
  returned: unless O(list) is given
  type: int
  sample: 2
ko:
  description: The number of records on which GLPI failed to act.
  returned: unless O(list) is given
  type: int
  sample: 0
noright:
  description: The number of records GLPI refused to act on because the user lacks the right.
  returned: unless O(list) is given
  type: int
  sample: 0
noaction:
  description: The number of records on which GLPI found nothing to do.
  returned: unless O(list) is given
  type: int
  sample: 0
messages:
  description: GLPI's messages about the records it could not act on, as plain text (GLPI sends HTML links).
  returned: unless O(list) is given
  type: list
  elements: str
  sample: ["ansible-pc-02: Error on executing the action"]
applied_ids:
  description: The ids the action was sent for (in check mode, would be sent for).
  returned: unless O(list) is given
  type: list
  elements: int
  sample: [12, 14]
skipped_ids:
  description: The ids left out because they already were as the action would make them (see the description).
  returned: unless O(list) is given
  type: list
  elements: int
  sample: [13]
missing_ids:
  description:
    - The ids for which no record exists, left out, with the actions whose records are read first
      (V(MassiveAction:update), V(MassiveAction:delete), V(MassiveAction:restore), the contract and document
      links). With the purge actions they are in RV(skipped_ids) instead; other actions send them to GLPI.
  returned: unless O(list) is given
  type: list
  elements: int
  sample: []
action_input:
  description:
    - The C(input) sent to GLPI with the action (in check mode, that would be sent); for V(MassiveAction:update)
      it holds the search option and the field built from O(field), and names are resolved to ids.
  returned: unless O(list) is given
  type: dict
  sample: {"search_options": {"Computer": 16}, "field": "comment", "comment": "Managed by Ansible"}
"""

import difflib
import re
from html import unescape

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns, itemtype_of
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError, GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module
from ansible_collections.glpi.itsm.plugins.module_utils.records import records_by_id, same
from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions

UPDATE = "MassiveAction:update"
DELETE = "MassiveAction:delete"
RESTORE = "MassiveAction:restore"
PURGES = ("MassiveAction:purge", "MassiveAction:purge_item_but_devices")
# Actions GLPI only lists for records in the trash bin (recording 153): looked up there first.
TRASH_ACTIONS = (RESTORE,) + PURGES
# Relations whose add/remove is idempotent here: the relation itemtype and its foreign key to the peer.
RELATIONS = {"Contract_Item": "contracts_id", "Document_Item": "documents_id"}
ACTION_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_\\]*:[A-Za-z0-9_]+$")


def plain_text(message):
    """One of GLPI's messages without its HTML (links to the records), entities decoded."""
    return " ".join(unescape(re.sub(r"<[^>]*>", "", str(message))).split())


def resolve_name(dropdowns, itemtype, value, option):
    """A dropdown's id from its name; the error names ``option`` (this module creates no dropdown)."""
    try:
        return dropdowns.resolve(itemtype, value, option)
    except GlpiInputError as error:
        raise GlpiInputError(re.sub(r" \(create_missing_dropdowns: true creates it\)$", "", error.message))


def unique_ids(ids):
    seen, out = set(), []
    for item_id in ids:
        if item_id not in seen:
            seen.add(item_id)
            out.append(item_id)
    return out


class Plan(object):
    """Which ids the action is sent for, which are left out, and the input sent."""

    def __init__(self, action_input, targets, skipped=(), missing=(), before=None, after=None):
        self.input = action_input
        self.targets = list(targets)
        self.skipped = list(skipped)
        self.missing = list(missing)
        self.before = before  # {id: value} for the diff, or None
        self.after = after


class MassiveAction(object):
    """One run of the module."""

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.itemtype = module.params["itemtype"]
        self._actions = {}
        self._search_options = None

    # ------------------------------------------------------------------ checks

    def forbid(self, names, why):
        for name in names:
            value = self.params[name]
            if value is not None and value is not False and not (name == "ids" and value == []):
                raise GlpiInputError("{0}: not used {1}".format(name, why))

    def available(self, is_deleted=False, item_id=None):
        """GLPI's massive actions for the itemtype (or one record), as [{"key", "label"}], read once."""
        key = (bool(is_deleted), item_id)
        if key not in self._actions:
            try:
                # is_deleted is left out rather than sent as 'false': PHP reads the string 'false' as true.
                answer = self.client.get_massive_actions(self.itemtype, item_id, 1 if is_deleted else None)
            except GlpiNotFoundError as error:
                if error.code in ("ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM"):
                    raise GlpiInputError("itemtype: GLPI has no itemtype {0!r}".format(self.itemtype))
                if error.code == "ERROR_ITEM_NOT_FOUND" and item_id is not None:
                    raise GlpiInputError("ids: there is no {0} with id {1}".format(self.itemtype, item_id))
                raise
            self._actions[key] = [dict(key=a.get("key"), label=a.get("label")) for a in answer or []
                                  if isinstance(a, dict) and a.get("key")]
        return self._actions[key]

    def check_action(self, action):
        """Fail unless GLPI offers ``action`` for the itemtype; an action of trashed records is looked
        up among those (GLPI does not list MassiveAction:purge for records out of the trash bin)."""
        if not isinstance(action, str) or not action.strip():
            raise GlpiInputError("action: give a massive action key such as MassiveAction:update")
        if ":" in action and not ACTION_KEY.match(action):
            raise GlpiInputError("action: {0!r} is not a massive action key (Class:action, letters, digits and "
                                 "underscores)".format(action))
        if ":" not in action:
            # Said without asking GLPI: input that is wrong by itself sends no request.
            core = ("update", "delete", "restore", "purge", "purge_item_but_devices", "add_note", "amend_comment",
                    "clone", "add_transfer_list")
            close = ["MassiveAction:" + action.strip()] if action.strip().lower() in core else []
            raise GlpiInputError("action: {0!r} lacks its Class: prefix; massive action keys are Class:action{1}".format(
                action, "; did you mean {0}?".format(" or ".join(close)) if close else
                " such as MassiveAction:update (list: actions shows them)"))
        order = (True, False) if action in TRASH_ACTIONS else (False, True)
        for is_deleted in order:
            if action in [a["key"] for a in self.available(is_deleted)]:
                return
        offered = [a["key"] for a in self.available()]
        trashed = [a["key"] for a in self.available(is_deleted=True) if a["key"] not in offered]
        close = difflib.get_close_matches(action, offered + trashed, n=3, cutoff=0.6)
        close += [k for k in offered + trashed if k.lower() == action.lower() and k not in close]
        raise GlpiInputError(
            "action: GLPI offers no massive action {0!r} for {1} to this user{2}; available: {3}{4}".format(
                action, self.itemtype, "; close matches: " + ", ".join(close) if close else "",
                ", ".join(offered) or "none",
                "; on trashed records: " + ", ".join(trashed) if trashed else ""))

    def parameters(self, action):
        """The parameters GLPI lists for ``action``; None when GLPI does not describe it (it refuses
        purge and restore with ERROR_MASSIVEACTION_KEY, recording 150c)."""
        try:
            answer = self.client.get_massive_action_parameters(self.itemtype, action)
        except GlpiError as error:
            if error.code == "ERROR_MASSIVEACTION_KEY":
                return None
            raise
        return [dict(name=p.get("name"), type=p.get("type")) for p in answer or [] if isinstance(p, dict) and p.get("name")]

    # ------------------------------------------------------------------ reading

    def read_records(self, ids):
        """``{id: record}`` for the ids that exist (trashed ones too)."""
        return records_by_id(self.client, self.itemtype, ids)

    @property
    def search_options(self):
        if self._search_options is None:
            self._search_options = SearchOptions(self.client, self.itemtype)
        return self._search_options

    # ------------------------------------------------------------------ planning

    def plan(self, action, ids):
        if action == UPDATE:
            return self.plan_update(ids)
        self.forbid(("field", "value"), "with {0} (only with {1})".format(action, UPDATE))
        action_input = self.resolve_input(action)
        if action in (DELETE, RESTORE) + PURGES:
            return self.plan_state(action, ids, action_input)
        relation, verb = action.split(":", 1)
        if relation in RELATIONS and verb in ("add", "remove"):
            return self.plan_relation(relation, verb, ids, action_input)
        return Plan(action_input, ids)

    def resolve_input(self, action):
        """``input`` checked against the parameters GLPI lists, dropdown names resolved to ids."""
        given = dict(self.params["input"] or {})
        listed = self.parameters(action) or []
        missing = ["{0} ({1})".format(p["name"], p["type"]) if p.get("type") else p["name"]
                   for p in listed if given.get(p["name"]) is None]
        if missing:
            raise GlpiInputError("input: {0} on {1} needs {2}; give {3} in input".format(
                action, self.itemtype, ", ".join(missing), "it" if len(missing) == 1 else "them"))
        dropdowns = Dropdowns(self.client)
        for parameter in listed:
            name = parameter["name"]
            target = itemtype_of(re.sub(r"^peer_", "", name)) if parameter.get("type") == "dropdown" else None
            target = target[:1].upper() + target[1:] if target else None  # 'contract' reads better as 'Contract'
            value = given[name]
            if target and isinstance(value, str) and value.strip() and not value.strip().isdigit():
                given[name] = resolve_name(dropdowns, target, value, "input." + name)
        return given

    def plan_update(self, ids):
        self.forbid(("input",), "with {0}: give field and value".format(UPDATE))
        if self.params["field"] is None or str(self.params["field"]).strip() == "":
            raise GlpiInputError("field: {0} needs field (the field to set) and value".format(UPDATE))
        value = self.params["value"]
        if value is None:
            raise GlpiInputError("value: {0} needs value (use '' to empty a text field, 0 for no dropdown)".format(UPDATE))
        if isinstance(value, (list, dict)):
            raise GlpiInputError("value: must be a single value, got {0}".format(type(value).__name__))
        option_id, column = self.update_option(str(self.params["field"]).strip())
        target = itemtype_of(column)
        if target and isinstance(value, (str, int)) and not isinstance(value, bool) and value != "":
            value = resolve_name(Dropdowns(self.client), target, value, "value")
        records = self.read_records(ids)
        some = next(iter(records.values()), None)
        if some is not None and column not in some:
            raise GlpiInputError("field: {0} records have no field {1} (search option {2}); GLPI would ignore it".format(
                self.itemtype, column, option_id))
        canonical = (self.search_options.options.get(option_id, {}).get("uid") or self.itemtype).split(".")[0]
        action_input = {"search_options": {canonical: option_id}, "field": column, column: value}
        targets = [i for i in ids if i in records and not same(value, records[i].get(column))]
        skipped = [i for i in ids if i in records and i not in targets]
        missing = [i for i in ids if i not in records]
        before = dict((i, records[i].get(column)) for i in targets)
        return Plan(action_input, targets, skipped, missing, before, dict((i, value) for i in targets))

    def update_option(self, field):
        """(search option id, column) for ``field``: a column, or an option id, uid or display name."""
        options = self.search_options
        by_column = options.options_for_column(field)
        if by_column:
            option_id = by_column[0]
        else:
            try:
                option_id = options.resolve(field, "field")
            except GlpiInputError as error:
                close = difflib.get_close_matches(field, options.columns(), n=3, cutoff=0.7)
                raise GlpiInputError(str(error) + ("; close fields: " + ", ".join(close) if close else ""))
        column = options.column(option_id)
        label = "search option {0} (uid {1}, id {2})".format(options.name(option_id), options.uid(option_id), option_id)
        if column is None:
            raise GlpiInputError("field: {0} shows a linked table, not a field of {1} records; a massive update "
                                 "cannot set it".format(label, self.itemtype))
        if options.raw_options.get(option_id, {}).get("massiveaction") is False:
            raise GlpiInputError("field: GLPI does not offer the field {0} ({1}) for massive updates".format(column, label))
        return option_id, column

    def plan_state(self, action, ids, action_input):
        records = self.read_records(ids)
        found = [i for i in ids if i in records]
        gone = [i for i in ids if i not in records]
        has_trash = any("is_deleted" in r for r in records.values())
        state = dict((i, "trashed" if records[i].get("is_deleted") else "present") for i in found)
        if action == DELETE and has_trash:
            targets, want, missing, skipped_gone = [i for i in found if state[i] == "present"], "trashed", gone, []
        elif action == RESTORE:
            targets, want, missing, skipped_gone = [i for i in found if state[i] == "trashed"], "present", gone, []
        else:  # purges, and MassiveAction:delete of itemtypes without a trash bin, which purges
            targets, want, missing, skipped_gone = found, "absent", [], gone
        skipped = [i for i in ids if i not in targets and i not in missing]
        before = dict((i, state[i]) for i in targets)
        return Plan(action_input, targets, skipped, missing, before, dict((i, want) for i in targets))

    def plan_relation(self, relation, verb, ids, action_input):
        key = RELATIONS[relation]
        peer = action_input.get("peer_" + key, action_input.get(key))
        if peer is None or not str(peer).strip().isdigit():
            return Plan(action_input, ids)  # GLPI will say what is wrong with it
        records = self.read_records(ids)
        linked = set()
        for item_id in ids:
            if item_id in records:
                rows = self.client.iter_sub_items(self.itemtype, item_id, relation, get_hateoas=False)
                if any(str(row.get(key)) == str(peer).strip() for row in rows if isinstance(row, dict)):
                    linked.add(item_id)
        found = [i for i in ids if i in records]
        targets = [i for i in found if (i not in linked) == (verb == "add")]
        skipped = [i for i in found if i not in targets]
        return Plan(action_input, targets, skipped, [i for i in ids if i not in records])

    # ------------------------------------------------------------------ modes

    def list_actions(self):
        self.forbid(("action", "input", "field", "value"), "with list=actions")
        ids = self.params["ids"] or []
        if len(ids) > 1:
            raise GlpiInputError("ids: list=actions takes at most one id (the record whose actions to list), got {0}".format(
                len(ids)))
        if ids and self.params["is_deleted"]:
            raise GlpiInputError("is_deleted: not with ids; GLPI lists the actions of a record by its own trash state")
        item_id = ids[0] if ids else None
        return dict(actions=self.available(self.params["is_deleted"] if item_id is None else False, item_id))

    def list_parameters(self):
        self.forbid(("ids", "input", "field", "value", "is_deleted"), "with list=parameters")
        action = self.params["action"]
        if action is None:
            raise GlpiInputError("action: list=parameters needs the action whose parameters to list")
        self.check_action(action)
        listed = self.parameters(action)
        if listed is None:
            self.module.warn("GLPI does not describe the parameters of {0} (it answers ERROR_MASSIVEACTION_KEY); "
                             "this action takes none".format(action))
        return dict(parameters=listed or [])

    def apply(self):
        params = self.params
        self.forbid(("is_deleted",), "when applying an action (only with list=actions)")
        action = params["action"]
        if action is None:
            raise GlpiInputError("action: required unless list is given (list: actions shows the keys)")
        ids = unique_ids(params["ids"] or [])
        if not ids:
            raise GlpiInputError("ids: give the ids of the records to act on (an empty list does nothing)")
        for item_id in ids:
            if item_id < 0:
                raise GlpiInputError("ids: must not be negative, got {0}".format(item_id))
        self.check_action(action)
        plan = self.plan(action, ids)
        result = dict(ok=0, ko=0, noright=0, noaction=0, messages=[], applied_ids=plan.targets,
                      skipped_ids=plan.skipped, missing_ids=plan.missing, action_input=plan.input)
        if self.module._diff and plan.before is not None:
            result["diff"] = dict(
                before_header="{0} {1}".format(self.itemtype, ", ".join(str(i) for i in plan.targets)),
                before=dict((str(k), v) for k, v in plan.before.items()),
                after=dict((str(k), v) for k, v in plan.after.items()))
        if plan.targets and not self.module.check_mode:
            result.update(self.send(action, plan))
        changed = bool(plan.targets) if self.module.check_mode else result["ok"] > 0
        problem = self.problem(action, plan, result)
        if problem:
            if params["fail_on_partial"]:
                self.module.fail_json(msg=problem, changed=changed, **result)
            self.module.warn(problem)
        return changed, result

    def send(self, action, plan):
        try:
            answer = self.client.apply_massive_action(self.itemtype, action, plan.targets, plan.input)
        except GlpiError as error:
            if error.code != "ERROR_MASSIVEACTION_KEY":
                raise
            # GLPI's answer when it acted on no record at all, whatever the reason (recordings 151d, 156c).
            raise GlpiError("action: GLPI refused to apply {0} to {1} {2} with this input: {3}".format(
                action, self.itemtype, plan.targets, error.message), code=error.code, status=error.status,
                method=error.method, url=error.url)
        answer = answer if isinstance(answer, dict) else {}
        messages = answer.get("messages") or []
        if isinstance(messages, dict):
            messages = list(messages.values())
        counts = {}
        for name in ("ok", "ko", "noright", "noaction"):
            try:
                counts[name] = int(answer.get(name) or 0)
            except (TypeError, ValueError):
                counts[name] = 0
        return dict(counts, messages=[plain_text(m) for m in messages if m not in (None, "")])

    def problem(self, action, plan, result):
        """Why the task should fail (what GLPI could not do, or missing ids), or None."""
        parts = []
        sent = len(plan.targets) if not self.module.check_mode else 0
        if sent and (result["ko"] or result["noright"] or not result["ok"]):
            parts.append("GLPI applied {0} to {1} of {2} {3} record(s) (ko {4}, noright {5}, noaction {6}){7}".format(
                action, result["ok"], sent, self.itemtype, result["ko"], result["noright"], result["noaction"],
                ": " + "; ".join(result["messages"]) if result["messages"] else ""))
        if plan.missing:
            parts.append("ids: there is no {0} with id {1}".format(
                self.itemtype, ", ".join(str(i) for i in plan.missing)))
        return "; ".join(parts) or None


def run(module, client):
    task = MassiveAction(module, client)
    if module.params["list"] == "actions":
        return False, task.list_actions()
    if module.params["list"] == "parameters":
        return False, task.list_parameters()
    return task.apply()


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            itemtype=dict(type="str", required=True),
            action=dict(type="str"),
            ids=dict(type="list", elements="int"),
            input=dict(type="dict"),
            field=dict(type="str"),
            value=dict(type="raw"),
            list=dict(type="str", choices=["actions", "parameters"]),
            is_deleted=dict(type="bool", default=False),
            fail_on_partial=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
