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
  - glpi.itsm.list_window
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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, reading
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            arguments.ITEMS_SPEC,
            reading.LIST_WINDOW_SPEC,
            itemtype=dict(type="str"),
            id=dict(type="int"),
            sub_itemtype=dict(type="str"),
            filters=dict(type="dict"),
            sort=dict(type="str"),
            order=dict(type="str", choices=["ASC", "DESC"]),
            is_deleted=dict(type="bool"),
            only_id=dict(type="bool"),
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
        mutually_exclusive=[("items", "itemtype"), ("items", "id"), ("items", "sub_itemtype")]
        + reading.LIST_WINDOW_EXCLUSIONS,
        required_by=dict(sub_itemtype="id"),
        supports_check_mode=True,
    )
    # Input errors fail here, before a session is opened or any request is sent.
    try:
        plan = reading.read_plan(module.params)
    except GlpiInputError as error:
        module.fail_json(msg=str(error))
    run_module(module, lambda module, client: (False, reading.read(client, module.params, plan)))


if __name__ == "__main__":
    main()
