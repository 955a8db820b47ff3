"""Massive actions: getMassiveActions, getMassiveActionParameters, applyMassiveAction."""

import json
import os

from .api import HTML_CT, Response
from .itemtypes import ITEMTYPES
from .profiles import DELETE, PURGE, UPDATE
from .searchoptions import search_options
from .store import StoreError
from .util import php_intval, php_list, php_truthy

_RECORDED = {}


def recorded_actions(version):
    """getMassiveActions as a real GLPI answers it (data/<version>/massive_actions.json):
    {"<Itemtype>", "<Itemtype> deleted" (trashed items), "Computer item": [(key, label)]}."""
    if version.key not in _RECORDED:
        with open(os.path.join(version.data_dir, "massive_actions.json"), encoding="utf-8") as fh:
            _RECORDED[version.key] = {k: [tuple(a) for a in v] for k, v in json.load(fh).items()}
    return _RECORDED[version.key]


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


def actions_for(call, itemtype, is_deleted, one_item=False):
    recorded = recorded_actions(call.glpi)
    if one_item and not is_deleted and itemtype + " item" in recorded:
        return list(recorded[itemtype + " item"])
    name = itemtype + (" deleted" if is_deleted else "")
    if name in recorded:
        return list(recorded[name])
    return _guessed_actions(call.store.itemtypes[itemtype], is_deleted)


def _guessed_actions(d, is_deleted):
    """For an itemtype the data does not list (Entity's trash...)."""
    itemtype = d.name
    if is_deleted and d.trash:
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
        actions = actions_for(call, itemtype, bool(item.get("is_deleted")), one_item=True)
    else:
        actions = actions_for(call, itemtype, php_truthy(call.params.get("is_deleted")))
    if not any(call.session.has_right(itemtype, bit) for bit in (UPDATE, DELETE, PURGE)):
        return call.response(None)  # GLPI lists no action to a reader, and says so with an empty body
    return call.response([{"key": k, "label": v} for k, v in actions])


def get_parameters(call, itemtype):
    key = call.url_elements[2] if len(call.url_elements) > 2 else None
    if key is None:
        call.error("Missing action key, run 'getMassiveActions' endpoint to see available keys",
                   400, "ERROR_MASSIVEACTION_KEY")
    parts = key.split(":")
    if len(parts) > 1 and parts[1] == "update":
        return call.response([])
    keys = [k for k, _unused in actions_for(call, itemtype,
                                            php_truthy(call.params.get("is_deleted")))]
    if key not in keys:
        call.error("Invalid action key parameter, run 'getMassiveActions' endpoint to see "
                   "available keys", 400, "ERROR_MASSIVEACTION_KEY")
    return call.response(PARAMETERS.get(key, []))


def _link(call, itemtype, item):
    """The item's link in massive action messages."""
    name = item.get(ITEMTYPES[itemtype].name_field) or ""
    if call.glpi.massive_link_style == "tooltip":
        return ("<a href=\"/front/%s.form.php?id=%s\" data-bs-toggle=\"tooltip\" "
                "data-bs-placement=\"bottom\" title=\"%s\">%s</a>"
                % (itemtype.lower(), item["id"], name, name))
    return "<a  href='/front/%s.form.php?id=%s'  title=\"%s\">%s</a>" % (
        itemtype.lower(), item["id"], name, name)


def apply(call, itemtype, ids, params):
    key = call.url_elements[2] if len(call.url_elements) > 2 else None
    if key is None:
        call.error("Missing action key, run 'getMassiveActions' endpoint to see available keys",
                   400, "ERROR_MASSIVEACTION_KEY")
    if ":" not in key:
        # the processor class does not exist: PHP dies with an empty HTML page (recording 156b)
        return Response(200, list(call.cors_headers) + call.session_headers()
                        + [("Content-type", HTML_CT)], b"")
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
            outcome = "missing" if item is None else handler(call, itemtype, params, item,
                                                             user_id=user_id)
            if outcome == "missing":
                # GLPI reports a missing id with the last item it loaded (update: as refused)
                outcome = "noright" if action == "update" else False
            else:
                last_loaded = item
            _count(call, itemtype, results, outcome, last_loaded)
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


FAILED = "Error on executing the action"
REFUSED = "Authorization error"        # GLPI's message for a record the user may not touch


def _count(call, itemtype, results, outcome, item):
    """outcome: True (ok), False (ko), "noright", or ("ko", message)."""
    if outcome is True:
        results["ok"] += 1
        return
    if outcome == "noright":
        kind, text = "noright", REFUSED
    else:
        kind, text = outcome if isinstance(outcome, tuple) else ("ko", FAILED)
    results[kind] += 1
    results["messages"].append("%s: %s" % (_link(call, itemtype, item), text)
                               if item is not None else text)


# ---- action handlers: (call, itemtype, params, item, prepare=False, user_id=None) ---------


def _can(call, itemtype, item, bit):
    return call.session.has_right(itemtype, bit) and call.session.can_see_item(
        call.store, itemtype, item)


def _update(call, itemtype, params, item, prepare=False, user_id=None):
    search_opts = params.get("search_options")
    if not isinstance(search_opts, dict) or itemtype not in search_opts:
        return False
    opt = search_options(call.glpi, itemtype).get(php_intval(search_opts[itemtype]))
    if prepare:
        return opt is not None
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
        return "comment" in call.store.itemtypes[itemtype].defaults
    if call.glpi.amend_comment_checks_rights and not _can(call, itemtype, item, UPDATE):
        return ("ko", REFUSED)
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
    d = call.store.itemtypes[itemtype]
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
        return call.store.itemtypes[itemtype].trash
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
