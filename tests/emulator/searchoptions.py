"""GLPI's real search options, per version and itemtype.

The lists are the bodies a real GLPI sends for listSearchOptions/<Itemtype> (and ?raw), saved in
data/<version>/search_options/<Itemtype>.json by data/extract.py: served whole, repeated display
names and shared uids included. The search engine (search.py) reads each option's table, field,
linkfield and joinparams from the raw body, as GLPI's Search class does.

AllAssets has no listSearchOptions (GLPI answers 400) but can be searched: its few options are
GLPI's Search::getOptions('AllAssets') ("asset_types" = the table of each asset type).
"""

import json
import os
import threading

from .itemtypes import ITEMTYPES, TABLE_TO_ITEMTYPE

ALL_ASSETS = "AllAssets"
ASSET_TABLE = "asset_types"

# Search::getOptions('AllAssets'): id -> (table, field, name, datatype, linkfield)
_ALL_ASSETS_OPTIONS = (
    (1, ASSET_TABLE, "name", "Name", "itemlink", "name"),
    (2, ASSET_TABLE, "id", "ID", "", "id"),
    (31, "glpi_states", "completename", "Status", "", "states_id"),
    (3, "glpi_locations", "completename", "Location", "dropdown", "locations_id"),
    (5, ASSET_TABLE, "serial", "Serial number", "", "serial"),
    (6, ASSET_TABLE, "otherserial", "Inventory number", "", "otherserial"),
    (16, ASSET_TABLE, "comment", "Comments", "text", "comment"),
    (70, "glpi_users", "name", "User", "", "users_id"),
    (7, ASSET_TABLE, "contact", "Alternate username", "string", "contact"),
    (8, ASSET_TABLE, "contact_num", "Alternate username number", "string", "contact_num"),
    (71, "glpi_groups", "completename", "Group", "", "groups_id"),
    (19, ASSET_TABLE, "date_mod", "Last update", "datetime", "date_mod"),
    (23, "glpi_manufacturers", "name", "Manufacturer", "", "manufacturers_id"),
    (24, "glpi_users", "name", "Technician in charge", "", "users_id_tech"),
    (49, "glpi_groups", "completename", "Group in charge", "dropdown", "groups_id_tech"),
    (80, "glpi_entities", "completename", "Entity", "", "entities_id"),
)


def itemtype_for_table(table):
    """getItemTypeForTable(): "UNKNOWN" for a table the emulator does not know."""
    return TABLE_TO_ITEMTYPE.get(table, "UNKNOWN")


def table_for_itemtype(itemtype):
    d = ITEMTYPES.get(itemtype)
    return d.table if d else "glpi_" + itemtype.lower() + "s"


class Option:
    """One search option: its raw definition (what the engine uses) and its cleaned form."""

    def __init__(self, itemtype, sid, raw, cleaned=None):
        self.itemtype = itemtype
        self.id = sid
        self.raw = raw
        self.name = raw.get("name")
        self.table = raw.get("table")
        self.field = raw.get("field")
        self.datatype = raw.get("datatype") or ""
        self.linkfield = raw.get("linkfield") or ""
        joinparams = raw.get("joinparams")
        self.joinparams = joinparams if isinstance(joinparams, dict) else {}
        self.searchequalsonfield = bool(raw.get("searchequalsonfield"))
        self.massiveaction = raw.get("massiveaction", True) is not False
        self.computation = raw.get("computation")
        cleaned = cleaned or {}
        self.nosearch = bool(cleaned.get("nosearch", raw.get("nosearch", False)))
        self.nodisplay = bool(cleaned.get("nodisplay", raw.get("nodisplay", False)))
        self.searchtypes = cleaned.get("available_searchtypes") or ["contains", "notcontains"]
        self.uid = cleaned.get("uid") or _uid(itemtype, self)
        self.own_table = self.table in (ASSET_TABLE, table_for_itemtype(itemtype))
        self.equals_on_id = self._equals_on_id()
        self.cleaned = cleaned or {
            "name": self.name, "table": self.table, "field": self.field,
            "datatype": self.datatype, "nosearch": self.nosearch,
            "nodisplay": self.nodisplay, "available_searchtypes": self.searchtypes,
            "uid": self.uid}

    def _equals_on_id(self):
        """equals/notequals/under compare the id of the joined row (Search::addWhere): itemlink
        fields, and every other table unless the option says searchequalsonfield."""
        if self.datatype == "itemlink":
            return True
        if self.datatype == "itemtypename":
            return False
        if self.searchequalsonfield:
            return False
        return self.itemtype == ALL_ASSETS and self.table != ASSET_TABLE or not self.own_table

    @property
    def is_tree(self):
        return "under" in self.searchtypes

    def __repr__(self):
        return "<Option %s.%s %s.%s>" % (self.itemtype, self.id, self.table, self.field)


def _uid(itemtype, opt):
    """API::getSearchOptionUniqID() for options that come without a cleaned form."""
    parts = [itemtype]
    sub_itemtype = itemtype_for_table(opt.table)
    before = opt.joinparams.get("beforejoin")
    sub_fk = table_for_itemtype(sub_itemtype)[len("glpi_"):] + "_id"
    if opt.table != ASSET_TABLE and ((isinstance(before, dict) and "table" in before)
                                     or not opt.joinparams) \
            and opt.linkfield != sub_fk and opt.linkfield != opt.field:
        parts.append(opt.linkfield)
    if isinstance(before, dict) and "table" in before:
        parts.append(itemtype_for_table(before["table"]))
    if (isinstance(before, dict) and "table" in before) or sub_itemtype != itemtype:
        parts.append(sub_itemtype)
    parts.append(opt.field)
    return ".".join(parts)


class SearchOptions:
    """The options of one itemtype in one GLPI version."""

    def __init__(self, itemtype, cleaned_body, raw_body):
        self.itemtype = itemtype
        self.cleaned_body = cleaned_body
        self.raw_body = raw_body
        self.by_id = {}
        for key, raw in raw_body.items():
            if key.isdigit() and isinstance(raw, dict) and "table" in raw:
                cleaned = cleaned_body.get(key) if cleaned_body else None
                self.by_id[int(key)] = Option(itemtype, int(key), raw, cleaned)
        self._by_field = None

    def get(self, sid):
        try:
            return self.by_id.get(int(sid))
        except (TypeError, ValueError):
            return None

    def __contains__(self, sid):
        return self.get(sid) is not None

    def body(self, raw=False):
        return self.raw_body if raw else self.cleaned_body

    def for_field(self, field):
        """The option Log::constructHistory() names for a changed field: the first whose
        linkfield is the field, or a column of the item's own table with that name."""
        if self._by_field is None:
            mapping = {}
            own = table_for_itemtype(self.itemtype)
            for opt in self.by_id.values():        # in GLPI's order: the first one wins
                if opt.linkfield:
                    mapping.setdefault(opt.linkfield, opt)
                if opt.table == own:
                    mapping.setdefault(opt.field, opt)
            self._by_field = mapping
        return self._by_field.get(field)


_CACHE = {}
_LOCK = threading.Lock()


def _load(version, itemtype):
    path = os.path.join(version.data_dir, "search_options", itemtype + ".json")
    if not os.path.exists(path):
        return SearchOptions(itemtype, {}, {})
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    return SearchOptions(itemtype, data["cleaned"], data["raw"])


def _all_assets():
    raw = {"common": {"name": "Characteristics"}}
    for sid, table, field, name, datatype, linkfield in _ALL_ASSETS_OPTIONS:
        opt = {"table": table, "field": field, "name": name, "linkfield": linkfield,
               "joinparams": []}
        if datatype:
            opt["datatype"] = datatype
        raw[str(sid)] = opt
    return SearchOptions(ALL_ASSETS, {}, raw)


def search_options(version, itemtype):
    """SearchOptions of an itemtype (loaded once per process and version)."""
    key = (version.key, itemtype)
    options = _CACHE.get(key)
    if options is None:
        with _LOCK:
            options = _CACHE.get(key)
            if options is None:
                options = _all_assets() if itemtype == ALL_ASSETS else _load(version, itemtype)
                _CACHE[key] = options
    return options
