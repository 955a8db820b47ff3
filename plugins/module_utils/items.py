# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Records of any itemtype made to be as a task describes them (glpi_item).

A task gives one record (``fields``) or many (``records``), each named by an id or by its lookup
fields. Each record gets a Plan from what GLPI holds (created, updated, restored, trashed, purged
or unchanged); the changes are written in one request per kind of change, with an outcome per
record, and the records are read back. The parts of a Ticket, Problem or Change that are not
fields (actors, links, timeline, status) are itil.ItilTask's, wired around the one record's Plan.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

from ansible_collections.glpi.itsm.plugins.module_utils import itil, query
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import TREE_PARENT_FIELDS, Dropdowns
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiConnectionError, GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.records import (
    ONE_BY_ONE_UP_TO, RecordFinder, changes, changes_result, diff, records_by_id, unknown_fields)

# Fields GLPI accepts but never returns: sent on creation only, never compared.
WRITE_ONLY = {"user": ("password", "password2")}


def ensure(client, params, check_mode=False, diff_mode=False, warn=None):
    """Run a glpi_item task (``params`` as its argument spec makes them).

    Returns ``(changed, result, failure)``: ``failure`` is the message naming the writes GLPI
    refused (None when it refused none); the result tells what became of each record either way.
    """
    task = ItemTask(client, params, check_mode, warn)
    fields = dict(params["fields"] or {})
    # Its options are checked before any request; it takes the actors and status names of fields.
    itil_task = itil.ItilTask(client, task.dropdowns, task.itemtype, params, fields)
    single = params["records"] is None
    if single:
        plans, failed, result = _ensure_one(task, itil_task, fields)
    else:
        plans, failed, result = _ensure_many(task, params["records"])
    result["created_dropdowns"] = task.dropdowns.created
    if diff_mode:
        result["diff"] = [diff(plan.name(task.itemtype), plan.changed) for plan in plans if plan.changed]
    changed = bool(task.dropdowns.created) or any(plan.action != "unchanged" for plan in plans)
    return changed, result, failure_message(task.itemtype, plans, failed, single)


def _ensure_one(task, itil_task, fields):
    """One record, with the ITIL parts of a Ticket, Problem or Change around its Plan."""
    [plan] = task.plan([fields], "fields")
    itil_task.plan(plan)
    itil_task.before_write(plan, task.check_mode)
    failed = task.write([plan])
    if not failed and not task.check_mode:
        itil_task.after_write(plan)
    if itil_task.changed(plan):
        plan.changed.update(itil_task.changes(plan))
        plan.action = "updated" if plan.action == "unchanged" else plan.action
    result = dict(id=plan.id, action=plan.action, changes=changes_result(plan.changed), **itil_task.result())
    if not failed:
        result["record"] = task.read_back(plan)
        if not task.check_mode:
            itil_task.check_status(result["record"])
    return [plan], failed, result


def _ensure_many(task, records):
    plans = task.plan(itil.status_names_in_records(task.itemtype, records), "records")
    failed = task.write(plans)
    result = dict(records=[plan.report() for plan in plans],
                  changes=dict((str(plan.index), changes_result(plan.changed)) for plan in plans if plan.changed))
    return plans, failed, result


def failure_message(itemtype, plans, failed, single):
    """The writes GLPI refused, each named (None when there is none)."""
    if not failed:
        return None
    details = "; ".join("{0}: {1}".format(
        plan.name(itemtype) if single else "record {0} (id {1})".format(plan.index, plan.id), plan.error)
        for plan in failed)
    return "GLPI refused {0} of {1} change(s): {2}".format(
        len(failed), sum(1 for plan in plans if plan.action != "unchanged"), details)


# ---------------------------------------------------------------------- planning one record

class Plan(object):
    """What one record needs: its current state, the wanted fields, and the action.

    ``changed`` is ``{field: (before, after)}``; ``identity`` the lookup fields that name the
    record (None when an id names it); ``error`` what GLPI answered when it refused the write.
    """

    def __init__(self, index, current, wanted, action, changed):
        self.index = index
        self.current = current
        self.wanted = wanted
        self.action = action
        self.changed = changed
        self.id = current["id"] if current else None
        self.error = None
        self.identity = None

    def name(self, itemtype):
        """``Computer 5``, or ``Computer (new)`` before it is created."""
        return "{0} {1}".format(itemtype, "(new)" if self.id is None else self.id)

    def report(self):
        """The record's entry in the result of a task with many records."""
        entry = dict(index=self.index, id=self.id, action=self.action, changes=changes_result(self.changed))
        if self.error:
            entry["error"] = self.error
        return entry


def write_only_fields(itemtype):
    return WRITE_ONLY.get(itemtype.lower(), ())


def comparable(itemtype, fields):
    """The fields that GLPI shows back, so that they can be compared."""
    return dict((k, v) for k, v in fields.items() if k not in write_only_fields(itemtype) and k != "id")


def default_lookup(itemtype, wanted):
    """``name``, and in a tree dropdown also the parent when it is given: 'Building A' under
    'Paris' is not the 'Building A' under 'Lyon'."""
    parent = TREE_PARENT_FIELDS.get(next((t for t in TREE_PARENT_FIELDS if t.lower() == itemtype.lower()), None))
    return ["name", parent] if parent and parent in wanted else ["name"]


def no_trash_bin(itemtype):
    return GlpiInputError("state=trashed: {0} records have no trash bin; use state=absent to purge".format(itemtype))


def plan_record(itemtype, state, index, current, wanted):
    """The Plan that takes the ``current`` record (None: there is none) to ``state`` with the
    ``wanted`` fields."""
    if state == "absent":
        return Plan(index, current, wanted, "purged" if current else "unchanged", {})
    compared = comparable(itemtype, wanted)
    if current is None:
        return Plan(index, None, wanted, "created", dict((key, (None, value)) for key, value in compared.items()))
    changed = changes(compared, current)
    trashed = bool(current.get("is_deleted"))
    if state == "present" and trashed:
        changed["is_deleted"] = (1, 0)
        return Plan(index, current, wanted, "restored", changed)
    if state == "trashed" and not trashed:
        if "is_deleted" not in current:
            raise no_trash_bin(itemtype)
        changed["is_deleted"] = (0, 1)
        return Plan(index, current, wanted, "trashed", changed)
    return Plan(index, current, wanted, "updated" if changed else "unchanged", changed)


# One entry of the task: ``fields`` as given (names not resolved yet, no id), and what names its
# record: ``record_id``, or else ``identity`` (the lookup fields, with ids for names).
Entry = namedtuple("Entry", "index where fields record_id identity")


def _id_option(where):
    return "id" if where == "fields" else where + ".id"


def _check_no_twins(entries):
    seen = {}
    for entry in entries:
        key = repr(sorted(entry.identity.items())) if entry.identity else "id {0}".format(entry.record_id)
        if key in seen:
            raise GlpiInputError("{0}: identifies the same record as {1} ({2})".format(entry.where, seen[key], key))
        seen[key] = entry.where


class ItemTask(object):
    """The records of one task of one itemtype: planned, written (one request per kind of
    change), read back."""

    def __init__(self, client, params, check_mode=False, warn=None):
        self.client = client
        self.params = params
        self.itemtype = params["itemtype"]
        self.state = params["state"]
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.dropdowns = Dropdowns(client, params["create_missing_dropdowns"], check_mode)
        self._known_fields = None

    # ------------------------------------------------------------------ planning

    def plan(self, entries, option):
        """One Plan per entry (``option`` is where the entries were given: fields or records).
        The current records are found all at once, then the names of the other foreign keys are
        resolved, those the records show already free."""
        self.dropdowns.prefetch(entries)
        entries = [self._entry(index, fields, option) for index, fields in enumerate(entries)]
        _check_no_twins(entries)
        currents = self._current_records(entries)
        self.dropdowns.check_ids_ahead([(entry.fields, current) for entry, current in zip(entries, currents)])
        return [self._plan_entry(entry, current) for entry, current in zip(entries, currents)]

    def _entry(self, index, fields, option):
        where = "{0}[{1}]".format(option, index) if option == "records" else option
        fields = dict(fields)
        self.dropdowns.check_values(fields, where)
        record_id = fields.pop("id", None) if option == "records" else self.params["id"]
        if record_id is not None:
            return Entry(index, where, fields, query.item_id(record_id, _id_option(where)), None)
        lookup = self.params["lookup"] or default_lookup(self.itemtype, fields)
        missing = [field for field in lookup if field not in fields]
        if missing:
            raise GlpiInputError("lookup: {0} must give {1} (or an id) to identify the record".format(
                where, ", ".join(missing)))
        identity = self.dropdowns.resolve_fields(fields, where, only=lookup, check_ids=False)
        return Entry(index, where, fields, None, identity)

    def _plan_entry(self, entry, current):
        wanted = self.dropdowns.resolve_fields(entry.fields, entry.where, current)
        if current:
            current.pop("_keys_names", None)
        if current is None and entry.record_id is not None and self.state != "absent":
            raise GlpiInputError("{0}: there is no {1} with id {2}".format(
                _id_option(entry.where), self.itemtype, entry.record_id))
        self._check_fields_known(wanted, current, entry.where)
        if current is None and self.state == "trashed" and not self._has_trash_bin():
            raise no_trash_bin(self.itemtype)
        plan = plan_record(self.itemtype, self.state, entry.index, current, wanted)
        plan.identity = entry.identity
        return plan

    def _current_records(self, entries):
        """The record each entry names now (None when there is none). A few are looked up one by
        one, with the names of what their foreign keys point at; many all together, by listing."""
        few = len(entries) <= ONE_BY_ONE_UP_TO
        names = sorted(set(field for entry in entries for field in self.dropdowns.named_fields(entry.fields))) \
            if few else []
        by_identity = self._records_by_identity([entry for entry in entries if entry.identity is not None], names)
        ids = [entry.record_id for entry in entries if entry.identity is None]
        by_id = dict((i, self.client.find_item(self.itemtype, i, add_keys_names=names)) for i in ids) if few \
            else records_by_id(self.client, self.itemtype, ids)
        return [by_id.get(entry.record_id) if entry.identity is None else by_identity[entry.index]
                for entry in entries]

    def _records_by_identity(self, entries, keys_names):
        """``{entry index: record or None}``; several records that match one entry fail."""
        finder = RecordFinder(self.client, self.itemtype, keys_names=keys_names)
        found = finder.find([entry.identity for entry in entries])
        if finder.sample and self._known_fields is None:
            self._known_fields = set(finder.sample)
        return dict((entry.index, self._only_match(entry, records)) for entry, records in zip(entries, found))

    def _only_match(self, entry, records):
        if len(records) > 1:
            raise GlpiInputError("{0}: {1} {2} records match {3}: ids {4}; add fields to lookup or give the id".format(
                entry.where, len(records), self.itemtype, entry.identity, ", ".join(str(r["id"]) for r in records)))
        return records[0] if records else None

    def _check_fields_known(self, wanted, current, where):
        if self.state == "absent" or not wanted:
            return
        known = current if current is not None else self.known_fields()
        if known is None:
            return  # no record of this itemtype shows its fields: checked after the creation
        unknown = unknown_fields(comparable(self.itemtype, wanted), known)
        if unknown:
            raise GlpiInputError("{0}: {1} has no field {2} (GLPI would silently ignore it)".format(
                where, self.itemtype, ", ".join(unknown)))

    def _has_trash_bin(self):
        """Whether this itemtype's records go to a trash bin (assumed when none shows its fields)."""
        return "is_deleted" in (self.known_fields() or ("is_deleted",))

    def known_fields(self):
        """The fields of this itemtype, read from any one record of it (one request per run), or
        None when it has no record."""
        if self._known_fields is None:
            page = self.client.get_items(self.itemtype, 0, 0, get_hateoas=False)
            self._known_fields = set(page.rows[0]) if page.rows else False
        return self._known_fields or None

    # ------------------------------------------------------------------ writing

    def write(self, plans):
        """Send the changes (nothing in check mode), one request per kind of change; returns
        the plans GLPI refused, each with its ``error``. A record refused one write gets no other."""
        if self.check_mode:
            return []
        failed = self._create([plan for plan in plans if plan.action == "created"])
        failed += self._restore([plan for plan in plans if plan.action == "restored"])
        failed += self._update([plan for plan in plans if plan.action in ("restored", "trashed", "updated")
                                and plan not in failed])
        to_trash = [plan for plan in plans if plan.action == "trashed"
                    or (plan.action == "created" and self.state == "trashed")]
        failed += self._delete([plan for plan in to_trash if plan not in failed])
        failed += self._delete([plan for plan in plans if plan.action == "purged"], force_purge=True)
        return failed

    def _create(self, plans):
        if not plans:
            return []
        try:
            outcomes = self.client.add_items(self.itemtype, [plan.wanted for plan in plans])
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
        """The creation may have been applied although its answer was lost: look each record up
        instead of sending it again (which could create it twice)."""
        self.warn("no answer to the creation ({0}); looking the record(s) up".format(error))
        identified = [plan for plan in plans if plan.identity]
        found = RecordFinder(self.client, self.itemtype).find_alive([plan.identity for plan in identified])
        ids = dict((plan.index, records[0]["id"]) for plan, records in zip(identified, found) if len(records) == 1)
        missing = [plan.index for plan in plans if plan.index not in ids]
        if missing:
            raise GlpiConnectionError(
                "{0}; GLPI does not show the record(s) {1} (yet): nothing was sent again, so that nothing is "
                "created twice. Run the task again: it finds what GLPI created".format(
                    error.message, ", ".join(str(index) for index in missing)), **error.context())
        return [dict(id=ids[plan.index], ok=True, message="") for plan in plans]

    def _restore(self, plans):
        if not plans:
            return []
        outcomes = self.client.restore_items(self.itemtype, [plan.id for plan in plans])
        return _refused(plans, outcomes, "MassiveAction:restore failed: {0}")

    def _update(self, plans):
        inputs = [(plan, _update_input(plan)) for plan in plans]
        inputs = [(plan, values) for plan, values in inputs if values]
        if not inputs:
            return []
        outcomes = self.client.update_items(self.itemtype, [values for _plan, values in inputs])
        return _refused([plan for plan, _values in inputs], outcomes)

    def _delete(self, plans, force_purge=False):
        plans = [plan for plan in plans if plan.id]
        if not plans:
            return []
        outcomes = self.client.delete_items(self.itemtype, [plan.id for plan in plans], force_purge=force_purge,
                                            history=self.params["history"])
        return _refused(plans, outcomes)

    # ------------------------------------------------------------------ reading back

    def read_back(self, plan):
        """The record after the task: GLPI's own view of it, read again after a write; None
        once purged."""
        if plan.action == "purged":
            return None
        if self.check_mode or plan.action == "unchanged":
            return plan.current
        record = self.client.get_item(self.itemtype, plan.id, get_hateoas=False)
        if plan.action == "created":
            self._take_back_if_fields_ignored(plan, record)
        return record

    def _take_back_if_fields_ignored(self, plan, record):
        """Purge a record just created with fields that GLPI ignored. This happens only when no
        record showed the itemtype's fields before the creation (see _check_fields_known)."""
        unknown = unknown_fields(comparable(self.itemtype, plan.wanted), record)
        if unknown:
            self.client.delete_items(self.itemtype, [plan.id], force_purge=True)
            raise GlpiInputError("fields: {0} has no field {1}: GLPI ignored it, so the {0} it created (id {2}) "
                                 "was purged again".format(self.itemtype, ", ".join(unknown), plan.id))


def _update_input(plan):
    """What an update of the record sends: its changed fields and the special inputs (``_``),
    or None when no field changes."""
    values = dict((key, plan.wanted[key]) for key in plan.changed if key in plan.wanted)
    if not values:
        return None
    special = dict((key, value) for key, value in plan.wanted.items() if key.startswith("_"))
    return dict(values, id=plan.id, **special)


def _refused(plans, outcomes, message="{0}"):
    """The plans whose outcome (by id) is not ok, each with its error."""
    by_id = dict((outcome["id"], outcome) for outcome in outcomes)
    failed = []
    for plan in plans:
        outcome = by_id.get(plan.id)
        if outcome is None or not outcome["ok"]:
            plan.error = message.format((outcome or {}).get("message") or "GLPI did not do it")
            failed.append(plan)
    return failed
