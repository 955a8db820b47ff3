# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""GLPI's search engine as glpi_search uses it: criteria and fields by name, rows keyed by
column uid, id or display name, multi-valued cells as lists."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.glpi.itsm.plugins.module_utils.criteria import Fields, build_criteria, build_metacriteria
from ansible_collections.glpi.itsm.plugins.module_utils.reading import list_window

# GLPI's search engine joins multi-valued cells with these when rawdata is asked; the API splits
# them, but a cell can still carry them when GLPI's own split missed one.
_RAW_SEPARATORS = re.compile(r"\$#\$|\$\$##\$\$")


def cell_values(cell):
    """A multi-valued search cell as a list: GLPI sends a JSON array, a plain string when there
    is one value, or null when there is none (recordings 104, 104d)."""
    if cell is None or cell == "":
        return []
    values = cell if isinstance(cell, list) else [cell]
    result = []
    for value in values:
        if isinstance(value, str):
            result.extend(part for part in _RAW_SEPARATORS.split(value) if part)
        elif value is not None:
            result.append(value)
    return result


def column_keys(options, option_ids, keys):
    """{option id (str): the key of its cell in the returned rows}."""
    if keys == "id":
        return dict((str(i), str(i)) for i in option_ids)
    if keys == "uid":
        return dict((str(i), options.uid(i)) for i in option_ids)
    names = [options.name(i) for i in option_ids]
    return dict((str(i), options.name(i) if names.count(options.name(i)) == 1 else options.uid(i)) for i in option_ids)


def shape_row(row, options, keys_by_id, multi_ids):
    """A row of GLPI's answer (keyed by option id) keyed as asked, multi-valued cells as lists."""
    shaped = {}
    for key, value in row.items():
        if key in multi_ids:
            value = cell_values(value)
        shaped[keys_by_id.get(key, key)] = value
    return shaped


def search(client, params, warn):
    """glpi_search's result: the rows of GLPI's search engine keyed as asked, multi-valued cells
    as lists, and the columns shown."""
    fields = Fields(client, params["itemtype"])
    options = fields.of()
    request = search_request(fields, params)
    window = list_window(params)
    if params["keys"] == "uid" and any(c.get("meta") for c in params["criteria"] or []):
        warn("with meta criteria, column 1 holds the linked item's name; keys are uids, so it reads "
             "as such ({0})".format(options.uid(1)))
    raw_rows, total, answer = _read(client, params["itemtype"], request, window, params["page_size"])
    shown = displayed_ids(raw_rows)
    keys_by_id = column_keys(options, shown, params["keys"])
    multi_ids = set(str(i) for i in shown if i in options.options and options.is_multi_valued(i))
    result = dict(
        rows=[shape_row(row, options, keys_by_id, multi_ids) for row in raw_rows],
        total=total,
        columns=[dict(id=i, uid=options.uid(i), name=options.name(i)) for i in shown],
    )
    if params["rawdata"] and answer is not None:
        result["rawdata"] = answer.get("rawdata")
    return result


def search_request(fields, params):
    """GLPI's search parameters from glpi_search's options, fields resolved to search option ids."""
    options = fields.of()
    request = dict(is_deleted=params["is_deleted"])
    criteria = build_criteria(fields, params["criteria"] or [], "criteria")
    criteria += build_metacriteria(fields, params["metacriteria"] or [])
    if criteria:
        request["criteria"] = criteria
    if params["forcedisplay"]:
        request["forcedisplay"] = [options.resolve(f, "forcedisplay") for f in params["forcedisplay"]]
    if params["sort"]:
        sort = [options.resolve(f, "sort") for f in params["sort"]]
        request["sort"] = sort[0] if len(sort) == 1 else sort
    if params["order"]:
        request["order"] = params["order"]
    for flag in ("rawdata", "withindexes", "giveItems"):
        if params[flag]:
            request[flag] = True
    return request


def _read(client, itemtype, request, window, page_size):
    """The rows of the window (all when None), GLPI's total, and its last answer (only that one
    is kept: the rows of every page are already in the rows)."""
    last = {}

    def fetch(start, end):
        page, last["answer"] = client.search_page(itemtype, start, end, **request)
        return page

    rows, total = client.read_window(fetch, window, page_size)
    return rows, total, last.get("answer")


def displayed_ids(rows):
    ids = []
    for row in rows:
        for key in row:
            if str(key).isdigit() and int(key) not in ids:
                ids.append(int(key))
    return ids
