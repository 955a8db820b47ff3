"""Item endpoints: get one / get all / sub items / multiple items, add, update, delete,
documents (upload, download), user pictures, listSearchOptions and search."""

import hashlib
import json
import random
import re

from . import search as search_mod
from .api import PERMISSION, Response
from .itil import ACTOR_LINKS, ITIL_TYPES, TASKS, VALIDATIONS
from .itemtypes import (ASSET_TYPES, DIRECTCONNECT_TYPES, NETWORKPORT_TYPES,
                        fk_for_itemtype, is_foreign_key_field, itemtype_for_fk,
                        resolve_itemtype)
from .profiles import CREATE, DELETE, PURGE, READ, UPDATE
from .store import PhpFatalError, StoreError
from .util import (decode_html, http_date, is_numeric, php_intval, php_list, php_truthy,
                   uniqid_more, unsanitize_search_value)

MAX_INPUT_VARS = 1000

# foreign keys of a table GLPI cannot name (items_id_target: "glpi_items")
UNRESOLVED_FKS = ("items_id_target",)

# itemtypes whose add() leaves no "Item successfully added" message (auto_message_on_action)
SILENT_ADDS = set(ACTOR_LINKS) | set(TASKS) | set(VALIDATIONS)

# ============================================================================ helpers


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _php_empty(value):
    return value in (None, False, 0, "", "0") or (isinstance(value, (list, dict)) and not value)


def parse_dropdowns(call, fields, expand, hateoas):
    """API::parseDropdowns(): expand foreign keys to names and/or add HATEOAS links."""
    store = call.store
    if isinstance(fields, list):
        return [parse_dropdowns(call, v, expand, hateoas) if isinstance(v, (dict, list)) else v
                for v in fields]
    if not isinstance(fields, dict):
        return fields
    out = dict(fields)
    links = []
    for key in list(fields.keys()):
        value = out[key]
        if isinstance(value, (dict, list)):
            value = parse_dropdowns(call, value, expand, hateoas)
            out[key] = value
        if not isinstance(key, str) or key.isdigit():
            continue
        if not is_foreign_key_field(key) or isinstance(value, list):
            continue                         # lists: GLPI 11's asset groups, kept as they are
        fk = key
        if fk == "items_id" and fields.get("itemtype"):
            fk = fk_for_itemtype(resolve_itemtype(fields["itemtype"]) or fields["itemtype"])
        if fk == "default_requesttypes_id":
            fk = "requesttypes_id"
        if fk == "mainitems_id" and fields.get("mainitemtype"):
            fk = fk_for_itemtype(resolve_itemtype(fields["mainitemtype"])
                                 or fields["mainitemtype"])
        entity_case = fk == "entities_id" and (value is None or (_is_int(value) and value >= 0))
        if _php_empty(value) and not entity_case:
            continue
        target = itemtype_for_fk(fk)
        if hateoas and _is_int(value) and target:
            links.append({"rel": target, "href": "%s/%s/%d" % (call.api_url, target, value)})
        elif hateoas and _is_int(value) and fk in UNRESOLVED_FKS:
            # GLPI 11 finds no itemtype for these keys ("glpi_items"): a link to nothing
            links.append({"rel": None, "href": "%s//%d" % (call.api_url, value)})
        if expand:
            out[key] = store.dropdown_name(target, value) if target in store.itemtypes else ""
    if links:
        out.setdefault("links", [])
        out["links"] = list(out["links"]) + links
    return out


def _hateoas_children(call, itemtype, fields, item_id):
    d = call.store.itemtypes[itemtype]
    if not d.hateoas:
        return fields
    links = list(fields.get("links", []))
    base = "%s/%s/%s/" % (call.api_url, itemtype, item_id)
    links += [{"rel": cls, "href": base + cls + "/"} for cls in d.hateoas]
    fields["links"] = links
    return fields


def _friendly_names(call, data, keys, itemtype):
    out = {}
    for fkey in keys:
        if fkey == "id":
            out[fkey] = call.store.friendly_name(itemtype, data.get("id"))
            continue
        if fkey not in data or data[fkey] is None:
            continue
        target = itemtype_for_fk(fkey)
        if target not in call.store.itemtypes:
            continue
        out[fkey] = call.store.friendly_name(target, data[fkey])
    return out


def _sha1(fields):
    def numeric(v):
        if isinstance(v, dict):
            return {k: numeric(x) for k, x in v.items()}
        if isinstance(v, list):
            return [numeric(x) for x in v]
        if isinstance(v, str) and is_numeric(v):
            return float(v) if re.search(r"[.eE]", v) else int(v)
        return v
    text = json.dumps(numeric(fields), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def can_item(call, itemtype, item, bit):
    session = call.session
    if not session.has_right(itemtype, bit):
        return False
    return session.can_see_item(call.store, itemtype, item)


# ============================================================================ relations


def _strip(row, *keys):
    return {k: v for k, v in row.items() if k not in keys}


def _right_error_array():
    return {"error": 401, "message": PERMISSION}


def network_ports(call, itemtype, item_id):
    store = call.store
    if not call.session.can_view("NetworkEquipment"):
        return _right_error_array()
    ports = [p for p in store.children_of(itemtype, item_id, "NetworkPort")
             if not p.get("is_deleted")]
    ports.sort(key=lambda p: p["id"])
    glpi = call.glpi
    out = {ptype: [] for ptype in NETWORKPORT_TYPES} if glpi.networkports_all_types else {}
    for ptype in NETWORKPORT_TYPES:
        for port in ports:
            if port.get("instantiation_type") != ptype:
                continue
            row = {"netport_id": port["id"], "entities_id": port["entities_id"],
                   "is_recursive": port["is_recursive"],
                   "logical_number": port["logical_number"], "name": port["name"],
                   "mac": port["mac"], "comment": port["comment"],
                   "is_dynamic": port["is_dynamic"], "id": None, "networkports_id": None}
            if ptype == "NetworkPortEthernet":
                row.update({"items_devicenetworkcards_id": None, "type": None, "speed": None})
            row.update({"date_mod": None, "date_creation": None})
            if glpi.networkports_all_types:
                row["networkports_id_opposite"] = None
            names = sorted(store.children_of("NetworkPort", port["id"], "NetworkName"),
                           key=lambda n: n["id"])
            if names:
                netn = names[0]
                ips = sorted(store.children_of("NetworkName", netn["id"], "IPAddress"),
                             key=lambda i: i["id"], reverse=not glpi.networkports_all_types)
                ip_rows = [{"id": str(ip["id"]), "name": ip["name"], "IPNetwork": []}
                           for ip in ips] or [{"id": "", "name": None, "IPNetwork": []}]
                row["NetworkName"] = {"id": netn["id"], "name": netn["name"],
                                      "fqdns_id": netn["fqdns_id"],
                                      "FQDN": {"id": netn["fqdns_id"], "name": None,
                                               "fqdn": None},
                                      "IPAddress": ip_rows}
            out.setdefault(ptype, []).append(row)
    return out or []


def item_row(call, itemtype, item):
    """An item as getItem shows it: its columns, then GLPI 11's asset groups (lists)."""
    fields = dict(item)
    if call.store.has_group_lists(itemtype):
        fields.update(call.store.asset_groups(itemtype, item["id"]))
    return fields


def _with_relations(call, itemtype, item, params):
    store = call.store
    s = call.session
    if php_truthy(params.get("with_connections")) and itemtype == "Computer" \
            and call.glpi.with_connections_broken:
        call.unexpected_error()          # GLPI 11: SQL on missing columns, whatever the computer
    fields = item_row(call, itemtype, item)
    item_id = item["id"]

    if php_truthy(params.get("with_devices")) and itemtype in ASSET_TYPES:
        devices = {}
        rows = [r for r in store.children_of(itemtype, item_id, "Item_DeviceProcessor")
                if not r.get("is_deleted")]
        if rows:
            devices["Item_DeviceProcessor"] = {
                str(r["id"]): _strip(r, "items_id", "itemtype", "is_deleted")
                for r in sorted(rows, key=lambda r: r["id"])}
        fields["_devices"] = devices or []
    if php_truthy(params.get("with_disks")) and itemtype == "Computer":
        disks = []
        for disk in sorted(store.children_of(itemtype, item_id, "Item_Disk"),
                           key=lambda d: d["id"]):
            if disk.get("is_deleted"):
                continue
            row = {"fsname": None}
            row.update(_strip(disk, "items_id", "is_deleted"))
            disks.append({"name": row})
        fields["_disks"] = disks
    if php_truthy(params.get("with_softwares")) and itemtype == "Computer":
        if not s.can_view("Software"):
            fields["_softwares"] = _right_error_array()
        else:
            rows = []
            for inst in store.children_of(itemtype, item_id, "Item_SoftwareVersion"):
                if inst.get("is_deleted"):
                    continue
                ver = store.get("SoftwareVersion", inst["softwareversions_id"]) or {}
                soft = store.get("Software", ver.get("softwares_id")) or {}
                rows.append(((soft.get("name") or "", ver.get("name") or ""), {
                    "softwarecategories_id": soft.get("softwarecategories_id"),
                    "softwares_id": soft.get("id"), "softwareversions_id": ver.get("id"),
                    "is_dynamic": inst["is_dynamic"], "states_id": ver.get("states_id"),
                    "is_valid": soft.get("is_valid")}))
            rows.sort(key=lambda r: r[0])
            fields["_softwares"] = [r for _unused, r in rows]
    if php_truthy(params.get("with_connections")) and itemtype == "Computer":
        conns = {}
        for ctype in DIRECTCONNECT_TYPES:
            if not s.can_view(ctype):
                continue
            for link in sorted(store.all_items("Computer_Item"), key=lambda r: r["id"]):
                if link["computers_id"] != item_id or link["itemtype"] != ctype \
                        or link["is_deleted"]:
                    continue
                row = {"assoc_id": link["id"], "assoc_computers_id": link["computers_id"],
                       "assoc_itemtype": link["itemtype"], "assoc_items_id": link["items_id"],
                       "assoc_is_dynamic": link["is_dynamic"]}
                target = store.get(ctype, link["items_id"])
                if target:
                    row.update(target)
                conns.setdefault(ctype, []).append(row)
        fields["_connections"] = conns or []
    if php_truthy(params.get("with_networkports")):
        fields["_networkports"] = network_ports(call, itemtype, item_id)
    if php_truthy(params.get("with_infocoms")):
        if not s.can_view("Infocom"):
            fields["_infocoms"] = _right_error_array()
        else:
            infocoms = store.children_of(itemtype, item_id, "Infocom")
            fields["_infocoms"] = dict(infocoms[0]) if infocoms else []
    if php_truthy(params.get("with_contracts")):
        if not s.can_view("Contract"):
            fields["_contracts"] = _right_error_array()
        else:
            rows = list(store.children_of(itemtype, item_id, "Contract_Item"))
            rows.sort(key=lambda r: (store.friendly_name("Contract", r["contracts_id"]), r["id"]))
            fields["_contracts"] = [dict(r) for r in rows]
    if php_truthy(params.get("with_documents")):
        if itemtype != "Ticket" and not s.can_view("Document"):
            fields["_documents"] = _right_error_array()
        else:
            rows = []
            for link in sorted(store.children_of(itemtype, item_id, "Document_Item"),
                               key=lambda r: r["id"]):
                doc = store.get("Document", link["documents_id"]) or {}
                entity = store.get("Entity", doc.get("entities_id"))
                row = {"assocID": link["id"], "assocdate": link["date_creation"],
                       "entityID": doc.get("entities_id"),
                       "entity": entity["completename"] if entity else None,
                       "headings": None}
                row.update(doc)
                rows.append(row)
            fields["_documents"] = rows
    if php_truthy(params.get("with_tickets")):
        if not s.can_view("Ticket"):
            fields["_tickets"] = _right_error_array()
        else:
            rows = []
            for link in sorted(store.children_of(itemtype, item_id, "Item_Ticket"),
                               key=lambda r: r["id"]):
                ticket = store.get("Ticket", link["tickets_id"])
                if ticket is None or not s.can_see_item(store, "Ticket", ticket):
                    continue
                row = dict(ticket, catname=None)
                if call.glpi.linked_tickets_with_entity:
                    entity = store.get("Entity", ticket["entities_id"])
                    row.update({"entityname": entity["completename"] if entity else None,
                                "entityID": ticket["entities_id"]})
                rows.append(row)
            fields["_tickets"] = rows
    for param, key, link_type, fk, target in (
            ("with_problems", "_problems", "Item_Problem", "problems_id", "Problem"),
            ("with_changes", "_changes", "Change_Item", "changes_id", "Change")):
        if php_truthy(params.get(param)):
            links = sorted(store.children_of(itemtype, item_id, link_type), key=lambda r: r["id"])
            fields[key] = [dict(store.get(target, link[fk]), catname=None) for link in links
                           if store.get(target, link[fk]) is not None]
    if php_truthy(params.get("with_notes")):
        if not s.has_right(itemtype, READ):
            fields["_notes"] = _right_error_array()
        else:
            fields["_notes"] = [dict(n) for n in sorted(
                store.children_of(itemtype, item_id, "Notepad"), key=lambda n: n["id"])]
    if php_truthy(params.get("with_logs")):
        if not s.can_view("Log"):
            fields["_logs"] = _right_error_array()
        else:
            logs = sorted(store.children_of(itemtype, item_id, "Log"), key=lambda r: r["id"])
            fields["_logs"] = {str(r["id"]): dict(r) for r in logs} or []
    return fields


# ============================================================================ get


def get_item_fields(call, itemtype, item_id, params):
    """API::getItem() -> fields (raises ApiExit on errors / document downloads)."""
    store = call.store
    with store.lock:
        item = store.get(itemtype, item_id)
        if item is None:
            call.not_found()
        if not can_item(call, itemtype, item, READ):
            call.right_error()
        if itemtype == "Document" and ("application/octet-stream" in (
                call.req.header("Accept") or "") or params.get("alt") == "media"):
            raise_document_download(call, item)
        fields = _with_relations(call, itemtype, item, params)
        fields = parse_dropdowns(call, fields, php_truthy(params.get("expand_dropdowns")),
                                 php_truthy(params.get("get_hateoas", True)))
        if php_truthy(params.get("get_hateoas", True)):
            fields = _hateoas_children(call, itemtype, fields, item["id"])
        if php_truthy(params.get("get_sha1")):
            return _sha1(fields)
        keys = php_list(params.get("add_keys_names")) if params.get("add_keys_names") else []
        if keys:
            fields["_keys_names"] = _friendly_names(call, fields, keys, itemtype)
        return call.read_fields(fields)


def raise_document_download(call, doc):
    from .api import ApiExit
    content = call.store.files.get(doc.get("sha1sum") or "")
    if content is None:
        call.error("File not found", 404, "ERROR_ITEM_NOT_FOUND", False)
    mime = doc.get("mime") or "application/octet-stream"
    ctype = mime + (";charset=UTF-8" if mime.startswith("text/") else "")
    raise ApiExit(stream_response(call, content, ctype, doc.get("filename") or "document",
                                  doc.get("date_mod")))


def stream_response(call, content, ctype, filename, date_mod, attachment=True):
    """A file sent by Toolbox::sendFile(): GLPI 10 with PHP's session headers, GLPI 11
    through Symfony (HTTP/1.0, no Expires, "Content-Disposition:  ...")."""
    disposition = "filename=\"%s\"; filename*=utf-8''%s" % (filename, _rfc5987(filename))
    if attachment:
        disposition = "attachment; " + disposition
    headers = list(call.cors_headers)
    if call.glpi.stream_style == "11":
        headers += [("Last-Modified", http_date(date_mod)),
                    ("Cache-Control", "must-revalidate, private"),
                    ("Etag", hashlib.md5(content).hexdigest()),
                    ("Content-Disposition", " " + disposition), ("Content-type", ctype)]
        return Response(200, headers, content, http10=True)
    headers += [("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"),
                ("Last-Modified", http_date(date_mod)),
                ("Etag", hashlib.md5(content).hexdigest()), ("Cache-Control", "private"),
                ("Content-disposition", disposition), ("Content-type", ctype)]
    return Response(200, headers, content)


def _rfc5987(text):
    from urllib.parse import quote
    return quote(text, safe="")


def get_items(call, itemtype, params):
    """API::getItems() -> (rows, totalcount)."""
    store = call.store
    d = store.itemtypes[itemtype]
    s = call.session
    if not s.can_view(itemtype):
        call.right_error()
    rng = params.get("range", "0-19")
    if not isinstance(rng, str) or not re.fullmatch(r"[0-9]+-[0-9]+", rng):
        call.error("range must be in format : [start-end] with integers")
    start, end = (int(x) for x in rng.split("-"))
    limit = end - start + 1
    order = params.get("order", "ASC")
    if not isinstance(order, str) or order.upper() not in ("ASC", "DESC"):
        call.error("order must be DESC or ASC")
    sort = params.get("sort", "id")
    if not isinstance(sort, str) or sort not in d.defaults:
        call.error("sort param is not a field of %s" % d.table)

    with store.lock:
        rows = store.all_items(itemtype)
        if d.has_is_deleted:
            flag = params.get("is_deleted", False)
            flag = 1 if flag is True else php_intval(flag)
            rows = [r for r in rows if r.get("is_deleted", 0) == flag]

        parent_type = call.params.get("parent_itemtype")
        if parent_type is not None and "parent_id" in call.params:
            rows = _filter_parent(call, itemtype, rows, parent_type, call.params["parent_id"])

        text = params.get("searchText")
        if isinstance(text, dict):
            rows = _search_text(call, d, rows, dict(text))

        rows = [r for r in rows if s.can_see_item(store, itemtype, r)]

        rows.sort(key=lambda r: r["id"])

        def sort_key(r):
            v = r.get(sort)
            if v is None:
                return (0, 0, "")
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return (1, v, "")
            return (2, 0, str(v).casefold())
        if sort != "id":
            rows.sort(key=sort_key, reverse=order.upper() == "DESC")
        elif order.upper() == "DESC":
            rows.reverse()
        total = len(rows)
        if limit > 2 ** 63 - 1 or end > 2 ** 63 - 1:
            # the LIMIT overflows: GLPI 10 gets no row, GLPI 11 every row
            page = rows if call.glpi.huge_range_returns_all else []
        else:
            page = rows[start:start + limit] if limit > 0 else []
        if start > total:            # a start at the total gives [] (Content-Range a-(a-1)/total)
            call.error("Provided range exceed total count of data: %d" % total, 400,
                       "ERROR_RANGE_EXCEED_TOTAL")

        keys = php_list(params.get("add_keys_names")) if params.get("add_keys_names") else []
        expand = php_truthy(params.get("expand_dropdowns"))
        hateoas = php_truthy(params.get("get_hateoas", True))
        out = []
        for item in page:
            fields = dict(item)
            if keys:
                fields["_keys_names"] = _friendly_names(call, item, keys, itemtype)
            if php_truthy(params.get("with_networkports")):
                fields["_networkports"] = network_ports(call, itemtype, item["id"])
            if php_truthy(params.get("only_id")):
                fields = {"id": item["id"]}
            fields = parse_dropdowns(call, fields, expand, hateoas)
            if hateoas:
                fields = _hateoas_children(call, itemtype, fields, item["id"])
            out.append(call.read_fields(fields))
        return out, total


def _search_text(call, d, rows, text):
    """getItems' searchText[field]=value: LIKE filters ("all": the name or the comment)."""
    def matcher(value):
        value = str(value)
        if call.glpi.sanitize_input:
            value = unsanitize_search_value(value)
        rx = search_mod.like_regex(value)
        if rx is None:
            return lambda v: v is None
        return lambda v: v is not None and rx.search(str(v)) is not None

    for field, value in text.items():
        if field not in d.defaults:          # "all" too: GLPI keeps it as a column
            if call.glpi.searchtext_unknown_field == "error":
                call.error("Field %s is not valid for %s item." % (field, d.name), 400,
                           "ERROR_FIELD_NOT_FOUND")
            if not _php_empty(value):
                call.php_fatal()             # GLPI 10: SQL error, then PHP dies
        if _php_empty(value):
            continue
        ok = matcher(value)
        rows = [r for r in rows if ok(r.get(field))]
    return rows


def _filter_parent(call, itemtype, rows, parent_type, parent_id):
    store = call.store
    pdef = store.itemtypes.get(parent_type)
    if pdef is None:
        call.error("parent itemtype not found or not an instance of CommonDBTM", 400,
                   "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM")
    parent = store.get(parent_type, parent_id) if parent_id is not False else None
    if parent is None:
        call.not_found()
    if not can_item(call, parent_type, parent, READ):
        call.right_error()
    d = store.itemtypes[itemtype]
    fk_parent = fk_for_itemtype(parent_type)
    fk_child = fk_for_itemtype(itemtype)
    pid = parent["id"]
    if fk_parent in d.defaults:
        return [r for r in rows if r.get(fk_parent) == pid]
    if "itemtype" in d.defaults and "items_id" in d.defaults:
        return [r for r in rows if r.get("itemtype") == parent_type and r.get("items_id") == pid]
    if fk_child in pdef.defaults:
        return [r for r in rows if r["id"] == parent.get(fk_child)]
    if "itemtype" in pdef.defaults and "items_id" in pdef.defaults:
        if parent.get("itemtype") != itemtype:
            return []
        return [r for r in rows if r["id"] == parent.get("items_id")]
    return rows  # no relation found: GLPI applies no filter (recording 162e)


def get_multiple_items(call):
    params = call.params
    items = params.get("items")
    if not isinstance(items, (list, dict)):
        call.bad_array()
    out = []
    for entry in php_list(items):
        if not isinstance(entry, dict) or ("items_id" not in entry and "itemtype" not in entry):
            call.bad_array()
        itemtype = call.store.itemtypes.resolve(entry.get("itemtype"))
        if itemtype is None:
            call.error("resource not found or not an instance of CommonDBTM", 400,
                       "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM")
        out.append(get_item_fields(call, itemtype, php_intval(entry.get("items_id")), params))
    return call.response(out)


# ============================================================================ write


def _added_name(store, itemtype, item):
    d = store.itemtypes[itemtype]
    parent_type = resolve_itemtype(item.get("itemtype") or "")
    if itemtype in ITIL_TYPES and store.glpi.ticket_added_name_with_id:
        return "%s (%d)" % (item.get("name") or "", item["id"])
    if itemtype == "ITILSolution":
        return str(item["id"])
    if itemtype == "Item_OperatingSystem" and parent_type:
        return "%s %s" % (store.itemtypes[parent_type].typename,
                          store.friendly_name(parent_type, item["items_id"]))
    if itemtype == "User":
        return store.friendly_name("User", item["id"])
    if parent_type and (itemtype == "Item_Ticket" or (
            itemtype in ("Item_Problem", "Change_Item") and store.glpi.itil_items_named_by_item)):
        return store.friendly_name(parent_type, item["items_id"])
    if itemtype == "NetworkPort":
        owner = store.friendly_name(parent_type, item["items_id"]) if parent_type else ""
        return " %s >  %s" % (owner, item.get("name") or "")
    if d.relation and itemtype not in ("Item_Disk", "NetworkName", "IPAddress"):
        return "%s - ID %d" % (d.typename, item["id"])
    name = item.get(d.name_field)
    if name in (None, ""):
        return "%s - ID %d" % (d.typename, item["id"])
    return str(name)


def store_error_message(call, exc):
    """A refused write as GLPI words it (GLPI 11 adds the MySQL error number and query)."""
    if exc.errno and exc.query and call.glpi.sql_errors_with_query:
        return "MySQL query error: %s (%d) in SQL query \"%s\"." % (
            exc.message, exc.errno, exc.query)
    return exc.message


def php_html_escape(text):
    """htmlspecialchars() with ENT_QUOTES."""
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#039;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def _can_create(call, itemtype, obj):
    """CommonDBTM::can(-1, CREATE, input) as far as the emulator models it."""
    store = call.store
    s = call.session
    if not s.has_right(itemtype, CREATE):
        return False
    d = store.itemtypes[itemtype]
    if itemtype == "Log":
        return False
    if "itemtype" in d.defaults and "items_id" in d.defaults and d.relation and (
            call.glpi.itil_item_links_check_item
            or itemtype not in ("Item_Ticket", "Item_Problem", "Change_Item")):
        ptype = resolve_itemtype(obj.get("itemtype") or "")
        if ptype is None or store.get(ptype, obj.get("items_id")) is None:
            return False
        parent = store.get(ptype, obj.get("items_id"))
        if not s.can_see_item(store, ptype, parent):
            return False
    for fk, target in (("tickets_id", "Ticket"), ("documents_id", "Document"),
                       ("contracts_id", "Contract"), ("computers_id", "Computer"),
                       ("problems_id", "Problem"), ("changes_id", "Change")):
        if d.relation and fk in d.defaults and store.get(target, obj.get(fk)) is None:
            return False
    if itemtype == "ITILSolution":       # ITILSolution::canCreateItem(): canSolve()
        itil = ITIL_TYPES.get(resolve_itemtype(obj.get("itemtype") or ""))
        parent = store.get(itil.name, obj.get("items_id")) if itil else None
        if parent is None or php_intval(parent.get("status")) in itil.closed:
            return False
    if d.has_entity and itemtype not in ("NetworkPort", "NetworkName", "IPAddress",
                                         "Item_Disk", "Item_OperatingSystem",
                                         "Item_SoftwareVersion", "Infocom", "Document_Item"):
        entity = php_intval(obj.get("entities_id", s.active_entity))
        if not s.entity_allowed(entity):
            return False
    return True


def _input_list(call, params):
    """The ``input`` parameter as a list, and whether the caller sent a list."""
    raw_input = params.get("input")
    if isinstance(raw_input, dict):
        return [raw_input], False
    if isinstance(raw_input, list):
        return raw_input, True
    call.bad_array()
    return None, None  # not reached: bad_array answers and stops the call


def create_items(call, itemtype, params):
    store = call.store
    inputs, multiple = _input_list(call, params)
    uploads = _process_uploads(call, itemtype, inputs) if call.files else []
    results, failed = [], 0
    with store.lock:
        for index, obj in enumerate(inputs):
            obj = dict(obj) if isinstance(obj, dict) else {}
            if not _can_create(call, itemtype, obj):
                failed += 1
                res = {"id": False, "message": PERMISSION}
            else:
                if "entities_id" not in obj and "entities_id" in store.itemtypes[itemtype].defaults:
                    obj["entities_id"] = call.session.active_entity
                try:
                    new_id = store.add(itemtype, obj, user_id=call.session.user_id)
                    _post_add(call, itemtype, new_id, obj)
                    item = call.read_fields(store.get(itemtype, new_id))
                    if itemtype == "ITILFollowup" or itemtype in SILENT_ADDS:
                        message = ""
                    else:
                        message = "Item successfully added: " + _added_name(store, itemtype,
                                                                            item)
                    res = {"id": new_id, "message": message}
                except PhpFatalError:
                    call.php_fatal()
                except StoreError as exc:
                    failed += 1
                    res = {"id": False, "message": store_error_message(call, exc)}
                if call.glpi.escape_add_message and res["id"]:
                    res["message"] = php_html_escape(res["message"])
                elif call.glpi.sanitize_input and not call.sanitized_output:
                    res["message"] = decode_html(res["message"])
            if index < len(uploads):
                res["upload_result"] = uploads[index]
            results.append(res)
    if multiple:
        if failed and failed == len(inputs):
            call.error(results, 400, "ERROR_GLPI_ADD", False)
        elif failed:
            call.error(results, 207, "ERROR_GLPI_PARTIAL_ADD", False)
        return results
    if failed:
        call.error(results[0]["message"], 400, "ERROR_GLPI_ADD", False)
    return results[0]


def _filesize(size, unit="o"):
    """Toolbox::getSize(): "36 o" in GLPI 10, "36 B" in 11."""
    units = ["o", "Kio", "Mio", "Gio", "Tio"] if unit == "o" else ["B", "KiB", "MiB", "GiB",
                                                                   "TiB"]
    value = float(size)
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    text = ("%d" % value) if unit == 0 else ("%.2f" % value).rstrip("0").rstrip(".")
    return "%s %s" % (text, units[unit])


def _process_uploads(call, itemtype, inputs):
    """GLPIUploadHandler + Document::add(): keep files, describe them like GLPI."""
    store = call.store
    by_field = {}
    for field, filename, ctype, content in call.files:
        base = (field or "filename").split("[", 1)[0]
        by_field.setdefault(base, []).append((filename, ctype, content))
    results = []
    delete_base = call.api.emulator.base_url + "/index.php" \
        if call.glpi.upload_delete_on_index else call.api_url
    for base, files in by_field.items():
        entries = []
        for filename, ctype, content in files:
            prefix = uniqid_more()
            name = prefix + filename
            entries.append({
                "name": name, "size": len(content), "type": ctype or "application/octet-stream",
                "url": "%s/files/%s" % (call.api.emulator.base_url, name),
                "deleteUrl": "%s?%s=%s" % (delete_base, base[:-1], name),
                "deleteType": "DELETE", "prefix": prefix, "display": filename,
                "filesize": _filesize(len(content), call.glpi.upload_size_unit),
                "id": "doc%s%d" % (base, random.randint(100000000, 2147483647))})
            store.uploads[name] = (content, ctype or "application/octet-stream")
            if itemtype == "Document" and inputs and isinstance(inputs[0], dict):
                doc = store.store_file(filename, content)
                target = inputs[0]
                for key, value in doc.items():
                    target.setdefault("_" + key, value)
                target.setdefault("filename", doc["filename"])
                target.setdefault("filepath", doc["filepath"])
                target.setdefault("mime", doc["mime"])
                target.setdefault("sha1sum", doc["sha1sum"])
                target.setdefault("name", filename)
                target.setdefault("tag", "%08x-%08x-%s" % (random.getrandbits(32),
                                                           random.getrandbits(32),
                                                           uniqid_more()))
        results.append({base: entries})
    return results


def _post_add(call, itemtype, new_id, obj):
    """What GLPI does after adding: a document given an item is linked to it."""
    if itemtype == "Document" and obj.get("itemtype") and obj.get("items_id"):
        call.store.add("Document_Item", {"documents_id": new_id, "itemtype": obj["itemtype"],
                                         "items_id": obj["items_id"]},
                       user_id=call.session.user_id)


def _set_picture(call, user, upload):
    """User::prepareInputForUpdate() with _picture: the uploaded file becomes the picture."""
    store = call.store
    content, mime = store.uploads.pop(upload)
    digest = hashlib.sha1(content).hexdigest()
    ext = upload.rsplit(".", 1)[-1].lower() if "." in upload else "png"
    store.pictures[user["id"]] = (content, mime)
    store.update("User", user["id"], {"picture": "%s/%d_%s.%s" % (
        digest[:2], user["id"], uniqid_more().split(".")[0][:13], ext)},
        user_id=call.session.user_id)
    return "The file is valid. Upload is successful."


def update_items(call, itemtype, params):
    store = call.store
    inputs, multiple = _input_list(call, params)
    results, failed = [], 0
    with store.lock:
        for obj in inputs:
            if not isinstance(obj, dict) or obj.get("id") is None:
                results.append([])
                continue
            obj_id = obj["id"]
            item = store.get(itemtype, obj_id)
            if item is None:
                failed += 1
                continue  # GLPI forgets to add a result for a missing item
            if not can_item(call, itemtype, item, UPDATE):
                failed += 1
                results.append({str(obj_id): False, "message": PERMISSION})
                continue
            try:
                message = ""
                if itemtype == "User" and obj.get("_picture") in store.uploads:
                    message = _set_picture(call, item, obj["_picture"])
                store.update(itemtype, item["id"], obj, user_id=call.session.user_id)
                results.append({str(item["id"]): True, "message": message})
            except PhpFatalError:
                call.php_fatal()
            except StoreError as exc:
                failed += 1
                results.append({str(item["id"]): False,
                                "message": store_error_message(call, exc)})
    if multiple:
        if failed and failed == len(inputs):
            call.error(results, 400, "ERROR_GLPI_UPDATE", False)
        elif failed:
            call.error(results, 207, "ERROR_GLPI_PARTIAL_UPDATE", False)
        return results
    if failed:
        message = results[0].get("message") if results and isinstance(results[0], dict) \
            else None
        call.error(message, 400, "ERROR_GLPI_UPDATE", False)
    return results


def _bool_filter(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "on", "yes")


def delete_items(call, itemtype, params):
    store = call.store
    d = store.itemtypes[itemtype]
    inputs, multiple = _input_list(call, params)
    history = php_truthy(params.get("history", True))
    results, failed = [], 0
    with store.lock:
        for obj in inputs:
            if not isinstance(obj, dict) or obj.get("id") is None:
                continue
            obj_id = obj["id"]
            item = store.get(itemtype, obj_id)
            if item is None:
                failed += 1
                results.append({str(obj_id): False, "message": "Item not found"})
                continue
            if item.get("is_template") or not d.trash:
                force_purge = True
            else:
                force_purge = _bool_filter(params.get("force_purge", False))
            bit = PURGE if force_purge else DELETE
            if not can_item(call, itemtype, item, bit):
                failed += 1
                results.append({str(obj_id): False, "message": PERMISSION})
                continue
            if force_purge:
                store.purge(itemtype, item["id"], user_id=call.session.user_id,
                            history=history)
            else:
                store.trash(itemtype, item["id"], user_id=call.session.user_id,
                            history=history)
            results.append({str(obj_id): True, "message": ""})
    if multiple:
        if failed and failed == len(inputs):
            call.error(results, 400, "ERROR_GLPI_DELETE", False)
        elif failed:
            call.error(results, 207, "ERROR_GLPI_PARTIAL_DELETE", False)
        return results
    if failed:
        call.error(results[0]["message"] if results else None, 400, "ERROR_GLPI_DELETE", False)
    return results


# ============================================================================ routing


def crud(call):
    """The default branch of APIRest::call(): CommonDBTM manipulation."""
    api = call.api
    itemtype = api.get_itemtype(call, 0)
    item_id = api.get_id(call)
    params = call.params
    method = call.req.method
    headers = []
    status = 200
    if method in ("POST",):
        response = create_items(call, itemtype, params)
        status = 201
        if isinstance(response, dict) and "id" in response:
            headers.append(("location", call.link(itemtype, response["id"])))
        else:
            links = [call.link(itemtype, r["id"])
                     for r in response if isinstance(r, dict) and r.get("id")]
            headers.append(("link", ",".join(links)))
        return call.response(response, status, headers)
    if method in ("PUT", "PATCH"):
        if "input" not in params:
            call.bad_array()
        raw_input = params["input"]
        if isinstance(raw_input, dict) and (item_id is not False and (
                item_id > 0 or (item_id == 0 and itemtype == "Entity"))) \
                and raw_input.get("id") is None:
            raw_input = dict(raw_input)
            raw_input["id"] = item_id
            params = dict(params, input=raw_input)
        return call.response(update_items(call, itemtype, params), status)
    if method == "DELETE":
        if item_id is not False:
            params = dict(params, input={"id": item_id})
        return call.response(delete_items(call, itemtype, params), status)
    # GET (and any other verb)
    if item_id is not False and (item_id > 0 or (item_id == 0 and (
            itemtype == "Entity" or not call.glpi.zero_id_is_list))):
        fields = get_item_fields(call, itemtype, item_id, params)
        if isinstance(fields, dict) and fields.get("date_mod"):
            headers.append(("Last-Modified", http_date(fields["date_mod"])))
        return call.response(fields, status, headers)
    rows, total = get_items(call, itemtype, params)
    if "range" in params:
        rng = str(params["range"]).split("-")
        r0, r1 = rng[0], rng[1]
    else:
        r0, r1 = "0", "20"
    if int(r1) > total - 1:
        r1 = str(total - 1)
    if int(r1) - int(r0) + 1 < total:
        status = 206
    headers.append(("Accept-Range", "%s %d" % (itemtype, MAX_INPUT_VARS)))
    if total > 0:
        headers.append(("Content-Range", "%s-%s/%d" % (r0, r1, total)))
    return call.response(rows, status, headers)


def list_search_options(call, itemtype):
    return call.response(search_mod.list_search_options(call.glpi, itemtype,
                                                        raw="raw" in call.params))


def search(call, itemtype):
    s = call.session
    if not s.can_view(itemtype):
        call.right_error()
    params = json.loads(json.dumps(call.params))
    engine = search_mod.SearchEngine(call.store, s, itemtype, params)
    try:
        with call.store.lock:
            result = engine.run()
    except search_mod.SearchError as exc:
        if exc.sql and call.glpi.html_unexpected_errors:
            call.unexpected_error()
        if exc.sql:
            body = exc.sql + json.dumps([exc.code, exc.message], ensure_ascii=False,
                                        separators=(",", ":"))
            return Response(exc.status, call.cors_headers + call.nocache()[2:] + [
                ("Content-Type", "application/json; charset=UTF-8")] + call.nocache()[:2], body)
        call.error(exc.message, exc.status, exc.code, exc.doc)
    headers = [("Accept-Range", "%s %d" % (itemtype, MAX_INPUT_VARS))]
    if result["totalcount"] > 0:
        headers.append(("Content-Range", result["content-range"]))
    status = 200 if result["count"] >= result["totalcount"] else 206
    return call.response(result, status, headers)


def user_picture(call, user_id):
    store = call.store
    user = store.get("User", user_id)
    if user is None:
        call.error("Bad request: user with id '%s' not found" % user_id)
    picture = store.pictures.get(user_id)
    base = list(call.cors_headers) + [("Expires", "Thu, 19 Nov 1981 08:52:00 GMT")]
    if not user.get("picture") or picture is None:
        return Response(204, base + [("Cache-Control", "no-store, no-cache, must-revalidate"),
                                     ("Pragma", "no-cache"),
                                     ("Content-type", "text/html; charset=UTF-8")], b"")
    content, mime = picture
    if call.glpi.stream_style == "11":      # its path under files/_pictures, not attached
        return stream_response(call, content, mime, user["picture"], user.get("date_mod"),
                               attachment=False)
    return stream_response(call, content, mime, user["picture"].rsplit("/", 1)[-1],
                           user.get("date_mod"))
