"""API sessions: who is logged in, with which profile, on which entities."""

import threading
import time

from . import profiles
from .profiles import READ
from .util import gen_token, now_str


class Session:
    def __init__(self, store, user_id, app_token=""):
        self.token = gen_token()
        self.user_id = user_id
        self.app_token = app_token
        self.created = time.time()
        self.profiles_data = profiles.for_version(store.glpi)
        self.itemtypes = store.itemtypes
        auth = store.auth[user_id]
        self.profile_entities = list(auth["profiles"])  # [(profile_id, entity_id, recursive)]
        self.profile_id = self.profile_entities[0][0]
        self.change_entities(store, "all", 1)

    # ---- profile ---------------------------------------------------------------------
    @property
    def rights(self):
        return self.profiles_data.rights(self.profile_id)

    def profiles(self):
        return sorted({p for p, _entity, _recursive in self.profile_entities})

    def profile_entity_list(self, store, profile_id):
        out = []
        for pid, eid, rec in self.profile_entities:
            if pid == profile_id:
                out.append({"id": eid, "name": store.dropdown_name("Entity", eid),
                            "is_recursive": rec})
        return out

    def active_profile(self, store):
        return self.profiles_data.active_profile_payload(
            self.profile_id, self.profile_entity_list(store, self.profile_id))

    def glpiprofiles(self, store):
        out = {}
        for pid in self.profiles():
            out[str(pid)] = {"name": profiles.PROFILES[pid][0],
                             "entities": self.profile_entity_list(store, pid)}
        return out

    # ---- entities ----------------------------------------------------------------------
    def change_entities(self, store, entity_id, is_recursive):
        """Session::changeActiveEntities(); returns False when the entity is not allowed."""
        entries = [(eid, rec) for pid, eid, rec in self.profile_entities
                   if pid == self.profile_id]
        new = []
        if entity_id == "all":
            for eid, rec in entries:
                if eid not in new:
                    new.append(eid)
                if rec:
                    for son in store.entity_sons(eid):
                        if son not in new:
                            new.append(son)
        else:
            allowed = False
            for eid, rec in entries:
                if eid == entity_id or (rec and entity_id in store.sons_of("Entity", eid)):
                    allowed = True
            if not allowed or store.get("Entity", entity_id) is None:
                return False
            new = [entity_id]
            if is_recursive:
                for son in store.entity_sons(entity_id):
                    if son not in new:
                        new.append(son)
        if not new:
            return False
        self.active_entities = new
        self.active_entity = new[0]
        self.active_entity_recursive = is_recursive
        return True

    def entity_allowed(self, entity_id):
        return entity_id in self.active_entities

    def can_see_entity_item(self, store, entity_id, is_recursive):
        if entity_id is None:
            return True
        if entity_id in self.active_entities:
            return True
        if is_recursive:
            sons = store.sons_of("Entity", entity_id)
            return any(e in sons for e in self.active_entities)
        return False

    def can_see_item(self, store, itemtype, item):
        if itemtype == "Entity":
            return item["id"] in self.active_entities
        d = self.itemtypes[itemtype]
        if "entities_id" not in d.defaults:
            return True
        return self.can_see_entity_item(store, item.get("entities_id"),
                                        item.get("is_recursive", 0))

    # ---- rights ------------------------------------------------------------------------
    def has_right(self, itemtype, bit):
        if itemtype == "AllAssets":
            return any(self.has_right(t, bit) for t in ("Computer", "Monitor",
                                                        "NetworkEquipment", "Peripheral",
                                                        "Phone", "Printer"))
        d = self.itemtypes.get(itemtype)
        if d is None:
            return False
        value = self.rights.get(d.rightname, 0)
        return bool(value & bit)

    def can_view(self, itemtype):
        return self.has_right(itemtype, READ)

    # ---- full session ------------------------------------------------------------------
    def payload(self, store):
        """getFullSession's session (keys in the recorded order of the version)."""
        user = store.get("User", self.user_id) or {}
        data = {"valid_id": self.token, "glpi_currenttime": now_str(), "glpi_use_mode": 0,
                "glpiID": self.user_id}
        data.update(self.profiles_data.preferences)
        data["glpifriendlyname"] = store.dropdown_name("User", self.user_id)
        data["glpiname"] = user.get("name")
        data["glpirealname"] = user.get("realname")
        data["glpifirstname"] = user.get("firstname")
        data["glpicrontimer"] = int(time.time())
        data["glpiprofiles"] = self.glpiprofiles(store)
        data["glpiactiveprofile"] = self.active_profile(store)
        tail = self._entity_keys(store)
        for key in self.profiles_data.session_tail_keys:
            data[key] = tail.get(key)
        return data

    def _entity_keys(self, store):
        parents = store.ancestors_of("Entity", self.active_entity)
        if not parents and store.glpi.root_entity_is_own_parent:
            parents = [0]
        name = store.dropdown_name("Entity", self.active_entity)
        if self.active_entity_recursive:
            name += " (tree structure)"
        quote = "'%d'" if store.glpi.quoted_parent_entities else "%d"
        return {
            "glpiactiveentities": list(self.active_entities),
            "glpisearch": [],
            "glpientity_fullstructure": False,
            "glpiactiveentities_string": ", ".join("'%d'" % e for e in self.active_entities),
            "glpiparententities": parents,
            "glpiparententities_string": ", ".join(quote % e for e in parents),
            "glpiactive_entity": self.active_entity,
            "glpiactive_entity_recursive": self.active_entity_recursive,
            "glpiactive_entity_name": name,
            "glpiactive_entity_shortname": name,
            "glpishowallentities": 1 if self.active_entity_recursive else 0,
            "glpigroups": [],
            "glpigroups_cache_date": now_str(),
        }


class SessionRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = {}

    def create(self, store, user_id, app_token=""):
        session = Session(store, user_id, app_token)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token):
        with self._lock:
            return self._sessions.get(token)

    def kill(self, token):
        with self._lock:
            return self._sessions.pop(token, None) is not None

    def count(self):
        with self._lock:
            return len(self._sessions)

    def clear(self):
        with self._lock:
            self._sessions.clear()
