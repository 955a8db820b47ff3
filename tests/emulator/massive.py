"""Massive actions: getMassiveActions, getMassiveActionParameters, applyMassiveAction."""

from .api import HTML_CT, PERMISSION, Response
from .itemtypes import ITEMTYPES
from .profiles import DELETE, PURGE, UPDATE
from .search import options as search_options
from .store import StoreError
from .util import php_intval, php_list, php_truthy

# Recording 42: actions on computers not in the trash bin.
COMPUTER_ACTIONS = [
    ("MassiveAction:update", "Update"), ("MassiveAction:clone", "Clone"),
    ("Infocom:activate", "Enable the financial and administrative information"),
    ("MassiveAction:delete", "Put in trashbin"), ("ObjectLock:unlock", "Unlock items"),
    ("Appliance:add_item", "Associate to an appliance"), ("Item_Rack:delete", "Remove from a rack"),
    ("Item_OperatingSystem:update", "Operating systems"), ("Computer_Item:add", "Connect"),
    ("Item_SoftwareVersion:add", "Install"), ("Item_SoftwareLicense:add", "Add a license"),
    ("KnowbaseItem_Item:add", "Link knowledgebase article"),
    ("Document_Item:add", "Add a document"), ("Document_Item:remove", "Remove a document"),
    ("Contract_Item:add", "Add a contract"), ("Contract_Item:remove", "Remove a contract"),
    ("MassiveAction:amend_comment", "Amend comment"), ("MassiveAction:add_note", "Add note"),
    ("Lock:unlock_component", "Unlock components"), ("Lock:unlock_fields", "Unlock fields"),
]
# Recordings 153 / 153b: actions on items in the trash bin.
DELETED_ASSET_ACTIONS = [
    ("MassiveAction:purge_item_but_devices", "Delete permanently but keep devices"),
    ("MassiveAction:purge", "Delete permanently and remove devices"),
    ("MassiveAction:restore", "Restore"), ("Lock:unlock_component", "Unlock components"),
    ("Lock:unlock_fields", "Unlock fields"),
]

PARAMETERS = {
    "MassiveAction:amend_comment": [{"name": "amendment", "type": "text"}],
    "MassiveAction:add_note": [{"name": "add_note", "type": "text"}],
    "Document_Item:add": [{"name": "peer_documents_id", "type": "dropdown"}],
    "Document_Item:remove": [{"name": "peer_documents_id", "type": "dropdown"}],
    "Contract_Item:add": [{"name": "peer_contracts_id", "type": "dropdown"}],
    "Contract_Item:remove": [{"name": "peer_contracts_id", "type": "dropdown"}],
    "Infocom:activate": [],
    "MassiveAction:clone": [{"name": "nb_copy", "type": "number"}],
}


def actions_for(itemtype, is_deleted):
    d = ITEMTYPES[itemtype]
    if itemtype == "Computer":
        return list(DELETED_ASSET_ACTIONS if is_deleted else COMPUTER_ACTIONS)
    if is_deleted and d.trash:
        if d.asset:
            return list(DELETED_ASSET_ACTIONS)
        return [("MassiveAction:purge", "Delete permanently"), ("MassiveAction:restore", "Restore")]
    actions = [("MassiveAction:update", "Update")]
    if d.asset:
        actions.append(("MassiveAction:clone", "Clone"))
        actions.append(("Infocom:activate",
                        "Enable the financial and administrative information"))
    if d.trash:
        actions.append(("MassiveAction:delete", "Put in trashbin"))
    else:
        actions.append(("MassiveAction:purge", "Delete permanently"))
    if d.asset or itemtype in ("Software", "Contract", "Ticket"):
        actions += [("Document_Item:add", "Add a document"),
                    ("Document_Item:remove", "Remove a document")]
    if d.asset or itemtype == "Software":
        actions += [("Contract_Item:add", "Add a contract"),
                    ("Contract_Item:remove", "Remove a contract")]
    if "comment" in d.defaults:
        actions.append(("MassiveAction:amend_comment", "Amend comment"))
    if d.asset or itemtype in ("Software", "Ticket", "Contract", "User", "Group", "Entity"):
        actions.append(("MassiveAction:add_note", "Add note"))
    return actions


def get_massive_actions(call, itemtype):
    raw_id = call.url_elements[2] if len(call.url_elements) > 2 else None
    if raw_id is not None and raw_id != "":
        item_id = php_intval(raw_id)
        item = call.store.get(itemtype, item_id)
        if item is None:
            call.error("Failed to load item (itemtype = '%s', id = '%s')" % (itemtype, item_id),
                       400, "ERROR_ITEM_NOT_FOUND")
        actions = actions_for(itemtype, bool(item.get("is_deleted")))
    else:
        actions = actions_for(itemtype, php_truthy(call.params.get("is_deleted")))
    return call.response([{"key": k, "label": v} for k, v in actions])


def get_parameters(call, itemtype):
    key = call.url_elements[2] if len(call.url_elements) > 2 else None
    if key is None:
        call.error("Missing action key, run 'getMassiveActions' endpoint to see available keys",
                   400, "ERROR_MASSIVEACTION_KEY")
    parts = key.split(":")
    if len(parts) > 1 and parts[1] == "update":
        return call.response([])
    keys = [k for k, _unused in actions_for(itemtype, php_truthy(call.params.get("is_deleted")))]
    if key not in keys:
        call.error("Invalid action key parameter, run 'getMassiveActions' endpoint to see "
                   "available keys", 400, "ERROR_MASSIVEACTION_KEY")
    return call.response(PARAMETERS.get(key, []))


def _link(itemtype, item):
    name = item.get(ITEMTYPES[itemtype].name_field) or ""
    return "<a  href='/front/%s.form.php?id=%s'  title=\"%s\">%s</a>" % (
        itemtype.lower(), item["id"], name, name)


def apply(call, itemtype, ids, params):
    key = call.url_elements[2] if len(call.url_elements) > 2 else None
    if key is None:
        call.error("Missing action key, run 'getMassiveActions' endpoint to see available keys",
                   400, "ERROR_MASSIVEACTION_KEY")
    if ":" not in key:
        # the processor class does not exist: PHP dies with an empty HTML page (recording 156b)
        return Response(200, list(call.cors_headers) + [("Content-type", HTML_CT)], b"")
    processor, action = key.split(":", 1)
    store = call.store
    session = call.session
    user_id = session.user_id
    results = {"ok": 0, "noaction": 0, "ko": 0, "noright": 0, "messages": []}
    handler = _ACTIONS.get((processor, action))
    if handler is None:
        call.error("Invalid action key parameter, run 'getMassiveActions' endpoint to see "
                   "available keys", 400, "ERROR_MASSIVEACTION_KEY")
    with store.lock:
        prepared = handler(call, itemtype, params, None, prepare=True)
        if prepared is False:
            call.error("Invalid action key parameter, run 'getMassiveActions' endpoint to see "
                       "available keys", 400, "ERROR_MASSIVEACTION_KEY")
        last_loaded = None
        for raw in php_list(ids):
            item = store.get(itemtype, php_intval(raw))
            if item is None:
                results["ko"] += 1
                if last_loaded is not None:
                    results["messages"].append(
                        "%s: Error on executing the action" % _link(itemtype, last_loaded))
                else:
                    results["messages"].append("Error on executing the action")
                continue
            last_loaded = item
            outcome = handler(call, itemtype, params, item, user_id=user_id)
            if outcome == "noright":
                results["noright"] += 1
                results["messages"].append("%s: %s" % (_link(itemtype, item), PERMISSION))
            elif outcome:
                results["ok"] += 1
            else:
                results["ko"] += 1
                results["messages"].append("%s: Error on executing the action"
                                           % _link(itemtype, item))
    if results["ok"] == 0 and results["noaction"] == 0 and results["ko"] == 0 \
            and results["noright"] == 0:
        call.error("Invalid action key parameter, run 'getMassiveActions' endpoint to see "
                   "available keys", 400, "ERROR_MASSIVEACTION_KEY")
    if results["ok"] > 0 and results["ko"] == 0:
        status = 200
    elif results["ko"] > 0 and results["ok"] > 0:
        status = 207
    else:
        status = 422
    return call.response(results, status)


# ---- action handlers: (call, itemtype, params, item, prepare=False, user_id=None) ---------


def _can(call, itemtype, item, bit):
    return call.session.has_right(itemtype, bit) and call.session.can_see_item(
        call.store, itemtype, item)


def _update(call, itemtype, params, item, prepare=False, user_id=None):
    search_opts = params.get("search_options")
    if not isinstance(search_opts, dict) or itemtype not in search_opts:
        return False
    if prepare:
        return True
    opt = search_options(itemtype).get(php_intval(search_opts[itemtype]))
    field = params.get("field") or (opt.linkfield if opt else None)
    if not field or field not in params:
        return False
    if not _can(call, itemtype, item, UPDATE):
        return "noright"
    try:
        call.store.update(itemtype, item["id"], {field: params[field]}, user_id=user_id)
    except StoreError:
        return False
    return True


def _amend_comment(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return "comment" in ITEMTYPES[itemtype].defaults
    amendment = str(params.get("amendment", ""))
    current = item.get("comment")
    value = amendment if not current else "%s\n\n%s" % (current, amendment)
    try:
        call.store.update(itemtype, item["id"], {"comment": value}, user_id=user_id)
    except StoreError:
        return False
    return True


def _add_note(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return True
    call.store.add("Notepad", {"itemtype": itemtype, "items_id": item["id"],
                               "content": str(params.get("add_note", ""))}, user_id=user_id)
    return True


def _delete(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return True
    d = ITEMTYPES[itemtype]
    if not d.trash:
        if not _can(call, itemtype, item, PURGE):
            return "noright"
        call.store.purge(itemtype, item["id"], user_id=user_id)
        return True
    if not _can(call, itemtype, item, DELETE):
        return "noright"
    call.store.trash(itemtype, item["id"], user_id=user_id)
    return True


def _restore(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return ITEMTYPES[itemtype].trash
    if not _can(call, itemtype, item, DELETE):
        return "noright"
    call.store.restore(itemtype, item["id"], user_id=user_id)
    return True


def _purge(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return True
    if not _can(call, itemtype, item, PURGE):
        return "noright"
    call.store.purge(itemtype, item["id"], user_id=user_id)
    return True


def _relation_add(relation, fk, target):
    def handler(call, itemtype, params, item, prepare=False, user_id=None):
        peer = params.get(fk, params.get("peer_" + fk))
        if prepare:
            return peer is not None
        if call.store.get(target, peer) is None:
            return False
        for rel in call.store.children_of(itemtype, item["id"], relation):
            if rel.get(fk) == php_intval(peer):
                return True
        try:
            call.store.add(relation, {fk: php_intval(peer), "itemtype": itemtype,
                                      "items_id": item["id"]}, user_id=user_id)
        except StoreError:
            return False
        return True
    return handler


def _relation_remove(relation, fk):
    def handler(call, itemtype, params, item, prepare=False, user_id=None):
        peer = params.get(fk, params.get("peer_" + fk))
        if prepare:
            return peer is not None
        removed = False
        for rel in call.store.children_of(itemtype, item["id"], relation):
            if rel.get(fk) == php_intval(peer):
                call.store.purge(relation, rel["id"], user_id=user_id)
                removed = True
        return removed
    return handler


def _infocom_activate(call, itemtype, params, item, prepare=False, user_id=None):
    if prepare:
        return True
    if not call.store.children_of(itemtype, item["id"], "Infocom"):
        call.store.add("Infocom", {"itemtype": itemtype, "items_id": item["id"]},
                       user_id=user_id)
    return True


_ACTIONS = {
    ("MassiveAction", "update"): _update,
    ("MassiveAction", "amend_comment"): _amend_comment,
    ("MassiveAction", "add_note"): _add_note,
    ("MassiveAction", "delete"): _delete,
    ("MassiveAction", "restore"): _restore,
    ("MassiveAction", "purge"): _purge,
    ("MassiveAction", "purge_item_but_devices"): _purge,
    ("Document_Item", "add"): _relation_add("Document_Item", "documents_id", "Document"),
    ("Document_Item", "remove"): _relation_remove("Document_Item", "documents_id"),
    ("Contract_Item", "add"): _relation_add("Contract_Item", "contracts_id", "Contract"),
    ("Contract_Item", "remove"): _relation_remove("Contract_Item", "contracts_id"),
    ("Infocom", "activate"): _infocom_activate,
}
