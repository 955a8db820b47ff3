# -*- coding: utf-8 -*-
"""The roles glpi.itsm.register_host and glpi.itsm.session, applied by ansible-playbook to fake
hosts (local connection, hand-written facts) as a user applies them.

The write requests are counted at the counting proxy in front of the GLPI of the tests (the
emulator, or a real GLPI with GLPI_TEST_URL): a second run and check mode send none. Every name
carries a random suffix and what the tests made is purged at the end. Each test runs alone, in
any order and in any pytest-xdist worker: the hosts recorded once per module (and worker) by the
`recorded` fixture are those the tests of recorded hosts find.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import json
import os
import random
import re
import subprocess
import sys

import pytest

from conftest import HERE, find_exact

KINDS = ("web", "db", "win")
REAL_FACT_DROPDOWNS = ("Manufacturer", "ComputerModel", "OperatingSystem", "OperatingSystemVersion")


def run_play(playbook, glpi, inventory, *args):
    """ansible-playbook on targets/<playbook> with the given inventory, connection from the GLPI_*
    variables; returns (exit code, output, {host: {recap counter: value}})."""
    env = dict((k, v) for k, v in os.environ.items() if not (k.startswith("GLPI_") and not k.startswith("GLPI_TEST_")))
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **glpi.env())
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
               os.path.join(HERE, "targets", playbook)] + list(args)
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=600, check=False)
    recap = {}
    for host, counters in re.findall(r"^(\S+)\s*:\s*(ok=.*)$", process.stdout, re.M):
        recap[host] = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", counters))
    return process.returncode, process.stdout, recap


def total(recap, counter):
    return sum(counters.get(counter, 0) for counters in recap.values())


def write_inventory(path, suffix):
    """Three hosts on the local connection, each with its `kind` of hand-written facts."""
    lines = ["[fake]"] + ["rh-{0}-{1} kind={0}".format(kind, suffix) for kind in KINDS]
    lines += ["", "[fake:vars]", "ansible_connection=local", "ansible_python_interpreter=" + sys.executable]
    path.write_text("\n".join(lines) + "\n")
    return path


def one(client, record_type, **identity):
    found = find_exact(client, record_type, **identity)
    assert len(found) == 1, (record_type, identity, found)
    return found[0]


def name_of(client, itemtype, item_id):
    return client.get_item(itemtype, item_id, get_hateoas=False)["name"]


def requests_to(glpi, resource):
    return [r for r in glpi.requests() if r.path.strip("/").split("/")[0] == resource]


class Run(object):
    """What one test module made: its suffix, inventory and GLPI objects (purged at the end)."""

    def __init__(self, glpi, tmp_path):
        self.glpi = glpi
        self.suffix = str(random.randint(100000, 999999))
        self.inventory = write_inventory(tmp_path / "hosts.ini", self.suffix)
        self.hosts = ["rh-{0}-{1}".format(kind, self.suffix) for kind in KINDS]
        self.local_host = "rh-local-" + self.suffix  # a host whose real facts the role gathers
        self.real_dropdowns = []  # dropdowns the role made from this machine's facts: (itemtype, id)

    def play(self, playbook, *args):
        self.glpi.clear()
        return run_play(playbook, self.glpi, self.inventory, "-e", "suffix=" + self.suffix, *args)

    def writes(self):
        """The write requests of the last play, as (method, path)."""
        return self.glpi.write_paths()

    def purge(self):
        """Purge what the run made; every record is tried, then the first failure is raised."""
        from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError
        errors = []

        def purge(client, itemtype, ids):
            ids = [i for i in ids if i]
            if not ids:  # GLPI 11 refuses a purge of no record
                return
            try:
                client.delete_items(itemtype, ids, force_purge=True)
            except GlpiError as error:
                errors.append("{0} {1}: {2}".format(itemtype, ids, error))

        s = self.suffix
        with self.glpi.client() as client:
            for host in self.hosts + [self.local_host]:
                for computer in find_exact(client, "Computer", name=host):
                    for port in find_exact(client, "NetworkPort", itemtype="Computer", items_id=computer["id"]):
                        for netname in find_exact(client, "NetworkName", itemtype="NetworkPort", items_id=port["id"]):
                            ips = find_exact(client, "IPAddress", itemtype="NetworkName", items_id=netname["id"])
                            purge(client, "IPAddress", [ip["id"] for ip in ips])
                            purge(client, "NetworkName", [netname["id"]])
                        purge(client, "NetworkPort", [port["id"]])
                    links = find_exact(client, "Item_OperatingSystem", itemtype="Computer", items_id=computer["id"])
                    purge(client, "Item_OperatingSystem", [link["id"] for link in links])
                    purge(client, "Computer", [computer["id"]])
            for itemtype, name in (("Manufacturer", "Acme-" + s), ("ComputerModel", "Rack 1U " + s),
                                   ("ComputerModel", "Tower " + s), ("ComputerModel", "Desk " + s),
                                   ("OperatingSystem", "TestOS " + s), ("OperatingSystem", "Windows Server " + s),
                                   ("OperatingSystemVersion", "12.5-" + s), ("OperatingSystemVersion", "10.0." + s),
                                   ("Location", "Rack 1"), ("Location", "rh-site-" + s), ("Location", "rs-site-" + s),
                                   ("State", "rh-state-" + s)):
                found = [r for r in find_exact(client, itemtype, name=name)
                         if itemtype != "Location" or s in (r.get("completename") or "")]
                purge(client, itemtype, [r["id"] for r in found])
            for itemtype, item_id in self.real_dropdowns:
                purge(client, itemtype, [item_id])
        assert not errors, errors


@pytest.fixture(scope="module")
def run(glpi, tmp_path_factory):
    made = Run(glpi, tmp_path_factory.mktemp("roles"))
    try:
        yield made
    finally:
        made.purge()


# ------------------------------------------------------------------ register_host


@pytest.fixture(scope="module")
def places(run):
    """A location tree and a state of this run, made beforehand (a real GLPI has no sample data)."""
    with run.glpi.client() as client:
        [site] = client.add_items("Location", {"name": "rh-site-" + run.suffix})
        [rack] = client.add_items("Location", {"name": "Rack 1", "locations_id": site["id"]})
        [state] = client.add_items("State", {"name": "rh-state-" + run.suffix})
    return dict(location="rh-site-{0} > Rack 1".format(run.suffix), location_id=rack["id"],
                state="rh-state-" + run.suffix, state_id=state["id"])


def register(run, places, *args, **extra_vars):
    variables = dict(location=places["location"], state=places["state"])
    variables.update(extra_vars)
    return run.play("role_register_host.yml", "-e", json.dumps(variables), *args)


@pytest.fixture(scope="module")
def recorded(run, places):
    """The hosts of the module's run, recorded by a first run of the role: its outcome and writes."""
    code, output, recap = register(run, places)
    return dict(code=code, output=output, recap=recap, writes=run.writes(), open_sessions=run.glpi.open_sessions())


def test_register_host_check_mode_on_new_hosts_writes_nothing(glpi, places, tmp_path):
    fresh = Run(glpi, tmp_path)  # hosts never recorded
    try:
        code, output, recap = register(fresh, places, "--check")
        assert code == 0, output
        assert sorted(recap) == sorted(fresh.hosts)
        assert total(recap, "changed") > 0 and total(recap, "failed") == 0
        assert fresh.writes() == []
        with glpi.client() as client:
            for host in fresh.hosts:
                assert find_exact(client, "Computer", name=host) == []
            assert find_exact(client, "Manufacturer", name="Acme-" + fresh.suffix) == []
    finally:
        fresh.purge()


def test_register_host_records_hosts_then_changes_nothing(run, places, recorded):
    code, output, recap = recorded["code"], recorded["output"], recorded["recap"]
    assert code == 0, output
    assert total(recap, "changed") > 0 and total(recap, "failed") == 0
    writes = recorded["writes"]
    # One bulk request per kind of record: no request per host.
    assert writes == [("POST", t) for t in ("ComputerModel", "Manufacturer", "OperatingSystem",
                                            "OperatingSystemVersion", "Computer", "Item_OperatingSystem",
                                            "NetworkPort", "NetworkName", "IPAddress")], writes
    assert recorded["open_sessions"] == 0  # every task closed its session

    s = run.suffix
    with run.glpi.client() as client:
        web = one(client, "Computer", name="rh-web-" + s)
        assert web["serial"] == "SN-WEB-" + s
        assert web["uuid"] == "4c4c4544-0000-1000-8000-%012d" % int(s)
        assert name_of(client, "Manufacturer", web["manufacturers_id"]) == "Acme-" + s
        assert name_of(client, "ComputerModel", web["computermodels_id"]) == "Rack 1U " + s
        assert web["locations_id"] == places["location_id"] and web["states_id"] == places["state_id"]
        assert web["comment"] == "Recorded by glpi.itsm.register_host"
        [os_link] = find_exact(client, "Item_OperatingSystem", itemtype="Computer", items_id=web["id"])
        assert name_of(client, "OperatingSystem", os_link["operatingsystems_id"]) == "TestOS " + s
        assert name_of(client, "OperatingSystemVersion", os_link["operatingsystemversions_id"]) == "12.5-" + s

        ports = dict((p["name"], p) for p in find_exact(client, "NetworkPort", itemtype="Computer", items_id=web["id"]))
        assert sorted(ports) == ["eth0", "eth1"]  # lo (loopback) and docker0 (ignored) are left out
        assert ports["eth0"]["mac"] == "02:aa:00:00:00:01" and ports["eth1"]["mac"] == "02:aa:00:00:00:02"
        addresses = {}
        for name, port in ports.items():
            [netname] = find_exact(client, "NetworkName", itemtype="NetworkPort", items_id=port["id"])
            ips = find_exact(client, "IPAddress", itemtype="NetworkName", items_id=netname["id"])
            addresses[name] = (netname["name"], sorted(ip["name"] for ip in ips))
        # The IPv6 link-local address is left out.
        assert addresses == {"eth0": ("web-" + s, ["192.0.2.10", "2001:db8::10"]),
                             "eth1": ("web-{0}-eth1".format(s), ["198.51.100.10", "198.51.100.11"])}

        db = one(client, "Computer", name="rh-db-" + s)
        assert not db["serial"] and not db["uuid"]  # firmware placeholders are not recorded
        assert db["manufacturers_id"] == web["manufacturers_id"]  # one manufacturer, created once
        [db_port] = find_exact(client, "NetworkPort", itemtype="Computer", items_id=db["id"])
        assert (db_port["name"], db_port["mac"]) == ("ens3", "02:bb:00:00:00:01")

        win = one(client, "Computer", name="rh-win-" + s)
        [win_os] = find_exact(client, "Item_OperatingSystem", itemtype="Computer", items_id=win["id"])
        assert name_of(client, "OperatingSystem", win_os["operatingsystems_id"]) == "Windows Server " + s
        win_ports = dict((p["name"], p)
                         for p in find_exact(client, "NetworkPort", itemtype="Computer", items_id=win["id"]))
        assert sorted(win_ports) == ["Ethernet0", "Ethernet1"]
        [win_name] = find_exact(client, "NetworkName", itemtype="NetworkPort", items_id=win_ports["Ethernet0"]["id"])
        assert [ip["name"] for ip in find_exact(client, "IPAddress", itemtype="NetworkName", items_id=win_name["id"])] \
            == ["192.0.2.30"]
        assert find_exact(client, "NetworkName", itemtype="NetworkPort", items_id=win_ports["Ethernet1"]["id"]) == []

    code, output, recap = register(run, places)
    assert code == 0, output
    assert total(recap, "changed") == 0 and total(recap, "failed") == 0, output
    assert run.writes() == [], run.writes()
    # Each kind of record is read in a page (and a look-up of a name or two): not per host.
    reads = collections.Counter(r.path.strip("/").split("/")[0] for r in run.glpi.requests() if r.method == "GET")
    per_kind = dict((kind, count) for kind, count in reads.items() if kind not in ("initSession", "killSession"))
    assert max(per_kind.values()) <= 2, reads


def test_register_host_check_mode_on_recorded_hosts_reports_nothing(run, places, recorded):
    code, output, recap = register(run, places, "--check")
    assert code == 0, output
    assert total(recap, "changed") == 0, output
    assert run.writes() == []


def test_register_host_follows_a_changed_fact(run, places, recorded):
    """Another state for the hosts: only the Computers are written, in one request."""
    with run.glpi.client() as client:
        [state] = client.add_items("State", {"name": "rh-state-{0}-b".format(run.suffix)})
    try:
        code, output, recap = register(run, places, state=state["id"])
        assert code == 0, output
        assert total(recap, "changed") == 1, output  # the Computer task, run once
        assert run.writes() == [("PUT", "Computer")]
        with run.glpi.client() as client:
            for host in run.hosts:
                assert one(client, "Computer", name=host)["states_id"] == state["id"]
    finally:
        register(run, places)  # back to the first state
        with run.glpi.client() as client:
            client.delete_items("State", state["id"], force_purge=True)


def test_register_host_without_creating_dropdowns(run, places, recorded):
    """Dropdowns by name, left to glpi_item to resolve: the same records, nothing to write."""
    code, output, recap = register(run, places, register_host_create_missing_dropdowns=False)
    assert code == 0, output
    assert "Create the missing manufacturers" in output and total(recap, "changed") == 0, output
    assert run.writes() == []


def test_register_host_validates_its_variables(run, places):
    code, output, recap = register(run, places, register_host_network="perhaps")
    assert code != 0
    assert "register_host_network" in output and "Validating arguments" in output, output
    assert run.glpi.requests() == []


def test_register_host_unknown_location_fails_naming_it(run, places, recorded):
    code, output, recap = register(run, places, location="No such place " + run.suffix)
    assert code != 0
    assert "locations_id" in output and "No such place" in output, output
    with run.glpi.client() as client:
        assert one(client, "Computer", name=run.hosts[0])["locations_id"] == places["location_id"]


def test_register_host_gathers_real_facts_itself(run, places, tmp_path):
    """A host without hand-written facts: the role gathers them (this machine's) and records it."""
    inventory = tmp_path / "local.ini"
    inventory.write_text("{0} ansible_connection=local ansible_python_interpreter={1}\n".format(
        run.local_host, sys.executable))
    variables = json.dumps(dict(suffix=run.suffix, location=places["location"], state=places["state"]))
    with run.glpi.client() as client:
        before = dict((itemtype, set(r["id"] for r in client.iter_items(itemtype, only_id=True)))
                      for itemtype in REAL_FACT_DROPDOWNS)
    code, output, recap = run_play("role_register_host.yml", run.glpi, inventory, "-e", variables)
    with run.glpi.client() as client:  # the dropdowns made from this machine's facts are purged with the run
        for computer in find_exact(client, "Computer", name=run.local_host):
            used = [("Manufacturer", computer.get("manufacturers_id")), ("ComputerModel", computer.get("computermodels_id"))]
            for link in find_exact(client, "Item_OperatingSystem", itemtype="Computer", items_id=computer["id"]):
                used += [("OperatingSystem", link.get("operatingsystems_id")),
                         ("OperatingSystemVersion", link.get("operatingsystemversions_id"))]
            run.real_dropdowns += [(t, i) for t, i in used if i and i not in before[t]]
    assert code == 0, output
    assert re.search(r"Gather the hardware and network facts[^\n]*\n(ok|changed): \[" + run.local_host, output), output
    assert recap[run.local_host]["changed"] > 0
    with run.glpi.client() as client:
        computer = one(client, "Computer", name=run.local_host)
        assert computer["locations_id"] == places["location_id"]
        assert find_exact(client, "Item_OperatingSystem", itemtype="Computer", items_id=computer["id"])
        ports = find_exact(client, "NetworkPort", itemtype="Computer", items_id=computer["id"])
        assert "lo" not in [p["name"] for p in ports]
    run.glpi.clear()
    code, output, recap = run_play("role_register_host.yml", run.glpi, inventory, "-e", variables)
    assert code == 0 and total(recap, "changed") == 0, output
    assert run.writes() == []


# ------------------------------------------------------------------ session


@pytest.fixture(scope="module")
def session_run(glpi, tmp_path_factory):
    """Hosts of their own for the session role, whose play records them too (with another
    location than register_host's)."""
    made = Run(glpi, tmp_path_factory.mktemp("session-role"))
    try:
        yield made
    finally:
        made.purge()


def test_session_role_one_session_for_the_play(session_run):
    code, output, recap = session_run.play("role_session.yml")
    assert code == 0, output
    assert sorted(recap) == sorted(session_run.hosts) and total(recap, "failed") == 0
    assert total(recap, "changed") == 4, output  # the location and the three computers
    glpi = session_run.glpi
    assert len(requests_to(glpi, "initSession")) == 1
    assert len(requests_to(glpi, "killSession")) == 1
    tokens = set(r.header("Session-Token") for r in glpi.requests() if r.path.strip("/") != "initSession")
    assert len(tokens) == 1
    [token] = tokens
    assert token not in output  # no_log: the token is never printed
    assert glpi.open_sessions() == 0
    with session_run.glpi.client() as client:
        [site] = find_exact(client, "Location", name="rs-site-" + session_run.suffix)
        for host in session_run.hosts:
            assert one(client, "Computer", name=host)["locations_id"] == site["id"]

    code, output, recap = session_run.play("role_session.yml")
    assert code == 0, output
    assert total(recap, "changed") == 0, output
    assert session_run.writes() == []
    assert len(requests_to(session_run.glpi, "initSession")) == 1


def test_session_role_in_check_mode(session_run):
    """Check mode writes nothing, still in one session (opening one writes no record)."""
    code, output, recap = session_run.play("role_session.yml", "--check", "-e", "suffix=c" + session_run.suffix)
    assert code == 0, output
    assert total(recap, "changed") == 4, output
    assert session_run.writes() == []
    assert len(requests_to(session_run.glpi, "initSession")) == 1
    assert session_run.glpi.open_sessions() == 0
    with session_run.glpi.client() as client:
        assert find_exact(client, "Location", name="rs-site-c" + session_run.suffix) == []


def test_session_role_closes_the_session_when_the_play_fails(session_run):
    code, output, recap = session_run.play("role_session.yml", "-e", "break_it=true")
    assert session_run.glpi.open_sessions() == 0
    assert len(requests_to(session_run.glpi, "killSession")) == 1
    assert code != 0
