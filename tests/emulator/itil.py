"""ITIL objects (Ticket, Problem, Change) and what hangs on them, as GLPI 10.0/11.0 handle them
(CommonITILObject, CommonITILActor, CommonITILTask, ITILSolution, CommonITILValidation,
Features/ParentStatus): actors given by special inputs (_users_id_assign...), status changes
and their dates, solutions, tasks, validations, timeline positions.

The Store calls these hooks; they work on the store's items (a lock is held by the caller)."""

import datetime
import uuid

from .util import is_numeric, now_str, php_intval

# CommonITILObject statuses
INCOMING, ASSIGNED, PLANNED, WAITING, SOLVED, CLOSED = 1, 2, 3, 4, 5, 6
ACCEPTED, OBSERVED, EVALUATION, APPROVAL, TEST, QUALIFICATION, REFUSED, CANCELED = (
    7, 8, 9, 10, 11, 12, 13, 14)
# CommonITILActor types
REQUESTER, ASSIGN, OBSERVER = 1, 2, 3
ACTOR_TYPES = (("requester", REQUESTER), ("assign", ASSIGN), ("observer", OBSERVER))
# CommonITILValidation statuses
VALIDATION_NONE, VALIDATION_WAITING, VALIDATION_ACCEPTED, VALIDATION_REFUSED = 1, 2, 3, 4
# CommonITILObject timeline positions
TIMELINE_LEFT, TIMELINE_RIGHT = 1, 4
# Entity::CONFIG_PARENT (inherit the parent entity's value)
CONFIG_PARENT = -2


class ItilType:
    def __init__(self, name, fk, statuses, new, solved, closed, actors, task, validation):
        self.name = name
        self.fk = fk                    # tickets_id
        self.statuses = statuses        # getAllStatusArray() keys
        self.new = new                  # getNewStatusArray()
        self.solved = solved            # getSolvedStatusArray()
        self.closed = closed            # getClosedStatusArray()
        self.actors = actors            # {"User": ("Ticket_User", "users_id"), ...}
        self.task = task
        self.validation = validation

    @property
    def has_assigned(self):
        return ASSIGNED in self.statuses


ITIL_TYPES = {
    "Ticket": ItilType(
        "Ticket", "tickets_id", (1, 2, 3, 4, 5, 6), (1,), (5,), (6,),
        {"User": ("Ticket_User", "users_id"), "Group": ("Group_Ticket", "groups_id"),
         "Supplier": ("Supplier_Ticket", "suppliers_id")}, "TicketTask", "TicketValidation"),
    "Problem": ItilType(
        "Problem", "problems_id", (1, 7, 2, 3, 4, 5, 8, 6), (1, 7), (8, 5), (6,),
        {"User": ("Problem_User", "users_id"), "Group": ("Group_Problem", "groups_id"),
         "Supplier": ("Problem_Supplier", "suppliers_id")}, "ProblemTask", None),
    "Change": ItilType(
        "Change", "changes_id", (1, 9, 10, 7, 4, 11, 12, 5, 8, 6, 14, 13), (1, 7, 9, 10),
        (8, 5), (6, 14, 13),
        {"User": ("Change_User", "users_id"), "Group": ("Change_Group", "groups_id"),
         "Supplier": ("Change_Supplier", "suppliers_id")}, "ChangeTask", "ChangeValidation"),
}
CHANGE_NEW = ITIL_TYPES["Change"].new

# actor link itemtype -> (ITIL object type, actor itemtype, actor foreign key)
ACTOR_LINKS = {link: (itil.name, actor, fk) for itil in ITIL_TYPES.values()
               for actor, (link, fk) in itil.actors.items()}
TASKS = {itil.task: itil.name for itil in ITIL_TYPES.values()}
VALIDATIONS = {itil.validation: itil.name for itil in ITIL_TYPES.values() if itil.validation}
# everything whose rows go when their ITIL object is purged (by its foreign key)
CHILDREN_BY_FK = tuple(ACTOR_LINKS) + tuple(TASKS) + tuple(VALIDATIONS)

TASK_WITHOUT_CONTENT = "You can't add a task without description."
ALREADY_SOLVED = "The item is already solved, did anyone pushed a solution before you?"


def _seconds(date):
    try:
        return int(datetime.datetime.strptime(str(date), "%Y-%m-%d %H:%M:%S").timestamp())
    except ValueError:
        return 0


def _status(value):
    return php_intval(value) if is_numeric(value) or isinstance(value, (int, float)) \
        else value


class Itil:
    """The ITIL behaviour of one store."""

    def __init__(self, store):
        self.store = store
        self.validation_steps = {}      # GLPI 11: (itemtype, id) -> itils_validationsteps_id
        self.next_validation_step = 1

    # ------------------------------------------------------------------ helpers
    def parent_of(self, itemtype, item):
        """(ITIL type, ITIL item) a child row hangs on."""
        if itemtype in ACTOR_LINKS:
            itil_name = ACTOR_LINKS[itemtype][0]
        elif itemtype in TASKS:
            itil_name = TASKS[itemtype]
        elif itemtype in VALIDATIONS:
            itil_name = VALIDATIONS[itemtype]
        else:
            itil_name = item.get("itemtype") if item.get("itemtype") in ITIL_TYPES else None
            if itil_name is None:
                return None, None
            return ITIL_TYPES[itil_name], self.store.get(itil_name, item.get("items_id"))
        itil = ITIL_TYPES[itil_name]
        return itil, self.store.get(itil_name, item.get(itil.fk))

    def actors(self, itil, itil_id, actor_type=None):
        """[(actor itemtype, actor id, type, row)] of an ITIL object."""
        out = []
        for actor, (link, fk) in itil.actors.items():
            for row in self.store.all_items(link):
                if row.get(itil.fk) == itil_id and (actor_type is None or row["type"] == actor_type):
                    out.append((actor, row[fk], row["type"], row))
        return out

    def count_assigned(self, itil, itil_id):
        return len(self.actors(itil, itil_id, ASSIGN))

    def timeline_position(self, itil, itil_id, users_id, interface="central"):
        """CommonITILObject::getTimelinePosition() for followups, tasks and validations."""
        roles = {t for actor, aid, t, _row in self.actors(itil, itil_id)
                 if actor == "User" and aid == users_id and users_id}
        if not roles:
            return TIMELINE_LEFT
        r, o, a = REQUESTER in roles, OBSERVER in roles, ASSIGN in roles
        if not r and not o and not a:
            return TIMELINE_RIGHT if interface == "central" else TIMELINE_LEFT
        if not r and a:
            return TIMELINE_RIGHT
        return TIMELINE_LEFT

    def entity_config(self, entity_id, field):
        """Entity::getUsedConfig(): the value of the entity or of the nearest ancestor that
        does not inherit it."""
        seen = set()
        while entity_id is not None and entity_id not in seen:
            seen.add(entity_id)
            entity = self.store.get("Entity", entity_id)
            if entity is None:
                break
            value = php_intval(entity.get(field))
            if value != CONFIG_PARENT or entity_id == 0:
                return value
            entity_id = entity.get("entities_id")
        return -10

    # ------------------------------------------------------------------ ITIL objects
    def prepare_add(self, itemtype, item, data, now):
        """computeDefaultValuesForAdd(): dates of an object created solved, closed, waiting."""
        itil = ITIL_TYPES[itemtype]
        status = _status(item.get("status"))
        date = item.get("date") or now
        if status in itil.solved:
            item["solvedate"] = date
        if status in itil.closed:
            item["closedate"] = date
            item["solvedate"] = date
        if status == WAITING:
            item["begin_waiting_date"] = date

    def post_add(self, itemtype, item, data, user_id):
        self.update_actors(itemtype, item, data, user_id, data)
        if itemtype == "Ticket":
            # taken into account at once by a technician who is not a requester
            item = self.store.get(itemtype, item["id"])
            if item.get("takeintoaccount_delay_stat") and user_id \
                    and not self.can_take_into_account(item, user_id):
                item["takeintoaccountdate"] = None
                item["takeintoaccount_delay_stat"] = 0

    def touch(self, itil, parent, user_id, compute=True):
        """updateDateMod(): date_mod, last updater, and (tickets) the take into account."""
        parent["date_mod"] = now_str()
        if user_id:
            parent["users_id_lastupdater"] = user_id
        if compute and itil.name == "Ticket":
            self.take_into_account(parent, user_id)

    def prepare_update(self, itemtype, item, data, user_id):
        """CommonITILObject::prepareInputForUpdate() (and handleTemplateFields()): returns the
        input to apply; raises StoreError("") when a closed object is given nothing it
        accepts."""
        from .store import StoreError
        itil = ITIL_TYPES[itemtype]
        if _status(item.get("status")) in itil.closed:
            allowed = ("status", "entities_id", "itilcategories_id")
            data = {k: v for k, v in data.items() if k in allowed and v is not None}
            if not data:
                raise StoreError("")
        if itemtype == "Ticket":
            self._ticket_priority(item, data)
        if "status" in data:
            status = _status(data["status"])
            if status not in itil.solved + itil.closed:
                data["solvedate"] = None
            if status not in itil.closed:
                data["closedate"] = None
        if user_id:
            data["users_id_lastupdater"] = user_id
        return data

    @staticmethod
    def _ticket_priority(item, data):
        from .profiles import PRIORITY_MATRIX
        urgency_changed = "urgency" in data and php_intval(data["urgency"]) != item["urgency"]
        impact_changed = "impact" in data and php_intval(data["impact"]) != item["impact"]
        # PHP: urgency changed || (impact changed && priority not given)
        if urgency_changed or (impact_changed and "priority" not in data):
            urgency = max(1, min(5, php_intval(data.get("urgency", item["urgency"])) or 3))
            impact = max(1, min(5, php_intval(data.get("impact", item["impact"])) or 3))
            data["priority"] = PRIORITY_MATRIX[urgency][impact]

    def status_dates(self, itemtype, new_values, item, now):
        """pre_updateInDB() on a status change: a solved status sets solvedate, a closed one
        closedate (and solvedate when empty); leaving a waiting, solved or closed status adds
        the time spent to waiting_duration; a waiting or solved status starts begin_waiting_date;
        the delay stats follow the dates."""
        itil = ITIL_TYPES[itemtype]
        status = _status(new_values["status"])
        old = _status(item.get("status"))
        if status in itil.solved:
            new_values["solvedate"] = now
        if status in itil.closed:
            new_values["closedate"] = now
            if not new_values.get("solvedate", item.get("solvedate")):
                new_values["solvedate"] = now
        not_solved = [x for x in itil.statuses if x not in itil.solved + itil.closed]
        if item.get("begin_waiting_date") and (
                old == WAITING or (old in itil.solved and status not in itil.closed)
                or (old in itil.closed and status in not_solved)):
            new_values["waiting_duration"] = (item.get("waiting_duration") or 0) + max(
                0, _seconds(now) - _seconds(item["begin_waiting_date"]))
            new_values["begin_waiting_date"] = None
        if status == WAITING or status in itil.solved:
            new_values["begin_waiting_date"] = now
        waiting = new_values.get("waiting_duration", item.get("waiting_duration") or 0)
        for field, stat in (("solvedate", "solve_delay_stat"), ("closedate", "close_delay_stat")):
            if field in new_values and new_values[field] != item.get(field):
                date = new_values[field]
                new_values[stat] = max(0, _seconds(date) - _seconds(item.get("date"))
                                       - waiting) if date and item.get("date") else 0

    def pre_update(self, itemtype, new_values, item, user_id):
        """What pre_updateInDB() adds to an update's values."""
        if itemtype in ITIL_TYPES and "status" in new_values \
                and new_values["status"] != item.get("status"):
            self.status_dates(itemtype, new_values, item, now_str())
        if itemtype == "Ticket" and any(item.get(k) != v for k, v in new_values.items()):
            probe = dict(item, **new_values)
            self.take_into_account(probe, user_id, status_given=True)
            for key in ("takeintoaccountdate", "takeintoaccount_delay_stat"):
                if probe[key] != item.get(key):
                    new_values[key] = probe[key]

    # ------------------------------------------------------------------ take into account
    def can_take_into_account(self, ticket, user_id):
        """Ticket::canTakeIntoAccount(): an assignee can, a requester cannot, others can
        when their profile treats tickets (central)."""
        from . import profiles
        roles = {t for actor, aid, t, _row in self.actors(ITIL_TYPES["Ticket"], ticket["id"])
                 if actor == "User" and aid == user_id}
        if ASSIGN in roles:
            return True
        if REQUESTER in roles:
            return False
        profile_id = self.store.auth.get(user_id, {}).get("profiles", [(4, 0, 1)])[0][0]
        return profiles.PROFILES.get(profile_id, ("", "central"))[1] == "central"

    def take_into_account(self, ticket, user_id, status_given=False):
        """Ticket::updateDateMod() / pre_updateInDB(): the first time a user who can take a
        ticket into account touches it (out of the new status for an update)."""
        if ticket.get("takeintoaccount_delay_stat") or not user_id:
            return
        if status_given and _status(ticket.get("status")) == INCOMING:
            return
        if not self.can_take_into_account(ticket, user_id):
            return
        now = now_str()
        ticket["takeintoaccountdate"] = now
        ticket["takeintoaccount_delay_stat"] = max(1, _seconds(now) - _seconds(ticket["date"])) \
            if ticket.get("date") else 1

    def post_update(self, itemtype, item, data, user_id):
        self.update_actors(itemtype, item, data, user_id, data)

    # ------------------------------------------------------------------ actors
    def actor_inputs(self, data):
        """updateActors(): [(actor type value, actor itemtype, id)] from _users_id_requester,
        _groups_id_assign... (a number or a list; what is not a number is ignored)."""
        out = []
        for type_name, type_value in ACTOR_TYPES:
            for actor, fk in (("User", "users_id"), ("Group", "groups_id"),
                              ("Supplier", "suppliers_id")):
                key = "_%s_%s" % (fk, type_name)
                if key not in data:
                    continue
                value = data[key]
                if isinstance(value, dict):
                    value = list(value.values())
                if isinstance(value, list):
                    ids = [php_intval(v) if not isinstance(v, (list, dict)) else 0
                           for v in value]
                elif is_numeric(value):
                    ids = [php_intval(value)]
                else:
                    ids = []                       # a login...: a warning, nothing added
                seen = []
                for actor_id in ids:
                    if actor_id and actor_id not in seen:
                        seen.append(actor_id)
                        out.append((type_value, actor, actor_id))
        return out

    def update_actors(self, itemtype, item, data, user_id, input_):
        itil = ITIL_TYPES[itemtype]
        from .store import StoreError
        for type_value, actor, actor_id in self.actor_inputs(data):
            existing = [aid for a, aid, _t, _r in self.actors(itil, item["id"], type_value)
                        if a == actor]
            if actor_id in existing:
                continue
            link, fk = itil.actors[actor]
            try:
                self.store.add(link, {itil.fk: item["id"], fk: actor_id, "type": type_value,
                                      "_from_object": True}, user_id=user_id)
            except StoreError:
                continue                           # an actor that does not exist
            if type_value != ASSIGN or not itil.has_assigned:
                continue
            current = _status(item.get("status"))
            given = _status(input_["status"]) if "status" in input_ else None
            if (given is None and current in itil.new) or (given is not None and given in itil.new):
                if current != ASSIGNED:
                    self.store.update(itemtype, item["id"], {"status": ASSIGNED},
                                      user_id=user_id)

    def prepare_actor(self, itemtype, item):
        """CommonITILActor::prepareInputForAdd(): the actor must exist and not be there yet
        with the same type; alternative_email is '' rather than NULL."""
        from .store import StoreError
        itil_name, actor, fk = ACTOR_LINKS[itemtype]
        itil = ITIL_TYPES[itil_name]
        actor_id = item.get(fk) or 0
        if actor_id > 0:
            if self.store.get(actor, actor_id) is None:
                raise StoreError("")
            for a, aid, _t, _r in self.actors(itil, item.get(itil.fk), item.get("type")):
                if a == actor and aid == actor_id:
                    raise StoreError("")
        if "alternative_email" in item and item["alternative_email"] is None:
            item["alternative_email"] = ""

    def post_add_actor(self, itemtype, item, data, user_id):
        """CommonITILActor::post_addItem(): an assignee added alone assigns a new object."""
        itil_name = ACTOR_LINKS[itemtype][0]
        itil = ITIL_TYPES[itil_name]
        parent = self.store.get(itil_name, item.get(itil.fk))
        if parent is None:
            return
        self.touch(itil, parent, user_id, compute=item["type"] == ASSIGN)
        if item["type"] == ASSIGN and not data.get("_from_object") and itil.has_assigned \
                and _status(parent.get("status")) in itil.new:
            self.store.update(itil_name, parent["id"], {"status": ASSIGNED}, user_id=user_id)

    def post_purge_actor(self, itemtype, item, user_id):
        """CommonITILActor::post_deleteFromDB(): an object left without assignee goes back to
        new (a change keeps its own new statuses)."""
        itil_name = ACTOR_LINKS[itemtype][0]
        itil = ITIL_TYPES[itil_name]
        parent = self.store.get(itil_name, item.get(itil.fk))
        if parent is None:
            return
        status = _status(parent.get("status"))
        if self.count_assigned(itil, parent["id"]) == 0 and status not in (CLOSED, SOLVED):
            new_status = status if status in CHANGE_NEW else INCOMING
            from .store import StoreError
            try:
                self.store.update(itil_name, parent["id"], {"status": new_status},
                                  user_id=user_id)
            except StoreError:      # GLPI ignores a refused update here
                pass

    # ------------------------------------------------------------------ children
    def prepare_child(self, itemtype, item, data, user_id, now):
        """Tasks, solutions, validations and followups: GLPI's prepareInputForAdd()."""
        from .store import StoreError
        user_id = user_id or 0
        itil, parent = self.parent_of(itemtype, item)
        if itemtype in TASKS:
            if not data.get("content"):
                raise StoreError(TASK_WITHOUT_CONTENT)
            if parent is None:
                raise StoreError("")
            if not item.get("uuid"):
                item["uuid"] = str(uuid.uuid4())
            if "users_id" not in data:
                item["users_id"] = user_id
            if not item.get("date"):
                item["date"] = now
            item["timeline_position"] = self.timeline_position(itil, parent["id"],
                                                               item["users_id"])
        elif itemtype == "ITILSolution":
            if parent is None:
                raise StoreError("")
            if "users_id" not in data:
                item["users_id"] = user_id
            if _status(parent.get("status")) in itil.solved:
                raise StoreError(ALREADY_SOLVED)
            status = VALIDATION_ACCEPTED
            if itil.name == "Ticket" and self.entity_config(
                    parent.get("entities_id"), "autoclose_delay") != 0 \
                    and _status(parent.get("status")) != CLOSED:
                status = VALIDATION_WAITING
            if status == VALIDATION_ACCEPTED:
                item["users_id_approval"] = user_id
                item["date_approval"] = now
            item["status"] = status
        elif itemtype in VALIDATIONS:
            item["users_id"] = user_id
            item["submission_date"] = now
            item["status"] = VALIDATION_WAITING
            if "itemtype_target" in item:           # GLPI 11: targets
                if not item.get("itemtype_target") and data.get("users_id_validate"):
                    item["itemtype_target"] = "User"
                    item["items_id_target"] = php_intval(data["users_id_validate"])
                    item["users_id_validate"] = 0
                if not item.get("itemtype_target") or (item.get("items_id_target") or 0) <= 0:
                    raise StoreError("")
            elif (item.get("users_id_validate") or 0) <= 0:
                raise StoreError("")
            if parent is None:
                raise StoreError("")
            if "itils_validationsteps_id" in item and not data.get("itils_validationsteps_id"):
                key = (itil.name, parent["id"])
                if key not in self.validation_steps:
                    self.validation_steps[key] = self.next_validation_step
                    self.next_validation_step += 1
                item["itils_validationsteps_id"] = self.validation_steps[key]
            item["entities_id"] = parent.get("entities_id") or 0
            if "is_recursive" in item:
                item["is_recursive"] = parent.get("is_recursive") or 0
            item["timeline_position"] = self.timeline_position(itil, parent["id"], user_id)
        elif itemtype == "ITILFollowup" and parent is not None:
            if "timeline_position" not in data:
                item["timeline_position"] = self.timeline_position(itil, parent["id"],
                                                                   item.get("users_id"))

    def post_add_child(self, itemtype, item, data, user_id):
        itil, parent = self.parent_of(itemtype, item)
        if parent is None:
            return
        if itemtype == "ITILSolution":
            status = SOLVED
            if itil.name == "Ticket" and (self.entity_config(
                    parent.get("entities_id"), "autoclose_delay") == 0
                    or _status(parent.get("status")) == CLOSED):
                status = CLOSED
            self.store.update(itil.name, parent["id"], {"status": status}, user_id=user_id)
        elif itemtype in VALIDATIONS:
            if parent.get("global_validation") in (VALIDATION_ACCEPTED, VALIDATION_NONE):
                self.store.update(itil.name, parent["id"],
                                  {"global_validation": VALIDATION_WAITING}, user_id=user_id)
        elif itemtype in TASKS:
            self.touch(itil, parent, user_id)
            if php_intval(item.get("actiontime")) > 0:
                self.update_actiontime(itil, parent)
            self.update_parent_status(itil, parent, item, data, user_id)
        elif itemtype == "ITILFollowup":
            self.touch(itil, parent, user_id)
            self.update_parent_status(itil, parent, item, data, user_id)

    def post_update_child(self, itemtype, item, changed, user_id):
        itil, parent = self.parent_of(itemtype, item)
        if parent is not None and itemtype in TASKS and "actiontime" in changed:
            self.update_actiontime(itil, parent)

    def update_actiontime(self, itil, parent):
        """updateActionTime(): the object's actiontime is the sum of its tasks'."""
        parent["actiontime"] = sum(php_intval(t.get("actiontime"))
                                   for t in self.store.all_items(itil.task)
                                   if t.get(itil.fk) == parent["id"])

    def update_parent_status(self, itil, parent, item, data, user_id):
        """Features/ParentStatus::updateParentStatus(): a requester (not assigned) writing on
        a waiting, solved or closed object reopens it; "pending" puts it on hold."""
        status = _status(parent.get("status"))
        pending = data.get("pending")
        reopen = False
        new_status = _status(data["_status"]) if "_status" in data else status
        if pending is not None:
            if pending and pending not in ("0", 0, False):
                new_status = WAITING
            else:
                reopen = True
        elif "_no_reopen" not in data and self.need_reopen(itil, parent, user_id):
            reopen = True
        reopened = False
        update = None
        if reopen and status in (CLOSED, SOLVED, WAITING) and new_status == status \
                and not pending:
            if itil.has_assigned and self.count_assigned(itil, parent["id"]) > 0:
                update = PLANNED if item.get("begin") and PLANNED in itil.statuses \
                    else ASSIGNED
            else:
                update = INCOMING
            self.store.update(itil.name, parent["id"], {"status": update}, user_id=user_id)
            reopened = True
        if not pending and item.get("begin") and PLANNED in itil.statuses and (
                status in (INCOMING, ASSIGNED) or reopened):
            new_status = PLANNED
        if not reopened and new_status != status:
            self.store.update(itil.name, parent["id"], {"status": new_status}, user_id=user_id)

    def need_reopen(self, itil, parent, user_id):
        roles = {t for actor, aid, t, _row in self.actors(itil, parent["id"])
                 if actor == "User" and aid == user_id}
        return _status(parent.get("status")) in (CLOSED, SOLVED, WAITING) \
            and REQUESTER in roles and ASSIGN not in roles
