#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_search
short_description: Query GLPI's search engine, with fields named the way people think
version_added: 0.1.0
description:
  - Runs GLPI's search engine on any itemtype, C(AllAssets) included, and returns its rows.
  - Every field (in O(criteria), O(metacriteria), O(forcedisplay) and O(sort)) may be a search
    option id (V(1)), a uid (V(Computer.Location.completename)) or the option's display name
    (V(Location)). Names are resolved through listSearchOptions once per run; an unknown or
    ambiguous name fails and lists close matches.
  - Reads every page by default, or one window with O(range) or O(limit) and O(offset).
  - Rows are dicts keyed by uid by default (O(keys)); multi-valued cells (several IP addresses,
    several groups...) are always lists, although GLPI sends a list, a plain string when there is one
    value, or null.
  - With O(list_search_options=true), returns the itemtype's search options instead.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
  - glpi.itsm.list_window
options:
  itemtype:
    description:
      - The itemtype to search (V(Computer), V(NetworkEquipment), V(Ticket)...), or V(AllAssets)
        for every asset type at once (field names are then those of Computer).
    type: str
    required: true
  criteria:
    description:
      - GLPI's search criteria. Each one has C(field), C(searchtype) and C(value), and, after the
        first, C(link) (V(AND), V(OR), V(AND NOT), V(OR NOT)).
      - "C(searchtype): V(contains) (a LIKE match; V(^) and V($) anchor it), V(notcontains), V(equals),
        V(notequals), V(lessthan), V(morethan), V(under), V(notunder) (the last two on tree dropdowns)."
      - A criterion may instead hold C(criteria), a nested list (a group in parentheses), with its C(link).
      - A meta criterion (C(meta=true) with C(itemtype)) searches a linked itemtype, e.g. the
        V(Software) installed on computers; its C(field) is named in that itemtype.
      - On field 1 (the name), V(equals) compares ids in GLPI; use V(contains) with V(^name$) for an exact name.
    type: list
    elements: dict
  metacriteria:
    description:
      - Deprecated form of meta criteria (GLPI's C(metacriteria)); each has C(link), C(itemtype),
        C(field), C(searchtype) and C(value).
      - GLPI 10 no longer filters on C(metacriteria) (it returns every row), so the module sends
        them as meta criteria after O(criteria), which GLPI applies.
    type: list
    elements: dict
  forcedisplay:
    description:
      - Columns to return besides GLPI's default ones for the itemtype.
    type: list
    elements: str
  sort:
    description:
      - The column(s) to sort on.
    type: list
    elements: str
  order:
    description:
      - Sort order.
    type: str
    choices: [ASC, DESC]
  is_deleted:
    description:
      - Search the trash bin instead of the live records.
    type: bool
    default: false
  rawdata:
    description:
      - Also return GLPI's raw SQL data (RV(rawdata)).
    type: bool
    default: false
  withindexes:
    description:
      - Return GLPI's rows keyed by item id (RV(rows) then each carry an C(_index) key with it).
    type: bool
    default: false
  giveItems:
    description:
      - Return the HTML-formatted cells (GLPI's C(data_html)) instead of the values.
    type: bool
    default: false
  keys:
    description:
      - How the cells of each row are keyed. V(uid) (V(Computer.Location.completename)), V(id)
        (the search option id, as a string) or V(name) (the display name; a name shared by two
        columns falls back to the uid).
      - With meta criteria, column 1 holds the name of the linked item (the software), so use V(uid).
    type: str
    choices: [uid, id, name]
    default: uid
  page_size:
    description:
      - Rows asked for in each request when reading every page.
    type: int
    default: 1000
  list_search_options:
    description:
      - Return the search options of O(itemtype) (RV(search_options)) instead of searching.
    type: bool
    default: false
  raw:
    description:
      - With O(list_search_options), return GLPI's raw search options (tables, join parameters).
    type: bool
    default: false
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
- name: Computers in Paris (and below) that are in production, with their IP addresses
  glpi.itsm.glpi_search:
    itemtype: Computer
    criteria:
      - field: Location
        searchtype: contains
        value: Paris
      - link: AND
        field: Status
        searchtype: equals
        value: 1
    forcedisplay: [Computer.IPAddress.name, Serial number]
  register: paris

- name: Computers named exactly web-01 or web-02
  glpi.itsm.glpi_search:
    itemtype: Computer
    criteria:
      - criteria:
          - field: Name
            searchtype: contains
            value: ^web-01$
          - link: OR
            field: Name
            searchtype: contains
            value: ^web-02$

- name: Computers with a given software installed (meta criterion)
  glpi.itsm.glpi_search:
    itemtype: Computer
    criteria:
      - meta: true
        itemtype: Software
        field: Name
        searchtype: contains
        value: OpenSSL
        link: AND

- name: Every asset whose name starts with sw-, 50 at most
  glpi.itsm.glpi_search:
    itemtype: AllAssets
    criteria:
      - field: 1
        searchtype: contains
        value: ^sw-
    limit: 50

- name: Which fields can I search on?
  glpi.itsm.glpi_search:
    itemtype: NetworkEquipment
    list_search_options: true
"""

RETURN = r"""
rows:
  description: The rows found, each a dict keyed as O(keys) says; multi-valued cells are lists.
  returned: when searching
  type: list
  elements: dict
  sample: [{"Computer.id": 4, "Computer.name": "web-01", "Computer.IPAddress.name": ["10.0.0.4", "2001:db8::4"]}]
total:
  description: How many rows match in all (GLPI's totalcount), whatever the window read.
  returned: when searching
  type: int
  sample: 42
columns:
  description: The columns of the rows, with their id, uid and display name.
  returned: when searching
  type: list
  elements: dict
  sample: [{"id": 1, "uid": "Computer.name", "name": "Name"}]
rawdata:
  description: GLPI's raw data of the last page read (with O(rawdata)).
  returned: when O(rawdata) is true
  type: dict
search_options:
  description: The search options of the itemtype, keyed by id (with O(list_search_options)).
  returned: when O(list_search_options) is true
  type: dict
  sample: {"1": {"name": "Name", "uid": "Computer.name", "datatype": "itemlink"}}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, reading, search
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def run(module, client):
    params = module.params
    if params["list_search_options"]:
        return False, dict(search_options=client.list_search_options(params["itemtype"], raw=params["raw"]))
    return False, search.search(client, params, module.warn)


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            reading.LIST_WINDOW_SPEC,
            itemtype=dict(type="str", required=True),
            criteria=dict(type="list", elements="dict"),
            metacriteria=dict(type="list", elements="dict"),
            forcedisplay=dict(type="list", elements="str"),
            sort=dict(type="list", elements="str"),
            order=dict(type="str", choices=["ASC", "DESC"]),
            is_deleted=dict(type="bool", default=False),
            rawdata=dict(type="bool", default=False),
            withindexes=dict(type="bool", default=False),
            giveItems=dict(type="bool", default=False),
            keys=dict(type="str", choices=["uid", "id", "name"], default="uid"),
            page_size=dict(type="int", default=1000),
            list_search_options=dict(type="bool", default=False),
            raw=dict(type="bool", default=False),
        ),
        mutually_exclusive=reading.LIST_WINDOW_EXCLUSIONS,
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
