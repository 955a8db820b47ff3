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

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.module_utils.records import find_records
from ansible_collections.glpi.itsm.plugins.module_utils.search import tree_path

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

    def resolve_fields(self, fields, option="fields"):
        """``fields`` with every foreign key given by name replaced by its id."""
        resolved = dict(fields)
        for field, value in fields.items():
            itemtype = self._target_itemtype(field, fields)
            if itemtype and value is not None and value != "":
                resolved[field] = self.resolve(itemtype, value, "{0}.{1}".format(option, field))
        return resolved

    def _target_itemtype(self, field, fields):
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
            self.client.get_item(itemtype, item_id, get_hateoas=False)
        except GlpiNotFoundError:
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
        [outcome] = self.client.add_items(itemtype, fields)
        if not outcome["ok"]:
            raise GlpiInputError("{0}: could not create {1} {2!r}: {3}".format(option, itemtype, name, outcome["message"]))
        return outcome["id"]
