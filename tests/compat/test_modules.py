# -*- coding: utf-8 -*-
"""The collection's modules in playbooks on this ansible-core line, against the emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import subprocess
import sys
import tempfile
import uuid

import pytest

from conftest import USER_TOKEN, ansible_env, installed_collection, recap, run

ITEM_PLAYBOOK = """---
- name: glpi_item and glpi_search on this line
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: {python}
  module_defaults:
    group/glpi.itsm.glpi:
      url: {url}
      user_token: {token}
  tasks:
    - name: A computer in a location given by its complete name
      glpi.itsm.glpi_item: &computer
        itemtype: Computer
        fields:
          name: {name}
          serial: SN-{name}
          locations_id: Paris > Building A
      register: created

    - name: The same task again changes nothing
      glpi.itsm.glpi_item: *computer
      register: again

    - name: The search engine finds it
      glpi.itsm.glpi_search:
        itemtype: Computer
        criteria:
          - {{field: Name, searchtype: contains, value: {name}}}
        forcedisplay: [Location, Serial number]
        keys: name
      register: found

    - name: Created once, then unchanged, then found with its location
      ansible.builtin.assert:
        that:
          - created is changed
          - created.action == 'created'
          - again is not changed
          - again.action == 'unchanged'
          - again.id == created.id
          - found is not changed
          - found.total == 1
          - found.rows[0]['Name'] == '{name}'
          - found.rows[0]['Serial number'] == 'SN-{name}'
          - found.rows[0]['Location'] == 'Paris > Building A'
"""


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="glpi-compat-modules-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_glpi_item_is_idempotent_and_glpi_search_finds_it(glpi, workdir):
    emulator, api = glpi
    name = "compat-item-{0}".format(uuid.uuid4().hex[:12])
    playbook = os.path.join(workdir, "item.yml")
    with open(playbook, "w") as out:
        out.write(ITEM_PLAYBOOK.format(python=sys.executable, url=emulator.api_url, token=USER_TOKEN, name=name))
    env = ansible_env(emulator)
    del env["GLPI_URL"], env["GLPI_USER_TOKEN"]  # the connection comes from module_defaults only
    try:
        process = run("ansible-playbook", ["-i", "localhost,", playbook], env, workdir)
        assert process.returncode == 0, process.stdout + process.stderr
        assert recap(process.stdout)["localhost"]["changed"] == 1
        [computer] = api.find("Computer", "name", name)
        [location] = api.find("Location", "completename", "Paris > Building A")
        assert computer["locations_id"] == location["id"] and computer["serial"] == "SN-" + name
    finally:
        api.purge("Computer", [c["id"] for c in api.find("Computer", "name", name)])


IMPORT_ALL = """
import importlib, os, sys
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
_AnsibleCollectionFinder(paths=os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep))._install()
for name in sys.argv[1:]:
    importlib.import_module("ansible_collections.glpi.itsm.plugins." + name)
    print("imported", name)
"""


def test_every_plugin_imports_on_this_python(glpi, workdir):
    """What ansible-doc does not do: import each module and plugin with this line's Python and
    ansible-core (as Ansible's collection loader does when it runs them)."""
    root = os.path.join(installed_collection(), "plugins")
    names = sorted("{0}.{1}".format(folder, name[:-3]) for folder in os.listdir(root)
                   if os.path.isdir(os.path.join(root, folder))
                   for name in os.listdir(os.path.join(root, folder))
                   if name.endswith(".py") and name != "__init__.py")
    assert "modules.glpi_item" in names and "inventory.glpi" in names
    process = subprocess.run([sys.executable, "-c", IMPORT_ALL] + names, env=ansible_env(glpi[0]), cwd=workdir,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                             timeout=120, check=False)
    assert process.returncode == 0, process.stderr
    assert process.stdout.split("\n")[:-1] == ["imported " + name for name in names]
