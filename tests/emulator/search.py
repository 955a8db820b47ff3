"""Search options (listSearchOptions) and the search engine behind /search/<itemtype>.

The engine evaluates GLPI criteria against the in-memory store with the semantics recorded on a
real GLPI 10.0.12: LIKE-style 'contains' with ^/$ anchors on the stored (sanitized) values,
'equals' comparing ids for dropdowns and for the itemlink field 1, 'under' on trees, multi-valued
cells (IP addresses, MACs...) returned as JSON arrays, AND/OR/NOT links with SQL precedence.
"""

import re

from .itemtypes import ASSET_TYPES, ITEMTYPES, fk_for_itemtype, resolve_itemtype
from .util import php_intval, php_list, php_truthy, unsanitize_search_value

# --------------------------------------------------------------------------- options

SEARCHTYPES = {
    "itemlink": ["contains", "notcontains", "equals", "notequals"],
    "number": ["contains", "notcontains"],
    "string": ["contains", "notcontains"],
    "text": ["contains", "notcontains"],
    "mac": ["contains", "notcontains"],
    "email": ["contains", "notcontains"],
    "bool": ["equals"],
    "dropdown": ["contains", "notcontains", "equals", "notequals"],
    "tree": ["contains", "notcontains", "equals", "notequals", "under", "notunder"],
    "datetime": ["equals", "notequals", "lessthan", "morethan", "contains", "notcontains"],
    "date": ["equals", "notequals", "lessthan", "morethan", "contains", "notcontains"],
    "": ["contains", "notcontains", "equals", "notequals"],
    "itemtypename": ["equals", "notequals"],
    "specific": ["contains", "notcontains"],
}


class Opt:
    """One search option.

    kind: 'own'  -> a field of the item itself
          'name' -> the itemlink name (equals compares the id)
          'fk'   -> a dropdown reached through `linkfield` (value = target field)
          'multi'-> values computed by `getter(store, itemtype, item)` -> [(key, value), ...]
    """

    def __init__(self, sid, name, table, field, datatype, kind, *, linkfield=None, target=None,
                 getter=None, uid=None, tree=False, nosearch=False, nodisplay=False,
                 massiveaction=None, joinparams=None, searchtypes=None, raw_order=None):
        self.id = sid
        self.name = name
        self.table = table
        self.field = field
        self.datatype = datatype
        self.kind = kind
        self.linkfield = linkfield or field
        self.target = target
        self.getter = getter
        self.uid = uid
        self.tree = tree
        self.nosearch = nosearch
        self.nodisplay = nodisplay
        self.massiveaction = massiveaction
        self.joinparams = joinparams if joinparams is not None else []
        self.raw_order = raw_order
        key = "tree" if tree else datatype
        self.searchtypes = searchtypes or SEARCHTYPES.get(key, ["contains", "notcontains"])

    @property
    def multi(self):
        return self.kind == "multi"

    def cleaned(self):
        return {"name": self.name, "table": self.table, "field": self.field,
                "datatype": self.datatype, "nosearch": self.nosearch,
                "nodisplay": self.nodisplay, "available_searchtypes": list(self.searchtypes),
                "uid": self.uid}

    def raw(self):
        out = {"table": self.table, "field": self.field, "name": self.name}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.massiveaction is not None:
            out["massiveaction"] = self.massiveaction
        if self.nosearch:
            out["nosearch"] = True
        if self.nodisplay:
            out["nodisplay"] = True
        if self.datatype == "bool":
            out["searchtype"] = "equals"
        if self.searchtypes and self.multi and self.datatype == "dropdown" and \
                self.searchtypes == ["equals", "notequals"]:
            out["searchtype"] = list(self.searchtypes)
        out["linkfield"] = self.linkfield
        out["joinparams"] = self.joinparams
        if self.raw_order:
            out = {k: out[k] for k in self.raw_order if k in out}
        return out


# ---- multi-valued getters (network, OS...) ---------------------------------------------


def _ports(store, itemtype, item):
    return store.children_of(itemtype, item["id"], "NetworkPort")


def _names(store, itemtype, item):
    out = []
    for port in _ports(store, itemtype, item):
        out.extend(store.children_of("NetworkPort", port["id"], "NetworkName"))
    return out


def get_macs(store, itemtype, item):
    return [(p["mac"], p["mac"]) for p in _ports(store, itemtype, item) if p.get("mac")]


def get_port_types(store, itemtype, item):
    return [(p["instantiation_type"], p["instantiation_type"])
            for p in _ports(store, itemtype, item) if p.get("instantiation_type")]


def get_network_names(store, itemtype, item):
    return [(n["name"], n["name"]) for n in _names(store, itemtype, item) if n.get("name")]


def get_ips(store, itemtype, item):
    ips = []
    for name in _names(store, itemtype, item):
        ips.extend(store.children_of("NetworkName", name["id"], "IPAddress"))
    ips.sort(key=lambda x: x["id"])
    return [(ip["name"], ip["name"]) for ip in ips]


def get_aliases(store, itemtype, item):
    return []


def _os_links(store, itemtype, item):
    return store.children_of(itemtype, item["id"], "Item_OperatingSystem")


def get_os_names(store, itemtype, item):
    out = []
    for link in _os_links(store, itemtype, item):
        os_ = store.get("OperatingSystem", link["operatingsystems_id"])
        out.append((link["operatingsystems_id"], os_["name"] if os_ else None))
    return out


def get_os_versions(store, itemtype, item):
    out = []
    for link in _os_links(store, itemtype, item):
        ver = store.get("OperatingSystemVersion", link["operatingsystemversions_id"])
        out.append((link["operatingsystemversions_id"], ver["name"] if ver else None))
    return out


def get_software_versions(store, itemtype, item):
    versions = [v for v in store.all_items("SoftwareVersion") if v["softwares_id"] == item["id"]]
    return [(v["id"], v["name"]) for v in versions]


# ---- option table builders ---------------------------------------------------------------


def _table_of(itemtype):
    d = ITEMTYPES.get(itemtype)
    return d.table if d else "glpi_" + itemtype.lower() + "s"


def _fk(itemtype, sid, name, linkfield, target, tfield="name", tree=False, uid=None):
    tdef = ITEMTYPES[target]
    if uid is None:
        if linkfield == fk_for_itemtype(target):
            uid = "%s.%s.%s" % (itemtype, target, tfield)
        else:
            uid = "%s.%s.%s.%s" % (itemtype, linkfield, target, tfield)
    return Opt(sid, name, tdef.table, tfield, "dropdown", "fk", linkfield=linkfield,
               target=target, uid=uid, tree=tree)


def _own(itemtype, sid, name, field, datatype, **kw):
    return Opt(sid, name, _table_of(itemtype), field, datatype, "own",
               uid="%s.%s" % (itemtype, field), **kw)


def _location_options(itemtype):
    opts = [_fk(itemtype, 3, "Location", "locations_id", "Location", "completename", tree=True)]
    for sid, name, field, dt in ((101, "Address", "address", "string"),
                                 (102, "Postal code", "postcode", "string"),
                                 (103, "Town", "town", "string"),
                                 (104, "State", "state", "string"),
                                 (105, "Country", "country", "string"),
                                 (91, "Building number", "building", "string"),
                                 (92, "Room number", "room", "string"),
                                 (93, "Location comments", "comment", "text"),
                                 (998, "Latitude", "latitude", "text"),
                                 (999, "Longitude", "longitude", "text")):
        opts.append(Opt(sid, name, "glpi_locations", field, dt, "fk", linkfield="locations_id",
                        target="Location", uid="%s.Location.%s" % (itemtype, field),
                        massiveaction=False, raw_order=(
                            "table", "field", "name", "massiveaction", "datatype", "linkfield",
                            "joinparams")))
    return opts


def _network_options(itemtype):
    jp_port = {"jointype": "itemtype_item"}
    return [
        "network",
        Opt(21, "MAC address", "glpi_networkports", "mac", "mac", "multi", getter=get_macs,
            uid="%s.NetworkPort.mac" % itemtype, joinparams=jp_port, massiveaction=False),
        Opt(87, "Network port type", "glpi_networkports", "instantiation_type", "itemtypename",
            "multi", getter=get_port_types, uid="%s.NetworkPort.instantiation_type" % itemtype,
            joinparams=jp_port, massiveaction=False),
        Opt(126, "IP", "glpi_ipaddresses", "name", "", "multi", getter=get_ips,
            uid="%s.IPAddress.name" % itemtype, massiveaction=False,
            joinparams={"jointype": "mainitemtype_mainitem"}),
        Opt(127, "Network names", "glpi_networknames", "name", "", "multi",
            getter=get_network_names, uid="%s.NetworkPort.NetworkName.name" % itemtype,
            massiveaction=False, joinparams={"jointype": "itemtype_item", "beforejoin": {
                "table": "glpi_networkports", "joinparams": jp_port}}),
        Opt(128, "Network aliases", "glpi_networkaliases", "name", "", "multi",
            getter=get_aliases, uid="%s.NetworkPort.NetworkName.NetworkAlias.name" % itemtype,
            massiveaction=False),
    ]


ASSET_MODEL_TYPE = {
    "Computer": ("ComputerType", "computertypes_id", "ComputerModel", "computermodels_id"),
    "NetworkEquipment": ("NetworkEquipmentType", "networkequipmenttypes_id",
                         "NetworkEquipmentModel", "networkequipmentmodels_id"),
    "Printer": ("PrinterType", "printertypes_id", "PrinterModel", "printermodels_id"),
    "Monitor": ("MonitorType", "monitortypes_id", "MonitorModel", "monitormodels_id"),
    "Phone": ("PhoneType", "phonetypes_id", "PhoneModel", "phonemodels_id"),
    "Peripheral": ("PeripheralType", "peripheraltypes_id", "PeripheralModel",
                   "peripheralmodels_id"),
}


def _asset_options(itemtype):
    """Options of the asset itemtypes, in GLPI 10.0.12 order (recordings 40, 103, 103b)."""
    table = _table_of(itemtype)
    ttype, tfk, tmodel, mfk = ASSET_MODEL_TYPE[itemtype]
    late_ma = ("table", "field", "name", "massiveaction", "datatype", "linkfield", "joinparams")
    opts = ["common",
            Opt(1, "Name", table, "name", "itemlink", "name", uid="%s.name" % itemtype,
                massiveaction=False),
            _own(itemtype, 86, "Child entities", "is_recursive", "bool"),
            Opt(450, "Project", "glpi_projects", "name", "dropdown", "multi",
                getter=lambda store, t, item: [], linkfield="projects_id",
                uid="%s.Item_Project.Project.name" % itemtype, massiveaction=False,
                searchtypes=["equals", "notequals"],
                joinparams={"jointype": "items_id", "beforejoin": {
                    "table": "glpi_items_projects", "joinparams": {"jointype": "itemtype_item"}}},
                raw_order=("table", "field", "name", "massiveaction", "searchtype", "datatype",
                           "joinparams", "linkfield")),
            _own(itemtype, 2, "ID", "id", "number", massiveaction=False, raw_order=late_ma)]
    opts += _location_options(itemtype)
    opts += [_fk(itemtype, 4, "Type", tfk, ttype),
             _fk(itemtype, 40, "Model", mfk, tmodel),
             _fk(itemtype, 31, "Status", "states_id", "State", "completename", tree=True)]
    contact_ids = (17, 18) if itemtype == "Computer" else (7, 8)
    contact = [
        _own(itemtype, contact_ids[0], "Alternate username", "contact", "string"),
        _own(itemtype, contact_ids[1], "Alternate username number", "contact_num", "string"),
        _fk(itemtype, 70, "User", "users_id", "User"),
        _fk(itemtype, 71, "Group", "groups_id", "Group", "completename", tree=True)]
    dates = [_own(itemtype, 19, "Last update", "date_mod", "datetime", massiveaction=False),
             _own(itemtype, 121, "Creation date", "date_creation", "datetime",
                  massiveaction=False)]
    network = Opt(32, "Network", "glpi_networks", "name", "dropdown", "fk",
                  linkfield="networks_id", target=None, uid="%s.Network.name" % itemtype)
    in_charge = [_fk(itemtype, 23, "Manufacturer", "manufacturers_id", "Manufacturer"),
                 _fk(itemtype, 24, "Technician in charge", "users_id_tech", "User"),
                 _fk(itemtype, 49, "Group in charge", "groups_id_tech", "Group", "completename",
                     tree=True)]
    template = _own(itemtype, 65, "Template name", "template_name", "text", nosearch=True,
                    nodisplay=True, massiveaction=False)
    entity = Opt(80, "Entity", "glpi_entities", "completename", "dropdown", "fk",
                 linkfield="entities_id", target="Entity", uid="%s.Entity.completename" % itemtype,
                 tree=True, massiveaction=False)
    devices = [
        Opt(112, "Network interface", "glpi_devicenetworkcards", "designation", "string", "multi",
            getter=lambda store, t, item: [], massiveaction=False,
            uid="%s.Item_DeviceNetworkCard.DeviceNetworkCard.designation" % itemtype),
        Opt(113, "MAC address", "glpi_items_devicenetworkcards", "mac", "string", "multi",
            getter=lambda store, t, item: [], massiveaction=False,
            uid="%s.Item_DeviceNetworkCard.mac" % itemtype)]
    if itemtype == "Computer":
        opts += [_own(itemtype, 47, "UUID", "uuid", "string"),
                 _own(itemtype, 5, "Serial number", "serial", "string"),
                 _own(itemtype, 6, "Inventory number", "otherserial", "string"),
                 _own(itemtype, 16, "Comments", "comment", "text")]
        opts += contact + dates + [network] + in_charge + [template, entity]
        opts += [
            Opt(45, "Name", "glpi_operatingsystems", "name", "dropdown", "multi",
                getter=get_os_names, massiveaction=False,
                uid="Computer.Item_OperatingSystem.OperatingSystem.name"),
            Opt(46, "Version", "glpi_operatingsystemversions", "name", "dropdown", "multi",
                getter=get_os_versions, massiveaction=False,
                uid="Computer.Item_OperatingSystem.OperatingSystemVersion.name")]
        opts += devices
    else:
        opts += [_own(itemtype, 5, "Serial number", "serial", "string"),
                 _own(itemtype, 6, "Inventory number", "otherserial", "string")]
        opts += contact[:2] + dates + [_own(itemtype, 16, "Comments", "comment", "text"),
                                       _own(itemtype, 12, "UUID", "uuid", "string")]
        if itemtype == "NetworkEquipment":
            opts.append(_own(itemtype, 14, "Memory (Mio)", "ram", "number"))
            opts.append(network)
        opts += contact[2:] + in_charge + [template, entity,
                                           _own(itemtype, 83, "Last inventory date",
                                                "last_inventory_update", "datetime")]
        if "last_inventory_update" not in ITEMTYPES[itemtype].defaults:
            opts.pop()
        opts += devices
        opts.append(_own(itemtype, 178, "Data center position", "_virtual_datacenter_position",
                         "specific", nosearch=True, massiveaction=False))
    if itemtype != "Monitor":
        opts += _network_options(itemtype)
    if itemtype != "Computer":
        opts += [
            Opt(157, "Wifi network", "glpi_wifinetworks", "name", "", "multi",
                getter=lambda store, t, item: [], massiveaction=False,
                uid="%s.NetworkPort.NetworkPortWifi.WifiNetwork.name" % itemtype),
            Opt(158, "ESSID", "glpi_wifinetworks", "essid", "", "multi",
                getter=lambda store, t, item: [], massiveaction=False,
                searchtypes=["contains", "notcontains"],
                uid="%s.NetworkPort.NetworkPortWifi.WifiNetwork.essid" % itemtype),
            Opt(139, "Location", "glpi_locations", "completename", "dropdown", "multi",
                getter=lambda store, t, item: [], tree=True, massiveaction=False,
                uid="%s.Contract_Item.Contract.Location.completename" % itemtype)]
    return opts


def _tree_dropdown_options(itemtype, extra=()):
    d = ITEMTYPES[itemtype]
    opts = ["common",
            Opt(1, "Complete name", d.table, "completename", "itemlink", "name",
                uid="%s.completename" % itemtype, massiveaction=False),
            _own(itemtype, 2, "ID", "id", "number", massiveaction=False),
            _own(itemtype, 14, "Name", "name", "itemlink"),
            _fk(itemtype, 13, "As child of", d.tree_fk, itemtype, "completename", tree=True,
                uid="%s.%s.completename" % (itemtype, itemtype)),
            _own(itemtype, 16, "Comments", "comment", "text"),
            _own(itemtype, 19, "Last update", "date_mod", "datetime", massiveaction=False),
            _own(itemtype, 121, "Creation date", "date_creation", "datetime",
                 massiveaction=False)]
    if itemtype != "Entity":
        opts += [Opt(80, "Entity", "glpi_entities", "completename", "dropdown", "fk",
                     linkfield="entities_id", target="Entity", tree=True, massiveaction=False,
                     uid="%s.Entity.completename" % itemtype),
                 _own(itemtype, 86, "Child entities", "is_recursive", "bool")]
    opts += list(extra)
    return opts


def _generic_options(itemtype):
    d = ITEMTYPES[itemtype]
    opts = ["common"]
    name = d.name_field
    if name in d.defaults:
        opts.append(Opt(1, "Name", d.table, name, "itemlink", "name",
                        uid="%s.%s" % (itemtype, name), massiveaction=False))
    opts.append(_own(itemtype, 2, "ID", "id", "number", massiveaction=False))
    if "comment" in d.defaults:
        opts.append(_own(itemtype, 16, "Comments", "comment", "text"))
    if "date_mod" in d.defaults:
        opts.append(_own(itemtype, 19, "Last update", "date_mod", "datetime",
                         massiveaction=False))
    if "date_creation" in d.defaults:
        opts.append(_own(itemtype, 121, "Creation date", "date_creation", "datetime",
                         massiveaction=False))
    if "entities_id" in d.defaults:
        opts.append(Opt(80, "Entity", "glpi_entities", "completename", "dropdown", "fk",
                        linkfield="entities_id", target="Entity", tree=True,
                        massiveaction=False, uid="%s.Entity.completename" % itemtype))
    if "is_recursive" in d.defaults:
        opts.append(_own(itemtype, 86, "Child entities", "is_recursive", "bool"))
    return opts


def _specific_options(itemtype):
    if itemtype in ASSET_MODEL_TYPE:
        return _asset_options(itemtype)
    if itemtype == "Location":
        return _tree_dropdown_options("Location", [
            _own("Location", 101, "Address", "address", "string"),
            _own("Location", 102, "Postal code", "postcode", "string"),
            _own("Location", 103, "Town", "town", "string"),
            _own("Location", 104, "State", "state", "string"),
            _own("Location", 105, "Country", "country", "string"),
            _own("Location", 91, "Building number", "building", "string"),
            _own("Location", 92, "Room number", "room", "string"),
            _own("Location", 998, "Latitude", "latitude", "text"),
            _own("Location", 999, "Longitude", "longitude", "text")])
    if itemtype in ("State", "Group", "Entity"):
        return _tree_dropdown_options(itemtype)
    if itemtype == "Software":
        opts = _generic_options("Software")
        opts += [_fk("Software", 23, "Publisher", "manufacturers_id", "Manufacturer"),
                 Opt(5, "Name", "glpi_softwareversions", "name", "dropdown", "multi",
                     getter=get_software_versions, uid="Software.SoftwareVersion.name",
                     massiveaction=False)]
        return opts
    if itemtype == "User":
        return ["common",
                Opt(1, "Login", "glpi_users", "name", "itemlink", "name", uid="User.name",
                    massiveaction=False),
                _own("User", 2, "ID", "id", "number", massiveaction=False),
                _own("User", 34, "Last name", "realname", "string"),
                _own("User", 9, "First name", "firstname", "string"),
                _own("User", 8, "Active", "is_active", "bool"),
                _own("User", 16, "Comments", "comment", "text"),
                _own("User", 6, "Phone", "phone", "string"),
                _fk("User", 3, "Location", "locations_id", "Location", "completename",
                    tree=True),
                _own("User", 19, "Last update", "date_mod", "datetime", massiveaction=False),
                _own("User", 121, "Creation date", "date_creation", "datetime",
                     massiveaction=False)]
    if itemtype == "Ticket":
        return ["common",
                Opt(1, "Title", "glpi_tickets", "name", "itemlink", "name", uid="Ticket.name",
                    massiveaction=False),
                _own("Ticket", 2, "ID", "id", "number", massiveaction=False),
                _own("Ticket", 21, "Description", "content", "text"),
                _own("Ticket", 12, "Status", "status", "specific",
                     searchtypes=["equals", "notequals"]),
                _own("Ticket", 10, "Urgency", "urgency", "specific",
                     searchtypes=["equals", "notequals"]),
                _own("Ticket", 11, "Impact", "impact", "specific",
                     searchtypes=["equals", "notequals"]),
                _own("Ticket", 3, "Priority", "priority", "specific",
                     searchtypes=["equals", "notequals"]),
                _own("Ticket", 14, "Type", "type", "specific",
                     searchtypes=["equals", "notequals"]),
                _own("Ticket", 15, "Opening date", "date", "datetime", massiveaction=False),
                _own("Ticket", 16, "Closing date", "closedate", "datetime"),
                _own("Ticket", 19, "Last update", "date_mod", "datetime", massiveaction=False),
                Opt(80, "Entity", "glpi_entities", "completename", "dropdown", "fk",
                    linkfield="entities_id", target="Entity", tree=True, massiveaction=False,
                    uid="Ticket.Entity.completename")]
    if itemtype == "Document":
        opts = _generic_options("Document")
        opts += [_own("Document", 3, "File", "filename", "string"),
                 _own("Document", 5, "MIME type", "mime", "string"),
                 _own("Document", 4, "Web link", "link", "string")]
        return opts
    if itemtype == "Contract":
        opts = _generic_options("Contract")
        opts += [_own("Contract", 3, "Number", "num", "string"),
                 _own("Contract", 5, "Start date", "begin_date", "date")]
        return opts
    if itemtype == "NetworkPort":
        opts = _generic_options("NetworkPort")
        opts += [_own("NetworkPort", 3, "Port number", "logical_number", "number"),
                 _own("NetworkPort", 5, "MAC address", "mac", "mac"),
                 _own("NetworkPort", 87, "Network port type", "instantiation_type",
                      "itemtypename")]
        return opts
    return _generic_options(itemtype)


_CACHE = {}


def options_list(itemtype):
    """Ordered list of Opt and section names ('common', 'network') for an itemtype."""
    if itemtype not in _CACHE:
        _CACHE[itemtype] = _specific_options(itemtype)
    return _CACHE[itemtype]


def options(itemtype):
    """{id: Opt} for an itemtype (AllAssets uses the options shared by the asset types)."""
    key = ("map", itemtype)
    if key not in _CACHE:
        if itemtype == "AllAssets":
            base = options("Computer")
            shared = {}
            for sid, opt in base.items():
                if all(sid in options(t) for t in ASSET_TYPES if t != "Computer") \
                        or sid in (1, 2, 80):
                    shared[sid] = opt
            _CACHE[key] = shared
        else:
            _CACHE[key] = {o.id: o for o in options_list(itemtype) if isinstance(o, Opt)}
    return _CACHE[key]


SECTION_NAMES = {"common": "Characteristics", "network": "Networking"}


def list_search_options(itemtype, raw=False):
    out = {}
    for opt in options_list(itemtype):
        if isinstance(opt, str):
            out[opt] = {"name": SECTION_NAMES[opt]}
        else:
            out[str(opt.id)] = opt.raw() if raw else opt.cleaned()
    return out


def option_for_field(itemtype, field):
    """Search option id used in the history for a field change (0 when none)."""
    key = ("field", itemtype)
    if key not in _CACHE:
        mapping = {}
        if itemtype not in ITEMTYPES:
            return None
        for opt in options(itemtype).values():
            if opt.kind == "own":
                mapping.setdefault(opt.field, opt)
            elif opt.kind == "name":
                mapping.setdefault(ITEMTYPES[itemtype].name_field, opt)
            elif opt.kind == "fk":
                mapping.setdefault(opt.linkfield, opt)
        _CACHE[key] = mapping
    return _CACHE[key].get(field)


DISPLAY_PREFERENCES = {
    "Computer": [31, 23, 5, 4, 40, 45, 3, 19, 17],
    "NetworkEquipment": [31, 23, 3, 4, 40, 5, 19],
    "Printer": [31, 23, 3, 4, 40, 5, 19],
    "Monitor": [31, 23, 3, 4, 40, 5, 19],
    "Phone": [31, 23, 3, 4, 40, 5, 19],
    "Peripheral": [31, 23, 3, 4, 40, 5, 19],
    "Software": [23, 19],
    "Ticket": [12, 19, 15, 3],
    "User": [34, 9, 8, 19],
    "Document": [3, 5, 19],
}

# --------------------------------------------------------------------------- engine


class SearchError(Exception):
    """Raised with (message, http status, error code, add documentation suffix)."""

    def __init__(self, message, status=400, code="ERROR", doc=True, sql=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.doc = doc
        self.sql = sql


def cell_values(store, itemtype, item, opt):
    """[(key, display_value), ...] for one item and option ([] = no value)."""
    kind = opt.kind
    if kind == "own":
        return [(item.get(opt.field), item.get(opt.field))]
    if kind == "name":
        return [(item["id"], item.get(opt.field))]
    if kind == "fk":
        fk_value = item.get(opt.linkfield)
        if opt.target is None or fk_value in (None, ""):
            return []
        if opt.target != "Entity" and fk_value == 0:
            return []
        target = store.get(opt.target, fk_value)
        if target is None:
            return []
        return [(fk_value, target.get(opt.field))]
    if kind == "multi":
        seen = set()
        out = []
        for key, value in opt.getter(store, itemtype, item):
            if value in seen:
                continue
            seen.add(value)
            out.append((key, value))
        return out
    return []


_LIKE_CACHE = {}


def _like_regex(pattern):
    rx = _LIKE_CACHE.get(pattern)
    if rx is None:
        begin = pattern.startswith("^")
        end = pattern.endswith("$") and len(pattern) > (1 if begin else 0)
        core = pattern[1 if begin else 0:len(pattern) - (1 if end else 0)]
        parts = []
        for ch in core:
            if ch == "%":
                parts.append(".*")
            elif ch == "_":
                parts.append(".")
            else:
                parts.append(re.escape(ch))
        rx = re.compile(("^" if begin else "") + "".join(parts) + ("$" if end else ""),
                        re.I | re.S)
        _LIKE_CACHE[pattern] = rx
    return rx


def _to_text(value):
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _compare(a, b):
    """Compare like MySQL would between a column value and a search value."""
    try:
        return (float(a) > float(b)) - (float(a) < float(b))
    except (TypeError, ValueError):
        sa, sb = str(a), str(b)
        return (sa > sb) - (sa < sb)


class Predicate:
    def __init__(self, store, opt, searchtype, value):
        self.store = store
        self.opt = opt
        self.searchtype = (searchtype or "contains").lower()
        self.raw = value
        self.value = unsanitize_search_value(_to_text(value) if value is not None else "")

    def _text_match(self, v):
        pattern = self.value
        if pattern in ("NULL", "null"):
            return v is None or v == ""
        if pattern == "^$":
            return v is None or v == ""
        if v is None:
            return False
        return _like_regex(pattern).search(_to_text(v)) is not None

    def _key_match(self, key, value):
        opt = self.opt
        if opt.kind in ("name", "fk") or (opt.multi and opt.datatype == "dropdown"):
            if key is None:
                return False
            return php_intval(key) == php_intval(self.value) if isinstance(key, int) \
                else str(key) == self.value
        if value is None:
            return False
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return float(value) == float(self.value)
            except ValueError:
                return False
        return _to_text(value).casefold() == self.value.casefold()

    def _under(self, key):
        if key is None or not self.opt.target:
            return False
        root = php_intval(self.value)
        return key in self.store.sons_of(self.opt.target, root)

    def value_ok(self, key, value):
        st = self.searchtype
        if st == "contains":
            return self._text_match(value)
        if st == "notcontains":
            if self.value in ("NULL", "null", "^$"):
                return not self._text_match(value)
            return value is None or not self._text_match(value)
        if st == "equals":
            return self._key_match(key, value)
        if st == "notequals":
            return key is None or not self._key_match(key, value)
        if st in ("lessthan", "morethan"):
            if value is None:
                return False
            c = _compare(value, self.value)
            return c < 0 if st == "lessthan" else c > 0
        if st == "under":
            return self._under(key)
        if st == "notunder":
            return not self._under(key)
        return self._text_match(value)

    def matches(self, values):
        if not values:
            values = [(None, None)]
        return any(self.value_ok(k, v) for k, v in values)


def related_items(store, itemtype, item, meta_itemtype):
    """Items of meta_itemtype linked to item (used by meta criteria / meta columns)."""
    if meta_itemtype == "Software":
        out = []
        for inst in store.children_of(itemtype, item["id"], "Item_SoftwareVersion"):
            ver = store.get("SoftwareVersion", inst["softwareversions_id"])
            soft = store.get("Software", ver["softwares_id"]) if ver else None
            if soft is not None and soft not in out:
                out.append(soft)
        return out
    if meta_itemtype == "SoftwareVersion":
        out = []
        for inst in store.children_of(itemtype, item["id"], "Item_SoftwareVersion"):
            ver = store.get("SoftwareVersion", inst["softwareversions_id"])
            if ver is not None:
                out.append(ver)
        return out
    if itemtype == "Computer" and meta_itemtype in ("Monitor", "Printer", "Peripheral", "Phone"):
        out = []
        for link in store.all_items("Computer_Item"):
            if link["computers_id"] == item["id"] and link["itemtype"] == meta_itemtype:
                target = store.get(meta_itemtype, link["items_id"])
                if target is not None:
                    out.append(target)
        return out
    if meta_itemtype == "Computer" and itemtype in ("Monitor", "Printer", "Peripheral", "Phone"):
        out = []
        for link in store.all_items("Computer_Item"):
            if link["itemtype"] == itemtype and link["items_id"] == item["id"]:
                target = store.get("Computer", link["computers_id"])
                if target is not None:
                    out.append(target)
        return out
    if meta_itemtype == "Ticket":
        out = []
        for link in store.all_items("Item_Ticket"):
            if link["itemtype"] == itemtype and link["items_id"] == item["id"]:
                target = store.get("Ticket", link["tickets_id"])
                if target is not None:
                    out.append(target)
        return out
    fk = fk_for_itemtype(meta_itemtype)
    if fk in item:
        target = store.get(meta_itemtype, item[fk]) if item[fk] else None
        return [target] if target else []
    return store.children_of(itemtype, item["id"], meta_itemtype)


def meta_values(store, itemtype, item, meta_itemtype, opt):
    out = []
    for rel in related_items(store, itemtype, item, meta_itemtype):
        for kv in cell_values(store, meta_itemtype, rel, opt):
            if kv not in out:
                out.append(kv)
    return out


class SearchEngine:
    def __init__(self, store, session, itemtype, params):
        self.store = store
        self.session = session
        self.itemtype = itemtype
        self.params = params
        self.soptions = options(itemtype)

    # ---- validation -------------------------------------------------------------------
    def _check_criteria(self, criteria):
        for crit in criteria:
            if not isinstance(crit, dict):
                return "Malformed search criteria"
            if "criteria" in crit:
                return self._check_criteria(php_list(crit["criteria"]))
            if "field" not in crit or "searchtype" not in crit or "value" not in crit:
                return "Malformed search criteria"
            field = str(crit["field"])
            if not field.isdigit() or int(field) not in self.soptions:
                return "Bad field ID in search criteria"
            if self.soptions[int(field)].nosearch:
                return "Forbidden field ID in search criteria"
        return True

    # ---- candidates -------------------------------------------------------------------
    def _candidates(self, is_deleted):
        types = ASSET_TYPES if self.itemtype == "AllAssets" else [self.itemtype]
        out = []
        for itemtype in types:
            d = ITEMTYPES[itemtype]
            for item in self.store.all_items(itemtype):
                if d.has_is_deleted and item.get("is_deleted", 0) != is_deleted:
                    continue
                if d.template and item.get("is_template"):
                    continue
                if not self.session.can_see_item(self.store, itemtype, item):
                    continue
                out.append((itemtype, item))
        return out

    def _opts_for(self, itemtype):
        return options(itemtype) if self.itemtype == "AllAssets" else self.soptions

    # ---- criteria evaluation ----------------------------------------------------------
    def _compile(self, criteria):
        """-> [(link, node)], node = ('crit', predicate, meta_itemtype, field) | ('group', [..])"""
        compiled = []
        for crit in criteria:
            if not isinstance(crit, dict):
                continue
            link = str(crit.get("link", "AND")).upper().strip() or "AND"
            if "criteria" in crit:
                sub = self._compile(php_list(crit["criteria"]))
                if sub:
                    compiled.append((link, ("group", sub)))
                continue
            value = crit.get("value")
            if value is None or _to_text(value) == "":
                continue
            try:
                field = int(str(crit.get("field")))
            except ValueError:
                continue
            meta_itemtype = None
            if php_truthy(crit.get("meta")) and crit.get("itemtype"):
                meta_itemtype = resolve_itemtype(crit.get("itemtype"))
                if meta_itemtype is None:
                    continue
                opt = options(meta_itemtype).get(field)
            else:
                opt = self.soptions.get(field)
            if opt is None:
                continue
            pred = Predicate(self.store, opt, crit.get("searchtype"), value)
            compiled.append((link, ("crit", pred, meta_itemtype, field)))
        return compiled

    def _eval_node(self, node, itemtype, item):
        if node[0] == "group":
            return self._eval(node[1], itemtype, item)
        _unused, pred, meta_itemtype, field = node
        if meta_itemtype:
            values = meta_values(self.store, itemtype, item, meta_itemtype, pred.opt)
        else:
            opt = self._opts_for(itemtype).get(field)
            if opt is None:
                return False
            values = cell_values(self.store, itemtype, item, opt)
        return pred.matches(values)

    def _eval(self, compiled, itemtype, item):
        groups = [[]]
        for index, (link, node) in enumerate(compiled):
            value = self._eval_node(node, itemtype, item)
            if "NOT" in link:
                value = not value
            if index > 0 and link.startswith("OR"):
                groups.append([])
            groups[-1].append(value)
        return any(all(g) for g in groups if g)

    # ---- main -------------------------------------------------------------------------
    def _sort(self, rows):
        """Order the rows (in place) as the search asks; returns (the sort to echo, the order)."""
        p = self.params
        sort_param = p.get("sort")
        if sort_param is None or sort_param == "":
            sort_out = ["1"]
            sort_id = 1
        else:
            sort_id = php_intval(sort_param)
            sort_out = [sort_id]
        order = str(p.get("order", "ASC")).upper()
        if order not in ("ASC", "DESC"):
            order = "ASC"
        rows.sort(key=lambda r: (ASSET_TYPES.index(r[0]) if self.itemtype == "AllAssets"
                                 else 0, r[1]["id"]))
        sort_opt = self.soptions.get(sort_id)
        if sort_opt is not None:
            def sort_key(row):
                opt = self._opts_for(row[0]).get(sort_id, sort_opt)
                vals = [v for _unused, v in cell_values(self.store, row[0], row[1], opt)]
                vals = [v for v in vals if v is not None]
                if not vals:
                    return (0, 0, "")
                v = vals[0] if len(vals) == 1 else "$$##$$".join(str(x) for x in vals)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    return (1, v, "")
                return (2, 0, str(v).casefold())
            rows.sort(key=sort_key, reverse=(order == "DESC"))
        return sort_out, order

    def run(self):
        p = self.params
        criteria = php_list(p.get("criteria")) if isinstance(p.get("criteria"), (list, dict)) \
            else []
        if isinstance(p.get("criteria"), (list, dict)):
            result = self._check_criteria(criteria)
            if result is not True:
                raise SearchError(result)

        # forcedisplay
        forced = p.get("forcedisplay")
        if forced is not None:
            if not isinstance(forced, (list, dict)):
                forced = [php_intval(forced)]
            forced_ids = []
            for f in php_list(forced):
                try:
                    fid = int(str(f))
                except ValueError:
                    continue
                if fid not in forced_ids:
                    forced_ids.append(fid)
        else:
            forced_ids = []
        for fid in forced_ids:
            opt = self.soptions.get(fid)
            if opt is not None and opt.nodisplay:
                raise SearchError("ID is forbidden along with 'forcedisplay' parameter.")

        # range
        if "range" in p:
            rng = str(p["range"])
            if not re.fullmatch(r"[0-9]+-[0-9]+", rng):
                raise SearchError("range must be in format : [start-end] with integers")
            start, end = (int(x) for x in rng.split("-"))
            limit = end - start + 1
            if limit > 2 ** 63 - 1 or end > 2 ** 63 - 1:
                msg = ("You have an error in your SQL syntax; check the manual that corresponds "
                       "to your MariaDB server version for the right syntax to use near "
                       "'-9223372036854775808' at line 32")
                raise SearchError("Unexpected SQL Error : " + msg, 500, "ERROR_SQL", False,
                                  sql=msg)
        else:
            start, end = 0, 19
            limit = 20

        # columns to display
        toview = [1]
        entity_check = self.itemtype == "AllAssets" or ITEMTYPES[self.itemtype].has_entity
        if self.store.multi_entities_mode() and entity_check and self.itemtype != "Entity":
            toview.append(80)
        if forced_ids:
            toview += forced_ids
        else:
            toview += DISPLAY_PREFERENCES.get(self.itemtype, [])
        meta_cols = []

        def collect(crits):
            for c in crits:
                if not isinstance(c, dict):
                    continue
                if "criteria" in c:
                    collect(php_list(c["criteria"]))
                    continue
                try:
                    field = int(str(c.get("field")))
                except ValueError:
                    continue
                if php_truthy(c.get("meta")) and c.get("itemtype"):
                    mt = resolve_itemtype(c.get("itemtype"))
                    if mt and (mt, field) not in meta_cols and field in options(mt):
                        meta_cols.append((mt, field))
                elif field not in toview:
                    toview.append(field)

        collect(criteria)
        cols = []
        for fid in toview:
            if fid in self.soptions and fid not in cols:
                cols.append(fid)

        # candidates and filtering
        is_deleted = 1 if php_truthy(p.get("is_deleted")) else 0
        rows = self._candidates(is_deleted)
        compiled = self._compile(criteria)
        if compiled:
            rows = [(t, i) for t, i in rows if self._eval(compiled, t, i)]
        legacy_meta = bool(php_list(p.get("metacriteria"))) if isinstance(
            p.get("metacriteria"), (list, dict)) else False

        sort_out, order = self._sort(rows)

        total = len(rows)
        if start > total:
            raise SearchError("Provided range exceed total count of data: %d" % total, 400,
                              "ERROR_RANGE_EXCEED_TOTAL")
        page = rows[start:start + limit] if limit > 0 else []

        # positive top-level criteria restrict the values shown in multi-valued cells
        restrict = {}
        for index, (link, node) in enumerate(compiled):
            if node[0] == "crit" and node[2] is None and "NOT" not in link \
                    and not link.startswith("OR") and node[1].searchtype in (
                        "contains", "equals", "lessthan", "morethan", "under"):
                if len(compiled) == 1 or all(not lk.startswith("OR") for lk, _unused in compiled[1:]):
                    restrict.setdefault(node[3], []).append(node[1])

        uid_mode = "uid_cols" in p
        data = []
        html = []
        for itemtype, item in page:
            opts = self._opts_for(itemtype)
            line = {}
            html_line = {}
            for fid in cols:
                opt = opts.get(fid, self.soptions[fid])
                values = cell_values(self.store, itemtype, item, opt)
                if opt.multi and fid in restrict:
                    values = [kv for kv in values if all(pr.value_ok(*kv) for pr in restrict[fid])]
                shown = [v for _unused, v in values]
                if legacy_meta and fid == 1:
                    cell = []
                elif not shown:
                    cell = None
                elif len(shown) == 1:
                    cell = shown[0]
                else:
                    cell = shown
                key = self._uid(fid) if uid_mode else str(fid)
                line[key] = cell
                html_line[str(fid)] = self._html(itemtype, item, opt, shown)
            for mt, fid in meta_cols:
                mopt = options(mt)[fid]
                shown = [v for _unused, v in meta_values(self.store, itemtype, item, mt, mopt)]
                cell = None if not shown else (shown[0] if len(shown) == 1 else shown)
                key = mopt.uid if uid_mode else str(fid)
                line[key] = cell
                html_line[str(fid)] = "#LBBR#".join("" if v is None else str(v) for v in shown)
            if self.itemtype == "AllAssets":
                line["id"] = item["id"]
                line["itemtype"] = itemtype
            data.append((item["id"], line))
            html.append((item["id"], html_line))

        end_clipped = min(end, total - 1)
        out = {"totalcount": total, "count": len(page), "sort": sort_out, "order": [order]}
        if data:
            if "withindexes" in p:
                out["data"] = {str(i): line for i, line in data}
            else:
                out["data"] = [line for _unused, line in data]
        if "giveItems" in p:
            if "withindexes" in p:
                out["data_html"] = {str(i): line for i, line in html}
            else:
                out["data_html"] = [line for _unused, line in html]
        if php_truthy(p.get("rawdata")):
            out["rawdata"] = self._rawdata(cols, meta_cols, start, end, total, data)
        out["content-range"] = "%d-%d/%d" % (start, end_clipped, total)
        return out

    # ---- presentation -----------------------------------------------------------------
    def _uid(self, fid):
        opt = self.soptions[fid]
        if self.itemtype == "AllAssets":
            if opt.kind in ("own", "name"):
                return "AllAssets.UNKNOWN.%s" % opt.field
            return "AllAssets.%s" % opt.uid.split(".", 1)[1]
        return opt.uid

    def _html(self, itemtype, item, opt, shown):
        if opt.kind == "name" and opt.datatype == "itemlink" and opt.id == 1:
            name = shown[0] if shown else ""
            return "<a id='%s_%d_%d' href='/front/%s.form.php?id=%d'>%s</a>" % (
                itemtype, item["id"], item["id"], itemtype.lower(), item["id"],
                "" if name is None else name)
        if opt.field == "id" and opt.kind == "own":
            return "<span class='text-nowrap'>%s</span>" % item["id"]
        if opt.id == 80 and shown and shown[0] is not None:
            parts = str(shown[0]).split(" > ")
            inner = '<i class="fas fa-caret-right mx-1"></i>'.join(
                '<span class="text-nowrap">%s</span>' % p for p in parts)
            return '<span class="glpi-badge" title="%s">%s</span>' % (
                str(shown[0]).replace(">", "&gt;"), inner)
        if opt.tree:
            return "#LBBR#".join("" if v is None else str(v).replace(" > ", " &#62; ")
                                 for v in shown)
        return "#LBBR#".join("" if v is None else str(v) for v in shown)

    def _rawdata(self, cols, meta_cols, start, end, total, data):
        search = {k: v for k, v in self.params.items() if k not in ("session_token", "app_token")}
        search.update({"start": start, "is_deleted": 1 if php_truthy(
            self.params.get("is_deleted")) else 0, "list_limit": 20, "range": [start, end],
            "reset": "reset"})
        search.setdefault("criteria", [])
        search.setdefault("metacriteria", [])
        return {
            "search": search,
            "itemtype": self.itemtype,
            "data": {
                "begin": start, "end": min(end, total - 1), "totalcount": total,
                "cols": [{"itemtype": self.itemtype, "id": fid,
                          "name": self.soptions[fid].name,
                          "meta": 0, "searchopt": self.soptions[fid].cleaned()} for fid in cols]
                + [{"itemtype": mt, "id": fid, "name": options(mt)[fid].name, "meta": 1,
                    "searchopt": options(mt)[fid].cleaned()} for mt, fid in meta_cols],
                "rows": [{"id": i, "raw": line} for i, line in data],
            },
            "sql": {"search": "(emulated search engine: no SQL)"},
        }
