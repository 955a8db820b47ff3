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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, massive
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def run(module, client):
    params = module.params
    if params["list"] == "actions":
        return False, dict(actions=massive.list_actions(client, params))
    if params["list"] == "parameters":
        return False, dict(parameters=list_parameters(module, client))
    changed, result, problem = massive.apply(client, params, module.check_mode, module._diff)
    if problem and params["fail_on_partial"]:
        module.fail_json(msg=problem, changed=changed, **result)
    if problem:
        module.warn(problem)
    return changed, result


def list_parameters(module, client):
    parameters = massive.list_parameters(client, module.params)
    if parameters is None:
        module.warn("GLPI does not describe the parameters of {0} (it answers ERROR_MASSIVEACTION_KEY); "
                    "this action takes none".format(module.params["action"]))
    return parameters or []


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
