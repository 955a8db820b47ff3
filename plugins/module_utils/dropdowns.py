# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Foreign keys by name: ``locations_id: Paris > Building A`` becomes the Location's id.

A foreign key field (``locations_id``, ``users_id_tech``, ``entities_id``...) accepts an id or a
name. Names are looked up in the right itemtype, tree dropdowns (Location, Entity, Group...) by
their complete name, and an unknown or ambiguous name is an error naming the field. Ids are
checked too: GLPI stores a ``locations_id`` that does not exist without a word (recording 171).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from html import unescape as html_unescape

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError, GlpiUnknownItemtypeError
from ansible_collections.glpi.itsm.plugins.module_utils.records import (
    ONE_BY_ONE_UP_TO, RecordFinder, find_records, records_by_id)

# <table>_id or <table>_id_<role> (users_id_tech, groups_id_tech, users_id_recipient...)
_FOREIGN_KEY = re.compile(r"^(?P<table>[a-z]+)_id(_[a-z_]+)?$")
# GLPI table name (plural, lower case) -> itemtype, where the plain rule below gets it wrong.
_TABLE_ITEMTYPES = {
    "entities": "Entity", "softwarecategories": "SoftwareCategory", "itilcategories": "ITILCategory",
    "documentcategories": "DocumentCategory", "taskcategories": "TaskCategory",
    "softwares": "Software", "knowbaseitemcategories": "KnowbaseItemCategory",
    "locations": "Location", "states": "State", "manufacturers": "Manufacturer", "users": "User",
    "groups": "Group", "computermodels": "ComputerModel", "computertypes": "ComputerType",
    "networkequipmentmodels": "NetworkEquipmentModel", "networkequipmenttypes": "NetworkEquipmentType",
    "operatingsystems": "OperatingSystem", "operatingsystemversions": "OperatingSystemVersion",
    "softwareversions": "SoftwareVersion", "profiles": "Profile", "suppliers": "Supplier",
    "contracts": "Contract", "documents": "Document", "computers": "Computer", "tickets": "Ticket",
}
# Tree dropdowns and the field that points at the parent, for creating missing ones.
TREE_PARENT_FIELDS = {
    "Location": "locations_id", "Entity": "entities_id", "Group": "groups_id", "State": "states_id",
    "ITILCategory": "itilcategories_id", "TaskCategory": "taskcategories_id",
    "DocumentCategory": "documentcategories_id", "SoftwareCategory": "softwarecategories_id",
}
# Foreign keys whose itemtype is given by another field of the record.
_POLYMORPHIC = {"items_id": "itemtype"}
# Itemtypes whose friendly name (GLPI's ``_keys_names``) is not their name: a user's is
# "Lastname Firstname", a contact's too.
_FRIENDLY_NAME_IS_NOT_NAME = frozenset(("user", "contact"))


def tree_path(completename):
    """``Root entity > Paris > Building A`` as ``['Root entity', 'Paris', 'Building A']``.

    Search cells carry a raw ``>``; other answers may carry it HTML-encoded (``&#62;``).
    """
    if not completename:
        return []
    text = str(completename).replace("&#62;", ">").replace("&gt;", ">")
    return [part.strip() for part in text.split(" > ") if part.strip()]


def tree_name(completename):
    """A complete name with its separators decoded: ``Paris &#62; Building A`` as ``Paris > Building A``."""
    return " > ".join(tree_path(completename))


def decode_tree_names(value):
    """Expanded foreign keys name tree dropdowns as 'A &#62; B': GLPI decodes the top-level values
    (X-GLPI-Sanitized-Content: false), not those nested in related data (_networkports...)."""
    if isinstance(value, dict):
        return dict((key, _decoded_tree_text(item) if isinstance(item, str) and is_foreign_key(key)
                     else decode_tree_names(item)) for key, item in value.items())
    if isinstance(value, list):
        return [decode_tree_names(item) for item in value]
    return value


def _decoded_tree_text(text):
    return tree_name(text) if "&#62;" in text or "&gt;" in text else text


def is_foreign_key(field):
    """Whether ``field`` is named like a foreign key (``locations_id``, ``users_id_tech``, ``items_id``)."""
    return bool(_FOREIGN_KEY.match(str(field)))


def itemtype_of(field):
    """The itemtype a foreign key field points at, or None when the field is no foreign key."""
    match = _FOREIGN_KEY.match(field)
    if not match:
        return None
    table = match.group("table")
    if table in _TABLE_ITEMTYPES:
        return _TABLE_ITEMTYPES[table]
    if table.endswith("ies"):
        return table[:-3] + "y"
    return table[:-1] if table.endswith("s") else None  # GLPI accepts lower-case itemtypes


class Dropdowns(object):
    """Resolves foreign key values for one task run, asking GLPI once per distinct value."""

    def __init__(self, client, create_missing=False, check_mode=False):
        self.client = client
        self.create_missing = create_missing
        self.check_mode = check_mode
        self.created = []  # "Location 'Paris'" for each dropdown created (or to create)
        self._cache = {}
        self._candidates = {}  # (itemtype, leaf name) -> records named so, read ahead by prefetch()

    def prefetch(self, entries):
        """Read ahead the records that the names in ``entries`` (lists of fields) may be: per
        dropdown itemtype, all of them at once (RecordFinder) when there are several names."""
        names = {}
        for fields in entries:
            for field, value in fields.items():
                itemtype = self._target_itemtype(field, fields)
                if itemtype and isinstance(value, str) and value.strip() and not value.strip().isdigit():
                    leaf = tree_path(value)[-1]
                    if (itemtype.lower(), leaf) not in self._candidates:
                        names.setdefault(itemtype, set()).add(leaf)
        for itemtype, leaves in names.items():
            if len(leaves) <= ONE_BY_ONE_UP_TO:
                continue  # as cheap one by one, when each is resolved
            leaves = sorted(leaves)
            found = RecordFinder(self.client, itemtype).find_alive([{"name": leaf} for leaf in leaves])
            for leaf, records in zip(leaves, found):
                self._candidates[(itemtype.lower(), leaf)] = records

    def check_ids_ahead(self, entries):
        """Check at once, per itemtype, the ids that ``entries`` (pairs of fields and the current
        record or None) give to foreign keys that do not point there already: GLPI would store
        an id that does not exist without a word, and one request per id is per record."""
        ids = {}
        for fields, current in entries:
            for field, value in fields.items():
                itemtype = self._target_itemtype(field, fields)
                if not itemtype or isinstance(value, bool) or not str(value).strip().isdigit() or not int(value):
                    continue
                if (itemtype.lower(), str(int(value))) in self._cache or _is_current(value, (current or {}).get(field), None):
                    continue
                ids.setdefault(itemtype, set()).add(int(value))
        for itemtype, wanted in ids.items():
            if len(wanted) > ONE_BY_ONE_UP_TO:
                for found in records_by_id(self.client, itemtype, sorted(wanted)):
                    self._cache[(itemtype.lower(), str(found))] = found

    def resolve_fields(self, fields, option="fields", current=None, only=None, check_ids=True):
        """``fields`` (or those named in ``only``) with every foreign key given by name replaced
        by its id.

        With the ``current`` record, a foreign key that already points at the wanted record
        costs no request: its id is the current one, or its name is the one GLPI gave in the
        record's ``_keys_names`` (see named_fields). Without ``check_ids``, ids are taken as
        given (to look a record up: one that matches proves them).
        """
        resolved = dict(fields) if only is None else dict((field, fields[field]) for field in only)
        current = current or {}
        for field, value in list(resolved.items()):
            itemtype = self._target_itemtype(field, fields)
            if not itemtype or value is None or value == "":
                continue
            if _is_current(value, current.get(field), (current.get("_keys_names") or {}).get(field)):
                resolved[field] = current[field]
            elif not check_ids and not isinstance(value, bool) and str(value).strip().isdigit():
                resolved[field] = int(value)
            else:
                resolved[field] = self.resolve(itemtype, value, "{0}.{1}".format(option, field))
        return resolved

    def check_values(self, fields, option="fields"):
        """Refuse, before any request, a foreign key value that is neither an id nor a name."""
        for field, value in fields.items():
            if self._target_itemtype(field, fields) and value is not None and (
                    isinstance(value, bool) or not isinstance(value, (int, str))):
                raise GlpiInputError("{0}.{1} must be an id or a name, got {2!r}".format(option, field, value))

    def named_fields(self, fields):
        """The foreign keys of ``fields`` given by a plain name that GLPI's ``_keys_names`` shows
        as is (a dropdown's name; not a user's, whose friendly name is not the login)."""
        named = []
        for field, value in fields.items():
            itemtype = itemtype_of(field) if field not in _POLYMORPHIC else None
            if itemtype and itemtype.lower() not in _FRIENDLY_NAME_IS_NOT_NAME and _is_plain_name(value):
                named.append(field)
        return named

    @staticmethod
    def _target_itemtype(field, fields):
        if field in _POLYMORPHIC:
            return fields.get(_POLYMORPHIC[field])
        return itemtype_of(field)

    def resolve(self, itemtype, value, option):
        key = (itemtype.lower(), str(value))
        if key not in self._cache:
            self._cache[key] = self._resolve(itemtype, value, option)
        return self._cache[key]

    def _resolve(self, itemtype, value, option):
        if isinstance(value, bool):
            raise GlpiInputError("{0} must be an id or a name, got {1!r}".format(option, value))
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            return self._existing_id(itemtype, int(value), option)
        if not isinstance(value, str):
            raise GlpiInputError("{0} must be an id or a name, got {1!r}".format(option, value))
        path = tree_path(value)
        candidates = self._candidates.get((itemtype.lower(), path[-1]))
        if candidates is None:
            candidates = find_records(self.client, itemtype, {"name": path[-1]}, include_trashed=False)
        exact = [c for c in candidates if tree_path(c.get("completename") or c.get("name")) == path]
        if len(path) == 1 and not exact:
            exact = candidates  # a plain name that is a leaf of a tree, e.g. 'Room 1'
        if len(exact) == 1:
            return exact[0]["id"]
        if len(exact) > 1:
            names = ", ".join("{0} (id {1})".format(c.get("completename") or c.get("name"), c["id"]) for c in exact)
            raise GlpiInputError("{0}: {1!r} matches several {2} records: {3}; give the complete name or the id".format(
                option, value, itemtype, names))
        return self._missing(itemtype, path, option)

    def _existing_id(self, itemtype, item_id, option):
        if item_id == 0:
            return 0  # 'none' in GLPI, except for entities_id where 0 is the root entity
        try:
            found = self.client.find_item(itemtype, item_id)
        except GlpiUnknownItemtypeError as error:
            raise error.naming((option, itemtype))
        if found is None:
            raise GlpiInputError("{0}: there is no {1} with id {2}".format(option, itemtype, item_id))
        return item_id

    def _missing(self, itemtype, path, option):
        name = " > ".join(path)
        if not self.create_missing:
            raise GlpiInputError("{0}: there is no {1} named {2!r} (create_missing_dropdowns: true creates it)".format(
                option, itemtype, name))
        fields = {"name": path[-1]}
        if len(path) > 1:
            parent_field = TREE_PARENT_FIELDS.get(itemtype)
            if not parent_field:
                raise GlpiInputError("{0}: {1!r} is a path but {2} is not a known tree dropdown".format(option, name, itemtype))
            fields[parent_field] = self.resolve(itemtype, " > ".join(path[:-1]), option)
        self.created.append("{0} {1!r}".format(itemtype, name))
        if self.check_mode:
            return None  # would be created
        self._candidates.pop((itemtype.lower(), path[-1]), None)  # read ahead before this one existed
        [outcome] = self.client.add_items(itemtype, fields)
        if not outcome["ok"]:
            raise GlpiInputError("{0}: could not create {1} {2!r}: {3}".format(option, itemtype, name, outcome["message"]))
        return outcome["id"]


def _is_plain_name(value):
    """A name of one segment (no ``>`` path), not an id."""
    return isinstance(value, str) and not value.strip().isdigit() and len(tree_path(value)) == 1


def _is_current(value, current_id, current_name):
    """Whether a foreign key ``value`` (id or name) is what the record points at already."""
    if isinstance(value, bool) or current_id is None or isinstance(current_id, (list, dict)):
        return False
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        return int(value) == current_id
    if not isinstance(current_name, str) or not _is_plain_name(value):
        return False
    # GLPI 10 gives the name as stored, HTML-encoded (R&#38;D); GLPI 11 decoded.
    return html_unescape(current_name) == tree_path(value)[0]
