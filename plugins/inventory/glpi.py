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
  - Reads assets (Computer and NetworkEquipment by default, any asset itemtype on request) from
    GLPI's search engine, in pages of up to O(page_size) rows read O(max_workers) at a time, with
    no request per host.
  - Each asset becomes a host named from O(hostnames), with C(ansible_host) from its IP addresses
    (O(ansible_host), O(ip_version)), and variables prefixed with O(prefix) (by default C(id),
    C(itemtype), C(name), C(entity), C(location) and C(state)). The other known variables and any
    other column are read only when the configuration names them (see O(fields)); a column read
    only for host names or C(ansible_host), such as the IP addresses, is not set as a variable
    unless O(fields) names it (for example C(ip_addresses)) or an expression uses it.
  - A variable whose value is null or empty (an empty string or list) is not set, so expressions
    over it need a default (V(glpi_os | default('unknown'))).
  - Hosts are grouped by the GLPI properties of O(group_by); the entity, location, state and group
    trees become nested groups (C(Root entity > Paris) is a child of C(Root entity)). Ansible's
    O(compose), O(groups) and O(keyed_groups) apply on top, over the prefixed variables.
  - Trashed assets are left out unless O(include_trashed); templates never appear (GLPI's search
    engine leaves them out).
  - The configuration file must be named C(glpi.yml), or end in C(.glpi.yml) or C(.glpi.yaml).
  - Hosts are added as their search pages arrive. If GLPI fails part-way, the hosts and groups
    already added are taken out again; a source is loaded whole or not at all.
notes:
  - Values from GLPI are data, never templates. A string that could be a template (it contains
    C({) or C(}), or a C(#jinja2) header) is marked unsafe, so Ansible never evaluates it; a
    comment such as C({{ lookup('pipe', 'id') }}) stays that text in every variable, in C(compose)
    results, and in the cache. Every other string is marked trusted on ansible-core 2.19 and later,
    so that C(ansible-inventory --list) (and AWX, which imports its JSON) shows it as a plain string;
    only the strings with template syntax appear there wrapped in an C(__ansible_unsafe) object.
  - Host names are the values GLPI gives; group names are sanitised to letters, digits and
    underscores, as Ansible does.
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
  criteria:
    description:
      - Per itemtype, the search criteria that select its hosts, in the syntax of
        M(glpi.itsm.glpi_search) (fields by id, uid or display name; nested and meta criteria).
    type: dict
    default: {}
  include_trashed:
    description:
      - Also list the assets in GLPI's trash bin. Every host then has an C(is_deleted) variable
        (1 in the trash bin, 0 otherwise).
    type: bool
    default: false
  hostnames:
    description:
      - The sources of the host name, tried in turn until one gives a value. V(name), V(fqdn) (the
        first of the asset's network names that has an internet domain, joined to it as
        C(<name>.<domain>)), V(ip) (as for C(ansible_host)), V(serial), V(otherserial), V(uuid), or
        a Jinja expression over the host's prefixed variables (V(glpi_name ~ '.corp')).
      - GLPI keeps a network name as a DNS label on a network port, and its domain in an internet
        domain (FQDN) record; V(fqdn) reads them with three more listings (internet domains,
        network names, network ports), page by page.
      - Assets for which no source gives a name are skipped and counted in a warning.
    type: list
    elements: str
    default: [name]
  lowercase_hostnames:
    description: Lower-case the host names.
    type: bool
    default: false
  duplicate_hostnames:
    description:
      - What to do when two assets give the same host name. V(suffix_id) adds C(_<id>) to the
        later ones, V(keep_first) keeps the first and skips the others; both warn.
    type: str
    choices: [suffix_id, keep_first]
    default: suffix_id
  ansible_host:
    description:
      - Where C(ansible_host) comes from. V(ip) (the asset's IP addresses, see O(ip_version);
        loopback, link-local and unspecified addresses are skipped), V(none) (not set), or any
        other source of O(hostnames) (a variable name or an expression).
    type: str
    default: ip
  ip_version:
    description: Which IP address O(ansible_host=ip) takes.
    type: str
    choices: [ipv4_first, ipv6_first, ipv4_only, ipv6_only]
    default: ipv4_first
  fields:
    description:
      - More host variables to read. Either one of the plugin's known variables besides the
        default ones (V(serial), V(otherserial), V(uuid), V(type), V(model), V(manufacturer),
        V(os), V(os_version), V(mac_addresses), V(network_names), V(fqdns) (the network names
        with their domain, as for O(hostnames=fqdn)), V(users), V(groups), V(comment), V(date_mod)),
        or any column by search option id, uid or display name; its
        variable is the prefix and the display name in snake case (V(Alternate username) becomes
        C(glpi_alternate_username)), or the uid's when two columns share a name.
      - Each column read costs search time in GLPI (the multi-valued ones most, such as addresses, network
        names, users, groups), and each variable costs Ansible time on every host. A known variable
        is also read, without being listed here, when O(group_by), O(hostnames) or
        O(ansible_host) need it, or when an expression of O(hostnames), O(ansible_host),
        O(compose), O(groups) or O(keyed_groups) names it (V(glpi_os)). Any other column used in
        an expression must be listed here.
    type: list
    elements: str
    default: []
  prefix:
    description: Prefix of the host variables set from GLPI, and of the groups made from O(group_by).
    type: str
    default: glpi_
  group_by:
    description: The GLPI properties that make groups (V(group) is the asset's GLPI groups).
    type: list
    elements: str
    choices: [itemtype, entity, location, state, type, model, manufacturer, os, group]
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
# inventory.glpi.yml -- credentials from GLPI_URL, GLPI_APP_TOKEN and GLPI_USER_TOKEN
plugin: glpi.itsm.glpi
itemtypes: [Computer, NetworkEquipment, Printer]
criteria:
  Computer:
    - field: Status
      searchtype: contains
      value: In production
hostnames: [fqdn, name]
lowercase_hostnames: true
fields: [os, serial, Alternate username]
group_by: [itemtype, entity, location, state, os]
compose:
  ansible_user: "'admin' if glpi_itemtype == 'NetworkEquipment' else 'ansible'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/glpi-inventory-cache
"""

import gc
import ipaddress
import os
import re
from contextlib import contextmanager

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.glpi.itsm.plugins.module_utils import arguments
from ansible_collections.glpi.itsm.plugins.module_utils.client import REQUESTS_IMPORT_ERROR, GlpiClient
from ansible_collections.glpi.itsm.plugins.module_utils.criteria import Fields, build_criteria
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import tree_path
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError
from ansible_collections.glpi.itsm.plugins.module_utils.search import cell_values
from ansible_collections.glpi.itsm.plugins.plugin_utils.template_safety import never_templated, plain_text

# The variables the plugin knows, each from the column whose uid (after "<Itemtype>.") matches the
# pattern: ids differ between itemtypes (UUID is 47 on Computer, 12 on NetworkEquipment), uids do not.
KNOWN_VARIABLES = (
    ("id", r"id"), ("name", r"name"), ("serial", r"serial"), ("otherserial", r"otherserial"), ("uuid", r"uuid"),
    ("entity", r"Entity\.completename"), ("location", r"Location\.completename"),
    ("state", r"State\.completename"), ("type", r"\w+Type\.name"), ("model", r"\w+Model\.name"),
    ("manufacturer", r"Manufacturer\.name"), ("os", r"Item_OperatingSystem\.OperatingSystem\.name"),
    ("os_version", r"Item_OperatingSystem\.OperatingSystemVersion\.name"),
    ("ip_addresses", r"IPAddress\.name"), ("mac_addresses", r"NetworkPort\.mac"),
    ("network_names", r"NetworkPort\.NetworkName\.name"), ("users", r"User\.name"),
    ("groups", r"(Group_Item\.)?Group\.completename"), ("comment", r"comment"), ("date_mod", r"date_mod"),
)
# GLPI 11 gives the asset's groups (71) and its groups in charge (49) the same uid.
CHOSEN_AMONG_TIED = {"groups": 71}
# Not a search column: no search option of an asset reaches the domain of its network names.
FQDNS = "fqdns"
KNOWN_NAMES = tuple(name for name, _pattern in KNOWN_VARIABLES) + (FQDNS,)
# Read whatever the configuration says: what the default grouping and ansible_host need.
DEFAULT_VARIABLES = frozenset(("id", "name", "entity", "location", "state"))
LIST_VARIABLES = frozenset(("ip_addresses", "mac_addresses", "network_names", FQDNS, "users", "groups"))
NUMBER_DATATYPES = frozenset(("number", "integer", "count", "decimal", "actiontime", "timestamp"))
TREE_GROUPS = {"entity": "entity", "location": "location", "state": "state", "group": "groups"}
GROUP_BY_VARIABLES = {"itemtype": None, "group": "groups"}
SIMPLE_SOURCES = ("name", "serial", "otherserial", "uuid")
SOURCE_VARIABLES = {"ip": "ip_addresses", "fqdn": FQDNS}
EMPTY = (None, "", [])


def snake_case(text):
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def to_number(value):
    if isinstance(value, str) and re.match(r"^-?\d+$", value.strip()):
        return int(value)
    if isinstance(value, str) and re.match(r"^-?\d+\.\d+$", value.strip()):
        return float(value)
    return value


def pick_address(addresses, version):
    """The address ansible_host takes: IPv4 or IPv6 first (or only), usable ones only."""
    usable = []
    for address in addresses:
        try:
            ip = ipaddress.ip_address(str(address).split("%", maxsplit=1)[0])
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
            usable.append(ip)
    wanted = 6 if version.startswith("ipv6") else 4
    preferred = [ip for ip in usable if ip.version == wanted]
    if not preferred and not version.endswith("_only"):
        preferred = usable
    return str(preferred[0]) if preferred else None


@contextmanager
def cyclic_gc_paused():
    """Python's cyclic garbage collector walks every tracked object each time its oldest generation
    grows by a quarter; building thousands of hosts allocates hundreds of thousands of objects, none
    of them garbage yet, so it walks them again and again (a quarter of the parse's CPU at 12,000
    hosts). Paused while the plugin parses, then restored as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def kept_in(kept, items):
    """Yield `items`, appending each to the list `kept` as it goes."""
    for item in items:
        kept.append(item)
        yield item


def network_fqdns(client, page_size, max_workers):
    """``{(itemtype, id): [FQDN, ...]}`` for the assets whose network names have a domain: each
    network name (a label on a network port) joined to the fqdn of its FQDN record."""
    domains = dict((row["id"], row["fqdn"]) for row in client.iter_items("FQDN", page_size) if row.get("fqdn"))
    if not domains:
        return {}
    names = [row for row in client.iter_items("NetworkName", page_size, max_workers)
             if row.get("fqdns_id") in domains and row.get("itemtype") == "NetworkPort" and row.get("name")]
    if not names:
        return {}
    ports = dict((row["id"], (row["itemtype"], row["items_id"]))
                 for row in client.iter_items("NetworkPort", page_size, max_workers))
    fqdns = {}
    for row in sorted(names, key=lambda row: row["id"]):
        owner = ports.get(row["items_id"])
        if owner:
            fqdns.setdefault(owner, []).append("{0}.{1}".format(row["name"], domains[row["fqdns_id"]]))
    return fqdns


def variables_named(text, prefix):
    """The known variables an expression names (``glpi_os`` but not ``glpi_os_version``)."""
    return set(name for name in KNOWN_NAMES
               if re.search(r"(?<!\w)" + re.escape(prefix + name) + r"(?!\w)", text))


class Columns(object):
    """Which search columns an itemtype is read with, and how each becomes a typed variable."""

    def __init__(self, options, known, extra_fields):
        known_columns = {}  # option id -> known variable name, for every known variable of the itemtype
        for name, pattern in KNOWN_VARIABLES:
            option_id = self._find(options, pattern, CHOSEN_AMONG_TIED.get(name))
            if option_id is not None:
                known_columns.setdefault(option_id, name)
        self.variables = dict((str(option_id), name) for option_id, name in known_columns.items() if name in known)
        self.lists = set(key for key, name in self.variables.items() if name in LIST_VARIABLES)
        self.numbers = set(key for key, name in self.variables.items() if name == "id")
        for field in extra_fields:
            option_id = options.resolve(field, "fields")
            key = str(option_id)
            if key in self.variables:
                continue
            # A known column keeps its known name (fields: [Comments] is glpi_comment).
            name = known_columns.get(option_id) or snake_case(options.name(option_id))
            if name in self.variables.values():
                name = snake_case(options.uid(option_id))
            self.variables[key] = name
            if options.is_multi_valued(option_id) or name in LIST_VARIABLES:
                self.lists.add(key)
            if options.options[option_id].get("datatype") in NUMBER_DATATYPES:
                self.numbers.add(key)

    @staticmethod
    def _find(options, pattern, chosen_among_tied=None):
        found = [option_id for option_id, option in sorted(options.options.items())
                 if "." in (option.get("uid") or "") and re.match(pattern + r"$", option["uid"].split(".", 1)[1])]
        if chosen_among_tied in found:
            return chosen_among_tied
        return found[0] if found else None

    def record(self, itemtype, row):
        """One search row as a flat dict of typed values, without the empty ones."""
        record = dict(itemtype=itemtype)
        for key, name in self.variables.items():
            value = row.get(key)
            if key in self.lists:
                value = cell_values(value)
            elif key in self.numbers:
                value = to_number(value)
            if value not in EMPTY:
                record[name] = value
        return record


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "glpi.itsm.glpi"

    def verify_file(self, path):
        name = os.path.basename(path)
        return super(InventoryModule, self).verify_file(path) and \
            (name in ("glpi.yml", "glpi.yaml") or name.endswith((".glpi.yml", ".glpi.yaml")))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        with cyclic_gc_paused():
            records = self._cache.get(cache_key) if self.get_option("cache") and cache else None
            if records is not None:
                self._populate(records)
                return
            # Hosts are added as their page arrives, while the next pages are on their way; a
            # failure on a later page takes back what the earlier ones added.
            records = []
            known = set(self.inventory.hosts), set(self.inventory.groups)
            try:
                self._populate(kept_in(records, self._fetch_records()))
            except Exception:
                self._remove_all_but(*known)
                raise
            if self.get_option("cache"):
                self._cache[cache_key] = records

    def _remove_all_but(self, hosts, groups):
        """Take the hosts and groups that are not in `hosts` and `groups` out of the inventory
        (Ansible keeps whatever a plugin added before it failed, and may go on without it)."""
        for name in set(self.inventory.hosts) - hosts:
            self.inventory.remove_host(self.inventory.hosts[name])
        for name in set(self.inventory.groups) - groups:
            del self.inventory.groups[name]  # no host is left in it

    # -------------------------------------------------------------- reading GLPI

    def _fetch_records(self):
        if REQUESTS_IMPORT_ERROR is not None:
            raise AnsibleParserError("the glpi.itsm.glpi inventory needs the Python library 'requests'")
        options = dict((name, self.get_option(name)) for name in arguments.CONNECTION_OPTIONS)
        known = self._known_variables_used()
        extra_fields = [field for field in self.get_option("fields") if field not in KNOWN_NAMES]
        try:
            with GlpiClient(log=self.display.vvv, **options) as client:
                fqdns = network_fqdns(client, self.get_option("page_size"), self.get_option("max_workers")) \
                    if FQDNS in known else None
                for itemtype in self.get_option("itemtypes"):
                    yield from self._itemtype_records(client, itemtype, known, extra_fields, fqdns)
        except GlpiError as error:
            raise AnsibleParserError("GLPI inventory: {0}".format(error))

    def _known_variables_used(self):
        """The known variables read from GLPI: those set on the hosts, and those that only give a
        host its name or its ansible_host."""
        return self._known_variables_set() | self._name_and_address_sources().intersection(KNOWN_NAMES)

    def _known_variables_set(self):
        """The default variables, and the known ones `fields` names, `group_by` groups by or an
        expression uses."""
        used = set(DEFAULT_VARIABLES)
        used.update(field for field in self.get_option("fields") if field in KNOWN_NAMES)
        used.update(GROUP_BY_VARIABLES.get(prop, prop) for prop in self.get_option("group_by"))
        expressions = [self.get_option("hostnames"), self.get_option("ansible_host"), self.get_option("compose"),
                       self.get_option("groups"), self.get_option("keyed_groups")]
        used.update(variables_named(repr(expressions), self.get_option("prefix")))
        return used.intersection(KNOWN_NAMES)

    def _name_and_address_sources(self):
        sources = self.get_option("hostnames") + [self.get_option("ansible_host")]
        return set(SOURCE_VARIABLES.get(source, source) for source in sources)

    def _itemtype_records(self, client, itemtype, known, extra_fields, fqdns=None):
        itemtype = plain_text(itemtype)  # not the configuration's tagged string: records go to the cache
        fields = Fields(client, itemtype)
        columns = Columns(fields.of(), known, extra_fields)
        request = dict(forcedisplay=sorted(int(key) for key in columns.variables))
        criteria = (self.get_option("criteria") or {}).get(itemtype)
        if criteria:
            request["criteria"] = build_criteria(fields, criteria, "criteria.{0}".format(itemtype))
        include_trashed = self.get_option("include_trashed")
        for is_deleted in (False, True) if include_trashed else (False,):
            rows = client.iter_search(itemtype, page_size=self.get_option("page_size"),
                                      max_workers=self.get_option("max_workers"), is_deleted=is_deleted, **request)
            for row in rows:
                record = columns.record(itemtype, row)
                if fqdns and (itemtype, record.get("id")) in fqdns:
                    record[FQDNS] = fqdns[(itemtype, record["id"])]
                if include_trashed:
                    record["is_deleted"] = int(is_deleted)
                yield record

    # -------------------------------------------------------------- building the inventory

    def _populate(self, records):
        self._groups_by_value = {}
        prefix, strict = plain_text(self.get_option("prefix")), self.get_option("strict")
        hostnames, ansible_host = self.get_option("hostnames"), self.get_option("ansible_host")
        compose, groups, keyed_groups = (self.get_option(name) for name in ("compose", "groups", "keyed_groups"))
        lowercase = self.get_option("lowercase_hostnames")
        # Columns read only for host names or ansible_host (the IP addresses by default) are not
        # variables: each variable costs Ansible time on every host.
        not_set = self._name_and_address_sources() - self._known_variables_set()
        unnamed, seen = 0, set()
        for record in records:
            # Every value from GLPI (or from the cache) is made safe before Ansible or an
            # expression sees it: see plugin_utils/template_safety.py.
            host_vars = dict((prefix + key, never_templated(value)) for key, value in record.items()
                             if key not in not_set)
            name = self._first_value(hostnames, record, host_vars)
            if not name:
                unnamed += 1
                continue
            name = str(name).lower() if lowercase else str(name)
            if name in seen:
                name = self._duplicate(name, record)
                if name is None:
                    continue
            seen.add(name)
            name = never_templated(name)
            self.inventory.add_host(name)
            # Straight into the host's variables: they are fresh, JSON-typed values already made safe,
            # which is all that InventoryData.set_variable's inspection of each value (a type check,
            # a deep copy and an origin tag on ansible-core 2.19+) would give, at a third of the load.
            variables = self.inventory.get_host(name).vars
            variables.update(host_vars)
            if ansible_host != "none":
                address = self._first_value([ansible_host], record, host_vars)
                if address:
                    variables["ansible_host"] = never_templated(address)
            self._add_to_groups(name, record, prefix)
            if compose:
                self._set_composite_vars(compose, host_vars, name, strict=strict)
            if groups:
                self._add_host_to_composed_groups(groups, host_vars, name, strict=strict)
            if keyed_groups:
                self._add_host_to_keyed_groups(keyed_groups, host_vars, name, strict=strict)
        if unnamed:
            self.display.warning("GLPI inventory: {0} asset(s) gave no host name from {1} and were left out".format(
                unnamed, hostnames))

    def _set_composite_vars(self, compose, variables, host, strict=False):
        """Constructable's, with each result under the rule of every other value: a result such as
        ``glpi_name | upper`` is a new string, which ansible-core 2.19+ would print wrapped."""
        for varname, expression in (compose or {}).items():
            try:
                composite = self._compose(expression, variables)
            except Exception as error:  # a Jinja error in the user's expression
                if strict:
                    raise AnsibleError("Could not set {0} for host {1}: {2}".format(varname, host, error))
                continue
            self.inventory.set_variable(host, varname, never_templated(composite))

    def _duplicate(self, name, record):
        if self.get_option("duplicate_hostnames") == "keep_first":
            self.display.warning("GLPI inventory: {0} {1} is also named {2!r}; kept the first one".format(
                record["itemtype"], record.get("id"), name))
            return None
        unique = "{0}_{1}".format(name, record.get("id"))
        self.display.warning("GLPI inventory: {0} {1} is also named {2!r}; added as {3!r}".format(
            record["itemtype"], record.get("id"), name, unique))
        return unique

    def _first_value(self, sources, record, host_vars):
        for source in sources:
            value = self._source_value(source, record, host_vars)
            if value not in (None, "", []):
                return value
        return None

    def _source_value(self, source, record, host_vars):
        if source in SIMPLE_SOURCES:
            return record.get(source)
        if source == "ip":
            return pick_address(record.get("ip_addresses", []), self.get_option("ip_version"))
        if source == "fqdn":
            return next(iter(record.get(FQDNS, [])), None)
        try:
            return self._compose(source, host_vars)
        except Exception as error:  # a Jinja error in the user's expression
            if self.get_option("strict"):
                raise AnsibleParserError("GLPI inventory: could not evaluate {0!r}: {1}".format(source, error))
            return None

    def _add_to_groups(self, host, record, prefix):
        for prop in self.get_option("group_by"):
            values = record.get(TREE_GROUPS.get(prop, prop))
            for value in values if isinstance(values, list) else [values]:
                if value not in EMPTY:
                    group = self._groups_by_value.get((prop, value))
                    if group is None:  # each group is made once, not once per host (thousands share a location)
                        group = self._make_groups(prefix + prop, tree_path(value) if prop in TREE_GROUPS else [str(value)])
                        self._groups_by_value[(prop, value)] = group
                    self.inventory.add_child(group, host)

    def _make_groups(self, base, parts):
        """The group of a value, nested in the groups of its parents for a tree; returns the leaf."""
        leaf = None
        for depth in range(1, len(parts) + 1):
            group = self._sanitize_group_name("{0}_{1}".format(base, "_".join(parts[:depth])))
            self.inventory.add_group(group)
            if leaf:
                self.inventory.add_child(leaf, group)
            leaf = group
        return leaf
