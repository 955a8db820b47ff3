# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading records: the window of a list (range, or limit and offset, shared by glpi_item_info
and glpi_search) and what glpi_item_info reads: one record, several of several itemtypes, the
sub items of a record, or a filtered list."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.itsm.plugins.module_utils import query
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import decode_tree_names
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiInputError,
    GlpiNotFoundError,
    GlpiResponseError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.module_utils.itil import itil_kind, read_itil

# The options of a list window, documented by the glpi.itsm.list_window doc fragment.
LIST_WINDOW_SPEC = dict(
    range=dict(type="str"),
    limit=dict(type="int"),
    offset=dict(type="int"),
)
LIST_WINDOW_EXCLUSIONS = [("range", "limit"), ("range", "offset")]

# Options GLPI reads for one record only (Get an item, Get multiple items).
RECORD_OPTIONS = (
    "get_sha1", "with_devices", "with_disks", "with_softwares", "with_connections", "with_infocoms",
    "with_contracts", "with_documents", "with_tickets", "with_problems", "with_changes", "with_notes", "with_logs",
)
# Options GLPI reads everywhere (with_networkports too: Get all items takes it).
COMMON_OPTIONS = ("expand_dropdowns", "with_networkports")
# Options of lists only (Get all items, Get sub items).
LIST_OPTIONS = ("filters", "sort", "order", "is_deleted", "only_id", "range", "limit", "offset", "page_size")

_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_FILTER_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# ---------------------------------------------------------------------- the window of a list


def list_window(params):
    """``(first, last)`` of the rows to read from the window options, or None to read them all.
    Offset alone reads from there to the end; limit alone from the first row."""
    if params["range"] is not None:
        match = _RANGE.match(params["range"])
        if not match or int(match.group(1)) > int(match.group(2)):
            raise GlpiInputError("range must be 'start-end' with whole numbers counted from 0 and start <= end, "
                                 "such as '0-49', got {0!r}".format(params["range"]))
        first, last = int(match.group(1)), int(match.group(2))
        query.range_param(first, last, "range")
        return first, last
    if params["limit"] is not None and params["limit"] < 1:
        raise GlpiInputError("limit must be at least 1, got {0}".format(params["limit"]))
    if params["offset"] is not None and params["offset"] < 0:
        raise GlpiInputError("offset must be 0 or more, got {0}".format(params["offset"]))
    if params["limit"] is None and not params["offset"]:
        return None
    first = params["offset"] or 0
    last = query.MAX_RANGE_END if params["limit"] is None else first + params["limit"] - 1
    query.range_param(first, last, "limit and offset")
    return first, last


# ---------------------------------------------------------------------- what to read


def read_plan(params):
    """Check the options and return what to read: a dict with ``mode`` (one, sub, items, list),
    ``params`` (GLPI's query parameters) and, for lists, ``window`` and ``page_size``.

    Raises GlpiInputError, naming the option, before anything is sent."""
    mode = _mode(params)
    plan = dict(mode=mode)
    if mode != "items":
        query.itemtype_segment(params["itemtype"], "itemtype")
    if mode in ("one", "sub"):
        plan["id"] = query.item_id(params["id"], "id")
    if mode == "sub":
        query.itemtype_segment(params["sub_itemtype"], "sub_itemtype")
    if mode == "items":
        plan["items"] = [_item_entry(entry, index) for index, entry in enumerate(params["items"])]
    _check_options_apply(params, mode)
    listing = mode in ("list", "sub")
    plan["params"] = _request_params(params, listing)
    if listing:
        plan["window"] = list_window(params)
        plan["page_size"] = params["page_size"]
    return plan


def _mode(params):
    if params["items"] is not None:
        return "items"
    if params["id"] is None:
        return "list"
    return "sub" if params["sub_itemtype"] is not None else "one"


def _item_entry(entry, index):
    option = "items[{0}]".format(index)
    query.itemtype_segment(entry.get("itemtype"), option + ".itemtype")
    return dict(itemtype=entry["itemtype"], id=query.item_id(entry.get("id"), option + ".id"))


def _check_options_apply(params, mode):
    if params.get("with_timeline") and (mode != "one" or not itil_kind(params["itemtype"])):
        raise GlpiInputError("with_timeline: only with the id of a Ticket, Problem or Change")
    if mode in ("one", "items"):
        _refuse(params, LIST_OPTIONS, "they apply to lists (itemtype without id, or sub_itemtype)",
                "reading one record (id)" if mode == "one" else "reading several records (items)")
    else:
        _refuse(params, RECORD_OPTIONS, "they apply to one record (id) or to items",
                "listing sub items (sub_itemtype)" if mode == "sub" else "listing records (itemtype without id)")
    if params["page_size"] is not None and params["page_size"] < 1:
        raise GlpiInputError("page_size must be at least 1, got {0}".format(params["page_size"]))


def _refuse(params, names, why, what):
    """Fail on options set (not null, false or empty) that GLPI would ignore in this way of reading."""
    given = [name for name in names if params.get(name) not in (None, False, [], {})]
    if given:
        raise GlpiInputError("{0} cannot be used when {1}: {2}".format(", ".join(given), what, why))


def _request_params(params, listing):
    """GLPI's query parameters: only what the user set, where GLPI reads it; get_hateoas always
    (GLPI's default is true)."""
    request = dict(get_hateoas=params["get_hateoas"])
    for name in COMMON_OPTIONS + (("sort", "order", "is_deleted", "only_id") if listing else RECORD_OPTIONS):
        if params[name] is not None:
            request[name] = params[name]
    if params["add_keys_names"]:
        request["add_keys_names"] = list(params["add_keys_names"])
    if listing and params["filters"]:
        request["searchText"] = search_text(params["filters"])
    return request


def search_text(filters):
    """GLPI's searchText from the filters option: strings as given, integers and booleans exact."""
    text = {}
    for field, value in filters.items():
        if not isinstance(field, str) or not _FILTER_FIELD.match(field):
            raise GlpiInputError("filters keys must be field names (letters, digits and underscores), "
                                 "got {0!r}".format(field))
        if value is None:
            continue
        if isinstance(value, bool):
            value = "^{0}$".format(int(value))
        elif isinstance(value, int):
            value = "^{0}$".format(value)
        elif isinstance(value, float):
            value = repr(value)
        elif not isinstance(value, str):
            raise GlpiInputError("filters.{0} must be a string, a number or a boolean, got {1}".format(
                field, type(value).__name__))
        text[field] = value
    return text


# ---------------------------------------------------------------------- reading


def read(client, params, plan):
    """What glpi_item_info returns for ``plan`` (from read_plan)."""
    result = _READERS[plan["mode"]](client, params, plan)
    if params["expand_dropdowns"]:
        result["records"] = decode_tree_names(result["records"])
        if result.get("record") is not None:
            result["record"] = result["records"][0]
    return result


def missing_error(what):
    return GlpiNotFoundError("not found (fail_if_missing is true): {0}".format(what),
                             code="ERROR_ITEM_NOT_FOUND", status=404)


def read_one(client, params, plan):
    itemtype = params["itemtype"]
    record = _checked_record(itemtype, plan["id"], client.find_item(itemtype, plan["id"], **plan["params"]))
    if record is None:
        if params["fail_if_missing"]:
            raise missing_error("{0} {1}".format(itemtype, plan["id"]))
        return dict(record=None, records=[], found=False, total=0)
    result = dict(record=record, records=[record], found=True, total=1)
    if params.get("with_timeline"):
        result["timeline"] = read_itil(client, itemtype, plan["id"])
    return result


def _checked_record(itemtype, item_id, answer):
    if answer is not None and not isinstance(answer, (dict, str)):
        raise GlpiResponseError("expected the record {0} {1}, got a {2}".format(itemtype, item_id, type(answer).__name__))
    return answer


def read_sub(client, params, plan):
    itemtype, sub_itemtype, item_id = params["itemtype"], params["sub_itemtype"], plan["id"]

    def fetch(start, end):
        return client.get_sub_items(itemtype, item_id, sub_itemtype, start, end, **plan["params"])

    try:
        rows, total = client.read_window(fetch, plan["window"], plan["page_size"]) \
            if query.can_exist(itemtype, item_id) else (None, 0)
    except GlpiUnknownItemtypeError as error:
        raise error.naming(("itemtype", itemtype), ("sub_itemtype", sub_itemtype))
    except GlpiNotFoundError:  # only the parent record can be missing here
        rows = None
    if rows is None:
        if params["fail_if_missing"]:
            raise missing_error("{0} {1}".format(itemtype, item_id))
        return dict(records=[], found=False, total=0)
    return dict(records=rows, found=True, total=total)


def read_list(client, params, plan):
    itemtype = params["itemtype"]

    def fetch(start, end):
        return client.get_items(itemtype, start, end, **plan["params"])

    rows, total = client.read_window(fetch, plan["window"], plan["page_size"])
    return dict(records=rows, total=total)


def read_items(client, params, plan):
    entries = plan["items"]
    try:
        records = client.find_items([(entry["itemtype"], entry["id"]) for entry in entries], **plan["params"])
    except GlpiUnknownItemtypeError as error:
        index = next((i for i, entry in enumerate(entries) if entry["itemtype"] == error.itemtype), None)
        raise error.naming(("items[{0}].itemtype".format(index), error.itemtype)) if index is not None else error
    found, missing = [], []
    for entry, record in zip(entries, records):
        if record is None:
            missing.append(dict(itemtype=entry["itemtype"], id=entry["id"]))
        else:
            found.append(record)
    if missing and params["fail_if_missing"]:
        raise missing_error(", ".join("{0} {1}".format(m["itemtype"], m["id"]) for m in missing))
    return dict(records=found, found=not missing, missing=missing, total=len(found))


_READERS = dict(one=read_one, sub=read_sub, list=read_list, items=read_items)
