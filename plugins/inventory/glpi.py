# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: glpi
short_description: GLPI assets as Ansible hosts and groups
version_added: 0.1.0
description:
  - Reads assets (Computer and NetworkEquipment by default) from GLPI's search engine, a few pages
    of up to O(page_size) rows each, with no request per host.
  - Each asset becomes a host named after its name, with C(ansible_host) set to its first IPv4
    address (loopback and link-local addresses skipped), and variables prefixed with O(prefix).
  - Hosts are grouped by itemtype, entity, location and state (O(group_by)); the entity and
    location trees become nested groups. Ansible's O(compose), O(groups) and O(keyed_groups) apply
    on top.
  - Trashed assets and templates are left out.
  - The configuration file must end in C(glpi.yml) or C(glpi.yaml).
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - glpi.itsm.connection.plugin
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; it makes the file an inventory source for it.
    type: str
    required: true
    choices: [glpi.itsm.glpi]
  itemtypes:
    description: The GLPI asset itemtypes to read (Computer, NetworkEquipment, Printer, Phone, Peripheral...).
    type: list
    elements: str
    default: [Computer, NetworkEquipment]
  prefix:
    description: Prefix of the host variables set from GLPI, and of the groups made from O(group_by).
    type: str
    default: glpi_
  group_by:
    description: The GLPI properties that make groups.
    type: list
    elements: str
    choices: [itemtype, entity, location, state, type, model, manufacturer, os]
    default: [itemtype, entity, location, state]
  page_size:
    description: Rows asked for in each search request.
    type: int
    default: 1000
  max_workers:
    description: How many pages are read at once over the session (GLPI's API sessions are read-only, so this is safe).
    type: int
    default: 4
"""

EXAMPLES = r"""
# glpi.yml -- credentials from GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN
plugin: glpi.itsm.glpi
itemtypes: [Computer, NetworkEquipment]
keyed_groups:
  - key: glpi_os
    prefix: os
compose:
  ansible_user: "'admin' if glpi_itemtype == 'NetworkEquipment' else 'ansible'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/glpi-inventory-cache
"""

import ipaddress

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.glpi.itsm.plugins.module_utils import arguments
from ansible_collections.glpi.itsm.plugins.module_utils.client import REQUESTS_IMPORT_ERROR, GlpiClient
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.itsm.plugins.module_utils.search import cell_values, tree_path

# Search option ids, the same on every asset itemtype of GLPI 10 (listSearchOptions/Computer and
# /NetworkEquipment): the variable each one fills.
COLUMNS = {
    1: "name", 2: "id", 3: "location", 4: "type", 5: "serial", 6: "otherserial", 23: "manufacturer",
    31: "state", 40: "model", 45: "os", 46: "os_version", 80: "entity", 21: "mac_addresses",
    126: "ip_addresses",
}
LIST_COLUMNS = ("mac_addresses", "ip_addresses")
TREE_GROUPS = ("entity", "location")


def first_usable_ipv4(addresses):
    for address in addresses:
        try:
            ip = ipaddress.ip_address(str(address))
        except ValueError:
            continue
        if ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
            return str(ip)
    return None


def host_record(itemtype, row, columns):
    """One search row as a flat dict of typed values."""
    record = dict(itemtype=itemtype)
    for option_id, var in columns.items():
        cell = row.get(str(option_id))
        record[var] = cell_values(cell) if var in LIST_COLUMNS else cell
    if record.get("id") is not None:
        record["id"] = int(record["id"])
    return record


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "glpi.itsm.glpi"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(("glpi.yml", "glpi.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        records = self._cache.get(cache_key) if use_cache else None
        if records is None:
            records = self._fetch_records()
            if self.get_option("cache"):
                self._cache[cache_key] = records
        self._populate(records)

    def _fetch_records(self):
        if REQUESTS_IMPORT_ERROR is not None:
            raise AnsibleParserError("the glpi.itsm.glpi inventory needs the Python library 'requests'")
        options = dict((name, self.get_option(name)) for name in arguments.CONNECTION_OPTIONS)
        try:
            with GlpiClient(log=self.display.vvv, **options) as client:
                return [record for itemtype in self.get_option("itemtypes")
                        for record in self._itemtype_records(client, itemtype)]
        except GlpiError as error:
            raise AnsibleParserError("GLPI inventory: {0}".format(error))

    def _itemtype_records(self, client, itemtype):
        known = client.list_search_options(itemtype)
        columns = dict((i, var) for i, var in COLUMNS.items() if str(i) in known)
        rows = client.iter_search(itemtype, page_size=self.get_option("page_size"),
                                  max_workers=self.get_option("max_workers"),
                                  forcedisplay=sorted(columns), is_deleted=False)
        return [host_record(itemtype, row, columns) for row in rows]

    def _populate(self, records):
        prefix, strict = self.get_option("prefix"), self.get_option("strict")
        unnamed, seen = 0, set()
        for record in records:
            name = record.get("name")
            if not name:
                unnamed += 1
                continue
            if name in seen:
                self.display.warning("GLPI: two assets are named {0!r}; the {1} with id {2} is added as {0}_{2}".format(
                    name, record["itemtype"], record["id"]))
                name = "{0}_{1}".format(name, record["id"])
            seen.add(name)
            host_vars = dict((prefix + key, value) for key, value in record.items())
            self.inventory.add_host(name)
            for key, value in host_vars.items():
                self.inventory.set_variable(name, key, value)
            address = first_usable_ipv4(record.get("ip_addresses", []))
            if address:
                self.inventory.set_variable(name, "ansible_host", address)
            self._add_to_groups(name, record, prefix)
            self._set_composite_vars(self.get_option("compose"), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), host_vars, name, strict=strict)
        if unnamed:
            self.display.warning("GLPI: {0} asset(s) without a name were left out".format(unnamed))

    def _add_to_groups(self, host, record, prefix):
        for prop in self.get_option("group_by"):
            value = record.get(prop)
            if not value:
                continue
            parts = tree_path(value) if prop in TREE_GROUPS else [str(value)]
            parent = None
            for depth in range(1, len(parts) + 1):
                group = self._sanitize_group_name("{0}{1}_{2}".format(prefix, prop, "_".join(parts[:depth])))
                self.inventory.add_group(group)
                if parent:
                    self.inventory.add_child(parent, group)
                parent = group
            self.inventory.add_child(parent, host)
