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

from collections import namedtuple

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, itil
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import TREE_PARENT_FIELDS, Dropdowns
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiConnectionError,
    GlpiInputError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module
from ansible_collections.glpi.itsm.plugins.module_utils.records import (
    ONE_BY_ONE_UP_TO, RecordFinder, changes, record_by_id, records_by_id, unknown_fields)

# Fields GLPI accepts but never returns: sent on creation only, never compared.
WRITE_ONLY = {"user": ("password", "password2")}


# One entry of the task: ``fields`` as given (names not resolved yet, no id), and what names its
# record: ``record_id``, or else ``identity`` (the lookup fields, with ids for names).
Entry = namedtuple("Entry", "index where fields record_id identity")


class Plan(object):
    """What one record needs: its current state, the wanted fields, and the action."""

    def __init__(self, index, current, wanted, action, changed):
        self.index = index
        self.current = current
        self.wanted = wanted
        self.action = action
        self.changed = changed  # {field: (before, after)}
        self.id = current["id"] if current else None
        self.error = None
        self.identity = None

    def report(self):
        entry = dict(index=self.index, id=self.id, action=self.action, changes=_changes_result(self.changed))
        if self.error:
            entry["error"] = self.error
        return entry


def _changes_result(changed):
    return dict((key, dict(before=pair[0], after=pair[1])) for key, pair in sorted(changed.items()))


def write_only_fields(itemtype):
    return WRITE_ONLY.get(itemtype.lower(), ())


def comparable(itemtype, fields):
    return dict((k, v) for k, v in fields.items() if k not in write_only_fields(itemtype) and k != "id")


def default_lookup(itemtype, wanted):
    """``name``, and in a tree dropdown also the parent when it is given: 'Building A' under
    'Paris' is not the 'Building A' under 'Lyon'."""
    parent = TREE_PARENT_FIELDS.get(next((t for t in TREE_PARENT_FIELDS if t.lower() == itemtype.lower()), None))
    return ["name", parent] if parent and parent in wanted else ["name"]


def plan_record(itemtype, state, index, current, wanted):
    """The action a record needs to reach ``state`` with the ``wanted`` fields."""
    compared = comparable(itemtype, wanted)
    if state == "absent":
        if current is None:
            return Plan(index, None, wanted, "unchanged", {})
        return Plan(index, current, wanted, "purged", {})
    if current is None:
        after = dict((key, (None, value)) for key, value in compared.items())
        return Plan(index, None, wanted, "created", after)
    changed = changes(compared, current)
    trashed = bool(current.get("is_deleted"))
    if state == "present" and trashed:
        changed["is_deleted"] = (1, 0)
        return Plan(index, current, wanted, "restored", changed)
    if state == "trashed" and not trashed:
        if "is_deleted" not in current:
            raise GlpiInputError("state=trashed: {0} records have no trash bin; use state=absent to purge".format(itemtype))
        changed["is_deleted"] = (0, 1)
        return Plan(index, current, wanted, "trashed", changed)
    return Plan(index, current, wanted, "updated" if changed else "unchanged", changed)


class ItemTask(object):
    """One run of the module: resolve, plan, write (one request per kind of change), report."""

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.itemtype = module.params["itemtype"]
        self.dropdowns = Dropdowns(client, module.params["create_missing_dropdowns"], module.check_mode)
        self._known_fields = None

    # -------------------------------------------------------------- planning

    def plan(self, entries, option):
        """One Plan per entry. The current records are found all at once (RecordFinder), then
        the names of the other foreign keys are resolved, those the records show already free."""
        self.dropdowns.prefetch(entries)
        entries = [self._entry(index, raw, option) for index, raw in enumerate(entries)]
        self._check_no_twins(entries)
        currents = self._current_records(entries)
        self.dropdowns.check_ids_ahead([(entry.fields, current) for entry, current in zip(entries, currents)])
        plans = []
        for entry, current in zip(entries, currents):
            wanted = self.dropdowns.resolve_fields(entry.fields, entry.where, current)
            if current:
                current.pop("_keys_names", None)
            if current is None and entry.record_id is not None and self.params["state"] != "absent":
                raise GlpiInputError("{0}: there is no {1} with id {2}".format(
                    "id" if option == "fields" else entry.where + ".id", self.itemtype, entry.record_id))
            self.check_fields_known(wanted, current, entry.where)
            if current is None and self.params["state"] == "trashed" and "is_deleted" not in (self.known_fields() or ["is_deleted"]):
                raise GlpiInputError("state=trashed: {0} records have no trash bin; use state=absent".format(self.itemtype))
            plan = plan_record(self.itemtype, self.params["state"], entry.index, current, wanted)
            plan.identity = entry.identity
            plans.append(plan)
        return plans

    def _entry(self, index, raw, option):
        """An Entry: where it was given, its fields, and the id or identity (lookup fields, with
        ids for names) that names its record."""
        where = "{0}[{1}]".format(option, index) if option == "records" else option
        fields = dict(raw)
        self.dropdowns.check_values(fields, where)
        lookup = self.params["lookup"] or default_lookup(self.itemtype, fields)
        record_id = fields.pop("id", None) if option == "records" else self.params["id"]
        identity = None
        if record_id is None:
            missing = [field for field in lookup if field not in fields]
            if missing:
                raise GlpiInputError("lookup: {0} must give {1} (or an id) to identify the record".format(
                    where, ", ".join(missing)))
            identity = self.dropdowns.resolve_fields(fields, where, only=lookup, check_ids=False)
        return Entry(index, where, fields, record_id, identity)

    @staticmethod
    def _check_no_twins(entries):
        seen = {}
        for entry in entries:
            key = repr(sorted(entry.identity.items())) if entry.identity else "id {0}".format(entry.record_id)
            if key in seen:
                raise GlpiInputError("{0}: identifies the same record as {1} ({2})".format(entry.where, seen[key], key))
            seen[key] = entry.where

    def _current_records(self, entries):
        """The record each entry names now (None when there is none). A few are looked up one by
        one, with the names of their foreign keys; many all together, by listing."""
        few = len(entries) <= ONE_BY_ONE_UP_TO
        names = dict(add_keys_names=sorted(set(
            field for entry in entries for field in self.dropdowns.named_fields(entry.fields)))) if few else {}
        by_identity = [entry for entry in entries if entry.identity is not None]
        finder = RecordFinder(self.client, self.itemtype, keys_names=names.get("add_keys_names", ()))
        found = finder.find([entry.identity for entry in by_identity])
        if finder.sample and self._known_fields is None:
            self._known_fields = set(finder.sample)
        matched = dict((entry.index, records) for entry, records in zip(by_identity, found))
        ids = [entry.record_id for entry in entries if entry.identity is None]
        by_id = dict((i, record_by_id(self.client, self.itemtype, i, **names)) for i in ids) if few \
            else records_by_id(self.client, self.itemtype, ids)
        currents = []
        for entry in entries:
            if entry.identity is None:
                currents.append(by_id.get(entry.record_id))
                continue
            records = matched[entry.index]
            if len(records) > 1:
                raise GlpiInputError("{0}: {1} {2} records match {3}: ids {4}; add fields to lookup or give the id".format(
                    entry.where, len(records), self.itemtype, entry.identity, ", ".join(str(r["id"]) for r in records)))
            currents.append(records[0] if records else None)
        return currents

    def check_fields_known(self, wanted, current, option):
        if self.params["state"] == "absent" or not wanted:
            return
        known = current if current is not None else self.known_fields()
        if known is None:
            return  # no record of this itemtype to learn its fields from: checked after creation
        unknown = unknown_fields(comparable(self.itemtype, wanted), known)
        if unknown:
            raise GlpiInputError("{0}: {1} has no field {2} (GLPI would silently ignore it)".format(
                option, self.itemtype, ", ".join(unknown)))

    def known_fields(self):
        """The fields of this itemtype, read from any one record of it (one request per run)."""
        if self._known_fields is None:
            page = self.client.get_items(self.itemtype, 0, 0, get_hateoas=False)
            self._known_fields = set(page.rows[0]) if page.rows else False
        return self._known_fields or None

    # -------------------------------------------------------------- writing

    def apply(self, plans):
        """Send the changes, one request per kind; returns the plans whose write failed."""
        failed = []
        by_action = dict((action, [p for p in plans if p.action == action])
                         for action in ("created", "restored", "updated", "trashed", "purged"))
        if by_action["created"]:
            failed += self._create(by_action["created"])
        if by_action["restored"]:
            failed += self._massive(by_action["restored"], "MassiveAction:restore")
        updates = [p for p in plans if p.action in ("restored", "trashed", "updated") and self._update_input(p)]
        if updates:
            failed += self._outcomes(updates, self.client.update_items(
                self.itemtype, [self._update_input(p) for p in updates]))
        trash = by_action["trashed"] + [p for p in by_action["created"] if self.params["state"] == "trashed"]
        trash = [p for p in trash if p.id and p not in failed]
        if trash:
            failed += self._outcomes(trash, self.client.delete_items(
                self.itemtype, [p.id for p in trash], history=self.params["history"]))
        if by_action["purged"]:
            failed += self._outcomes(by_action["purged"], self.client.delete_items(
                self.itemtype, [p.id for p in by_action["purged"]], force_purge=True, history=self.params["history"]))
        return failed

    def _update_input(self, plan):
        values = dict((key, plan.wanted[key]) for key in plan.changed if key in plan.wanted)
        special = dict((k, v) for k, v in plan.wanted.items() if k.startswith("_"))
        if not values:
            return None
        return dict(values, id=plan.id, **special)

    def _create(self, plans):
        try:
            outcomes = self.client.add_items(self.itemtype, [p.wanted for p in plans])
        except GlpiConnectionError as error:
            if not error.uncertain:
                raise
            outcomes = self._after_uncertain_create(plans, error)
        failed = []
        for plan, outcome in zip(plans, outcomes):
            if outcome["ok"]:
                plan.id = outcome["id"]
            else:
                plan.error = outcome["message"] or "GLPI refused to create it"
                failed.append(plan)
        return failed

    def _after_uncertain_create(self, plans, error):
        """The create may have been applied although its answer was lost: look each record up
        instead of sending it again (which could create it twice)."""
        self.module.warn("no answer to the creation ({0}); looking the record(s) up".format(error))
        outcomes, missing = [], []
        identified = [plan for plan in plans if plan.identity]
        matches = RecordFinder(self.client, self.itemtype).find_alive([plan.identity for plan in identified])
        found_for = dict((plan.index, found) for plan, found in zip(identified, matches))
        for plan in plans:
            found = found_for.get(plan.index, [])
            if len(found) == 1:
                outcomes.append(dict(id=found[0]["id"], ok=True, message=""))
            else:
                outcomes.append(dict(id=None, ok=False, message=""))
                missing.append(plan.index)
        if missing:
            raise GlpiConnectionError(
                "{0}; GLPI does not show the record(s) {1} (yet): nothing was sent again, so that nothing is "
                "created twice. Run the task again: it finds what GLPI created".format(
                    error.message, ", ".join(str(i) for i in missing)),
                status=error.status, method=error.method, url=error.url)
        return outcomes

    def _massive(self, plans, action):
        answer = self.client.apply_massive_action(self.itemtype, action, [p.id for p in plans])
        if answer.get("ko") or answer.get("noright"):
            for plan in plans:
                plan.error = "{0} failed: {1}".format(action, "; ".join(answer.get("messages") or []))
            return plans
        return []

    def _outcomes(self, plans, outcomes):
        by_id = dict((o["id"], o) for o in outcomes)
        failed = []
        for plan in plans:
            outcome = by_id.get(plan.id)
            if outcome is None or not outcome["ok"]:
                plan.error = (outcome or {}).get("message") or "GLPI did not do it"
                failed.append(plan)
        return failed

    # -------------------------------------------------------------- reading back

    def read_back(self, plan, reread=False):
        """The record after the task (GLPI's own view of it, read again after a write)."""
        if plan.action == "purged":
            return None
        if self.module.check_mode or (plan.action == "unchanged" and not reread):
            return plan.current
        record = self.client.get_item(self.itemtype, plan.id, get_hateoas=False)
        if plan.action == "created":
            unknown = unknown_fields(comparable(self.itemtype, plan.wanted), record)
            if unknown:
                # Only when no record showed this itemtype's fields before: take the creation back.
                self.client.delete_items(self.itemtype, [plan.id], force_purge=True)
                raise GlpiInputError("fields: {0} has no field {1}: GLPI ignored it, so the {0} it created (id {2}) "
                                     "was purged again".format(self.itemtype, ", ".join(unknown), plan.id))
        return record


def run(module, client):
    task = ItemTask(module, client)
    params = module.params
    single = params["records"] is None
    fields = dict(params["fields"] or {})
    itil_task = itil.ItilTask(client, task.dropdowns, task.itemtype, params, fields)
    entries = [fields] if single else itil.status_names_in_records(task.itemtype, params["records"])
    try:
        plans = task.plan(entries, "fields" if single else "records")
    except GlpiUnknownItemtypeError:
        raise GlpiInputError("itemtype: GLPI has no itemtype {0!r}".format(task.itemtype))
    itil_task.plan(plans[0])
    itil_task.before_write(plans[0], module.check_mode)
    failed = []
    if not module.check_mode:
        failed = task.apply(plans)
        if not failed:
            itil_task.after_write(plans[0])
    itil_changed = itil_task.changed(plans[0])
    changed = any(p.action != "unchanged" for p in plans) or bool(task.dropdowns.created) or itil_changed
    result = dict(created_dropdowns=task.dropdowns.created)
    if not single:
        result["records"] = [p.report() for p in plans]
        result["changes"] = dict((str(p.index), _changes_result(p.changed)) for p in plans if p.changed)
    else:
        plan = plans[0]
        if itil_changed:
            plan.changed.update(itil_task.changes(plan))
            plan.action = "updated" if plan.action == "unchanged" else plan.action
        result.update(id=plan.id, action=plan.action, changes=_changes_result(plan.changed), **itil_task.result())
        if not failed:
            result["record"] = task.read_back(plan, reread=itil_changed)
            if not module.check_mode:
                itil_task.check_status(result["record"])
    if module._diff:
        result["diff"] = [dict(before_header="{0} {1}".format(task.itemtype, p.id or "(new)"),
                               before=dict((k, v[0]) for k, v in p.changed.items()),
                               after=dict((k, v[1]) for k, v in p.changed.items())) for p in plans if p.changed]
    if failed:
        details = "; ".join("{0}: {1}".format("record {0} (id {1})".format(p.index, p.id) if not single
                                              else "{0} {1}".format(task.itemtype, p.id or ""), p.error) for p in failed)
        module.fail_json(msg="GLPI refused {0} of {1} change(s): {2}".format(
            len(failed), sum(1 for p in plans if p.action != "unchanged"), details), changed=changed, **result)
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
