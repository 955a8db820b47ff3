# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tickets, problems and changes as people write them: actors by name, linked items, follow-ups,
tasks, validations, a solution and the status, each compared with what GLPI holds.

GLPI keeps an ITIL object's actors, linked items and timeline in rows of their own (Ticket_User,
Group_Ticket, Item_Ticket, ITILFollowup, TicketTask...), not in the object's fields: a special
input such as ``_users_id_requester`` is applied once and never shown again, and a login given
there is ignored without a word. So the wanted parts are compared with those rows, and written
as rows: a second run finds everything in place and writes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from collections import namedtuple
from html import unescape as html_unescape

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.records import changes, find_records, records_by_id

# The rows an ITIL itemtype keeps its parts in, and the field of those rows naming it.
Kind = namedtuple("Kind", "itemtype fk users groups suppliers task validation item_link")
KINDS = dict((kind.itemtype.lower(), kind) for kind in (
    Kind("Ticket", "tickets_id", "Ticket_User", "Group_Ticket", "Supplier_Ticket", "TicketTask",
         "TicketValidation", "Item_Ticket"),
    Kind("Problem", "problems_id", "Problem_User", "Group_Problem", "Problem_Supplier", "ProblemTask",
         None, "Item_Problem"),
    Kind("Change", "changes_id", "Change_User", "Change_Group", "Change_Supplier", "ChangeTask",
         "ChangeValidation", "Change_Item"),
))

# GLPI's actor types (CommonITILActor) and the itemtypes an actor can be.
ROLES = (("requester", 1), ("assign", 2), ("observer", 3))
ActorKind = namedtuple("ActorKind", "suffix itemtype field rows")
ACTOR_KINDS = (
    ActorKind("", "User", "users_id", "users"),
    ActorKind("_group", "Group", "groups_id", "groups"),
    ActorKind("_supplier", "Supplier", "suppliers_id", "suppliers"),
)
ACTOR_KEYS = tuple(role + kind.suffix for role, _type in ROLES for kind in ACTOR_KINDS)
# glpi_item's argument spec of O(actors).
ACTORS_SPEC = dict((key, dict(type="list", elements="raw")) for key in ACTOR_KEYS)
# The special inputs GLPI takes on creation: _users_id_requester, _groups_id_assign...
_SPECIAL_ACTOR_INPUT = re.compile(r"^_(users|groups|suppliers)_id_(requester|assign|observer)$")

STATUSES = {
    "Ticket": (("new", 1), ("assigned", 2), ("planned", 3), ("waiting", 4), ("solved", 5), ("closed", 6)),
    "Problem": (("new", 1), ("accepted", 7), ("assigned", 2), ("planned", 3), ("waiting", 4),
                ("solved", 5), ("observed", 8), ("closed", 6)),
    "Change": (("new", 1), ("evaluation", 9), ("approval", 10), ("accepted", 7), ("waiting", 4),
               ("test", 11), ("qualification", 12), ("applied", 5), ("review", 8), ("closed", 6),
               ("canceled", 14), ("refused", 13)),
}
SOLVED, CLOSED = 5, 6
TASK_STATES = (("information", 0), ("todo", 1), ("done", 2))
# On a closed item GLPI drops every field but these (CommonITILObject::prepareInputForUpdate).
_WRITABLE_WHEN_CLOSED = frozenset(("status", "entities_id", "itilcategories_id"))

_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def itil_kind(itemtype):
    """The Kind of an ITIL itemtype (Ticket, Problem, Change), or None."""
    return KINDS.get(str(itemtype).lower())


def text_of(content):
    """Rich text as it compares: GLPI 10 stores ``<p>a &amp; b</p>`` as ``&#60;p&#62;a &#38;amp; b...``,
    GLPI 11 as sent; both compare as the words ``a & b``."""
    text = str(content or "")
    for _unused in range(3):
        decoded = html_unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _TAG.sub(" ", text)
    return _SPACES.sub(" ", html_unescape(text)).strip()


def status_number(itemtype, value, option="fields.status"):
    """A status given by name (``solved``) or number, checked: GLPI stores any number it is sent."""
    statuses = STATUSES[itil_kind(itemtype).itemtype]
    by_name = dict(statuses)
    if isinstance(value, str) and value.strip().lower() in by_name:
        return by_name[value.strip().lower()]
    if not isinstance(value, bool) and str(value).strip().isdigit() and int(value) in by_name.values():
        return int(value)
    raise GlpiInputError("{0}: {1!r} is not a status of {2}; expected one of {3} (or their numbers {4})".format(
        option, value, itil_kind(itemtype).itemtype, ", ".join(name for name, _n in statuses),
        ", ".join(str(number) for _name, number in statuses)))


def status_name(itemtype, number):
    names = dict((n, name) for name, n in STATUSES[itil_kind(itemtype).itemtype])
    return names.get(number, str(number))


def status_names_in_records(itemtype, records):
    """``records`` with their statuses given by name as GLPI's numbers (checked)."""
    if not itil_kind(itemtype):
        return records
    return [dict(record, status=status_number(itemtype, record["status"], "records[{0}].status".format(index)))
            if "status" in record else record for index, record in enumerate(records)]


def actors_from_fields(fields):
    """Move the actor special inputs of ``fields`` (``_users_id_requester: jdoe``) into actors
    (``requester: [jdoe]``): they are resolved, compared and checked like ``actors``."""
    actors = {}
    for field in [f for f in fields if _SPECIAL_ACTOR_INPUT.match(str(f))]:
        match = _SPECIAL_ACTOR_INPUT.match(field)
        suffix = {"users": "", "groups": "_group", "suppliers": "_supplier"}[match.group(1)]
        actors[match.group(2) + suffix] = fields.pop(field)
    return actors


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _entry_dict(value, option, key="content"):
    """A timeline entry given as a string or as a dict with ``key``."""
    entry = {key: value} if isinstance(value, str) else dict(value) if isinstance(value, dict) else None
    if entry is None or not isinstance(entry.get(key), str) or not text_of(entry[key]):
        raise GlpiInputError("{0}: give a text, or a dict with a non-empty {1}".format(option, key))
    return entry


# glpi_item's options that only Ticket, Problem and Change have.
OPTIONS = ("actors", "linked_items", "followups", "tasks", "solution", "validations")


def options_given(params):
    return [option for option in OPTIONS if params.get(option) is not None]


class ItilRequest(object):
    """What a task asks of an ITIL object beyond its fields, checked before any request."""

    def __init__(self, itemtype, params, fields):
        self.kind = itil_kind(itemtype)
        given = options_given(params)
        special = actors_from_fields(fields) if self.kind else {}
        self.solution = self.status = None
        self.wanted = False
        if not self.kind:
            if given:
                raise GlpiInputError("{0}: only Ticket, Problem and Change have it, not {1}".format(given[0], itemtype))
            return
        self.append = bool(params.get("append"))
        given_actors = dict((k, v) for k, v in (params.get("actors") or {}).items() if v is not None)
        self.actors = self._actors(dict(special, **given_actors), "actors" if given_actors else "fields")
        self.linked_items = self._linked_items(params.get("linked_items"))
        self.followups = [_entry_dict(v, "followups[{0}]".format(i)) for i, v in enumerate(_as_list(params.get("followups")))]
        self.tasks = [self._task(v, "tasks[{0}]".format(i)) for i, v in enumerate(_as_list(params.get("tasks")))]
        self.solution = _entry_dict(params["solution"], "solution") if params.get("solution") is not None else None
        self.validations = [self._validation(v, "validations[{0}]".format(i))
                            for i, v in enumerate(_as_list(params.get("validations")))]
        if self.validations and not self.kind.validation:
            raise GlpiInputError("validations: {0} has no validations in GLPI".format(self.kind.itemtype))
        if "status" in fields:
            fields["status"] = self.status = status_number(self.kind.itemtype, fields["status"])
        if self.solution and self.status is not None and self.status not in (SOLVED, CLOSED):
            raise GlpiInputError("solution: a solution solves the {0}, but fields.status asks for {1}".format(
                self.kind.itemtype, status_name(self.kind.itemtype, self.status)))
        self.wanted = bool(self.actors or self.linked_items is not None or self.followups or self.tasks
                           or self.solution or self.validations)

    def _actors(self, given, option):
        actors = {}
        for key, value in given.items():
            if value is None:
                continue  # a role not given (the argument spec lists every role)
            if key not in ACTOR_KEYS:
                raise GlpiInputError("actors: unknown role {0!r}; expected {1}".format(key, ", ".join(ACTOR_KEYS)))
            names = _as_list(value)
            for index, name in enumerate(names):
                if isinstance(name, bool) or not isinstance(name, (int, str)) or not str(name).strip():
                    raise GlpiInputError("{0}.{1}[{2}] must be a login, a name or an id, got {3!r}".format(
                        option, key, index, name))
            actors[key] = names
        return actors

    @staticmethod
    def _linked_items(value):
        if value is None:
            return None
        items = []
        for index, item in enumerate(_as_list(value)):
            where = "linked_items[{0}]".format(index)
            if not isinstance(item, dict) or not isinstance(item.get("itemtype"), str) or not item["itemtype"].strip():
                raise GlpiInputError("{0}: give a dict with an itemtype and a name or an id".format(where))
            keys = dict((k, v) for k, v in item.items() if k != "itemtype")
            if not keys or any(v is None or v == "" for v in keys.values()):
                raise GlpiInputError("{0}: give the {1}'s name or id (or other fields that identify it)".format(
                    where, item["itemtype"]))
            items.append((where, item["itemtype"], keys))
        return items

    @staticmethod
    def _task(value, option):
        task = _entry_dict(value, option)
        if "state" in task:
            states = dict(TASK_STATES)
            state = task["state"]
            if isinstance(state, str) and state.lower() in states:
                task["state"] = states[state.lower()]
            elif isinstance(state, bool) or str(state) not in ("0", "1", "2"):
                raise GlpiInputError("{0}.state: {1!r} is not a task state; expected information, todo or done".format(
                    option, state))
            else:
                task["state"] = int(state)
        return task

    @staticmethod
    def _validation(value, option):
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"validator": value}
        if not isinstance(value, dict) or value.get("validator") in (None, ""):
            raise GlpiInputError("{0}: give the validator (a login or a user id), and a comment if you like".format(option))
        unknown = sorted(set(value) - set(("validator", "comment")))
        if unknown:
            raise GlpiInputError("{0}: unknown key(s) {1}; expected validator, comment".format(option, ", ".join(unknown)))
        return dict(value)


class ItilParts(object):
    """Plans and writes the parts of one ITIL object that a request wants.

    ``plan()`` reads what GLPI holds (one request per kind of row that the request names) and
    records the differences; ``apply()`` writes them (one request per kind of row and change)
    and checks that GLPI kept them.
    """

    def __init__(self, client, dropdowns, request):
        self.client = client
        self.dropdowns = dropdowns
        self.request = request
        self.kind = request.kind
        self.item_id = None
        self.actor_ids = {}       # role key -> [ids] wanted
        self.names = {}           # (itemtype, id) -> the name the task gave
        self.current_actors = {}  # role key -> [(row itemtype, row id, actor id)]
        self.actor_changes = {}   # role key -> (to add [ids], to remove [(row itemtype, row id)])
        self.links = []           # [(itemtype, id)] wanted
        self.current_links = []   # [(row id, itemtype, id)]
        self.link_changes = ([], [])
        self.new_followups = []
        self.new_tasks = []
        self.task_updates = []    # [(row id, {field: (before, after)}, input)]
        self.new_validations = []
        self.add_solution = None
        self.added = dict(followups=[], tasks=[], validations=[], solution=None)

    # ------------------------------------------------------------------ resolving

    def resolve(self):
        """Ids for every name the request gives; unknown ones fail naming the option."""
        for key, values in self.request.actors.items():
            kind = _actor_kind(key)
            ids = []
            for index, value in enumerate(values):
                actor_id = self.dropdowns.resolve(kind.itemtype, value, "actors.{0}[{1}]".format(key, index))
                self.names[(kind.itemtype, actor_id)] = str(value)
                if actor_id not in ids:
                    ids.append(actor_id)
            self.actor_ids[key] = ids
        # Many items given by id are checked per itemtype at once, not one request each.
        self.dropdowns.check_ids_ahead([(dict(itemtype=itemtype, items_id=keys["id"]), None)
                                        for _w, itemtype, keys in self.request.linked_items or () if set(keys) == {"id"}])
        for where, itemtype, keys in self.request.linked_items or ():
            item_id = self._linked_item_id(where, itemtype, keys)
            self.names[(itemtype, item_id)] = str(keys.get("name", item_id))
            if (itemtype, item_id) not in self.links:
                self.links.append((itemtype, item_id))
        for index, task in enumerate(self.request.tasks):
            task.update(self.dropdowns.resolve_fields(
                dict((k, v) for k, v in task.items() if k != "content"), "tasks[{0}]".format(index)))
        for index, validation in enumerate(self.request.validations):
            validation["validator"] = self.dropdowns.resolve(
                "User", validation["validator"], "validations[{0}].validator".format(index))

    def _linked_item_id(self, where, itemtype, keys):
        if set(keys) == set(["id"]):
            return self.dropdowns.resolve(itemtype, keys["id"], where + ".id")
        identity = self.dropdowns.resolve_fields(keys, where)
        found = find_records(self.client, itemtype, identity, include_trashed=False)
        if len(found) != 1:
            raise GlpiInputError("{0}: {1} {2} records match {3}{4}".format(
                where, len(found) or "no", itemtype, identity,
                ": ids " + ", ".join(str(r["id"]) for r in found) if found else ""))
        return found[0]["id"]

    # ------------------------------------------------------------------ planning

    def plan(self, item_id, record):
        """The differences between the request and the object ``item_id`` (None: to be created)."""
        self.item_id = item_id
        if item_id is not None:
            self._read_actors()
            self._read_links()
        for key, ids in self.actor_ids.items():
            current = self.current_actors.get(key, [])
            have = [actor for _t, _r, actor in current]
            remove = [] if self.request.append else [(t, r) for t, r, actor in current if actor not in ids]
            add = [i for i in ids if i not in have]
            if add or remove:
                self.actor_changes[key] = (add, remove)
        if self.request.linked_items is not None:
            have = [(t, i) for _r, t, i in self.current_links]
            add = [link for link in self.links if link not in have]
            remove = [] if self.request.append else [r for r, t, i in self.current_links if (t, i) not in self.links]
            self.link_changes = (add, remove)
        self._plan_timeline(record)

    def _plan_timeline(self, record):
        kind = self.kind
        if self.request.followups:
            have = set(text_of(row.get("content")) for row in self._rows("ITILFollowup"))
            self.new_followups = [f for f in _distinct(self.request.followups) if text_of(f["content"]) not in have]
        if self.request.tasks:
            by_text = dict((text_of(row.get("content")), row) for row in self._rows(kind.task))
            for task in _distinct(self.request.tasks):
                row = by_text.get(text_of(task["content"]))
                if row is None:
                    self.new_tasks.append(task)
                    continue
                wanted = dict((k, v) for k, v in task.items() if k != "content")
                changed = changes(wanted, row)
                if changed:
                    self.task_updates.append((row["id"], changed, dict((k, wanted[k]) for k in changed)))
        if self.request.validations:
            have = set(_validator(row) for row in self._rows(kind.validation))
            self.new_validations = [v for v in self.request.validations if v["validator"] not in have]
        if self.request.solution:
            self._plan_solution(record)

    def _plan_solution(self, record):
        status = (record or {}).get("status")
        if status not in (SOLVED, CLOSED):
            self.add_solution = self.request.solution
            return
        solutions = sorted(self._rows("ITILSolution"), key=lambda row: row["id"])
        latest = solutions[-1] if solutions else None
        if latest is not None and text_of(latest.get("content")) == text_of(self.request.solution["content"]):
            return
        raise GlpiInputError(
            "solution: {0} {1} is already {2}{3}; GLPI takes no other solution until it is reopened "
            "(fields.status: {4}, in a task before this one)".format(
                self.kind.itemtype, self.item_id, status_name(self.kind.itemtype, status),
                " with the solution {0!r}".format(text_of(latest.get("content"))[:80]) if latest else " without a solution",
                status_name(self.kind.itemtype, 2)))

    def _rows(self, sub_itemtype):
        if self.item_id is None:
            return []
        return list(self.client.iter_sub_items(self.kind.itemtype, self.item_id, sub_itemtype))

    def _read_actors(self):
        for kind in ACTOR_KINDS:
            keys = [role + kind.suffix for role, _type in ROLES if role + kind.suffix in self.actor_ids]
            if not keys:
                continue
            row_itemtype = getattr(self.kind, kind.rows)
            for row in self._rows(row_itemtype):
                key = _role_of(row.get("type")) + kind.suffix if _role_of(row.get("type")) else None
                if key in keys:
                    self.current_actors.setdefault(key, []).append((row_itemtype, row["id"], row.get(kind.field)))

    def _read_links(self):
        if self.request.linked_items is None:
            return
        self.current_links = [(row["id"], row.get("itemtype"), row.get("items_id"))
                              for row in self._rows(self.kind.item_link)]

    @property
    def changed(self):
        return bool(self.actor_changes or self.link_changes[0] or self.link_changes[1] or self.new_followups
                    or self.new_tasks or self.task_updates or self.new_validations or self.add_solution)

    def creation_input(self):
        """The actors as GLPI's special inputs, sent with the creation (so that GLPI's own rules and
        notifications see them, as in its form)."""
        special = {}
        for key, ids in self.actor_ids.items():
            role, kind = _split_key(key)
            if ids:
                special["_{0}_id_{1}".format(kind.rows, role)] = ids
        return special

    # ------------------------------------------------------------------ writing

    def apply(self, item_id, created):
        """Write the differences to the object ``item_id``; after a creation the actors were sent
        with it, and are checked here."""
        self.item_id = item_id
        if created:
            self._check_created_actors()
        else:
            self._write_actors()
        self._write_links()
        fk = {self.kind.fk: item_id}
        parent = dict(itemtype=self.kind.itemtype, items_id=item_id)
        self.added["followups"] = self._add("ITILFollowup", [dict(f, **parent) for f in self.new_followups], "followups")
        self.added["tasks"] = self._add(self.kind.task, [dict(t, **fk) for t in self.new_tasks], "tasks")
        if self.task_updates:
            self._check(self.client.update_items(self.kind.task, [dict(i, id=r) for r, _c, i in self.task_updates]),
                        "tasks")
        self.added["validations"] = self._add(self.kind.validation, [
            dict(fk, users_id_validate=v["validator"], comment_submission=v.get("comment") or "")
            for v in self.new_validations], "validations")
        if self.add_solution:
            [solution_id] = self._add("ITILSolution", [dict(self.add_solution, **parent)], "solution")
            self.added["solution"] = solution_id

    def _check_created_actors(self):
        """The actors sent with the creation are GLPI's rows now; a missing one was ignored."""
        planned = self.current_actors
        self._read_actors()
        for key, ids in self.actor_ids.items():
            have = [actor for _t, _r, actor in self.current_actors.get(key, [])]
            ignored = [i for i in ids if i not in have]
            if ignored:
                kind = _actor_kind(key)
                raise GlpiInputError("actors.{0}: GLPI ignored {1} when creating {2} {3}".format(
                    key, ", ".join(self._label(kind.itemtype, i) for i in ignored), self.kind.itemtype, self.item_id))
        self.current_actors = planned  # none before the creation: the report shows them all added

    def _write_actors(self):
        removals, additions = {}, {}
        for key, (add, remove) in self.actor_changes.items():
            role, kind = _split_key(key)
            row_itemtype = getattr(self.kind, kind.rows)
            for row_type, row_id in remove:
                removals.setdefault(row_type, []).append(row_id)
            for actor_id in add:
                additions.setdefault(row_itemtype, []).append(
                    {self.kind.fk: self.item_id, kind.field: actor_id, "type": dict(ROLES)[role]})
        for row_itemtype, ids in sorted(removals.items()):
            self._check(self.client.delete_items(row_itemtype, ids), "actors")
        for row_itemtype, rows in sorted(additions.items()):
            self._add(row_itemtype, rows, "actors")

    def _write_links(self):
        add, remove = self.link_changes
        if remove:
            self._check(self.client.delete_items(self.kind.item_link, remove), "linked_items")
        if add:
            self._add(self.kind.item_link, [{self.kind.fk: self.item_id, "itemtype": t, "items_id": i} for t, i in add],
                      "linked_items")

    def _add(self, itemtype, rows, option):
        if not rows:
            return []
        outcomes = self.client.add_items(itemtype, rows)
        self._check(outcomes, option)
        return [outcome["id"] for outcome in outcomes]

    def _check(self, outcomes, option):
        refused = [o for o in outcomes if not o["ok"]]
        if refused:
            raise GlpiInputError("{0}: GLPI refused {1} of {2} write(s) on {3} {4}: {5}".format(
                option, len(refused), len(outcomes), self.kind.itemtype, self.item_id,
                "; ".join(o["message"] or "no reason given" for o in refused)))

    # ------------------------------------------------------------------ reporting

    def _label(self, itemtype, item_id):
        name = self.names.get((itemtype, item_id))
        return "{0} {1!r} (id {2})".format(itemtype, name, item_id) if name and name != str(item_id) \
            else "{0} {1}".format(itemtype, item_id)

    def actors_after(self):
        """Per role given: the actors after the task, ``[{id, name}]`` (name as the task gave it)."""
        result = {}
        for key, ids in self.actor_ids.items():
            kind = _actor_kind(key)
            current = [actor for _t, _r, actor in self.current_actors.get(key, [])]
            add, remove = self.actor_changes.get(key, ([], []))
            removed = set(row for _t, row in remove)
            after = [actor for _t, row, actor in self.current_actors.get(key, []) if row not in removed]
            after += [i for i in add if i not in current]
            result[key] = [dict(id=i, name=self.names.get((kind.itemtype, i))) for i in after]
        return result

    def links_after(self):
        add, remove = self.link_changes
        after = [(t, i) for r, t, i in self.current_links if r not in remove] + list(add)
        return [dict(itemtype=t, id=i, name=self.names.get((t, i))) for t, i in after]

    def _name_the_others(self):
        """Names for the actors and items the task did not name (those it removes, or keeps with
        append): one read per itemtype, only when there is a change to report."""
        unnamed = {}
        for key, rows in self.current_actors.items():
            for _t, _r, actor in rows:
                unnamed.setdefault(_actor_kind(key).itemtype, set()).add(actor)
        for _r, itemtype, item_id in self.current_links:
            unnamed.setdefault(itemtype, set()).add(item_id)
        for itemtype, ids in unnamed.items():
            ids = sorted(i for i in ids if (itemtype, i) not in self.names and i)
            if ids:
                for item_id, record in records_by_id(self.client, itemtype, ids).items():
                    self.names[(itemtype, item_id)] = record.get("name")

    def changes(self):
        """The differences as ``{name: (before, after)}``, for the result and the diff."""
        if self.actor_changes or any(self.link_changes):
            self._name_the_others()
        result = {}
        for key, (add, remove) in sorted(self.actor_changes.items()):
            kind = _actor_kind(key)
            before = [self._label(kind.itemtype, a) for _t, _r, a in self.current_actors.get(key, [])]
            removed = set(row for _t, row in remove)
            after = [self._label(kind.itemtype, a) for _t, r, a in self.current_actors.get(key, []) if r not in removed]
            result["actors." + key] = (before, after + [self._label(kind.itemtype, a) for a in add])
        add, remove = self.link_changes
        if add or remove:
            before = [self._label(t, i) for _r, t, i in self.current_links]
            result["linked_items"] = (before, [self._label(item["itemtype"], item["id"]) for item in self.links_after()])
        for option, new in (("followups", self.new_followups), ("tasks", self.new_tasks),
                            ("validations", self.new_validations)):
            if new:
                result[option] = (None, [_summary(entry) for entry in new])
        for row_id, changed, _input in self.task_updates:
            for field, pair in changed.items():
                result["tasks.{0}.{1}".format(row_id, field)] = pair
        if self.add_solution:
            result["solution"] = (None, text_of(self.add_solution["content"]))
        return result


def _summary(entry):
    if "validator" in entry:
        return "validation by user {0}".format(entry["validator"])
    return text_of(entry["content"])


def _distinct(entries):
    seen, result = set(), []
    for entry in entries:
        key = text_of(entry["content"])
        if key not in seen:
            seen.add(key)
            result.append(entry)
    return result


def _validator(row):
    """The user asked to validate: GLPI 10 names it in users_id_validate, GLPI 11 in
    itemtype_target/items_id_target (users_id_validate is 0 there)."""
    if row.get("itemtype_target") == "User" and row.get("items_id_target"):
        return row["items_id_target"]
    return row.get("users_id_validate")


def _role_of(actor_type):
    return dict((number, role) for role, number in ROLES).get(actor_type)


def _actor_kind(key):
    return _split_key(key)[1]


def _split_key(key):
    for kind in ACTOR_KINDS[1:]:
        if key.endswith(kind.suffix):
            return key[:-len(kind.suffix)], kind
    return key, ACTOR_KINDS[0]


def read_itil(client, itemtype, item_id):
    """Everything GLPI keeps beside an ITIL object's fields, for glpi_item_info: its actors per
    role, linked items, follow-ups, tasks, solutions and validations."""
    kind = itil_kind(itemtype)

    def rows(sub_itemtype):
        return list(client.iter_sub_items(kind.itemtype, item_id, sub_itemtype, get_hateoas=False))

    actors = dict((key, []) for key in ACTOR_KEYS)
    for actor_kind in ACTOR_KINDS:
        for row in rows(getattr(kind, actor_kind.rows)):
            role = _role_of(row.get("type"))
            if role:
                actors[role + actor_kind.suffix].append(row.get(actor_kind.field))
    return dict(
        actors=actors,
        linked_items=[dict(itemtype=r.get("itemtype"), id=r.get("items_id")) for r in rows(kind.item_link)],
        followups=rows("ITILFollowup"),
        tasks=rows(kind.task),
        solutions=rows("ITILSolution"),
        validations=rows(kind.validation) if kind.validation else [],
    )


class ItilTask(object):
    """The ITIL side of one glpi_item run on a single Ticket, Problem or Change: the request's
    parts around the record's own plan.

    Order of writes: the record (with the actors as special inputs when it is created), then the
    actors' and links' rows, the timeline, the solution, and last a status that must follow the
    solution (``status: closed`` with a solution: solved first, then closed).
    """

    def __init__(self, client, dropdowns, itemtype, params, fields):
        """``fields``: the task's fields (of its one record), whose actor special inputs and
        status names this takes. Fails on options that do not apply to the task."""
        given = options_given(params)
        if params.get("records") is not None and given:
            raise GlpiInputError("{0}: give one record (fields or id), not records".format(given[0]))
        self.client = client
        self.request = ItilRequest(itemtype, params, fields)
        self.kind = self.request.kind
        self.active = params.get("records") is None and params.get("state", "present") == "present"
        self.parts = ItilParts(client, dropdowns, self.request) if self.request.wanted else None
        if self.parts is not None and not self.active:
            raise GlpiInputError("{0}: only with state=present".format(given[0] if given else "fields"))
        # A status asked with a solution is written after it (GLPI takes no solution once closed).
        self.final_status = fields.pop("status", None) if self.request.solution and "status" in fields else None

    def plan(self, plan):
        """Read and compare the parts; actors of a record to create travel with its creation."""
        if self.parts is None or not self.active:
            return
        self.parts.resolve()
        self.parts.plan(plan.id, plan.current)
        if plan.action == "created":
            plan.wanted.update(self.parts.creation_input())

    def changed(self, plan):
        if not self.active:
            return False
        return bool(self.parts and self.parts.changed) or self._status_change(plan.current) is not None

    def _status_change(self, record):
        """(before, after) when the final status is not the one the record will have."""
        if self.final_status is None:
            return None
        before = (record or {}).get("status")
        if before is None and self.parts and self.parts.add_solution:
            before = SOLVED
        return (before, self.final_status) if before != self.final_status else None

    def before_write(self, plan, check_mode=False):
        """A closed record takes no change but its status: reopen it first when the task asks for
        an open status, and refuse other changes with the reason otherwise."""
        if not self.active or self.kind is None or plan.action != "updated" \
                or (plan.current or {}).get("status") != CLOSED:
            return
        blocked = sorted(field for field in plan.changed if field not in _WRITABLE_WHEN_CLOSED)
        if not blocked:
            return
        new_status = plan.changed.get("status", (None, CLOSED))[1]
        if new_status == CLOSED:
            raise GlpiInputError("fields: {0} {1} is closed, and GLPI changes nothing on a closed {2} but its status "
                                 "(its entity and category): {3} cannot change; reopen it (fields.status: {4})".format(
                                     self.kind.itemtype, plan.id, self.kind.itemtype.lower(), ", ".join(blocked),
                                     status_name(self.kind.itemtype, 2)))
        if not check_mode:
            self._update_status(plan.id, new_status)

    def after_write(self, plan):
        if not self.active:
            return
        if self.parts is not None:
            self.parts.apply(plan.id, plan.action == "created")
        if self.final_status is not None:
            record = self.client.get_item(self.kind.itemtype, plan.id, get_hateoas=False)
            if self._status_change(record):
                self._update_status(plan.id, self.final_status)

    def _update_status(self, item_id, status):
        [outcome] = self.client.update_items(self.kind.itemtype, {"status": status}, item_id=item_id)
        if not outcome["ok"]:
            raise GlpiInputError("fields.status: GLPI refused to move {0} {1} to {2}: {3}".format(
                self.kind.itemtype, item_id, status_name(self.kind.itemtype, status), outcome["message"] or "no reason given"))

    def check_status(self, record):
        """GLPI's API answers a status it did not apply with a success: compare."""
        wanted = self.final_status if self.final_status is not None else self.request.status
        if not self.active or wanted is None or record is None or record.get("status") == wanted:
            return
        raise GlpiInputError("fields.status: GLPI kept {0} {1} {2} instead of {3}".format(
            self.kind.itemtype, record.get("id"), status_name(self.kind.itemtype, record.get("status")),
            status_name(self.kind.itemtype, wanted)))

    def changes(self, plan):
        result = dict(self.parts.changes()) if self.parts else {}
        status = self._status_change(plan.current)
        if status:
            result["status"] = status
        return result

    def result(self):
        if self.parts is None:
            return {}
        result = dict(added=self.parts.added)
        if self.parts.actor_ids:
            result["actors"] = self.parts.actors_after()
        if self.request.linked_items is not None:
            result["linked_items"] = self.parts.links_after()
        return result
