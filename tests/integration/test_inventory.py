# -*- coding: utf-8 -*-
"""The glpi.itsm.glpi inventory plugin with ansible-inventory, as a user runs it."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest


def ansible_inventory(glpi, config_dir, config, *args, **env):
    path = os.path.join(str(config_dir), "test.glpi.yml")
    with open(path, "w") as out:
        out.write(config)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path] + list(args)
    full_env = dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1", **glpi.env())
    full_env.update(env)
    return subprocess.run(command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300, check=False)


def plain(value):
    """ansible-inventory (2.19+) writes strings from an inventory source as {"__ansible_unsafe": ...}."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def expected_assets(glpi, itemtype):
    """Names of the assets the plugin must list: not trashed, not templates."""
    with glpi.client() as client:
        return sorted(item["name"] for item in client.iter_items(itemtype, is_deleted=False, get_hateoas=False)
                      if item["name"] and not item.get("is_template"))


@pytest.fixture(scope="module")
def listed(glpi, tmp_path_factory):
    process = ansible_inventory(glpi, tmp_path_factory.mktemp("inventory"), "plugin: glpi.itsm.glpi\n", "--list")
    assert process.returncode == 0, process.stderr
    return plain(json.loads(process.stdout))


def test_every_asset_is_a_host(glpi, listed):
    hostvars = listed["_meta"]["hostvars"]
    for itemtype in ("Computer", "NetworkEquipment"):
        names = sorted(v["glpi_name"] for v in hostvars.values() if v["glpi_itemtype"] == itemtype)
        assert names == expected_assets(glpi, itemtype)
        assert names  # the sample data (or the real GLPI) has some


def test_trashed_assets_and_templates_are_left_out(glpi, emulator, listed):
    hosts = listed["_meta"]["hostvars"]
    assert "pc-retired-01" not in hosts and "tpl-workstation" not in hosts
    assert "pc-005" in hosts


def test_host_variables_and_ansible_host(listed):
    for name, variables in listed["_meta"]["hostvars"].items():
        assert isinstance(variables["glpi_id"], int)
        assert isinstance(variables["glpi_ip_addresses"], list)
        ipv4 = [ip for ip in variables["glpi_ip_addresses"] if "." in ip and not ip.startswith(("127.", "169.254."))]
        if ipv4:
            assert variables["ansible_host"] == ipv4[0]
        else:
            assert "ansible_host" not in variables


def test_entity_and_location_trees_are_nested_groups(listed):
    located = [v for v in listed["_meta"]["hostvars"].values() if v.get("glpi_location") and " > " in v["glpi_location"]]
    if not located:
        pytest.skip("no asset in a sub-location")
    parts = located[0]["glpi_location"].split(" > ")
    parent = "glpi_location_" + "_".join(parts[:-1]).replace(" ", "_")
    child = "glpi_location_" + "_".join(parts).replace(" ", "_")
    assert child in listed[parent]["children"]
    assert "glpi_itemtype_Computer" in listed["all"]["children"]


def test_cached_run_sends_no_request(glpi, emulator, tmp_path):
    config = ("plugin: glpi.itsm.glpi\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n"
              "cache_connection: {0}\n".format(tmp_path / "cache"))
    first = ansible_inventory(glpi, tmp_path, config, "--list")
    assert first.returncode == 0, first.stderr
    emulator.clear_requests()
    second = ansible_inventory(glpi, tmp_path, config, "--list")
    assert second.returncode == 0, second.stderr
    assert emulator.requests == []
    assert json.loads(second.stdout)["_meta"] == json.loads(first.stdout)["_meta"]
    assert emulator.open_sessions() == 0


def test_one_search_page_per_itemtype_and_no_request_per_host(glpi, emulator, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--list")
    assert process.returncode == 0, process.stderr
    paths = sorted(r.path.strip("/") for r in emulator.requests)
    assert paths == sorted(["initSession", "killSession", "listSearchOptions/Computer", "search/Computer",
                            "listSearchOptions/NetworkEquipment", "search/NetworkEquipment"])


def test_bad_credentials_give_one_clear_line(glpi, emulator, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--list",
                                GLPI_USER_TOKEN="not-a-token-31337", GLPI_USERNAME="", GLPI_PASSWORD="")
    assert process.returncode != 0
    assert "ERROR_GLPI_LOGIN_USER_TOKEN" in process.stderr
    assert "Traceback" not in process.stderr and "not-a-token-31337" not in process.stderr + process.stdout
