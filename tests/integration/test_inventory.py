# -*- coding: utf-8 -*-
"""The glpi.itsm.glpi inventory plugin with ansible-inventory, as a user runs it."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from conftest import add_record, plain


def ansible_inventory(glpi, config_dir, config, *args, **env):
    path = os.path.join(str(config_dir), "test.glpi.yml")
    with open(path, "w") as out:
        out.write(config)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path] + list(args)
    full_env = dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1", **glpi.env())
    full_env.update(env)
    return subprocess.run(command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300, check=False)


def add_address(client, computer_id, netname, addresses, itemtype="Computer", fqdn_id=None):
    """A port, a network name (a label: GLPI refuses dots there) and its addresses."""
    port = add_record(client, "NetworkPort", {"itemtype": itemtype, "items_id": computer_id,
                                              "instantiation_type": "NetworkPortEthernet", "name": "eth0"})
    fields = {"itemtype": "NetworkPort", "items_id": port, "name": netname}
    if fqdn_id:
        fields["fqdns_id"] = fqdn_id
    net = add_record(client, "NetworkName", fields)
    if addresses:
        client.add_items("IPAddress", [{"itemtype": "NetworkName", "items_id": net, "name": a} for a in addresses])


@pytest.fixture(scope="module")
def assets(glpi):
    """Assets of this module, all named with its prefix: a location tree (no '-' in its names:
    they become group names), two computers in it, a switch, a computer in the trash bin and a
    template."""
    prefix = glpi.unique("invasset")
    site = "Site" + glpi.run_id + prefix[-6:]
    made = []
    with glpi.client() as client:
        try:
            site_id = add_record(client, "Location", {"name": site})
            made.append(("Location", site_id))
            building_id = add_record(client, "Location", {"name": "Building A", "locations_id": site_id})
            made.insert(0, ("Location", building_id))
            names = dict(pc1=prefix + "-pc-1", pc2=prefix + "-pc-2", switch=prefix + "-sw-1",
                         retired=prefix + "-retired", template=prefix + "-tpl")
            pc1 = add_record(client, "Computer", {"name": names["pc1"], "serial": "SER-" + prefix,
                                                  "locations_id": building_id, "comment": "inventory test"})
            made.insert(0, ("Computer", pc1))
            add_address(client, pc1, "pc1", ["192.0.2.41", "2001:db8::41"])
            pc2 = add_record(client, "Computer", {"name": names["pc2"], "locations_id": site_id})
            made.insert(0, ("Computer", pc2))
            switch = add_record(client, "NetworkEquipment", {"name": names["switch"]})
            made.insert(0, ("NetworkEquipment", switch))
            add_address(client, switch, "sw1", ["192.0.2.42"], itemtype="NetworkEquipment")
            retired = add_record(client, "Computer", {"name": names["retired"]})
            made.insert(0, ("Computer", retired))
            client.delete_items("Computer", retired)  # to the trash bin
            template = add_record(client, "Computer", {"name": names["template"], "is_template": 1,
                                                       "template_name": names["template"]})
            made.insert(0, ("Computer", template))
            yield dict(names, prefix=prefix, site=site, ids=dict(pc1=pc1, pc2=pc2, switch=switch, retired=retired))
        finally:
            for itemtype, item_id in made:
                client.delete_items(itemtype, item_id, force_purge=True)


def assets_config(assets, extra=""):
    """The configuration that lists the assets of this module (and nothing else of the GLPI)."""
    return ("plugin: glpi.itsm.glpi\nitemtypes: [Computer, NetworkEquipment]\ncriteria:\n"
            "  Computer:\n    - {field: Name, searchtype: contains, value: '^%s'}\n"
            "  NetworkEquipment:\n    - {field: Name, searchtype: contains, value: '^%s'}\n"
            % (assets["prefix"], assets["prefix"])) + extra


@pytest.fixture(scope="module")
def listed(glpi, assets, tmp_path_factory):
    process = ansible_inventory(glpi, tmp_path_factory.mktemp("inventory"), assets_config(assets), "--list")
    assert process.returncode == 0, process.stderr
    return plain(json.loads(process.stdout))


def test_every_asset_is_a_host(glpi, assets, listed):
    hostvars = listed["_meta"]["hostvars"]
    expected = dict(Computer=sorted([assets["pc1"], assets["pc2"]]), NetworkEquipment=[assets["switch"]])
    with glpi.client() as client:
        for itemtype in ("Computer", "NetworkEquipment"):
            names = sorted(v["glpi_name"] for v in hostvars.values() if v["glpi_itemtype"] == itemtype)
            assert names == expected[itemtype]
            # what GLPI itself lists: not trashed, not templates
            assert names == sorted(item["name"] for item in client.iter_items(
                itemtype, is_deleted=False, get_hateoas=False, searchText={"name": "^" + assets["prefix"]})
                if not item.get("is_template"))


def test_trashed_assets_and_templates_are_left_out(assets, listed):
    hosts = listed["_meta"]["hostvars"]
    assert assets["retired"] not in hosts and assets["template"] not in hosts
    assert assets["pc1"] in hosts


DEFAULT_VARIABLES = {"glpi_id", "glpi_itemtype", "glpi_name", "glpi_entity", "glpi_location", "glpi_state",
                     "ansible_host"}


def test_host_variables_and_ansible_host(glpi, assets, listed, tmp_path):
    # The addresses are read for ansible_host; glpi_ip_addresses is set when fields names them.
    process = ansible_inventory(glpi, tmp_path, assets_config(assets, "fields: [ip_addresses]\n"), "--list")
    assert process.returncode == 0, process.stderr
    with_addresses = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    hostvars = listed["_meta"]["hostvars"]
    assert set(with_addresses) == set(hostvars)
    for name, variables in with_addresses.items():
        default = hostvars[name]
        assert isinstance(variables["glpi_id"], int) and "glpi_ip_addresses" not in default
        assert isinstance(variables.get("glpi_ip_addresses", []), list)
        ipv4 = [ip for ip in variables.get("glpi_ip_addresses", [])
                if "." in ip and not ip.startswith(("127.", "169.254."))]
        if ipv4:
            assert variables["ansible_host"] == default["ansible_host"] == ipv4[0]
        else:
            assert "ansible_host" not in variables and "ansible_host" not in default
    assert hostvars[assets["pc1"]]["ansible_host"] == "192.0.2.41"
    assert sorted(with_addresses[assets["pc1"]]["glpi_ip_addresses"]) == ["192.0.2.41", "2001:db8::41"]
    assert hostvars[assets["switch"]]["ansible_host"] == "192.0.2.42"
    assert "ansible_host" not in hostvars[assets["pc2"]]


def test_only_the_default_variables_and_none_empty(listed):
    hostvars = listed["_meta"]["hostvars"]
    for variables in hostvars.values():
        assert set(variables) <= DEFAULT_VARIABLES, set(variables) - DEFAULT_VARIABLES
        assert [key for key, value in variables.items() if value in (None, "", [])] == []


def test_known_variables_by_name_in_fields(glpi, assets, tmp_path):
    config = assets_config(assets, "fields: [serial, os, mac_addresses, Comments]\n").replace(
        "itemtypes: [Computer, NetworkEquipment]", "itemtypes: [Computer]")
    process = ansible_inventory(glpi, tmp_path, config, "--list")
    assert process.returncode == 0, process.stderr
    hostvars = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    assert dict((name, v.get("glpi_serial")) for name, v in hostvars.items()) == \
        {assets["pc1"]: "SER-" + assets["prefix"], assets["pc2"]: None}
    assert all(isinstance(v.get("glpi_mac_addresses", []), list) for v in hostvars.values())
    assert hostvars[assets["pc1"]]["glpi_comment"] == "inventory test" and "glpi_comment" not in hostvars[assets["pc2"]]


def test_entity_and_location_trees_are_nested_groups(assets, listed):
    site = "glpi_location_" + assets["site"]
    building = site + "_Building_A"
    assert listed["_meta"]["hostvars"][assets["pc1"]]["glpi_location"] == assets["site"] + " > Building A"
    assert building in listed[site]["children"]
    assert listed[building]["hosts"] == [assets["pc1"]] and listed[site]["hosts"] == [assets["pc2"]]
    assert "glpi_itemtype_Computer" in listed["all"]["children"]


def test_cached_run_sends_no_request(glpi, assets, tmp_path):
    config = assets_config(assets, "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: {0}\n"
                           .format(tmp_path / "cache"))
    first = ansible_inventory(glpi, tmp_path, config, "--list")
    assert first.returncode == 0, first.stderr
    glpi.clear()
    second = ansible_inventory(glpi, tmp_path, config, "--list")
    assert second.returncode == 0, second.stderr
    assert glpi.requests() == []
    assert json.loads(second.stdout)["_meta"] == json.loads(first.stdout)["_meta"]
    # Plain JSON in the cache: tagged values (2.19+) would make reading it back slower than GLPI.
    [cache_file] = list((tmp_path / "cache").iterdir())
    assert "__ansible_type" not in cache_file.read_text()
    assert glpi.open_sessions() == 0


def test_one_search_page_per_itemtype_and_no_request_per_host(glpi, assets, tmp_path):
    process = ansible_inventory(glpi, tmp_path, assets_config(assets), "--list")
    assert process.returncode == 0, process.stderr
    paths = sorted(r.path.strip("/") for r in glpi.requests())
    assert paths == sorted(["initSession", "killSession", "listSearchOptions/Computer", "search/Computer",
                            "listSearchOptions/NetworkEquipment", "search/NetworkEquipment"])
    # Only the columns of the default variables: id, name, entity, location, state, IP addresses.
    searches = [r.query for r in glpi.requests() if r.path.strip("/").startswith("search/")]
    assert [query.count("forcedisplay") for query in searches] == [6, 6]


def test_bad_credentials_give_one_clear_line(glpi, tmp_path):
    process = ansible_inventory(glpi, tmp_path, "plugin: glpi.itsm.glpi\n", "--list",
                                GLPI_USER_TOKEN="not-a-token-31337", GLPI_USERNAME="", GLPI_PASSWORD="")
    assert process.returncode != 0
    assert "ERROR_GLPI_LOGIN_USER_TOKEN" in process.stderr
    assert "Traceback" not in process.stderr and "not-a-token-31337" not in process.stderr + process.stdout


@pytest.fixture(scope="module")
def invtest(glpi):
    """Computers made for these tests: a duplicate name, an FQDN, an IPv6-only host, no name.

    GLPI keeps a network name as a label (it refuses dots there: "Invalid internet name") and its
    domain in an FQDN record the network name points to (fqdns_id): the first computer's FQDN is
    <its name>.<the FQDN record's fqdn>."""
    prefix = glpi.unique("invtest")
    names = dict(a=prefix + "-a", v6=prefix + "-v6")
    specs = [
        (names["a"], "INV-A", "4C4C4544-0041-1000-8000-%s" % prefix[-6:].upper().rjust(12, "0"),
         ["192.0.2.10", "2001:db8::a"], True),
        (names["a"], "INV-A2", "", ["192.0.2.11"], False),
        (names["v6"], "INV-V6", "4c4c4544-0066-1000-8000-00000000aa66", ["2001:db8::66"], False),
        ("", "INV-NONAME", "", [], False),
    ]
    ids = []
    with glpi.client() as client:
        domain = prefix + ".example.com"
        fqdn_id = add_record(client, "FQDN", {"name": domain, "fqdn": domain})
        for name, serial, uuid, addresses, with_fqdn in specs:
            [made] = client.add_items("Computer", {"name": name, "serial": serial, "uuid": uuid, "comment": prefix})
            ids.append(made["id"])
            if addresses:
                add_address(client, made["id"], name, addresses, fqdn_id=fqdn_id if with_fqdn else None)
    yield dict(ids=ids, prefix=prefix, fqdn="%s.%s" % (names["a"], domain.lower()),
               uuids=[s[2] for s in specs if s[2]], **names)
    with glpi.client() as client:
        client.delete_items("Computer", ids, force_purge=True)
        client.delete_items("FQDN", fqdn_id, force_purge=True)


def invtest_config(invtest, extra=""):
    return ("plugin: glpi.itsm.glpi\nitemtypes: [Computer]\ncriteria:\n  Computer:\n"
            "    - field: Comments\n      searchtype: contains\n      value: '%s'\n" % invtest["prefix"]) + extra


def listed_with(glpi, tmp_path, invtest, extra=""):
    process = ansible_inventory(glpi, tmp_path, invtest_config(invtest, extra), "--list")
    assert process.returncode == 0, process.stderr
    return plain(json.loads(process.stdout)), process.stderr


def test_criteria_by_display_name_and_duplicates_suffixed(glpi, invtest, tmp_path):
    listed, warnings = listed_with(glpi, tmp_path, invtest)
    hosts = sorted(listed["_meta"]["hostvars"])
    assert hosts == sorted([invtest["a"], "%s_%d" % (invtest["a"], invtest["ids"][1]), invtest["v6"]])
    assert "is also named '%s'" % invtest["a"] in warnings and "1 asset(s) gave no host name" in warnings


def test_duplicates_keep_first(glpi, invtest, tmp_path):
    listed, warnings = listed_with(glpi, tmp_path, invtest, "duplicate_hostnames: keep_first\n")
    assert sorted(listed["_meta"]["hostvars"]) == [invtest["a"], invtest["v6"]]
    assert listed["_meta"]["hostvars"][invtest["a"]]["glpi_id"] == invtest["ids"][0]


@pytest.mark.parametrize("sources,expected", [
    ("[serial]", ["INV-A", "INV-A2", "INV-NONAME", "INV-V6"]),
    ("[ip]", ["192.0.2.10", "192.0.2.11", "2001:db8::66"]),
    ("[\"glpi_serial | lower ~ '.inv'\"]", ["inv-a.inv", "inv-a2.inv", "inv-noname.inv", "inv-v6.inv"]),
])
def test_hostname_sources(glpi, invtest, tmp_path, sources, expected):
    listed, _warnings = listed_with(glpi, tmp_path, invtest,
                                    "hostnames: {0}\nlowercase_hostnames: false\n".format(sources))
    assert sorted(listed["_meta"]["hostvars"]) == sorted(expected)


def test_fqdn_hostname_source(glpi, invtest, tmp_path):
    """The first computer's FQDN (its network name and the domain of its FQDN record), the others'
    names: none of them has an FQDN. `fields: [fqdns]` sets the list."""
    listed, _warnings = listed_with(glpi, tmp_path, invtest,
                                    "hostnames: [fqdn, name]\nlowercase_hostnames: false\nfields: [fqdns]\n")
    hosts = listed["_meta"]["hostvars"]
    assert sorted(hosts) == sorted([invtest["a"], invtest["fqdn"], invtest["v6"]])
    assert hosts[invtest["fqdn"]]["glpi_fqdns"] == [invtest["fqdn"]]
    assert "glpi_fqdns" not in hosts[invtest["v6"]]


def test_uuid_source_and_lowercase(glpi, invtest, tmp_path):
    listed, _warnings = listed_with(glpi, tmp_path, invtest, "hostnames: [uuid]\nlowercase_hostnames: true\n")
    hosts = listed["_meta"]["hostvars"]
    assert sorted(hosts) == sorted(u.lower() for u in invtest["uuids"])  # those without a uuid are left out
    assert any(u != u.lower() for u in invtest["uuids"])
    assert all("glpi_uuid" not in variables for variables in hosts.values())  # read only to name hosts


@pytest.mark.parametrize("version,expected_a,expected_v6", [
    ("ipv4_first", "192.0.2.10", "2001:db8::66"),
    ("ipv6_first", "2001:db8::a", "2001:db8::66"),
    ("ipv4_only", "192.0.2.10", None),
])
def test_ip_version_for_ansible_host(glpi, invtest, tmp_path, version, expected_a, expected_v6):
    listed, _warnings = listed_with(glpi, tmp_path, invtest, "ip_version: {0}\n".format(version))
    hosts = listed["_meta"]["hostvars"]
    assert (hosts[invtest["a"]].get("ansible_host"), hosts[invtest["v6"]].get("ansible_host")) == \
        (expected_a, expected_v6)


def test_ansible_host_from_another_source_or_none(glpi, invtest, tmp_path):
    listed, _warnings = listed_with(glpi, tmp_path, invtest, "ansible_host: serial\n")
    assert listed["_meta"]["hostvars"][invtest["v6"]]["ansible_host"] == "INV-V6"
    listed, _warnings = listed_with(glpi, tmp_path, invtest, "ansible_host: none\n")
    assert all("ansible_host" not in v for v in listed["_meta"]["hostvars"].values())


def test_compose_and_keyed_groups_on_the_plugins_variables(glpi, invtest, tmp_path):
    extra = ("compose:\n  ansible_user: \"'admin' if glpi_serial == 'INV-V6' else 'ansible'\"\n"
             "keyed_groups:\n  - key: glpi_serial\n    prefix: serial\n"
             "groups:\n  dual_stack: glpi_ip_addresses | length > 1\n")
    listed, _warnings = listed_with(glpi, tmp_path, invtest, extra)
    assert listed["_meta"]["hostvars"][invtest["v6"]]["ansible_user"] == "admin"
    assert listed["_meta"]["hostvars"][invtest["a"]]["ansible_user"] == "ansible"
    assert listed["serial_INV_V6"]["hosts"] == [invtest["v6"]]
    assert listed["dual_stack"]["hosts"] == [invtest["a"]]


def test_extra_fields_and_typed_values(glpi, invtest, tmp_path):
    listed, _warnings = listed_with(glpi, tmp_path, invtest, "fields: [Comments, Alternate username, ID, ip_addresses]\n")
    host = listed["_meta"]["hostvars"][invtest["v6"]]
    assert host["glpi_comment"] == invtest["prefix"] and "glpi_alternate_username" not in host
    assert isinstance(host["glpi_id"], int) and host["glpi_ip_addresses"] == ["2001:db8::66"]


def test_include_trashed(glpi, assets, tmp_path):
    config = assets_config(assets, "include_trashed: true\n")
    process = ansible_inventory(glpi, tmp_path, config, "--list")
    assert process.returncode == 0, process.stderr
    hosts = plain(json.loads(process.stdout))["_meta"]["hostvars"]
    assert hosts[assets["retired"]]["glpi_is_deleted"] == 1 and hosts[assets["pc1"]]["glpi_is_deleted"] == 0
    assert assets["template"] not in hosts


def test_empty_result(glpi, invtest, tmp_path):
    config = invtest_config(invtest).replace(invtest["prefix"], "nothing-is-named-like-this")
    process = ansible_inventory(glpi, tmp_path, config, "--graph")
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "@all:\n  |--@ungrouped:"


def test_graph_nests_the_trees(glpi, assets, tmp_path):
    process = ansible_inventory(glpi, tmp_path, assets_config(assets), "--graph")
    assert process.returncode == 0, process.stderr
    site = "glpi_location_" + assets["site"]
    assert "|--@{0}:\n  |  |--@{0}_Building_A:".format(site) in process.stdout, process.stdout


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


def test_a_failed_load_leaves_no_host_behind(glpi, assets, tmp_path):
    # The computers are added page by page before the network equipment's search fails. Ansible
    # goes on without a source it could not parse when another one parsed (here an INI file),
    # and must not go on with half of this one.
    glpi.add_fault("status", times=-1, method="GET", path="search/NetworkEquipment", status=500)
    static = tmp_path / "static.ini"
    static.write_text("static-host\n")
    process = ansible_inventory(glpi, tmp_path, assets_config(assets, "max_workers: 1\n"), "--list",
                                "-i", str(static), ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="0")
    assert process.returncode == 0, process.stderr
    assert "Unable to parse" in process.stderr
    assert [r.status for r in glpi.requests("^/?search/Computer")] == [200]
    listed = json.loads(process.stdout)
    assert list(listed["_meta"]["hostvars"]) in ([], ["static-host"])
    assert set(listed) == {"_meta", "all", "ungrouped"}  # no group of the plugin left behind
    assert listed["ungrouped"]["hosts"] == ["static-host"]


@pytest.fixture(scope="module")
def self_service(glpi):
    """A user of this module with the Self-Service profile (no right on assets): (login, password)."""
    user_id, login, password, _token = glpi.make_user(profile_id=1)
    yield login, password
    glpi.remove_user(user_id)


@pytest.mark.parametrize("config,env,expected", [
    ("plugin: glpi.itsm.glpi\n", {"GLPI_URL": "http://127.0.0.1:9/apirest.php"}, "could not connect"),
    ("plugin: glpi.itsm.glpi\n", {"GLPI_USER_TOKEN": "", "GLPI_USERNAME": "{login}", "GLPI_PASSWORD": "{password}"},
     "ERROR_RIGHT_MISSING"),
    ("plugin: glpi.itsm.glpi\ncriteria:\n  Computer:\n    - field: Colour\n      value: red\n", {},
     "criteria.Computer[0].field: Computer has no search option 'Colour'"),
    ("plugin: glpi.itsm.glpi\nfields: [No such column]\n", {}, "fields: Computer has no search option"),
], ids=["unreachable", "no-right", "unknown-criterion", "unknown-field"])
def test_errors_are_one_clear_line(glpi, self_service, tmp_path, config, env, expected):
    login, password = self_service
    env = dict((k, v.format(login=login, password=password)) for k, v in env.items())
    process = ansible_inventory(glpi, tmp_path, config, "--list", **env)
    assert process.returncode != 0
    assert expected in process.stderr, process.stderr
    assert "Traceback" not in process.stderr
    for secret in (password, glpi.user_token):
        assert not secret or secret not in process.stderr


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
    name = glpi.unique("invtrust")
    with glpi.client() as client:
        [made] = client.add_items("Computer", {"name": name, "serial": "TRUST-1", "comment": payload})
    try:
        config = ("plugin: glpi.itsm.glpi\nitemtypes: [Computer]\nfields: [comment, serial]\n"
                  "criteria:\n  Computer:\n    - {field: Name, searchtype: contains, value: '^%s$'}\n"
                  "compose:\n  copied: glpi_comment\n  lower_serial: glpi_serial | lower\n" % name)
        process = ansible_inventory(glpi, tmp_path, config, "--list", "--export")
        assert process.returncode == 0, process.stderr
        listed = json.loads(process.stdout)
        host = plain(listed["_meta"]["hostvars"][name])
        assert host["glpi_comment"] == host["copied"] == payload and host["glpi_serial"] == "TRUST-1"
        assert host["lower_serial"] == "trust-1"
        assert set(unsafe_wrapped(listed)) <= {payload}  # AWX imports every other string as a string
        playbook = tmp_path / "use.yml"
        playbook.write_text(u"- hosts: %s\n  gather_facts: false\n  connection: local\n  tasks:\n"
                            u"    - debug:\n        msg: \"[{{ glpi_comment }}] [{{ copied }}]\"\n" % name)
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
