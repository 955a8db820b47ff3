#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_item_info
short_description: Read GLPI records of any itemtype
version_added: 0.1.0
description:
  - Reads GLPI records through GLPI's REST API, in one of four ways.
  - One record of O(itemtype) by O(id) (GLPI's "Get an item"), with its related data on request
    (O(with_networkports), O(with_logs), O(with_devices)...). A record that does not exist is reported
    with RV(found=false) and RV(record=null), not as a failure, unless O(fail_if_missing=true).
  - The sub items of that record with O(sub_itemtype) (GLPI's "Get sub items"), for example its history
    (V(Log)), its network ports (V(NetworkPort)) or its linked documents (V(Document_Item)).
  - Several records of several itemtypes in one request with O(items) (GLPI's "Get multiple items").
    GLPI fails the whole request when one of them does not exist; the module then reads them one by one,
    returns those found and lists the others in RV(missing).
  - Every record of O(itemtype) (GLPI's "Get all items"), filtered with O(filters), sorted with O(sort)
    and O(order). All pages are read by default; O(range), or O(limit) and O(offset), read one window only.
  - Values come back as stored (C(<), C(>) and C(&) not HTML-encoded); tree dropdown names expanded by
    O(expand_dropdowns) read V(Paris > Building A).
  - The module never changes anything.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
options:
  itemtype:
    description:
      - The GLPI itemtype to read, as in GLPI's API (V(Computer), V(NetworkEquipment), V(Printer), V(Location),
        V(Ticket), V(User)...).
      - Required unless O(items) is given.
    type: str
  id:
    description:
      - The id of the record of O(itemtype) to read; or, with O(sub_itemtype), the record whose sub items to read.
      - Excludes O(items).
    type: int
  sub_itemtype:
    description:
      - Read the records of this itemtype that belong to the record O(id) (V(Log), V(NetworkPort),
        V(Document_Item), V(Item_Ticket), V(Infocom)...) instead of the record itself. Needs O(id).
      - They are read like a list, so O(filters), O(sort), O(order), O(is_deleted), O(only_id), O(range),
        O(limit), O(offset) and O(page_size) apply.
    type: str
  items:
    description:
      - Several records to read in one request, of any itemtypes. Excludes O(itemtype), O(id) and O(sub_itemtype).
      - The records found are returned in RV(records) in the order given here; the others are listed in RV(missing).
    type: list
    elements: dict
    suboptions:
      itemtype:
        description: The itemtype of the record.
        type: str
        required: true
      id:
        description: The id of the record.
        type: int
        required: true
  filters:
    description:
      - Only list the records whose fields match these values (GLPI's C(searchText)), a dict of field name to value
        such as V(name=^pc-) and V(locations_id=12).
      - A string matches as GLPI does it, case-insensitively anywhere in the field (SQL C(LIKE)); C(^) anchors it at
        the start and C($) at the end.
      - An integer or a boolean matches exactly (it is sent as V(^12$)), so that V(locations_id=1) does not also
        find 10, 11 or 21, and V(0) is not dropped by GLPI (which ignores empty filters).
      - The key V(all) searches the name and the comment. A null value is not sent.
    type: dict
  sort:
    description:
      - The field to sort the list by (GLPI's default is V(id)).
    type: str
  order:
    description:
      - The sort order (GLPI's default is V(ASC)).
    type: str
    choices: [ASC, DESC]
  is_deleted:
    description:
      - V(true) lists the records in the trash (only them), V(false) those not in the trash.
        When not set, GLPI lists those not in the trash.
    type: bool
  only_id:
    description:
      - Return only the V(id) of each listed record.
    type: bool
  range:
    description:
      - Read only this window of the list, as GLPI's C(start-end) (V(0-49) is the first 50 records). Both are
        whole numbers, counted from 0, with start <= end.
      - Excludes O(limit) and O(offset).
    type: str
  limit:
    description:
      - Read at most this many records of the list (at least 1), starting at O(offset).
      - Excludes O(range).
    type: int
  offset:
    description:
      - Skip this many records of the list (0 or more). Without O(limit), read from there to the end.
      - Excludes O(range).
    type: int
  page_size:
    description:
      - The most records to ask GLPI for in one request when reading a list (at least 1). When not set,
        the client's page size (1000 records) is used.
    type: int
  expand_dropdowns:
    description:
      - Return the names of the records that foreign keys point to instead of their ids
        (V(locations_id=Paris > Building A) instead of V(locations_id=3)). Not sent when not set.
    type: bool
  get_hateoas:
    description:
      - Add the C(links) GLPI builds to related records and sub items (HATEOAS). Off by default here, unlike GLPI,
        because in a playbook they are noise. Always sent.
    type: bool
    default: false
  get_sha1:
    description:
      - With O(id) or O(items), return GLPI's SHA1 footprint of each record instead of its fields.
    type: bool
  with_devices:
    description:
      - With O(id) or O(items), add the components of the record (C(_devices)). Not sent when not set.
    type: bool
  with_disks:
    description:
      - With O(id) or O(items), add the file systems of a Computer (C(_disks)). Not sent when not set.
    type: bool
  with_softwares:
    description:
      - With O(id) or O(items), add the software installed on a Computer (C(_softwares)). Not sent when not set.
    type: bool
  with_connections:
    description:
      - With O(id) or O(items), add the items directly connected to a Computer (C(_connections)).
        Not sent when not set.
    type: bool
  with_networkports:
    description:
      - Add the network ports of the record with their names and IP addresses (C(_networkports)).
        Works for lists as well. Not sent when not set.
    type: bool
  with_infocoms:
    description:
      - With O(id) or O(items), add the financial and administrative information (C(_infocoms)).
        Not sent when not set.
    type: bool
  with_contracts:
    description:
      - With O(id) or O(items), add the contracts (C(_contracts)). Not sent when not set.
    type: bool
  with_documents:
    description:
      - With O(id) or O(items), add the documents (C(_documents)). Not sent when not set.
    type: bool
  with_tickets:
    description:
      - With O(id) or O(items), add the tickets (C(_tickets)). Not sent when not set.
    type: bool
  with_problems:
    description:
      - With O(id) or O(items), add the problems (C(_problems)). Not sent when not set.
    type: bool
  with_changes:
    description:
      - With O(id) or O(items), add the changes (C(_changes)). Not sent when not set.
    type: bool
  with_notes:
    description:
      - With O(id) or O(items), add the notes (C(_notes)). Not sent when not set.
    type: bool
  with_logs:
    description:
      - With O(id) or O(items), add the whole history (C(_logs)). Not sent when not set.
        O(sub_itemtype=Log) reads the history page by page instead, with sorting and windows.
    type: bool
  with_timeline:
    description:
      - With O(id) of a Ticket, Problem or Change, add RV(timeline) - its actors per role, linked
        items, follow-ups, tasks, solutions and validations, read from GLPI's rows (one request
        per kind of row).
    type: bool
    default: false
  add_keys_names:
    description:
      - Foreign keys (and V(id)) whose friendly names GLPI adds in C(_keys_names), for example V([id, users_id]).
    type: list
    elements: str
  fail_if_missing:
    description:
      - With O(id) or O(items), fail when a record (or the parent record of O(sub_itemtype)) does not exist,
        instead of returning RV(found=false).
    type: bool
    default: false
notes:
  - Options that do not apply to the way of reading chosen fail the task instead of being ignored silently, for
    example O(filters) with O(id), or O(with_disks) when listing (GLPI only reads them for one record).
  - Input errors (bad id, range, itemtype name, options that exclude each other) fail before anything is sent to GLPI.
  - GLPI decodes the values it stores HTML-encoded at the top level of a record only; values nested in the related
    data (C(_logs), C(_documents)...) may still carry C(&#60;), C(&#62;) and C(&#38;).
attributes:
  check_mode:
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Read a computer with its network ports and the names of its dropdowns
  glpi.itsm.glpi_item_info:
    url: https://glpi.example.com
    app_token: "{{ vault_glpi_app_token }}"
    user_token: "{{ vault_glpi_user_token }}"
    itemtype: Computer
    id: 42
    with_networkports: true
    expand_dropdowns: true
  register: pc

- name: Show its MAC addresses
  ansible.builtin.debug:
    msg: "{{ pc.record._networkports.NetworkPortEthernet | default([]) | map(attribute='mac') | list }}"
  when: pc.found

- name: Read every computer of location 12 that is not in the trash, by name
  glpi.itsm.glpi_item_info:
    itemtype: Computer
    filters:
      locations_id: 12
    sort: name
    order: ASC
  register: room_computers

- name: The last 20 changes in the history of that computer
  glpi.itsm.glpi_item_info:
    itemtype: Computer
    id: 42
    sub_itemtype: Log
    order: DESC
    limit: 20
  register: history

- name: Read a computer, a printer and a ticket at once
  glpi.itsm.glpi_item_info:
    items:
      - {itemtype: Computer, id: 42}
      - {itemtype: Printer, id: 7}
      - {itemtype: Ticket, id: 1234}
  register: several

- name: Complain about the records that are gone
  ansible.builtin.debug:
    msg: "Not in GLPI: {{ several.missing }}"
  when: several.missing | length > 0

- name: A ticket with its actors, follow-ups, tasks and solutions
  glpi.itsm.glpi_item_info:
    itemtype: Ticket
    id: 1234
    with_timeline: true
  register: ticket

- name: One page of 50 monitors, the third one
  glpi.itsm.glpi_item_info:
    itemtype: Monitor
    range: 100-149
    only_id: true
  register: page

- name: The same page with limit and offset
  glpi.itsm.glpi_item_info:
    itemtype: Monitor
    limit: 50
    offset: 100
    only_id: true
  register: same_page
"""

RETURN = r"""
records:
  description:
    - The records read, each as GLPI returns it (a dict of fields), in GLPI's order (O(sort), O(order)) for a list,
      in the order of O(items) (without the missing ones) for O(items).
    - With O(id), the one record, or nothing when it does not exist.
    - With O(get_sha1), GLPI's SHA1 footprint of each record instead of its fields.
  returned: always
  type: list
  elements: raw
  sample: [{"id": 42, "name": "pc-042", "serial": "SN-0042", "locations_id": 12, "is_deleted": 0}]
record:
  description:
    - The record read with O(id) (without O(sub_itemtype)), or V(null) when it does not exist.
    - With O(get_sha1), GLPI's SHA1 footprint of the record instead of its fields.
  returned: when O(id) is given without O(sub_itemtype)
  type: raw
  sample: {"id": 42, "name": "pc-042", "serial": "SN-0042", "locations_id": "Paris > Building A",
           "_networkports": {"NetworkPortEthernet": [{"netport_id": 7, "name": "eth0", "mac": "02:00:00:00:00:2a"}]}}
found:
  description:
    - With O(id), whether the record (or with O(sub_itemtype), the parent record) exists.
    - With O(items), whether all of them exist.
  returned: when O(id) or O(items) is given
  type: bool
  sample: true
total:
  description:
    - For a list (O(itemtype) alone or O(sub_itemtype)), how many records match in all (GLPI's Content-Range count),
      whatever the window read with O(range) or O(limit).
    - With O(id), V(1), or V(0) when the record does not exist. With O(items), how many were found.
  returned: always
  type: int
  sample: 45
timeline:
  description:
    - With O(with_timeline), what GLPI keeps beside the record's fields - C(actors) (per role -
      V(requester), V(observer), V(assign), and the same with V(_group) and V(_supplier) - the ids),
      C(linked_items) (V(itemtype) and V(id)), C(followups), C(tasks), C(solutions) and
      C(validations) (GLPI's rows).
  returned: with O(with_timeline), when the record exists
  type: dict
  sample: {"actors": {"requester": [2], "assign_group": [3]}, "linked_items": [{"itemtype": "Computer", "id": 42}],
           "followups": [{"id": 7, "content": "Disk replaced"}], "tasks": [], "solutions": [], "validations": []}
missing:
  description: With O(items), the items that do not exist.
  returned: when O(items) is given
  type: list
  elements: dict
  sample: [{"itemtype": "Printer", "id": 7}]
"""

import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, query
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import is_foreign_key
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiAuthenticationError,
    GlpiConnectionError,
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiResponseError,
    UNKNOWN_ITEMTYPE_CODES,
)
from ansible_collections.glpi.itsm.plugins.module_utils.itil import itil_kind, read_itil
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module
from ansible_collections.glpi.itsm.plugins.module_utils.search import tree_path

# Options GLPI reads for one record only (Get an item, Get multiple items).
RECORD_OPTIONS = (
    "get_sha1", "with_devices", "with_disks", "with_softwares", "with_connections", "with_infocoms",
    "with_contracts", "with_documents", "with_tickets", "with_problems", "with_changes", "with_notes", "with_logs",
)
# Options GLPI reads everywhere (with_networkports too: Get all items takes it).
COMMON_OPTIONS = ("expand_dropdowns", "with_networkports")
# Options of lists only (Get all items, Get sub items).
LIST_OPTIONS = ("filters", "sort", "order", "is_deleted", "only_id", "range", "limit", "offset", "page_size")

FILTER_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


# ---------------------------------------------------------------------- input


def read_plan(params):
    """Check the options and return what to read: a dict with ``mode`` (one, sub, items, list),
    ``params`` (GLPI's query parameters) and, for lists, ``window`` and ``page_size``.

    Raises GlpiInputError, naming the option, before anything is sent."""
    if params["items"] is not None:
        mode = "items"
    elif params["id"] is None:
        mode = "list"
    else:
        mode = "sub" if params["sub_itemtype"] is not None else "one"
    plan = dict(mode=mode)

    if mode != "items":
        query.itemtype_segment(params["itemtype"], "itemtype")
    if mode in ("one", "sub"):
        plan["id"] = query.item_id(params["id"], "id")
    if mode == "sub":
        query.itemtype_segment(params["sub_itemtype"], "sub_itemtype")
    if mode == "items":
        plan["items"] = [_item_entry(entry, index) for index, entry in enumerate(params["items"])]

    if params.get("with_timeline") and (mode != "one" or not itil_kind(params["itemtype"])):
        raise GlpiInputError("with_timeline: only with the id of a Ticket, Problem or Change")
    if mode in ("one", "items"):
        _refuse(params, LIST_OPTIONS, "they apply to lists (itemtype without id, or sub_itemtype)",
                "reading one record (id)" if mode == "one" else "reading several records (items)")
    else:
        _refuse(params, RECORD_OPTIONS, "they apply to one record (id) or to items",
                "listing sub items (sub_itemtype)" if mode == "sub" else "listing records (itemtype without id)")
    for name in ("limit", "page_size"):
        if params[name] is not None and params[name] < 1:
            raise GlpiInputError("{0} must be at least 1, got {1}".format(name, params[name]))
    if params["offset"] is not None and params["offset"] < 0:
        raise GlpiInputError("offset must be 0 or more, got {0}".format(params["offset"]))

    # Only what the user set is sent, and only where GLPI reads it; get_hateoas always (GLPI's default is true).
    request = dict(get_hateoas=params["get_hateoas"])
    listing = mode in ("list", "sub")
    for name in COMMON_OPTIONS + (("sort", "order", "is_deleted", "only_id") if listing else RECORD_OPTIONS):
        if params[name] is not None:
            request[name] = params[name]
    if params["add_keys_names"]:
        request["add_keys_names"] = list(params["add_keys_names"])
    if listing and params["filters"]:
        request["searchText"] = search_text(params["filters"])
    plan["params"] = request
    if listing:
        plan["window"] = read_window_bounds(params)
        plan["page_size"] = params["page_size"]
    return plan


def _item_entry(entry, index):
    option = "items[{0}]".format(index)
    query.itemtype_segment(entry.get("itemtype"), option + ".itemtype")
    return dict(itemtype=entry["itemtype"], id=query.item_id(entry.get("id"), option + ".id"))


def _refuse(params, names, why, what):
    """Fail on options set (not null, false or empty) that GLPI would ignore in this way of reading."""
    given = [name for name in names if params.get(name) not in (None, False, [], {})]
    if given:
        raise GlpiInputError("{0} cannot be used when {1}: {2}".format(", ".join(given), what, why))


def search_text(filters):
    """GLPI's searchText from the filters option: strings as given, integers and booleans exact."""
    text = {}
    for field, value in filters.items():
        if not isinstance(field, str) or not FILTER_FIELD.match(field):
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


def read_window_bounds(params):
    """``(first, last)`` of the window to read, or None to read everything."""
    if params["range"] is not None:
        match = RANGE.match(params["range"])
        if not match:
            raise GlpiInputError("range must be 'start-end' with whole numbers counted from 0, such as '0-49', "
                                 "got {0!r}".format(params["range"]))
        first, last = int(match.group(1)), int(match.group(2))
        query.range_param(first, last, "range")
        return first, last
    if params["limit"] is None and params["offset"] is None:
        return None
    first = params["offset"] or 0
    last = query.MAX_RANGE_END if params["limit"] is None else first + params["limit"] - 1
    query.range_param(first, last, "limit and offset")
    return first, last


# ---------------------------------------------------------------------- reading


def read_all(client, fetch, page_size):
    """Every row, through the client's paging (never past the total), and GLPI's total."""
    totals = []

    def first_total(start, end):
        page = fetch(start, end)
        if not totals:
            totals.append(page.total)
        return page

    rows = list(client.iter_pages(first_total, page_size))
    return rows, totals[0] if totals else len(rows)


def read_window(fetch, first, last, page_size):
    """The rows first..last (fewer at the end of the list), in requests of at most page_size
    rows that never start or end past the total, and GLPI's total."""
    rows, total, start = [], None, first
    while start <= last and (total is None or start < total):
        end = min(last, start + page_size - 1)
        if total is not None:
            end = min(end, total - 1)
        try:
            page = fetch(start, end)
        except GlpiError as error:
            # A window that starts past the end of the list (GLPI: ERROR_RANGE_EXCEED_TOTAL) is empty.
            counted = re.search(r"(\d+)\s*$", error.message or "")
            if error.code != "ERROR_RANGE_EXCEED_TOTAL" or total is not None or not counted:
                raise
            return [], int(counted.group(1))
        if total is None:
            total = page.total
        if not page.rows:
            break
        rows.extend(page.rows)
        start += len(page.rows)
    return rows, len(rows) if total is None else total


def read_list(client, plan, fetch):
    size = plan["page_size"] or client.page_size
    if plan["window"] is None:
        return read_all(client, fetch, size)
    return read_window(fetch, plan["window"][0], plan["window"][1], size)


def is_missing(error):
    """Whether GLPI said that the record does not exist (not that the itemtype does not)."""
    return isinstance(error, GlpiNotFoundError) and error.code not in UNKNOWN_ITEMTYPE_CODES and (
        error.code == "ERROR_ITEM_NOT_FOUND" or error.status == 404)


def not_an_itemtype(error, *options):
    """GLPI's 'resource not found nor CommonDBTM' as a message naming the option(s), given as
    (option, itemtype) pairs: GLPI does not say which of a parent and a sub itemtype it did not know."""
    return GlpiNotFoundError(
        "{0} is not an itemtype GLPI knows (GLPI: {1})".format(
            " or ".join("{0} {1!r}".format(option, name) for option, name in options), error.message),
        code=error.code, status=error.status, method=error.method, url=error.url)


def exists_without_request(itemtype, item_id):
    """GLPI answers /Computer/0 with the whole list (only the root Entity has id 0): such an id
    cannot exist and is not asked."""
    return item_id > 0 or itemtype.lower() == "entity"


def get_one(client, itemtype, item_id, params, option="itemtype"):
    """The record, or None when it does not exist."""
    if not exists_without_request(itemtype, item_id):
        return None
    try:
        answer = client.get_item(itemtype, item_id, **params)
    except GlpiError as error:
        if error.code in UNKNOWN_ITEMTYPE_CODES:
            raise not_an_itemtype(error, (option, itemtype))
        if is_missing(error):
            return None
        raise
    if not isinstance(answer, (dict, str)):
        raise GlpiResponseError("expected the record {0} {1}, got a {2}".format(itemtype, item_id, type(answer).__name__))
    return answer


def decode_tree_names(value):
    """Expanded foreign keys name tree dropdowns as 'A &#62; B': GLPI decodes the top-level values
    (X-GLPI-Sanitized-Content: false), not those nested in related data (_networkports...)."""
    if isinstance(value, dict):
        return dict((key, _tree_text(item) if isinstance(item, str) and is_foreign_key(key)
                     else decode_tree_names(item)) for key, item in value.items())
    if isinstance(value, list):
        return [decode_tree_names(item) for item in value]
    return value


def _tree_text(text):
    return " > ".join(tree_path(text)) if "&#62;" in text or "&gt;" in text else text


def missing_error(what):
    return GlpiNotFoundError("not found (fail_if_missing is true): {0}".format(what),
                             code="ERROR_ITEM_NOT_FOUND", status=404)


def run_one(module, client, plan):
    params = module.params
    record = get_one(client, params["itemtype"], plan["id"], plan["params"])
    if record is None:
        if params["fail_if_missing"]:
            raise missing_error("{0} {1}".format(params["itemtype"], plan["id"]))
        return dict(record=None, records=[], found=False, total=0)
    result = dict(record=record, records=[record], found=True, total=1)
    if params.get("with_timeline"):
        result["timeline"] = read_itil(client, params["itemtype"], plan["id"])
    return result


def run_sub(module, client, plan):
    params = module.params
    itemtype, sub_itemtype, item_id = params["itemtype"], params["sub_itemtype"], plan["id"]

    def fetch(start, end):
        return client.get_sub_items(itemtype, item_id, sub_itemtype, start, end, **plan["params"])

    rows = total = None
    if exists_without_request(itemtype, item_id):
        try:
            rows, total = read_list(client, plan, fetch)
        except GlpiError as error:
            if error.code in UNKNOWN_ITEMTYPE_CODES:
                raise not_an_itemtype(error, ("itemtype", itemtype), ("sub_itemtype", sub_itemtype))
            if not is_missing(error):  # only the parent record can be missing here
                raise
    if rows is None:
        if params["fail_if_missing"]:
            raise missing_error("{0} {1}".format(itemtype, item_id))
        return dict(records=[], found=False, total=0)
    return dict(records=rows, found=True, total=total)


def run_list(module, client, plan):
    itemtype = module.params["itemtype"]

    def fetch(start, end):
        return client.get_items(itemtype, start, end, **plan["params"])

    try:
        rows, total = read_list(client, plan, fetch)
    except GlpiError as error:
        if error.code in UNKNOWN_ITEMTYPE_CODES:
            raise not_an_itemtype(error, ("itemtype", itemtype))
        raise
    return dict(records=rows, total=total)


def get_multiple(client, entries, params):
    """``{index in entries: record}`` for all the entries that may exist, in one request; None
    when GLPI refused the request as a whole (it does when one item is missing, recording 25f)."""
    asked = [index for index, entry in enumerate(entries) if exists_without_request(entry["itemtype"], entry["id"])]
    if not asked:
        return {}
    try:
        records = client.get_multiple_items(
            [dict(itemtype=entries[i]["itemtype"], items_id=entries[i]["id"]) for i in asked], **params)
    except (GlpiConnectionError, GlpiAuthenticationError, GlpiInputError):
        raise
    except GlpiError:
        return None
    if not isinstance(records, list) or len(records) != len(asked):
        return None
    return dict(zip(asked, records))


def run_items(module, client, plan):
    entries = plan["items"]
    answers = get_multiple(client, entries, plan["params"])
    found, missing = [], []
    for index, entry in enumerate(entries):
        if answers is not None:
            record = answers.get(index)
        else:
            # Read each one: the found ones are still returned, and an error names its item.
            record = get_one(client, entry["itemtype"], entry["id"], plan["params"],
                             "items[{0}].itemtype".format(index))
        if record is None:
            missing.append(dict(itemtype=entry["itemtype"], id=entry["id"]))
        else:
            found.append(record)
    if missing and module.params["fail_if_missing"]:
        raise missing_error(", ".join("{0} {1}".format(m["itemtype"], m["id"]) for m in missing))
    return dict(records=found, found=not missing, missing=missing, total=len(found))


RUNNERS = dict(one=run_one, sub=run_sub, list=run_list, items=run_items)


def run(module, client, plan):
    result = RUNNERS[plan["mode"]](module, client, plan)
    if module.params["expand_dropdowns"]:
        result["records"] = decode_tree_names(result["records"])
        if result.get("record") is not None:
            result["record"] = result["records"][0]
    return False, result


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            itemtype=dict(type="str"),
            id=dict(type="int"),
            sub_itemtype=dict(type="str"),
            items=dict(type="list", elements="dict", options=dict(
                itemtype=dict(type="str", required=True),
                id=dict(type="int", required=True),
            )),
            filters=dict(type="dict"),
            sort=dict(type="str"),
            order=dict(type="str", choices=["ASC", "DESC"]),
            is_deleted=dict(type="bool"),
            only_id=dict(type="bool"),
            range=dict(type="str"),
            limit=dict(type="int"),
            offset=dict(type="int"),
            page_size=dict(type="int"),
            expand_dropdowns=dict(type="bool"),
            get_hateoas=dict(type="bool", default=False),
            get_sha1=dict(type="bool"),
            with_devices=dict(type="bool"),
            with_disks=dict(type="bool"),
            with_softwares=dict(type="bool"),
            with_connections=dict(type="bool"),
            with_networkports=dict(type="bool"),
            with_infocoms=dict(type="bool"),
            with_contracts=dict(type="bool"),
            with_documents=dict(type="bool"),
            with_tickets=dict(type="bool"),
            with_problems=dict(type="bool"),
            with_changes=dict(type="bool"),
            with_notes=dict(type="bool"),
            with_logs=dict(type="bool"),
            with_timeline=dict(type="bool", default=False),
            add_keys_names=dict(type="list", elements="str", no_log=False),
            fail_if_missing=dict(type="bool", default=False),
        ),
        required_one_of=[("itemtype", "items")],
        mutually_exclusive=[("items", "itemtype"), ("items", "id"), ("items", "sub_itemtype"),
                            ("range", "limit"), ("range", "offset")],
        required_by=dict(sub_itemtype="id"),
        supports_check_mode=True,
    )
    # Input errors fail here, before a session is opened or any request is sent.
    try:
        plan = read_plan(module.params)
    except GlpiInputError as error:
        module.fail_json(msg=str(error))
    run_module(module, lambda module, client: run(module, client, plan))


if __name__ == "__main__":
    main()
