# -*- coding: utf-8 -*-
"""Values from GLPI are data, never templates, on every ansible-core line.

Anyone who may edit an asset in GLPI writes the strings the inventory hands to Ansible. Here the
assets carry template payloads, each a `pipe` lookup that creates a marker file if it is ever
evaluated, in every kind of value the inventory sets (host name, comment, serial, location, network
names, GLPI groups) and in the variables and groups built from them (compose, groups,
keyed_groups). ansible-inventory and a playbook that uses the variables in every way a user would
must evaluate none of them, show each as its text, and print every harmless string as a plain
JSON string (AWX imports that JSON). A control run proves the payloads do fire when trusted.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import shutil
import sys
import tempfile
import uuid

import pytest

from conftest import ansible_env, run

# Each payload creates its marker file if anything evaluates it; MARKER is replaced by its path.
PAYLOADS = {
    "expression": "{{ lookup('pipe', 'touch MARKER') }}",
    "statement": "{% if lookup('pipe', 'touch MARKER') %}x{% endif %}",
    "comment": "{# a GLPI note #}{{ lookup('pipe', 'touch MARKER') }}",
    "header": "#jinja2:variable_start_string:'[[', variable_end_string:']]'\n[[ lookup('pipe', 'touch MARKER') ]]",
}
# Where a payload goes: the computer's name (so the host name), comment and serial, the name of
# its Location (glpi_location and the location groups) and of the GLPI Group it is assigned to
# (glpi_groups, a list). The network name on its port (glpi_network_names, a list) is a plain
# label: GLPI refuses anything else there ("Invalid internet name"), as the emulator does.
SLOTS = ("name", "comment", "serial", "location", "group")
TEMPLATE_SYNTAX = re.compile(r"[{}]|#jinja2:", re.IGNORECASE)

TEMPLATE_FILE = """name={{ inventory_hostname }}
comment={{ glpi_comment }}
serial={{ glpi_serial }}
location={{ glpi_location }}
network_names={{ glpi_network_names | join(',') }}
groups={{ glpi_groups | join(',') }}
copied_comment={{ copied_comment }}
"""

PLAYBOOK = """---
- name: GLPI values used in every way a user would
  hosts: all
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: {python}
  tasks:
    - ansible.builtin.debug: var=glpi_comment
    - ansible.builtin.debug: var=glpi_serial
    - ansible.builtin.debug: var=glpi_location
    - ansible.builtin.debug: msg="{{{{ glpi_comment }}}}"
    - ansible.builtin.debug: msg="{{{{ glpi_name }}}} {{{{ glpi_serial }}}} {{{{ glpi_location }}}}"
    - ansible.builtin.debug: msg="{{{{ glpi_groups }}}}"
    - ansible.builtin.debug: msg="{{{{ glpi_network_names }}}}"
    - ansible.builtin.debug: msg="{{{{ hostvars[inventory_hostname] }}}}"
    - ansible.builtin.debug: msg="{{{{ inventory_hostname }}}}"
    - ansible.builtin.debug: msg="{{{{ group_names }}}}"
    - ansible.builtin.debug: msg="{{{{ copied_comment }}}} {{{{ upper_name }}}}"
    - ansible.builtin.set_fact:
        comment_fact: "{{{{ glpi_comment }}}}"
        groups_fact: "{{{{ glpi_groups }}}}"
        network_names_fact: "{{{{ glpi_network_names }}}}"
        host_fact: "{{{{ inventory_hostname }}}}"
        hostvars_fact: "{{{{ hostvars[inventory_hostname] }}}}"
    - ansible.builtin.debug: var=comment_fact
    - ansible.builtin.debug: msg="{{{{ comment_fact }}}} {{{{ groups_fact }}}} {{{{ network_names_fact }}}}"
    - ansible.builtin.assert:
        that:
          - comment_fact == glpi_comment
          - groups_fact == glpi_groups
          - network_names_fact == glpi_network_names
          - host_fact == inventory_hostname
          - hostvars_fact.glpi_comment == glpi_comment
          - copied_comment == glpi_comment
          - upper_name == glpi_name | upper
    - ansible.builtin.template:
        src: {template}
        dest: "{out}/{{{{ glpi_id }}}}.txt"
        mode: "0644"
"""

CONTROL_PLAYBOOK = """---
- name: The same payloads as trusted values (extra vars) are evaluated
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
{tasks}
"""


def payload(kind, marker_dir, slot):
    return PAYLOADS[kind].replace("MARKER", os.path.join(marker_dir, "{0}-{1}".format(kind, slot)))


def markers(marker_dir):
    return sorted(os.listdir(marker_dir))


def clear(marker_dir):
    for name in os.listdir(marker_dir):
        os.remove(os.path.join(marker_dir, name))


def plain(value):
    """The JSON of ansible-inventory without its {"__ansible_unsafe": ...} wrappers."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def strings(value, path="$"):
    """(path, text, wrapped) for every string of ansible-inventory's JSON, dict keys included."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"] and isinstance(value["__ansible_unsafe"], str):
            yield path, value["__ansible_unsafe"], True
            return
        for key, item in value.items():
            yield path + ".<key>", key, False
            yield from strings(item, "{0}[{1!r}]".format(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, "{0}[{1}]".format(path, index))
    elif isinstance(value, str):
        yield path, value, False


@pytest.fixture(scope="module")
def workdir():
    path = tempfile.mkdtemp(prefix="glpi-compat-trust-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def assets(glpi, workdir):
    """One computer per payload kind, each with that kind's payloads in every slot, and one
    harmless computer; all tagged (otherserial) for this run only. Purged afterwards (GLPI purges
    a computer's ports, network names and addresses with it)."""
    emulator, api = glpi
    tag = "compat-{0}".format(uuid.uuid4().hex[:12])
    marker_dir = os.path.join(workdir, "markers")
    os.mkdir(marker_dir)
    made = dict((itemtype, []) for itemtype in ("Computer", "Location", "Group"))
    hosts = {}
    try:
        [paris_a] = api.find("Location", "completename", "Paris > Building A")
        [it_ops] = api.find("Group", "name", "IT Ops")
        plain_values = dict(name=tag + "-plain", comment="An ordinary comment: rack 3, shelf 2 (100% plain)",
                            serial="SN-" + tag, location="Paris > Building A",
                            network_name=tag + "-plain", group="IT Ops")
        specs = [(None, plain_values, paris_a["id"], it_ops["id"])]
        for kind in sorted(PAYLOADS):
            values = dict((slot, payload(kind, marker_dir, slot)) for slot in SLOTS)
            values["network_name"] = "{0}-{1}".format(tag, kind)
            location_id = api.add("Location", dict(name=values["location"], locations_id=0, entities_id=0, is_recursive=1))
            made["Location"].append(location_id)
            group_id = api.add("Group", dict(name=values["group"], entities_id=0, is_recursive=1))
            made["Group"].append(group_id)
            specs.append((kind, values, location_id, group_id))
        for index, (kind, values, location_id, group_id) in enumerate(specs, start=1):
            computer_id = api.add("Computer", dict(
                name=values["name"], comment=values["comment"], serial=values["serial"], otherserial=tag,
                entities_id=0, locations_id=location_id, groups_id=group_id))
            made["Computer"].append(computer_id)
            port_id = api.add("NetworkPort", dict(itemtype="Computer", items_id=computer_id, logical_number=1,
                                                  name="eth0", instantiation_type="NetworkPortEthernet"))
            name_id = api.add("NetworkName", dict(itemtype="NetworkPort", items_id=port_id, name=values["network_name"]))
            api.add("IPAddress", dict(itemtype="NetworkName", items_id=name_id, name="192.0.2.{0}".format(index)))
            hosts[values["name"]] = dict(values, kind=kind, id=computer_id)
        yield dict(tag=tag, marker_dir=marker_dir, hosts=hosts)
    finally:
        api.purge("Computer", made["Computer"])
        api.purge("Location", made["Location"])
        api.purge("Group", made["Group"])


@pytest.fixture(scope="module")
def inventory_file(assets, workdir):
    path = os.path.join(workdir, "compat.glpi.yml")
    with open(path, "w") as out:
        out.write("""plugin: glpi.itsm.glpi
cache: false
itemtypes: [Computer]
criteria:
  Computer:
    - field: Computer.otherserial
      searchtype: contains
      value: {tag}
fields: [comment, serial, network_names, groups]
compose:
  copied_comment: glpi_comment
  upper_name: glpi_name | upper
groups:
  compat_payload: "'lookup' in glpi_comment"
keyed_groups:
  - key: glpi_location
    prefix: compat_location
""".format(tag=assets["tag"]))
    return path


@pytest.fixture(scope="module")
def inventory_runs(glpi, assets, inventory_file, workdir):
    """ansible-inventory --list --export and --graph, and the markers left right after them."""
    emulator = glpi[0]
    clear(assets["marker_dir"])
    env = ansible_env(emulator)
    listed = run("ansible-inventory", ["-i", inventory_file, "--list", "--export"], env, workdir)
    graph = run("ansible-inventory", ["-i", inventory_file, "--graph"], env, workdir)
    return listed, graph, markers(assets["marker_dir"])


def test_ansible_inventory_evaluates_no_payload(inventory_runs):
    listed, graph, left = inventory_runs
    assert listed.returncode == 0, listed.stderr
    assert graph.returncode == 0, graph.stderr
    assert left == [], "ansible-inventory evaluated GLPI values: markers {0}".format(left)
    assert "@compat_payload:" in graph.stdout


def test_harmless_strings_are_plain_json(inventory_runs, assets):
    listed = inventory_runs[0]
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    originals = set()
    for values in assets["hosts"].values():
        originals.update(v for k, v in values.items() if isinstance(v, str))
        originals.update(v.upper() for k, v in values.items() if k == "name" and isinstance(v, str))
    found = list(strings(data))
    assert any(text == "An ordinary comment: rack 3, shelf 2 (100% plain)" for _path, text, _wrapped in found)
    wrapped_plain = ["{0} = {1!r}".format(path, text) for path, text, wrapped in found
                     if wrapped and not TEMPLATE_SYNTAX.search(text)]
    assert not wrapped_plain, "strings without template syntax printed as __ansible_unsafe:\n" + "\n".join(wrapped_plain)
    altered = ["{0} = {1!r}".format(path, text) for path, text, _wrapped in found
               if TEMPLATE_SYNTAX.search(text) and text not in originals]
    assert not altered, "strings with template syntax that are not GLPI's text:\n" + "\n".join(altered)


def test_variables_and_groups_carry_the_glpi_text(inventory_runs, assets):
    listed = inventory_runs[0]
    assert listed.returncode == 0, listed.stderr
    data = plain(json.loads(listed.stdout))
    hostvars = data["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(assets["hosts"])
    for name, values in assets["hosts"].items():
        host = hostvars[name]
        expected = dict(glpi_id=values["id"], glpi_name=values["name"], glpi_comment=values["comment"],
                        glpi_serial=values["serial"], glpi_location=values["location"],
                        glpi_network_names=[values["network_name"]], glpi_groups=[values["group"]],
                        copied_comment=values["comment"], upper_name=values["name"].upper())
        assert dict((k, host.get(k)) for k in expected) == expected, values["kind"]
    payload_hosts = sorted(n for n, v in assets["hosts"].items() if v["kind"])
    assert sorted(data["compat_payload"]["hosts"]) == payload_hosts
    # keyed_groups and the location tree: every host in one, under a sanitised name.
    for prefix in ("compat_location_", "glpi_location_"):
        groups = dict((g, v.get("hosts", [])) for g, v in data.items() if g.startswith(prefix))
        assert sorted(h for members in groups.values() for h in members) == sorted(assets["hosts"]), prefix
    bad_groups = [g for g in data if g != "_meta" and not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", g)]
    assert not bad_groups, "group names not sanitised: {0}".format(bad_groups)


@pytest.fixture(scope="module")
def playbook_run(glpi, assets, inventory_file, workdir):
    emulator = glpi[0]
    out = os.path.join(workdir, "rendered")
    os.mkdir(out)
    template = os.path.join(workdir, "glpi.txt.j2")
    with open(template, "w") as handle:
        handle.write(TEMPLATE_FILE)
    playbook = os.path.join(workdir, "use-the-variables.yml")
    with open(playbook, "w") as handle:
        handle.write(PLAYBOOK.format(python=sys.executable, template=template, out=out))
    clear(assets["marker_dir"])
    process = run("ansible-playbook", ["-i", inventory_file, playbook], ansible_env(emulator), workdir)
    return process, markers(assets["marker_dir"]), out


def test_playbook_evaluates_no_payload(playbook_run, assets):
    process, left, _out = playbook_run
    assert left == [], "the playbook evaluated GLPI values: markers {0}".format(left)
    assert process.returncode == 0, process.stdout[-6000:] + process.stderr


def test_playbook_shows_the_payloads_as_text(playbook_run, assets):
    process = playbook_run[0]
    output = process.stdout
    missing = []
    for values in assets["hosts"].values():
        for slot in SLOTS:
            text = json.dumps(values[slot])[1:-1]  # as the default callback prints it
            if text not in output:
                missing.append((values["kind"], slot))
    assert not missing, "payloads not shown as text (kind, slot): {0}\n{1}".format(missing, output[-6000:])


def test_template_renders_the_payloads_as_text(playbook_run, assets):
    out = playbook_run[2]
    for values in assets["hosts"].values():
        expected = TEMPLATE_FILE
        for variable, slot in (("inventory_hostname", "name"), ("glpi_comment", "comment"),
                               ("glpi_serial", "serial"), ("glpi_location", "location"),
                               ("glpi_network_names | join(',')", "network_name"),
                               ("glpi_groups | join(',')", "group"), ("copied_comment", "comment")):
            expected = expected.replace("{{ " + variable + " }}", values[slot])
        path = os.path.join(out, "{0}.txt".format(values["id"]))
        assert os.path.exists(path), "no file rendered for {0}".format(values["kind"])
        with open(path) as handle:
            assert handle.read().rstrip("\n") == expected.rstrip("\n"), values["kind"]


def test_control_trusted_payloads_are_evaluated(glpi, workdir):
    """The same payloads given as trusted values (extra vars) DO run: the checks above can fail."""
    marker_dir = os.path.join(workdir, "control-markers")
    os.mkdir(marker_dir)
    extra = dict(("payload_" + kind, payload(kind, marker_dir, "control")) for kind in PAYLOADS)
    tasks = "".join("    - ansible.builtin.debug: msg=\"{{{{ payload_{0} }}}}\"\n      ignore_errors: true\n".format(kind)
                    for kind in sorted(PAYLOADS))
    playbook = os.path.join(workdir, "control.yml")
    with open(playbook, "w") as handle:
        handle.write(CONTROL_PLAYBOOK.format(tasks=tasks))
    process = run("ansible-playbook", ["-i", "localhost,", "-e", json.dumps(extra), playbook],
                  ansible_env(glpi[0]), workdir)
    assert process.returncode == 0, process.stdout + process.stderr
    assert markers(marker_dir) == sorted("{0}-control".format(kind) for kind in PAYLOADS), process.stdout
