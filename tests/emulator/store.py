"""In-memory GLPI database: items per itemtype, dropdown trees, history (Log), users,
credentials, documents, and the emulated server configuration."""

import copy
import encodings.idna
import hashlib
import ipaddress
import json
import re
import threading
from collections import defaultdict

from . import profiles
from .itil import ACTOR_LINKS, CHILDREN_BY_FK, ITIL_TYPES, TASKS, VALIDATIONS, Itil
from .itemtypes import (ITEMTYPES, NOW, ROOT_ENTITY_VALUES, fk_for_itemtype, itemtype_for_fk,
                        registry, resolve_itemtype)
from .searchoptions import search_options
from .util import now_str, sanitize_input
from .versions import get_version

# Log::linked_action values
HISTORY_ADD_DEVICE = 1
HISTORY_INSTALL_SOFTWARE = 4
HISTORY_UNINSTALL_SOFTWARE = 5
HISTORY_DELETE_ITEM = 13
HISTORY_RESTORE_ITEM = 14
HISTORY_ADD_RELATION = 15
HISTORY_DEL_RELATION = 16
HISTORY_ADD_SUBITEM = 17
HISTORY_DELETE_SUBITEM = 19
HISTORY_CREATE_ITEM = 20

# Relations logged on their item as "<peer name> (<peer id>)": itemtype -> (peer fk, peer type)
RELATION_PEERS = {"Contract_Item": ("contracts_id", "Contract"),
                  "Document_Item": ("documents_id", "Document"),
                  "Item_Ticket": ("tickets_id", "Ticket"),
                  "Item_Problem": ("problems_id", "Problem"),
                  "Change_Item": ("changes_id", "Change")}

# Group_Item.type of GLPI 11's asset groups: groups_id (1), groups_id_tech (2)
GROUP_TYPES = (("groups_id", 1), ("groups_id_tech", 2))

APP_TOKEN = "51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz"

# Children that follow the entity of their parent item (CommonDBChild).
ENTITY_FROM_PARENT = {"NetworkPort", "NetworkName", "IPAddress", "Item_Disk",
                      "Item_OperatingSystem", "Item_SoftwareVersion", "Infocom",
                      "Document_Item"}

MIME_TYPES = {
    "txt": "text/plain", "csv": "text/csv", "log": "text/plain", "json": "application/json",
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "gif": "image/gif", "zip": "application/zip", "xml": "text/xml", "html": "text/html",
    "doc": "application/msword", "odt": "application/vnd.oasis.opendocument.text",
}


class StoreError(Exception):
    """A write refused by the 'database' (errno: MySQL's error number, query: the statement)
    or by GLPI's checks (message is GLPI's)."""

    def __init__(self, message, errno=None, query=None):
        super().__init__(message)
        self.message = message
        self.errno = errno
        self.query = query


_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def internet_label(name):
    """FQDNLabel::prepareLabelInput(): a network name is lower-cased (ASCII letters) and must
    be one DNS label (RFC 1123, or an internationalised one): "web-01", not "web-01.lan"."""
    if name in (None, "", "0", 0):
        return name                      # empty names are allowed
    name = "".join(c.lower() if c.isascii() else c for c in str(name))
    if len(name.encode("utf-8")) == 1:
        valid = re.fullmatch(r"[0-9A-Za-z]", name) is not None
    else:
        valid = _LABEL_RE.match(name) is not None
        if not valid:
            try:
                valid = _LABEL_RE.match(encodings.idna.ToASCII(name).decode("ascii")) is not None
            except (UnicodeError, ValueError):
                valid = False
    if not valid:
        raise StoreError("Invalid internet name: %s" % name)
    return name


def internet_domain(fqdn):
    """FQDN::prepareInput(): a domain is lower-cased and made of valid labels ("example.com")."""
    if fqdn in (None, ""):
        raise StoreError("FQDN must not be empty")
    fqdn = str(fqdn).lower()
    for label in fqdn.split("."):
        try:
            if label == "" or internet_label(label) != label:
                raise StoreError("FQDN is not valid")
        except StoreError:
            raise StoreError("FQDN is not valid")
    return fqdn


class PhpFatalError(StoreError):
    """What makes PHP die in the middle of a request (GLPI 10 given an array for a column)."""


def _sql_value(value):
    if value is None:
        return "NULL"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return "'%s'" % text


def insert_query(table, values):
    """The INSERT GLPI sends for these {column: value} (values quoted as DBmysql does)."""
    return "INSERT INTO `%s` (%s) VALUES (%s)" % (
        table, ", ".join("`%s`" % k for k in values), ", ".join(map(_sql_value, values.values())))


def update_query(table, item_id, values):
    return "UPDATE `%s` SET %s WHERE `id` = %s" % (
        table, ", ".join("`%s` = %s" % (k, _sql_value(v)) for k, v in values.items()),
        _sql_value(item_id))


class Store:
    def __init__(self, version=None):
        self.glpi = get_version(version)
        self.itemtypes = registry(self.glpi)
        self.lock = threading.RLock()
        self.config = {
            "api_enabled": True,
            "login_credentials": True,       # False -> ERROR_LOGIN_WITH_CREDENTIALS_DISABLED
            "login_external_token": True,    # False -> user_token logins refused (93)
            "allowed_ip": True,              # False -> ERROR_NOT_ALLOWED_IP (91)
            "require_app_token": False,
            "app_tokens": [APP_TOKEN],
            "notifications": True,           # False -> lostPassword 'Email notifications...'
            "password_reset_token": None,    # fixed token used by lostPassword when set
            "sample_data_loaded": False,
        }
        self.items = {name: {} for name in self.itemtypes}
        self.next_id = {name: 1 for name in self.itemtypes}
        self.files = {}          # sha1 -> bytes (documents)
        self.pictures = {}       # users_id -> (bytes, mime)
        self.uploads = {}        # name in GLPI's tmp directory -> (bytes, mime)
        self.auth = {}           # users_id -> {"password", "user_token", "email", "profiles"}
        self._children = defaultdict(lambda: defaultdict(dict))
        self._main_children = defaultdict(lambda: defaultdict(dict))   # mainitemtype/mainitems_id
        self.itil = Itil(self)
        self._init_base()

    # ------------------------------------------------------------------ base data
    def _init_base(self):
        now = now_str()
        root = self._template("Entity", now)
        root.update(ROOT_ENTITY_VALUES)
        root.update({"id": 0, "name": "Root entity", "entities_id": None,
                     "completename": "Root entity", "level": 1, "ancestors_cache": None})
        self.items["Entity"][0] = root
        self.next_id["Entity"] = 1

        for itemtype in ("TicketTemplate", "ChangeTemplate", "ProblemTemplate"):
            self.add(itemtype, {"id": 1, "name": "Default", "is_recursive": 1}, history=False)
        for rid, name in ((1, "Helpdesk"), (2, "E-Mail"), (3, "Phone"), (4, "Direct"),
                          (5, "Written"), (6, "Other")):
            self.add("RequestType", {"id": rid, "name": name, "is_helpdesk_default": int(rid == 1),
                                     "is_followup_default": int(rid == 1),
                                     "is_mail_default": int(rid == 2),
                                     "is_mailfollowup_default": int(rid == 2)}, history=False)
        for pid, (name, interface, is_default, _rights) in profiles.PROFILES.items():
            prof = self._template("Profile", now)
            prof.update({"id": pid, "name": name, "interface": interface,
                         "is_default": is_default, "date_mod": None, "date_creation": None,
                         "comment": "",
                         "helpdesk_item_type": json.dumps(
                             profiles.for_version(self.glpi).head["helpdesk_item_type"])})
            self.items["Profile"][pid] = prof
        self.next_id["Profile"] = max(profiles.PROFILES) + 1

        users = [
            (2, "glpi", "glpi", "zizsyal217qd4up678glzgvqdleq5jusf54spxtu",
             "glpi@example.test", 4),
            (3, "post-only", "postonly", "postonlyusertoken00000000000000000000000",
             "postonly@example.test", 1),
            (4, "tech", "tech", "techreadonlytoken0000000000000000000000",
             "tech@example.test", 8),
            (5, "normal", "normal", None, "normal@example.test", 2),
        ]
        for uid, login, password, token, email, profile_id in users:
            self.add_user(login, password, user_token=token, email=email,
                          profile_id=profile_id, user_id=uid)
        for uid, *_unused in users:
            self.items["User"][uid]["date_creation"] = None
        self.items["User"][2]["list_limit"] = 20
        self.items["User"][2]["api_token_date"] = now
        self.next_id["User"] = 6

    def add_user(self, login, password, *, user_token=None, email=None, profile_id=8,
                 user_id=None, entities_id=0, is_recursive=1, **fields):
        """Create a user with credentials and one profile on an entity (recursive)."""
        with self.lock:
            data = {"name": login}
            data.update(fields)
            if user_id is not None:
                data["id"] = user_id
            uid = self.add("User", data, history=False)
            self.auth[uid] = {"password": password, "user_token": user_token, "email": email,
                              "profiles": [(profile_id, entities_id, is_recursive)]}
            return uid

    # ------------------------------------------------------------------ access
    def get(self, itemtype, item_id):
        table = self.items.get(itemtype)
        if table is None:
            return None
        try:
            return table.get(int(item_id))
        except (TypeError, ValueError):
            return None

    def all_items(self, itemtype):
        return list(self.items.get(itemtype, {}).values())

    def children_of(self, parent_itemtype, parent_id, child_itemtype, main=False):
        """Items of child_itemtype whose (itemtype, items_id) point to the parent (with main:
        whose (mainitemtype, mainitems_id) do)."""
        index = self._main_children if main else self._children
        ids = index.get((parent_itemtype, parent_id), {}).get(child_itemtype, {})
        table = self.items.get(child_itemtype, {})
        return [table[i] for i in ids if i in table]

    def _index(self, itemtype, item):
        for index, kind, key in ((self._children, "itemtype", "items_id"),
                                 (self._main_children, "mainitemtype", "mainitems_id")):
            if item.get(kind) and key in item:
                index[(item[kind], item[key])][itemtype][item["id"]] = True

    def _unindex(self, itemtype, item):
        for index, kind, key in ((self._children, "itemtype", "items_id"),
                                 (self._main_children, "mainitemtype", "mainitems_id")):
            if item.get(kind) and key in item:
                bucket = index.get((item[kind], item[key]))
                if bucket and itemtype in bucket:
                    bucket[itemtype].pop(item["id"], None)

    # ------------------------------------------------------------------ GLPI 11 asset groups
    def has_group_lists(self, itemtype):
        """GLPI 11 keeps this itemtype's groups in glpi_groups_items (lists, not columns)."""
        return (self.glpi.groups_as_lists and "groups_id" in ITEMTYPES[itemtype].defaults
                and "groups_id" not in self.itemtypes[itemtype].defaults)

    def asset_groups(self, itemtype, item_id):
        """{"groups_id": [ids], "groups_id_tech": [ids]} from the Group_Item rows."""
        out = {field: [] for field, _unused in GROUP_TYPES}
        links = sorted(self.children_of(itemtype, item_id, "Group_Item"), key=lambda r: r["id"])
        for field, kind in GROUP_TYPES:
            out[field] = [link["groups_id"] for link in links if link["type"] == kind]
        return out

    def _set_asset_groups(self, itemtype, item_id, groups, user_id, history):
        """Replace the groups given ({"groups_id": 3 or [3, 4]...}) by Group_Item rows."""
        current = self.asset_groups(itemtype, item_id)
        changed = []
        for field, kind in GROUP_TYPES:
            if field not in groups:
                continue
            value = groups[field]
            wanted = [int(v) for v in (value if isinstance(value, list) else [value])
                      if str(v).strip() not in ("", "0")]
            if wanted == current[field]:
                continue
            changed.append(field)
            for group_id in wanted:
                if group_id in current[field]:
                    continue
                self.add("Group_Item", {"groups_id": group_id, "itemtype": itemtype,
                                        "items_id": item_id, "type": kind}, history=False)
                if history:
                    self.log(itemtype, item_id, HISTORY_ADD_RELATION, "Group", 0, "",
                             self._group_label(group_id), user_id)
            for link in self.children_of(itemtype, item_id, "Group_Item"):
                if link["type"] == kind and link["groups_id"] not in wanted:
                    self.purge("Group_Item", link["id"], history=False)
                    if history:
                        self.log(itemtype, item_id, HISTORY_DEL_RELATION, "Group", 0,
                                 self._group_label(link["groups_id"]), "", user_id)
        return changed

    def _group_label(self, group_id):
        return "%s (%s)" % (self.dropdown_name("Group", group_id), group_id)

    # ------------------------------------------------------------------ trees / names
    def sons_of(self, itemtype, item_id, cache=False):
        """getSonsOf(): the item and all its descendants (a set of ids). With cache, GLPI's
        side effect too: the tree item's sons_cache is written (not for entities)."""
        d = self.itemtypes.get(itemtype)
        if d is None or not d.is_tree:
            return {item_id}
        found = [item_id]                   # breadth first, as getSonsOf() finds them
        children = defaultdict(list)
        for item in self.items[itemtype].values():
            parent = item.get(d.tree_fk)
            if parent is not None and item["id"] != parent:
                children[parent].append(item["id"])
        frontier = [item_id]
        while frontier:
            nxt = []
            for x in frontier:
                for child in sorted(children.get(x, [])):
                    if child not in found:
                        found.append(child)
                        nxt.append(child)
            frontier = nxt
        item = self.get(itemtype, item_id)
        if cache and item is not None and itemtype != "Entity":
            # {"<id>": "<id>", "<son>": son...}: the id as given, its sons as read
            item["sons_cache"] = json.dumps(dict([(str(item_id), str(item_id))] + [
                (str(son), son) for son in found[1:]]), separators=(",", ":"))
        return set(found)

    def ancestors_of(self, itemtype, item_id):
        """Ancestor ids, root first (empty for a root)."""
        d = self.itemtypes[itemtype]
        out = []
        item = self.get(itemtype, item_id)
        seen = set()
        while item is not None:
            parent = item.get(d.tree_fk)
            if parent is None or (itemtype != "Entity" and parent == 0) or parent in seen \
                    or parent == item["id"]:
                break
            seen.add(parent)
            out.insert(0, parent)
            item = self.get(itemtype, parent)
        return out

    def entity_count(self):
        return len(self.items["Entity"])

    def multi_entities_mode(self):
        return self.entity_count() > 1

    def dropdown_name(self, itemtype, item_id):
        """Dropdown::getDropdownName(): completename (with an encoded '>' in GLPI 10) for
        trees, '' if none."""
        item = self.get(itemtype, item_id)
        if item is None:
            return ""
        d = self.itemtypes[itemtype]
        if itemtype == "User":
            if item.get("realname"):
                return ("%s %s" % (item["realname"], item.get("firstname") or "")).strip()
            return item.get("name") or ""
        if d.is_tree:
            name = item.get("completename") or ""
            return name.replace(" > ", " &#62; ") if self.glpi.encoded_tree_names else name
        value = item.get(d.name_field)
        return "" if value is None else value

    def friendly_name(self, itemtype, item_id):
        """getFriendlyNameById(): the plain name."""
        item = self.get(itemtype, item_id)
        if item is None:
            return ""
        d = self.itemtypes[itemtype]
        if itemtype == "User":
            return self.dropdown_name("User", item_id)
        value = item.get(d.name_field)
        return "" if value is None else value

    def _refresh_tree(self, itemtype, item):
        d = self.itemtypes[itemtype]
        if not d.is_tree or (itemtype == "Entity" and item["id"] == 0):
            return
        parent_id = item.get(d.tree_fk) or 0
        parent = self.get(itemtype, parent_id) if (parent_id or itemtype == "Entity") else None
        name = item.get("name") or ""
        if parent is not None:
            item["completename"] = "%s > %s" % (parent.get("completename") or "", name)
            item["level"] = (parent.get("level") or 1) + 1
        else:
            item["completename"] = name
            item["level"] = 1
        ancestors = self.ancestors_of(itemtype, item["id"]) if parent is not None else []
        if itemtype == "Entity":
            item["ancestors_cache"] = json.dumps(ancestors, separators=(",", ":"))
        elif ancestors:
            item["ancestors_cache"] = json.dumps({str(a): a for a in ancestors},
                                                 separators=(",", ":"))
        else:
            item["ancestors_cache"] = "[]"
        # sons follow their parent
        for other in self.items[itemtype].values():
            if other.get(d.tree_fk) == item["id"] and other["id"] != item["id"]:
                self._refresh_tree(itemtype, other)

    # ------------------------------------------------------------------ helpers
    def _template(self, itemtype, now):
        d = self.itemtypes[itemtype]
        item = {}
        for field, default in d.fields:
            item[field] = now if default is NOW else copy.copy(default)
        return item

    def _coerce(self, d, field, value):
        if isinstance(value, (dict, list)) and self.glpi.array_values_crash:
            raise PhpFatalError("TypeError: array given for %s.%s" % (d.table, field))
        if field in d.int_fields:
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, int):
                return value
            if isinstance(value, float):
                return int(value)
            if value is None:
                return 0
            if isinstance(value, str):
                text = value.strip()
                if text == "":
                    return 0
                try:
                    return int(text)
                except ValueError:
                    try:
                        return int(float(text))
                    except ValueError:
                        pass
            raise StoreError(
                "Incorrect integer value: '%s' for column `glpi`.`%s`.`%s` at row 1"
                % (value if not isinstance(value, (dict, list)) else "Array", d.table, field),
                1366)
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        if isinstance(value, bool):
            return int(value)
        return value

    def _user_name(self, user_id):
        user = self.get("User", user_id) if user_id else None
        if user is None:
            return ""
        return "%s (%d)" % (user["name"], user["id"])

    def log(self, itemtype, items_id, linked_action=0, itemtype_link="", id_search_option=0,
            old_value="", new_value="", user_id=None, ids=None):
        """A history entry (ids: the (old, new) ids of a dropdown change, kept by GLPI 11)."""
        entry = self._template("Log", now_str())
        if ids and self.glpi.log_dropdown_ids:
            entry["old_id"], entry["new_id"] = ids
        log_id = self.next_id["Log"]
        self.next_id["Log"] += 1
        entry.update({"id": log_id, "itemtype": itemtype, "items_id": items_id,
                      "itemtype_link": itemtype_link, "linked_action": linked_action,
                      "user_name": self._user_name(user_id), "id_search_option": id_search_option,
                      "old_value": "" if old_value is None else str(old_value),
                      "new_value": "" if new_value is None else str(new_value)})
        self.items["Log"][log_id] = entry
        self._index("Log", entry)
        return log_id

    def _log_value(self, itemtype, field, value):
        """Value as written in the history (dropdowns: 'name (id)', '&nbsp;' when unknown)."""
        target = itemtype_for_fk(field) if field.endswith("_id") or "_id_" in field else None
        if target in self.itemtypes:
            name = self.dropdown_name(target, value) if value else ""
            return "%s (%s)" % (name or "&nbsp;", value)
        return "" if value is None else value

    # ------------------------------------------------------------------ add
    def add(self, itemtype, fields=None, *, user_id=None, sanitize=True, history=True):
        """Create an item; returns its id. Raises StoreError like GLPI's add() failures."""
        with self.lock:
            d = self.itemtypes[itemtype]
            data = dict(fields or {})
            groups = self._pop_group_lists(itemtype, data)
            if sanitize and self.glpi.sanitize_input:
                data = sanitize_input(data)
            now = now_str()
            item = self._template(itemtype, now)
            try:
                for key, value in data.items():
                    if key in d.defaults and key != "id":
                        item[key] = self._coerce(d, key, value)
            except StoreError as exc:
                exc.query = insert_query(d.table, self._inserted(d, data, data, item, now))
                raise
            self._prepare_add(itemtype, item, data, user_id, now)
            if d.unicity:
                key = tuple(item.get(f) for f in d.unicity)
                for other in self.items[itemtype].values():
                    if tuple(other.get(f) for f in d.unicity) == key:
                        raise StoreError("Duplicate entry '%s' for key 'unicity'" % "-".join(
                            "" if v is None else str(v) for v in key), 1062,
                            insert_query(d.table, self._inserted(d, data, item, item, now)))
            if "id" in data and data["id"] not in (None, "", 0):
                new_id = int(data["id"])
                if new_id in self.items[itemtype]:
                    raise StoreError("Duplicate entry '%d' for key 'PRIMARY'" % new_id, 1062,
                                     insert_query(d.table,
                                                  self._inserted(d, data, item, item, now)))
            else:
                new_id = self.next_id[itemtype]
            self.next_id[itemtype] = max(self.next_id[itemtype], new_id + 1)
            item["id"] = new_id
            self.items[itemtype][new_id] = item
            self._index(itemtype, item)
            if d.is_tree:
                self._refresh_tree(itemtype, item)
            if history:
                self.log(itemtype, new_id, HISTORY_CREATE_ITEM, "0", 0, "", "", user_id)
                self._log_relation_add(itemtype, item, user_id)
            if groups:
                self._set_asset_groups(itemtype, new_id, groups, user_id, history)
            self._post_add(itemtype, item, data, user_id)
            return new_id

    def _post_add(self, itemtype, item, data, user_id):
        """What GLPI's post_addItem() does to other items (ITIL objects and their children)."""
        if itemtype in ITIL_TYPES:
            self.itil.post_add(itemtype, item, data, user_id)
        elif itemtype in ACTOR_LINKS:
            self.itil.post_add_actor(itemtype, item, data, user_id)
        elif itemtype in TASKS or itemtype in VALIDATIONS or itemtype in (
                "ITILSolution", "ITILFollowup"):
            self.itil.post_add_child(itemtype, item, data, user_id)

    def _inserted(self, d, data, source, item, now):
        """The columns GLPI's INSERT would carry: the input's (values from source), then what
        add() computes."""
        values = {k: source[k] for k in data if k in d.defaults and k != "id"}
        if d.is_tree:
            parent = self.get(d.name, item.get(d.tree_fk)) if item.get(d.tree_fk) else None
            values.setdefault(d.tree_fk, item.get(d.tree_fk) or 0)
            values["level"] = (parent.get("level") or 1) + 1 if parent else 1
            name = item.get("name") or ""
            values["completename"] = "%s > %s" % (parent["completename"], name) if parent \
                else name
        for column in ("date_creation", "date_mod"):
            if column in d.defaults and column not in values:
                values[column] = now
        return values

    def _pop_group_lists(self, itemtype, data):
        """GLPI 11: the groups given to an asset (an id or a list of ids), out of the input."""
        if not self.has_group_lists(itemtype):
            return {}
        return {field: data.pop(field) for field, _unused in GROUP_TYPES if field in data}

    def _parent_item(self, item):
        if item.get("itemtype") and resolve_itemtype(item["itemtype"]):
            return self.get(resolve_itemtype(item["itemtype"]), item.get("items_id"))
        return None

    def _prepare_add(self, itemtype, item, data, user_id, now):
        if itemtype in ENTITY_FROM_PARENT:
            parent = self._parent_item(item)
            if parent is not None and "entities_id" in parent:
                item["entities_id"] = parent["entities_id"] or 0
        if itemtype == "IPAddress":
            self._prepare_ip(item)
        elif itemtype == "FQDN":
            item["fqdn"] = internet_domain(item.get("fqdn"))
        elif itemtype == "NetworkName":
            item["name"] = internet_label(item.get("name"))
            if not item.get("itemtype"):
                raise StoreError("Field 'itemtype' doesn't have a default value", 1364,
                                 insert_query(self.itemtypes[itemtype].table,
                                              self._inserted(self.itemtypes[itemtype], data,
                                                             item, item, now)))
        elif itemtype == "NetworkPort":
            if item.get("mac"):
                item["mac"] = str(item["mac"]).lower().replace("-", ":")
            if not item.get("instantiation_type"):
                item["instantiation_type"] = "NetworkPortEthernet"
        elif itemtype == "Ticket":
            self._prepare_ticket(item, data, user_id)
            self.itil.prepare_add(itemtype, item, data, now)
        elif itemtype in ("Problem", "Change"):
            item["users_id_recipient"] = item["users_id_recipient"] or (user_id or 0)
            item["users_id_lastupdater"] = user_id or 0
            self.itil.prepare_add(itemtype, item, data, now)
        elif itemtype == "ITILFollowup":
            item["users_id"] = item["users_id"] or (user_id or 0)
            self.itil.prepare_child(itemtype, item, data, user_id, now)
        elif itemtype in ACTOR_LINKS:
            self.itil.prepare_actor(itemtype, item)
        elif itemtype in TASKS or itemtype in VALIDATIONS or itemtype == "ITILSolution":
            self.itil.prepare_child(itemtype, item, data, user_id, now)
        elif itemtype in ("Change_Item", "Item_Problem"):
            fk = "changes_id" if itemtype == "Change_Item" else "problems_id"
            if itemtype == "Change_Item" and not item.get(fk):
                raise StoreError("")
            for other in self.items[itemtype].values():
                if (other[fk], other["itemtype"], other["items_id"]) == (
                        item[fk], item["itemtype"], item["items_id"]):
                    raise StoreError("")
        elif itemtype in ("Document", "Document_Item"):
            item["users_id"] = item["users_id"] or (user_id or 0)
        elif itemtype == "Notepad":
            item["users_id"] = item["users_id"] or (user_id or 0)
            item["users_id_lastupdater"] = item["users_id_lastupdater"] or (user_id or 0)
        elif itemtype == "Item_SoftwareVersion":
            parent = self._parent_item(item)
            if parent is not None:
                item["is_deleted_item"] = parent.get("is_deleted", 0)
                item["is_template_item"] = parent.get("is_template", 0)
        elif itemtype == "Entity":
            item["max_closedate"] = now
        elif itemtype == "ITILCategory":
            item["code"] = self._category_code(item.get("code"), None)
        elif itemtype == "Infocom":
            for other in self.items["Infocom"].values():
                if other["itemtype"] == item["itemtype"] and other["items_id"] == item["items_id"]:
                    raise StoreError("Duplicate entry '%s-%s' for key 'unicity'"
                                     % (item["itemtype"], item["items_id"]))

    def _category_code(self, code, item_id):
        """ITILCategory::prepareInputFor{Add,Update}(): a code is trimmed ('' when none) and
        belongs to one category only."""
        code = "" if code is None else str(code).strip()
        if code and any(other.get("code") == code and other["id"] != item_id
                        for other in self.items["ITILCategory"].values()):
            raise StoreError("Code representing the ticket category is already used")
        return code

    def _prepare_ip(self, item):
        try:
            ip = ipaddress.ip_address(str(item.get("name") or "").strip())
        except ValueError:
            raise StoreError("Invalid IP address: %s" % (item.get("name") or ""))
        item["name"] = str(ip)
        item["version"] = ip.version
        if ip.version == 4:
            item["binary_0"], item["binary_1"], item["binary_2"] = 0, 0, 65535
            item["binary_3"] = int(ip)
        else:
            value = int(ip)
            words = [(value >> (96 - 32 * i)) & 0xFFFFFFFF for i in range(4)]
            item["binary_0"], item["binary_1"], item["binary_2"], item["binary_3"] = words
        main_type, main_id = None, 0
        if item.get("itemtype") == "NetworkName":
            name = self.get("NetworkName", item["items_id"])
            if name is not None and name.get("itemtype") == "NetworkPort":
                port = self.get("NetworkPort", name["items_id"])
                if port is not None:
                    main_type, main_id = port["itemtype"], port["items_id"]
                    if "entities_id" in port:
                        item["entities_id"] = port["entities_id"]
        item["mainitemtype"] = main_type
        item["mainitems_id"] = main_id

    def _prepare_ticket(self, item, data, user_id):
        user_id = user_id or 0
        item["users_id_recipient"] = item["users_id_recipient"] or user_id
        item["users_id_lastupdater"] = user_id
        if not item.get("name"):
            item["name"] = (item.get("content") or "")[:70]
        # not taken into account yet: a followup, task, actor... by a technician does it
        # (Ticket::updateDateMod(); recordings 192n, 192o)
        if "priority" not in data:
            urgency = max(1, min(5, item.get("urgency") or 3))
            impact = max(1, min(5, item.get("impact") or 3))
            item["priority"] = profiles.PRIORITY_MATRIX[urgency][impact]

    def _log_relation_add(self, itemtype, item, user_id):
        parent_type = resolve_itemtype(item.get("itemtype") or "")
        parent_id = item.get("items_id")
        if itemtype == "Item_OperatingSystem" and parent_type:
            os_id = item["operatingsystems_id"]
            self.log(parent_type, parent_id, HISTORY_ADD_RELATION, "OperatingSystem", 0, "",
                     "%s (%s)" % (self.dropdown_name("OperatingSystem", os_id), os_id), user_id)
        elif itemtype == "Item_SoftwareVersion" and parent_type:
            ver = self.get("SoftwareVersion", item["softwareversions_id"])
            soft = self.get("Software", ver["softwares_id"]) if ver else None
            label = "%s - %s (%s)" % (soft["name"] if soft else "", ver["name"] if ver else "",
                                      item["softwareversions_id"])
            self.log(parent_type, parent_id, HISTORY_INSTALL_SOFTWARE, "SoftwareVersion", 0, "",
                     label, user_id)
        elif itemtype in ("Item_Disk", "Notepad", "NetworkPort") and parent_type:
            name = item.get("name") if itemtype != "Notepad" else None
            if itemtype == "NetworkPort":
                name = "%s - %s" % (self.friendly_name(parent_type, parent_id), name or "")
            self.log(parent_type, parent_id, HISTORY_ADD_SUBITEM, itemtype, 0, "",
                     "%s (%s)" % (name or "N/A", item["id"]), user_id)
        elif itemtype == "Item_DeviceProcessor" and parent_type:
            dev = item["deviceprocessors_id"]
            self.log(parent_type, parent_id, HISTORY_ADD_DEVICE, "DeviceProcessor", 0, "",
                     "%s (%s)" % (self.dropdown_name("DeviceProcessor", dev), dev), user_id)
        elif itemtype in RELATION_PEERS and parent_type:
            fk, peer_type = RELATION_PEERS[itemtype]
            peer = item[fk]
            self.log(parent_type, parent_id, HISTORY_ADD_RELATION, peer_type, 0, "",
                     "%s (%s)" % (self.dropdown_name(peer_type, peer), peer), user_id)
        elif itemtype == "Computer_Item":
            other_type = resolve_itemtype(item.get("itemtype") or "")
            if other_type:
                self.log("Computer", item["computers_id"], HISTORY_ADD_RELATION, other_type, 0,
                         "", "%s (%s)" % (self.dropdown_name(other_type, item["items_id"]),
                                          item["items_id"]), user_id)
                self.log(other_type, item["items_id"], HISTORY_ADD_RELATION, "Computer", 0, "",
                         "%s (%s)" % (self.dropdown_name("Computer", item["computers_id"]),
                                      item["computers_id"]), user_id)

    # ------------------------------------------------------------------ update
    def update(self, itemtype, item_id, fields, *, user_id=None, sanitize=True, history=True):
        """Update an item; returns the list of changed fields. Raises StoreError."""
        with self.lock:
            d = self.itemtypes[itemtype]
            item = self.get(itemtype, item_id)
            if item is None:
                raise StoreError("Item not found")
            data = dict(fields or {})
            groups = self._pop_group_lists(itemtype, data)
            if sanitize and self.glpi.sanitize_input:
                data = sanitize_input(data)
            if itemtype in ITIL_TYPES:
                data = self.itil.prepare_update(itemtype, item, data, user_id)
            new_values = {}
            try:
                for key, value in data.items():
                    if key in d.defaults and key != "id":
                        new_values[key] = self._coerce(d, key, value)
            except StoreError as exc:
                columns = {k: v for k, v in data.items() if k in d.defaults and k != "id"}
                if "date_mod" in d.defaults:
                    columns.setdefault("date_mod", now_str())
                exc.query = update_query(d.table, item["id"], columns)
                raise
            if itemtype == "FQDN" and "fqdn" in new_values:
                new_values["fqdn"] = internet_domain(new_values["fqdn"])
            if itemtype == "NetworkName" and "name" in new_values:
                new_values["name"] = internet_label(new_values["name"])
            if itemtype == "ITILCategory" and "code" in new_values:
                new_values["code"] = self._category_code(new_values["code"], item["id"])
            if itemtype == "IPAddress" and "name" in new_values:
                probe = dict(item, name=new_values["name"])
                self._prepare_ip(probe)
                new_values.update({k: probe[k] for k in (
                    "name", "version", "binary_0", "binary_1", "binary_2", "binary_3")})
            if itemtype in ITIL_TYPES:
                self.itil.pre_update(itemtype, new_values, item, user_id)
            changed = [k for k, v in new_values.items() if item.get(k) != v]
            if not changed:
                self._post_update(itemtype, item, data, changed, user_id)
                return self._set_asset_groups(itemtype, item["id"], groups, user_id,
                                              history) if groups else []
            old = {k: item.get(k) for k in changed}
            self._unindex(itemtype, item)
            for key in changed:
                item[key] = new_values[key]
            if "date_mod" in item and "date_mod" not in data:
                item["date_mod"] = now_str()
            self._index(itemtype, item)
            if d.is_tree and (d.tree_fk in changed or "name" in changed):
                self._refresh_tree(itemtype, item)
            if history and itemtype != "Log":
                for key in changed:
                    if key in ("date_mod", "completename", "level", "ancestors_cache"):
                        continue
                    opt = search_options(self.glpi, itemtype).for_field(key)
                    if opt is None or key == "is_deleted":
                        continue
                    self.log(itemtype, item["id"], 0, "", opt.id,
                             self._log_value(itemtype, key, old[key]),
                             self._log_value(itemtype, key, item[key]), user_id,
                             ids=self._log_ids(key, old[key], item[key]))
            if groups:      # logged after the fields, as GLPI 11 updates them after
                changed += self._set_asset_groups(itemtype, item["id"], groups, user_id,
                                                  history)
            self._post_update(itemtype, item, data, changed, user_id)
            return changed

    def _post_update(self, itemtype, item, data, changed, user_id):
        if itemtype in ITIL_TYPES:
            self.itil.post_update(itemtype, item, data, user_id)
        elif itemtype in TASKS:
            self.itil.post_update_child(itemtype, item, changed, user_id)

    def _log_ids(self, field, old, new):
        target = itemtype_for_fk(field) if field.endswith("_id") or "_id_" in field else None
        return (old, new) if target in self.itemtypes else None

    # ------------------------------------------------------------------ delete
    def trash(self, itemtype, item_id, *, user_id=None, history=True):
        with self.lock:
            item = self.get(itemtype, item_id)
            if item is None:
                raise StoreError("Item not found")
            item["is_deleted"] = 1
            if "date_mod" in item:
                item["date_mod"] = now_str()
            if history:
                self.log(itemtype, item["id"], HISTORY_DELETE_ITEM, "0", 0, "", "", user_id)

    def restore(self, itemtype, item_id, *, user_id=None, history=True):
        with self.lock:
            item = self.get(itemtype, item_id)
            if item is None:
                raise StoreError("Item not found")
            item["is_deleted"] = 0
            if "date_mod" in item:
                item["date_mod"] = now_str()
            if history:
                self.log(itemtype, item["id"], HISTORY_RESTORE_ITEM, "0", 0, "", "", user_id)

    def purge(self, itemtype, item_id, *, user_id=None, history=True):
        """Remove an item, its history and what hangs on it (ports, relations...)."""
        with self.lock:
            item = self.items[itemtype].pop(int(item_id), None)
            if item is None:
                raise StoreError("Item not found")
            self._unindex(itemtype, item)
            parent_type = resolve_itemtype(item.get("itemtype") or "")
            if history and parent_type and itemtype != "Log" and \
                    self.itemtypes[itemtype].relation:
                self.log(parent_type, item.get("items_id"), HISTORY_DELETE_SUBITEM, itemtype, 0,
                         "%s (%s)" % (item.get("name") or "N/A", item["id"]), "", user_id)
            # dependents: children through itemtype/items_id and foreign keys
            children = self._children.pop((itemtype, item["id"]), {})
            for child_type, ids in list(children.items()):
                for child_id in list(ids):
                    if child_id in self.items[child_type]:
                        self.purge(child_type, child_id, user_id=user_id, history=False)
            fk = fk_for_itemtype(itemtype)
            for rel_type in ("Computer_Item", "Item_Ticket", "Document_Item", "Contract_Item",
                             "Item_SoftwareVersion", "ITILFollowup", "Item_Problem",
                             "Change_Item", "Group_Item") + CHILDREN_BY_FK:
                if rel_type == itemtype or rel_type not in self.items:
                    continue
                for rel in list(self.items[rel_type].values()):
                    if rel.get(fk) == item["id"]:
                        self.purge(rel_type, rel["id"], user_id=user_id, history=False)
            if itemtype in ACTOR_LINKS:
                self.itil.post_purge_actor(itemtype, item, user_id)

    # ------------------------------------------------------------------ entities
    def entity_sons(self, entity_id):
        return sorted(self.sons_of("Entity", entity_id))

    # ------------------------------------------------------------------ documents
    def store_file(self, filename, content):
        """Keep an uploaded file; returns the Document fields describing it."""
        sha1 = hashlib.sha1(content).hexdigest()
        self.files[sha1] = content
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        folder = (ext or "unknown").upper()
        return {"filename": filename,
                "filepath": "%s/%s/%s.%s" % (folder, sha1[:2], sha1[2:], folder),
                "mime": MIME_TYPES.get(ext, "application/octet-stream"),
                "sha1sum": sha1}
