# -*- coding: utf-8 -*-
"""ansible-doc of this ansible-core line renders every module and the inventory plugin."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import shutil
import tempfile

import pytest

from conftest import ansible_env, installed_collection, run

# plugin type as ansible-doc names it -> folder of the collection
TYPES = {"module": "modules", "inventory": "inventory"}


def plugins(plugin_type):
    folder = os.path.join(installed_collection(), "plugins", TYPES[plugin_type])
    return sorted("glpi.itsm." + name[:-3] for name in os.listdir(folder)
                  if name.endswith(".py") and not name.startswith("_"))


@pytest.fixture
def doc(glpi):
    workdir = tempfile.mkdtemp(prefix="glpi-compat-docs-")
    env = ansible_env(glpi[0])
    yield lambda *args: run("ansible-doc", args, env, workdir)
    shutil.rmtree(workdir, ignore_errors=True)


def sections(text):
    """{plugin name: its rendered page}; a page starts with '> NAME' (2.16-2.18) or
    '> MODULE name' / '> INVENTORY name' (2.19+)."""
    parts = re.split(r"^> (?:[A-Z]+ )?(\S+)\s.*$", text, flags=re.M)
    return dict((name.lower(), page) for name, page in zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("plugin_type", sorted(TYPES))
def test_every_plugin_page_renders(doc, plugin_type):
    names = plugins(plugin_type)
    assert names, plugin_type
    process = doc("-t", plugin_type, *names)
    assert process.returncode == 0, process.stderr
    assert "WARNING" not in process.stderr and "ERROR" not in process.stderr, process.stderr
    pages = sections(process.stdout)
    assert sorted(pages) == names
    for name, page in pages.items():
        for heading in ("OPTIONS (", "AUTHOR:", "EXAMPLES:") + (("RETURN VALUES:",) if plugin_type == "module" else ()):
            assert heading in page, (name, heading)
        # The options of the doc fragments: the collection's connection, ansible-core's for inventories.
        assert "user_token" in page, name
        if plugin_type == "inventory":
            assert "keyed_groups" in page and "cache_plugin" in page, name


@pytest.mark.parametrize("plugin_type", sorted(TYPES))
def test_list_names_every_plugin(doc, plugin_type):
    process = doc("-t", plugin_type, "-l", "glpi.itsm")
    assert process.returncode == 0, process.stderr
    assert "WARNING" not in process.stderr and "ERROR" not in process.stderr, process.stderr
    listed = sorted(line.split()[0] for line in process.stdout.splitlines() if line.strip())
    assert listed == plugins(plugin_type)
