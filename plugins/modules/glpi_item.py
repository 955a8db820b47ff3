#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_item
short_description: Create, update, trash, restore and purge GLPI records of any itemtype
version_added: 0.1.0
description:
  - Makes one record (O(fields)) or many (O(records)) of any GLPI itemtype (Computer,
    NetworkEquipment, Location, Ticket, User...) be as described, idempotently.
  - A record is found by O(id), or by the fields named in O(lookup) (an exact match, where case, spaces
    and special characters count). No match creates it, one match updates it, several fail and list their ids.
  - Only the fields given are compared, after normalising GLPI's types (0/1 and booleans, numbers
    sent back as strings such as V(0.0000), null and empty strings), so a second run sends no write.
  - Foreign keys (V(locations_id), V(states_id), V(entities_id), V(manufacturers_id),
    V(computermodels_id), V(users_id), V(groups_id_tech)...) accept an id or a name; tree dropdowns
    (Location, Entity, Group...) also accept a complete name such as V(Paris > Building A).
    An unknown or ambiguous name fails with a message naming the field; an id that does not exist
    fails too (GLPI itself would store it silently).
  - GLPI drops fields it does not know without a word; this module fails instead, naming them.
  - "Requests: one or two records are each looked up by themselves, with the names of what their
    foreign keys point at, so that a record with nothing to change costs one request (in a session
    from M(glpi.itsm.glpi_session)) when its foreign keys are given by id or by a plain name; a
    complete name such as V(Paris > Building A) costs one look-up more, to check the tree. Many
    records cost a request per page of 10,000 records, not per record: the itemtype is listed (the
    trash bin only for the records not found alive), each dropdown itemtype with several names too,
    and the writes go in requests of 500 records. See C(docs/records-benchmark.md)."
  - A plain name that the record's foreign key already points at is taken as is, even when
    another dropdown of the tree has the same name; to change it, give the complete name or the id.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
options:
  itemtype:
    description:
      - The GLPI itemtype, as in GLPI's API (V(Computer), V(NetworkEquipment), V(Location), V(Ticket), V(User)...).
    type: str
    required: true
  id:
    description:
      - The id of the record. Excludes O(lookup) and O(records).
    type: int
  lookup:
    description:
      - The fields whose values (in O(fields)) identify the record. The default is V([name]), and
        for a tree dropdown (Location, Entity, Group, State...) also its parent field
        (V(locations_id)...) when O(fields) gives it.
      - Each field must be given in O(fields) (or in each entry of O(records)).
    type: list
    elements: str
  fields:
    description:
      - The values to set. Foreign keys accept names (see the description).
      - Fields starting with V(_) are instructions to GLPI; they are sent when the record is created
        or updated but never compared. The actors' ones of a Ticket, Problem or Change
        (V(_users_id_requester), V(_groups_id_assign)...) are an exception - they are taken as
        O(actors) (V(_users_id_requester=jdoe) is O(actors.requester=[jdoe])).
      - The V(status) of a Ticket, Problem or Change accepts a name as well as a number (Ticket -
        V(new), V(assigned), V(planned), V(waiting), V(solved), V(closed); Problem - also
        V(accepted), V(observed); Change - V(new), V(evaluation), V(approval), V(accepted),
        V(waiting), V(test), V(qualification), V(applied), V(review), V(closed), V(canceled),
        V(refused)). Another number fails (GLPI would store it). A closed record takes no change
        but its status - a task that reopens it and changes other fields reopens it first.
      - The V(password) of a V(User) is only sent when the user is created (GLPI never returns it,
        so it cannot be compared).
    type: dict
  records:
    description:
      - Many records in one task, each a dict of fields identified by V(id) or by the O(lookup)
        fields. Creations, updates, restorations, trashings and purges are each sent in one request
        per 500 records, with an outcome per record.
      - Excludes O(id) and O(fields).
    type: list
    elements: dict
  state:
    description:
      - V(present) - the record exists and is not in the trash bin (created, updated or restored).
      - V(trashed) - the record exists in the trash bin (created first if needed). Itemtypes
        without a trash bin (most dropdowns) fail with a message saying so.
      - V(absent) - the record is purged for good.
    type: str
    choices: [present, trashed, absent]
    default: present
  history:
    description:
      - With O(state=trashed) or O(state=absent), whether GLPI writes the deletion in the history.
        Not set leaves GLPI's default (it does).
    type: bool
  create_missing_dropdowns:
    description:
      - Create a plain dropdown (or the missing end of a tree path) named in a foreign key when it
        does not exist, instead of failing.
    type: bool
    default: false
  actors:
    description:
      - The actors of a Ticket, Problem or Change, per role. Users by login or id, groups by name,
        complete name (V(Support > Network)) or id, suppliers by name or id; one or a list.
      - Each role given holds exactly the actors listed after the task (an empty list removes all
        of them), unless O(append=true); the roles not given are left alone.
      - They are compared with GLPI's actor rows (Ticket_User, Group_Ticket, Supplier_Ticket and
        the Problem and Change ones), so a second run writes nothing. A record created gets them
        with its creation (GLPI's rules and notifications see them, as in its form) and they are
        checked afterwards - GLPI ignores an actor it does not accept without a word.
      - An unknown login or name fails, naming the option (V(actors.requester[0])).
      - See C(docs/itsm.md).
    type: dict
    suboptions:
      requester: {description: Requesters (users)., type: list, elements: raw}
      observer: {description: Observers (users)., type: list, elements: raw}
      assign: {description: Assigned technicians (users)., type: list, elements: raw}
      requester_group: {description: Requester groups., type: list, elements: raw}
      observer_group: {description: Observer groups., type: list, elements: raw}
      assign_group: {description: Assigned groups., type: list, elements: raw}
      requester_supplier: {description: Requester suppliers., type: list, elements: raw}
      observer_supplier: {description: Observer suppliers., type: list, elements: raw}
      assign_supplier: {description: Assigned suppliers., type: list, elements: raw}
  append:
    description:
      - With V(true), O(actors) and O(linked_items) are only added, never removed.
    type: bool
    default: false
  linked_items:
    description:
      - The items linked to a Ticket, Problem or Change (GLPI's Item_Ticket, Item_Problem and
        Change_Item rows), each a dict with an V(itemtype) and its V(id), V(name) or other fields
        that identify one record exactly.
      - The list is exact (links not listed are removed) unless O(append=true).
    type: list
    elements: dict
  followups:
    description:
      - Follow-ups of a Ticket, Problem or Change, each a text or a dict of ITILFollowup fields with
        a V(content) (V(is_private), V(requesttypes_id)...).
      - A follow-up is identified by its text (HTML tags, entities and spaces do not count) - one
        whose text the record already has is not added again. Follow-ups are never changed or removed.
    type: list
    elements: raw
  tasks:
    description:
      - Tasks of a Ticket, Problem or Change (TicketTask, ProblemTask, ChangeTask), each a text or a
        dict with a V(content) and other task fields - V(state) (V(information), V(todo),
        V(done) or 0, 1, 2), V(actiontime) (seconds), V(users_id_tech) (a login), V(groups_id_tech),
        V(is_private), V(taskcategories_id).
      - A task is identified by its text - a missing one is added, the other fields given of an
        existing one are updated. Tasks are never removed.
    type: list
    elements: raw
  solution:
    description:
      - A solution (ITILSolution) - a text, or a dict with a V(content) and V(solutiontypes_id).
        Adding it solves the record (GLPI's status V(solved)); with V(status=closed) in O(fields) the
        record is closed after.
      - Nothing is sent when the record is solved or closed already with that solution. A record
        solved or closed with another solution fails - GLPI takes no new solution until it is
        reopened (V(status=assigned) in O(fields), in a task before).
    type: raw
  validations:
    description:
      - Approval requests of a Ticket or Change (TicketValidation, ChangeValidation), each a
        validator (a login or a user id) or a dict with a V(validator) and a V(comment).
      - Identified by the validator - a user asked already is not asked again.
    type: list
    elements: raw
notes:
  - Values are sent and compared unescaped (the module asks GLPI for raw content), so C(<), C(&),
    quotes and non-ASCII text round-trip unchanged.
  - A record is restored from the trash bin with GLPI's C(MassiveAction:restore).
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: A computer in a location given by its complete name
  glpi.itsm.glpi_item:
    url: https://glpi.example.com
    user_token: "{{ vault_glpi_user_token }}"
    itemtype: Computer
    fields:
      name: web-01
      serial: CZ2049XYZ
      locations_id: Paris > Building A
      states_id: In production
      manufacturers_id: Dell
      comment: Managed by Ansible

- name: Identify a printer by its serial number instead of its name
  glpi.itsm.glpi_item:
    itemtype: Printer
    lookup: [serial]
    fields:
      serial: PRN-0042
      name: printer-3rd-floor

- name: Move a computer to the trash bin
  glpi.itsm.glpi_item:
    itemtype: Computer
    fields:
      name: old-desktop-17
    state: trashed

- name: Update many computers in one task (one request per kind of change)
  glpi.itsm.glpi_item:
    itemtype: Computer
    records:
      - name: web-01
        states_id: In production
      - name: web-02
        states_id: In production
      - id: 42
        comment: Rack 3

- name: A ticket with its requester and assigned group by name, linked to a computer
  glpi.itsm.glpi_item:
    itemtype: Ticket
    fields:
      name: Disk full on web-01
      content: The / partition of web-01 is full.
      itilcategories_id: Servers > Storage
      urgency: 4
    actors:
      requester: [jdoe]
      assign_group: [Network]
    linked_items:
      - itemtype: Computer
        name: web-01
    followups:
      - Cleanup started by Ansible

- name: Solve it and close it (a re-run sends nothing)
  glpi.itsm.glpi_item:
    itemtype: Ticket
    fields:
      name: Disk full on web-01
      status: closed
    solution: Old logs removed, 40% free.

- name: Purge a location for good
  glpi.itsm.glpi_item:
    itemtype: Location
    fields:
      name: Old building
    state: absent
"""

RETURN = r"""
id:
  description: The id of the record (also of a purged one). Null when check mode would create it.
  returned: with O(fields) or O(id)
  type: int
  sample: 42
action:
  description: What the task did (or would do in check mode).
  returned: with O(fields) or O(id)
  type: str
  sample: updated
  choices: [created, updated, restored, trashed, purged, unchanged]
record:
  description: The record as it is after the task, as GLPI returns it. Null once purged, and in check mode for a creation.
  returned: with O(fields) or O(id)
  type: dict
  sample: {"id": 42, "name": "web-01", "locations_id": 3, "is_deleted": 0}
changes:
  description: The fields that changed, each with its value V(before) and V(after).
  returned: always
  type: dict
  sample: {"locations_id": {"before": 2, "after": 3}}
records:
  description: With O(records), one entry per record, in the order given, with its RV(id), RV(action) and RV(changes).
  returned: with O(records)
  type: list
  elements: dict
  sample: [{"index": 0, "id": 42, "action": "updated", "changes": {"comment": {"before": null, "after": "Rack 3"}}}]
actors:
  description:
    - With O(actors) (or actor special inputs in O(fields)), the actors of each role given after
      the task, each with its V(id) and the V(name) the task gave.
  returned: with O(actors)
  type: dict
  sample: {"requester": [{"id": 7, "name": "jdoe"}], "assign_group": [{"id": 3, "name": "Network"}]}
linked_items:
  description: With O(linked_items), the items linked after the task.
  returned: with O(linked_items)
  type: list
  elements: dict
  sample: [{"itemtype": "Computer", "id": 42, "name": "web-01"}]
added:
  description:
    - With any of O(actors), O(linked_items), O(followups), O(tasks), O(solution) or
      O(validations) on a Ticket, Problem or Change - the ids of the follow-ups, tasks and
      validations added and of the solution (empty and null when nothing was added).
  returned: with those options
  type: dict
  sample: {"followups": [12], "tasks": [], "validations": [], "solution": null}
created_dropdowns:
  description: The dropdowns created because of O(create_missing_dropdowns), such as V(Location 'Lyon').
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, items, itil
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def run(module, client):
    changed, result, failure = items.ensure(client, module.params, module.check_mode, module._diff, module.warn)
    if failure:
        module.fail_json(msg=failure, changed=changed, **result)
    return changed, result


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            itemtype=dict(type="str", required=True),
            id=dict(type="int"),
            lookup=dict(type="list", elements="str"),
            fields=dict(type="dict"),
            records=dict(type="list", elements="dict"),
            state=dict(type="str", choices=["present", "trashed", "absent"], default="present"),
            history=dict(type="bool"),
            create_missing_dropdowns=dict(type="bool", default=False),
            actors=dict(type="dict", options=itil.ACTORS_SPEC),
            append=dict(type="bool", default=False),
            linked_items=dict(type="list", elements="dict"),
            followups=dict(type="list", elements="raw"),
            tasks=dict(type="list", elements="raw"),
            solution=dict(type="raw"),
            validations=dict(type="list", elements="raw"),
        ),
        mutually_exclusive=[("id", "lookup"), ("id", "records"), ("records", "fields")],
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
