# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's floor: Ansible's own cost for the hosts, variables and groups of an inventory.

Not part of the collection. tests/bench/run_bench.py loads it with
ANSIBLE_INVENTORY_PLUGINS=tests/bench/floor_plugins and ANSIBLE_INVENTORY_ENABLED=bench_floor, and
gives it a ``*.bench_floor.json`` file written from the glpi.itsm.glpi plugin's own
``ansible-inventory --list`` output. It sends no request and computes nothing: it adds the same
hosts, variables and group memberships with the plain inventory API (add_group, add_child,
add_host, set_variable), in the same order, so that ``ansible-inventory --list`` prints the same
JSON as for the real plugin. The real plugin's cost minus this one is what the plugin itself adds.

The data file (the benchmark writes it, values already unwrapped from {"__ansible_unsafe": ...}):

    {"groups": [[group, [child group, ...]], ...],   # parents before children
     "hosts": [[host, {variable: value}, [group, ...]], ...]}   # in the real plugin's order

Strings are trusted as templates (ansible-core 2.19+) unless they could be a template (they
contain "{", "}" or "#jinja2:"), as the glpi.itsm.glpi plugin does, so that --list prints them
as plain strings. If BENCH_FLOOR_REPORT names a file, the CPU seconds spent reading the data file
are written to it as JSON.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_floor
short_description: the inventory benchmark's floor (tests/bench), not part of the collection
description:
  - Adds the hosts, variables and groups of a C(*.bench_floor.json) file written by
    tests/bench/run_bench.py, with no request.
options: {}
"""

import json
import os
import re
import time

from ansible.plugins.inventory import BaseInventoryPlugin

try:  # ansible-core 2.19+
    from ansible.template import trust_as_template
except ImportError:  # 2.16-2.18: plain strings
    trust_as_template = None

TEMPLATE_SYNTAX = re.compile(r"[{}]|#jinja2:", re.IGNORECASE)


def trusted(value):
    if isinstance(value, str):
        if trust_as_template is None or TEMPLATE_SYNTAX.search(value):
            return value
        return trust_as_template(value)
    if isinstance(value, list):
        return [trusted(item) for item in value]
    if isinstance(value, dict):
        return dict((key, trusted(item)) for key, item in value.items())
    return value


class InventoryModule(BaseInventoryPlugin):

    NAME = "bench_floor"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(".bench_floor.json")

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        started = time.process_time()
        with open(path) as fh:
            data = json.load(fh)
        load_cpu = time.process_time() - started
        report = os.environ.get("BENCH_FLOOR_REPORT")
        if report:
            with open(report, "w") as fh:
                json.dump(dict(load_cpu=load_cpu, hosts=len(data["hosts"]), groups=len(data["groups"])), fh)

        add_group, add_child = self.inventory.add_group, self.inventory.add_child
        add_host, set_variable = self.inventory.add_host, self.inventory.set_variable
        for group, children in data["groups"]:
            add_group(group)
            for child in children:
                add_group(child)
                add_child(group, child)
        for host, variables, groups in data["hosts"]:
            add_host(host)
            for key, value in variables.items():
                set_variable(host, key, trusted(value))
            for group in groups:
                add_child(group, host)
