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


DEFAULT_VARIABLES = {"glpi_id", "glpi_itemtype", "glpi_name", "glpi_entity", "glpi_location", "glpi_state",
                     "ansible_host"}


def test_host_variables_and_ansible_host(glpi, listed, tmp_path):
    # The addresses are read for ansible_host; glpi_ip_addresses is set when fields names them.
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\nfields: [ip_addresses]\n", "--list")
    assert process.returncode == 0, process.stderr
    with_addresses = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    assert set(with_addresses) == set(listed["_meta"]["hostvars"])
    for name, variables in with_addresses.items():
        default = listed["_meta"]["hostvars"][name]
        assert isinstance(variables["glpi_id"], int) and "glpi_ip_addresses" not in default
        assert isinstance(variables.get("glpi_ip_addresses", []), list)
        ipv4 = [ip for ip in variables.get("glpi_ip_addresses", [])
                if "." in ip and not ip.startswith(("127.", "169.254."))]
        if ipv4:
            assert variables["ansible_host"] == default["ansible_host"] == ipv4[0]
        else:
            assert "ansible_host" not in variables and "ansible_host" not in default
    assert any("glpi_ip_addresses" in variables for variables in with_addresses.values())


def test_only_the_default_variables_and_none_empty(listed):
    hostvars = listed["_meta"]["hostvars"]
    for variables in hostvars.values():
        assert set(variables) <= DEFAULT_VARIABLES, set(variables) - DEFAULT_VARIABLES
        assert [key for key, value in variables.items() if value in (None, "", [])] == []


def test_known_variables_by_name_in_fields(glpi, tmp_path):
    config = "plugin: glpi.itsm.glpi\nitemtypes: [Computer]\nfields: [serial, os, mac_addresses, Comments]\n"
    process = ansible_inventory(glpi, tmp_path, config, "--list")
    assert process.returncode == 0, process.stderr
    hostvars = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    with glpi.client() as client:
        serials = dict((item["name"], item["serial"]) for item in client.iter_items("Computer", is_deleted=False)
                       if item["name"] and not item.get("is_template"))
    assert dict((name, v.get("glpi_serial")) for name, v in hostvars.items()) == \
        dict((name, serial or None) for name, serial in serials.items())
    assert all(isinstance(v.get("glpi_mac_addresses", []), list) for v in hostvars.values())
    assert any("glpi_comment" in v for v in hostvars.values())


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
    # Plain JSON in the cache: tagged values (2.19+) would make reading it back slower than GLPI.
    [cache_file] = list((tmp_path / "cache").iterdir())
    assert "__ansible_type" not in cache_file.read_text()
    assert emulator.open_sessions() == 0


def test_one_search_page_per_itemtype_and_no_request_per_host(glpi, emulator, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--list")
    assert process.returncode == 0, process.stderr
    paths = sorted(r.path.strip("/") for r in emulator.requests)
    assert paths == sorted(["initSession", "killSession", "listSearchOptions/Computer", "search/Computer",
                            "listSearchOptions/NetworkEquipment", "search/NetworkEquipment"])
    # Only the columns of the default variables: id, name, entity, location, state, IP addresses.
    searches = [r.query for r in emulator.requests if r.path.strip("/").startswith("search/")]
    assert [query.count("forcedisplay") for query in searches] == [6, 6]


def test_bad_credentials_give_one_clear_line(glpi, emulator, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--list",
                                GLPI_USER_TOKEN="not-a-token-31337", GLPI_USERNAME="", GLPI_PASSWORD="")
    assert process.returncode != 0
    assert "ERROR_GLPI_LOGIN_USER_TOKEN" in process.stderr
    assert "Traceback" not in process.stderr and "not-a-token-31337" not in process.stderr + process.stdout


@pytest.fixture(scope="module")
def invtest(glpi):
    """Computers made for these tests: a duplicate name, an FQDN, an IPv6-only host, no name."""
    specs = [
        ("invtest-a", "INV-A", ["192.0.2.10", "2001:db8::a"], "invtest-a.example.com"),
        ("invtest-a", "INV-A2", ["192.0.2.11"], None),
        ("invtest-v6", "INV-V6", ["2001:db8::66"], None),
        ("", "INV-NONAME", [], None),
    ]
    ids = []
    with glpi.client() as client:
        for name, serial, addresses, netname in specs:
            [made] = client.add_items("Computer", {"name": name, "serial": serial, "comment": "invtest"})
            ids.append(made["id"])
            if addresses:
                [port] = client.add_items("NetworkPort", {"itemtype": "Computer", "items_id": made["id"],
                                                          "instantiation_type": "NetworkPortEthernet", "name": "eth0"})
                [net] = client.add_items("NetworkName", {"itemtype": "NetworkPort", "items_id": port["id"],
                                                         "name": netname or name})
                client.add_items("IPAddress", [{"itemtype": "NetworkName", "items_id": net["id"], "name": a}
                                               for a in addresses])
    yield ids
    with glpi.client() as client:
        client.delete_items("Computer", ids, force_purge=True)


INVTEST = """plugin: glpi.itsm.glpi
itemtypes: [Computer]
criteria:
  Computer:
    - field: Comments
      searchtype: contains
      value: invtest
"""


def listed_with(glpi, tmp_path, extra=""):
    process = ansible_inventory(glpi, tmp_path, INVTEST + extra, "--list")
    assert process.returncode == 0, process.stderr
    return plain(json.loads(process.stdout)), process.stderr


def test_criteria_by_display_name_and_duplicates_suffixed(glpi, invtest, tmp_path):
    listed, warnings = listed_with(glpi, tmp_path)
    hosts = sorted(listed["_meta"]["hostvars"])
    assert hosts == sorted(["invtest-a", "invtest-a_%d" % invtest[1], "invtest-v6"])
    assert "is also named 'invtest-a'" in warnings and "1 asset(s) gave no host name" in warnings


def test_duplicates_keep_first(glpi, invtest, tmp_path):
    listed, warnings = listed_with(glpi, tmp_path, "duplicate_hostnames: keep_first\n")
    assert sorted(listed["_meta"]["hostvars"]) == ["invtest-a", "invtest-v6"]
    assert listed["_meta"]["hostvars"]["invtest-a"]["glpi_id"] == invtest[0]


@pytest.mark.parametrize("sources,expected", [
    ("[serial]", ["INV-A", "INV-A2", "INV-NONAME", "INV-V6"]),
    ("[fqdn, name]", ["invtest-a", "invtest-a.example.com", "invtest-v6"]),
    ("[ip]", ["192.0.2.10", "192.0.2.11", "2001:db8::66"]),
    ("[\"glpi_serial | lower ~ '.inv'\"]", ["inv-a.inv", "inv-a2.inv", "inv-noname.inv", "inv-v6.inv"]),
])
def test_hostname_sources(glpi, invtest, tmp_path, sources, expected):
    listed, _warnings = listed_with(glpi, tmp_path, "hostnames: {0}\nlowercase_hostnames: false\n".format(sources))
    assert sorted(listed["_meta"]["hostvars"]) == sorted(expected)


def test_uuid_source_and_lowercase(glpi, tmp_path):
    config = "plugin: glpi.itsm.glpi\nitemtypes: [Computer]\nhostnames: [uuid]\nlowercase_hostnames: true\n"
    process = ansible_inventory(glpi, tmp_path, config, "--list")
    assert process.returncode == 0, process.stderr
    hosts = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    with glpi.client() as client:
        uuids = set(item["uuid"].lower() for item in client.iter_items("Computer", is_deleted=False)
                    if item.get("uuid") and not item.get("is_template"))
    assert uuids and set(hosts) == uuids
    assert all("glpi_uuid" not in variables for variables in hosts.values())  # read only to name hosts


@pytest.mark.parametrize("version,expected", [
    ("ipv4_first", {"invtest-a": "192.0.2.10", "invtest-v6": "2001:db8::66"}),
    ("ipv6_first", {"invtest-a": "2001:db8::a", "invtest-v6": "2001:db8::66"}),
    ("ipv4_only", {"invtest-a": "192.0.2.10", "invtest-v6": None}),
])
def test_ip_version_for_ansible_host(glpi, invtest, tmp_path, version, expected):
    listed, _warnings = listed_with(glpi, tmp_path, "ip_version: {0}\n".format(version))
    hosts = listed["_meta"]["hostvars"]
    assert dict((h, hosts[h].get("ansible_host")) for h in expected) == expected


def test_ansible_host_from_another_source_or_none(glpi, invtest, tmp_path):
    listed, _warnings = listed_with(glpi, tmp_path, "ansible_host: serial\n")
    assert listed["_meta"]["hostvars"]["invtest-v6"]["ansible_host"] == "INV-V6"
    listed, _warnings = listed_with(glpi, tmp_path, "ansible_host: none\n")
    assert all("ansible_host" not in v for v in listed["_meta"]["hostvars"].values())


def test_compose_and_keyed_groups_on_the_plugins_variables(glpi, invtest, tmp_path):
    extra = ("compose:\n  ansible_user: \"'admin' if glpi_serial == 'INV-V6' else 'ansible'\"\n"
             "keyed_groups:\n  - key: glpi_serial\n    prefix: serial\n"
             "groups:\n  dual_stack: glpi_ip_addresses | length > 1\n")
    listed, _warnings = listed_with(glpi, tmp_path, extra)
    assert listed["_meta"]["hostvars"]["invtest-v6"]["ansible_user"] == "admin"
    assert listed["_meta"]["hostvars"]["invtest-a"]["ansible_user"] == "ansible"
    assert listed["serial_INV_V6"]["hosts"] == ["invtest-v6"]
    assert listed["dual_stack"]["hosts"] == ["invtest-a"]


def test_extra_fields_and_typed_values(glpi, invtest, tmp_path):
    listed, _warnings = listed_with(glpi, tmp_path, "fields: [Comments, Alternate username, ID, ip_addresses]\n")
    host = listed["_meta"]["hostvars"]["invtest-v6"]
    assert host["glpi_comment"] == "invtest" and "glpi_alternate_username" not in host
    assert isinstance(host["glpi_id"], int) and host["glpi_ip_addresses"] == ["2001:db8::66"]


def test_include_trashed(glpi, emulator, tmp_path):
    config = "plugin: glpi.itsm.glpi\nitemtypes: [Computer]\ninclude_trashed: true\n"
    process = ansible_inventory(glpi, tmp_path, config, "--list")
    hosts = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    assert hosts["pc-retired-01"]["glpi_is_deleted"] == 1 and hosts["pc-005"]["glpi_is_deleted"] == 0


def test_empty_result(glpi, tmp_path):
    config = INVTEST.replace("value: invtest", "value: nothing-is-named-like-this")
    process = ansible_inventory(glpi, tmp_path, config, "--graph")
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "@all:\n  |--@ungrouped:"


def test_graph_nests_the_trees(glpi, emulator, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--graph")
    assert process.returncode == 0, process.stderr
    assert "|--@glpi_location_Paris:\n  |  |--@glpi_location_Paris_Building_A:" in process.stdout


@pytest.mark.parametrize("total,expected_ranges", [(1000, ["0-999"]), (1001, ["0-999", "1000-1000"])])
def test_page_boundaries(glpi, tmp_path, total, expected_ranges):
    from emulator import GlpiEmulator
    with GlpiEmulator() as big:
        big.add_bulk_assets(computers=total)
        config = "plugin: glpi.itsm.glpi\nitemtypes: [Computer]\n"
        path = tmp_path / "big.glpi.yml"
        path.write_text(config)
        process = subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(path), "--list"],
            env=dict(os.environ, GLPI_URL=big.api_url, GLPI_USERNAME="glpi", GLPI_PASSWORD="glpi", GLPI_USER_TOKEN=""),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)
        assert process.returncode == 0, process.stderr
        assert len(json.loads(process.stdout)["_meta"]["hostvars"]) == total
        searches = [r.query for r in big.requests if r.path.strip("/") == "search/Computer"]
        assert sorted(q.split("range=")[1].split("&")[0] for q in searches) == expected_ranges


def test_a_failed_load_leaves_no_host_behind(glpi, emulator, tmp_path):
    # The computers are added page by page before the network equipment's search fails. Ansible
    # goes on without a source it could not parse when another one parsed (here an INI file),
    # and must not go on with half of this one.
    emulator.add_fault("status", times=-1, method="GET", path="search/NetworkEquipment", status=500)
    static = tmp_path / "static.ini"
    static.write_text("static-host\n")
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\nmax_workers: 1\n", "--list",
                                "-i", str(static), ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="0")
    assert process.returncode == 0, process.stderr
    assert "Unable to parse" in process.stderr
    assert any(r.path.strip("/") == "search/Computer" for r in emulator.requests)
    listed = json.loads(process.stdout)
    assert list(listed["_meta"]["hostvars"]) in ([], ["static-host"])
    assert set(listed) == {"_meta", "all", "ungrouped"}  # no group of the plugin left behind
    assert listed["ungrouped"]["hosts"] == ["static-host"]


@pytest.mark.parametrize("config,env,expected", [
    ("plugin: glpi.itsm.glpi\n", {"GLPI_URL": "http://127.0.0.1:9/apirest.php"}, "could not connect"),
    ("plugin: glpi.itsm.glpi\n", {"GLPI_USER_TOKEN": "", "GLPI_USERNAME": "post-only", "GLPI_PASSWORD": "postonly"},
     "ERROR_RIGHT_MISSING"),
    ("plugin: glpi.itsm.glpi\ncriteria:\n  Computer:\n    - field: Colour\n      value: red\n", {},
     "criteria.Computer[0].field: Computer has no search option 'Colour'"),
    ("plugin: glpi.itsm.glpi\nfields: [No such column]\n", {}, "fields: Computer has no search option"),
])
def test_errors_are_one_clear_line(glpi, emulator, tmp_path, config, env, expected):
    process = ansible_inventory(glpi, tmp_path, config, "--list", **env)
    assert process.returncode != 0
    assert expected in process.stderr, process.stderr
    assert "Traceback" not in process.stderr
    for secret in ("postonly", glpi.user_token, "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"):
        assert secret not in process.stderr.replace("post-only", "")


def unsafe_wrapped(value):
    """The strings ansible-inventory wrote as {"__ansible_unsafe": ...} (ansible-core's mark for
    text it will never template)."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return [value["__ansible_unsafe"]]
        return [text for item in value.values() for text in unsafe_wrapped(item)]
    if isinstance(value, list):
        return [text for item in value for text in unsafe_wrapped(item)]
    return []


def test_glpi_values_are_never_templates_and_the_rest_prints_plain(glpi, tmp_path):
    """The full check runs on every ansible-core line in tests/compat; this one on the suite's line."""
    marker = tmp_path / "evaluated"
    payload = "{{ lookup('pipe', 'touch %s') }}" % marker
    with glpi.client() as client:
        [made] = client.add_items("Computer", {"name": "invtrust-01", "serial": "TRUST-1", "comment": payload})
    try:
        config = ("plugin: glpi.itsm.glpi\nitemtypes: [Computer]\nfields: [comment, serial]\n"
                  "compose:\n  copied: glpi_comment\n  lower_serial: glpi_serial | lower\n")
        process = ansible_inventory(glpi, tmp_path, config, "--list", "--export")
        assert process.returncode == 0, process.stderr
        listed = json.loads(process.stdout)
        host = plain(listed["_meta"]["hostvars"]["invtrust-01"])
        assert host["glpi_comment"] == host["copied"] == payload and host["glpi_serial"] == "TRUST-1"
        assert host["lower_serial"] == "trust-1"
        assert set(unsafe_wrapped(listed)) <= {payload}  # AWX imports every other string as a string
        playbook = tmp_path / "use.yml"
        playbook.write_text(u"- hosts: invtrust-01\n  gather_facts: false\n  connection: local\n  tasks:\n"
                            u"    - debug:\n        msg: \"[{{ glpi_comment }}] [{{ copied }}]\"\n")
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i",
                   str(tmp_path / "test.glpi.yml"), str(playbook), "-e", "ansible_python_interpreter=" + sys.executable]
        run = subprocess.run(command, env=dict(os.environ, ANSIBLE_NOCOLOR="1", **glpi.env()), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
        assert run.returncode == 0, run.stdout
        assert "[{0}] [{0}]".format(payload).replace("'", "\\'") in run.stdout or \
            "[{0}] [{0}]".format(payload) in run.stdout, run.stdout
        assert not marker.exists()
    finally:
        with glpi.client() as client:
            client.delete_items("Computer", [made["id"]], force_purge=True)
