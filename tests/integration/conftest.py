# -*- coding: utf-8 -*-
"""The GLPI the integration tests run against, behind a counting proxy.

By default the emulator (tests/emulator) with its sample data, on 127.0.0.1. When GLPI_TEST_URL
is set, a real GLPI instead (http or https), with GLPI_TEST_USER_TOKEN (or GLPI_TEST_USERNAME and
GLPI_TEST_PASSWORD) and GLPI_TEST_APP_TOKEN; GLPI_TEST_CA_PATH trusts its private CA and
GLPI_TEST_VALIDATE_CERTS=false stops verifying its certificate.

Either way the session starts a counting reverse proxy (glpi_proxy.py) on 127.0.0.1 in front of
it and every connection of the tests (Target.url, the GLPI_* variables, module arguments) goes
through the proxy: glpi.requests() and glpi.writes() read the proxy's log, glpi.open_sessions()
its record of the API sessions, and glpi.add_fault() injects network and server faults there.
So request counts, idempotency, check mode, closed sessions and faults are checked on a real
GLPI too. Only what needs the emulator itself (its data, its users' secrets, a mail GLPI would
send) is marked @pytest.mark.emulator_only("why it cannot run on a real GLPI") and skipped there.

With pytest-xdist each worker has its own emulator and proxy (session fixtures are per worker);
glpi.unique(prefix) gives names no other worker or run uses, for the records the tests make.

The helpers the test files share are here too, below the fixtures (imported with
`from conftest import run_task, ...`): running a module as a task (run_task), through the ansible
command line (run_adhoc, adhoc_output) or a playbook (run_playbook); making and purging records
through the client (add_record, purge_records, made_record, find_exact); the environment of an
AWX job (drop_glpi_variables, awx_job_environment); and plain() for ansible-inventory's output.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json
import os
import re
import subprocess
import sys
import uuid

import pytest

from glpi_proxy import CountingProxy

HERE = os.path.dirname(os.path.abspath(__file__))
CONNECTION_OPTIONS = ("url", "user_token", "app_token", "username", "password")
EMULATOR_USER_TOKEN = "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "emulator_only(reason): the test needs the emulator itself; the reason says why it cannot "
                   "run on a real GLPI (it is skipped there with it)")


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("GLPI_TEST_URL"):
        return
    for item in items:
        marker = item.get_closest_marker("emulator_only")
        if marker is not None:
            item.add_marker(pytest.mark.skip(reason="emulator only: " + _reason(marker)))


def _reason(marker):
    reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
    if not reason:
        raise pytest.UsageError("@pytest.mark.emulator_only needs the reason the test cannot run on a real GLPI")
    return reason


class Target(object):
    """Where the tests send their requests (the proxy), and what they may ask of it."""

    def __init__(self, proxy, user_token=None, app_token=None, username=None, password=None, emulator=None):
        self.proxy = proxy
        self.url = proxy.url                    # every connection of the tests goes through the proxy
        self.upstream_url = proxy.upstream_url  # GLPI itself (the emulator or GLPI_TEST_URL)
        self.user_token = user_token
        self.app_token = app_token
        self.username = username
        self.password = password
        self.emulator = emulator
        # Unique to this worker and this run: in the names of the records the tests make.
        self.run_id = "%s%s" % (os.environ.get("PYTEST_XDIST_WORKER", "gw").replace("gw", "w"), uuid.uuid4().hex[:6])
        self._sessions_at_clear = set()
        self._config = None

    # ------------------------------------------------------------------ connection

    def connection(self, **overrides):
        options = dict(url=self.url, user_token=self.user_token, app_token=self.app_token,
                       username=self.username, password=self.password)
        options.update(overrides)
        return dict((k, v) for k, v in options.items() if v is not None)

    def env(self, **overrides):
        """The GLPI_* variables the collection reads, as AWX's credential would inject them."""
        return dict(("GLPI_" + key.upper(), str(value)) for key, value in self.connection(**overrides).items())

    def client(self, **overrides):
        """A GlpiClient through the proxy, without retries unless told (retries=..., log=...)."""
        # Imported here: pytest loads this file before pytest-ansible sets up the collection loader.
        from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient
        connection = self.connection(**dict((k, v) for k, v in overrides.items() if k in CONNECTION_OPTIONS))
        others = dict((k, v) for k, v in overrides.items() if k not in CONNECTION_OPTIONS)
        others.setdefault("retries", 0)
        return GlpiClient(**dict(connection, **others))

    def unique(self, prefix):
        """A record name no other test, worker or run uses."""
        return "%s-%s-%s" % (prefix, self.run_id, uuid.uuid4().hex[:6])

    @property
    def is_emulator(self):
        return self.emulator is not None

    def config(self):
        """GLPI's configuration (getGlpiConfig's cfg_glpi), read once."""
        if self._config is None:
            with self.client() as client:
                self._config = client.get_glpi_config()["cfg_glpi"]
        return self._config

    def version(self):
        return str(self.config().get("version", ""))

    def notifications_by_mail(self):
        """Whether GLPI sends mail (its configuration decides what lostPassword answers)."""
        config = self.config()
        return str(config.get("use_notifications")) == "1" and str(config.get("notifications_mailing")) == "1"

    # ------------------------------------------------------------------ the proxy's records

    def clear(self):
        """Start counting: forget the requests so far, note the sessions open now."""
        self.proxy.clear_requests()
        self._sessions_at_clear = self.proxy.open_sessions()

    def requests(self, path_pattern=".*", method=None):
        """Requests GLPI received through the proxy since clear() whose API path matches, e.g.
        requests('^/?initSession'); each has method, path, query, headers, body, status."""
        return [r for r in self.proxy.all_requests()
                if re.search(path_pattern, r.path) and (method is None or r.method == method)]

    def writes(self):
        """The requests since clear() that change data (massive actions included)."""
        return self.proxy.write_requests()

    def write_paths(self):
        return [(r.method, r.path.strip("/")) for r in self.writes()]

    def open_sessions(self):
        """How many API sessions opened since clear() are still open."""
        return len(self.proxy.open_sessions() - self._sessions_at_clear)

    def session_tokens(self):
        """The session tokens sent to GLPI since clear()."""
        return set(r.header("Session-Token") for r in self.proxy.all_requests()) - {None}

    def add_fault(self, kind, times=1, method=None, path=None, **params):
        """A fault the proxy injects: the kinds and parameters of the emulator's faults."""
        return self.proxy.add_fault(kind, times=times, method=method, path=path, **params)

    def clear_faults(self):
        self.proxy.clear_faults()

    # ------------------------------------------------------------------ users

    def make_user(self, profile_id, password=None, user_token=None, email=None):
        """A user of this test with a password, a user token and one profile (root entity,
        recursive); returns (id, login, password, user_token). Remove it with remove_user(id)."""
        login = self.unique("itsm-user")
        password = password or "Pw-" + uuid.uuid4().hex
        user_token = user_token or (uuid.uuid4().hex + uuid.uuid4().hex)[:40]
        if self.emulator is not None:  # the emulator keeps credentials out of its API
            user_id = self.emulator.store.add_user(login, password, user_token=user_token, email=email,
                                                   profile_id=profile_id)
            return user_id, login, password, user_token
        fields = {"name": login, "password": password, "password2": password, "api_token": user_token,
                  "_profiles_id": profile_id, "_entities_id": 0, "_is_recursive": 1}
        if email:
            fields["_useremails"] = [email]
        with self.client() as client:
            [made] = client.add_items("User", fields)
        assert made["ok"], made
        return made["id"], login, password, user_token

    def remove_user(self, user_id):
        with self.client() as client:
            client.delete_items("User", user_id, force_purge=True)


def _proxy_for(url):
    validate = os.environ.get("GLPI_TEST_VALIDATE_CERTS", "true").lower() not in ("0", "false", "no", "off")
    return CountingProxy(url, ca_path=os.environ.get("GLPI_TEST_CA_PATH") or None, validate_certs=validate).start()


@pytest.fixture(scope="session")
def glpi():
    url = os.environ.get("GLPI_TEST_URL")
    if url:
        proxy = _proxy_for(url)
        try:
            yield Target(proxy, os.environ.get("GLPI_TEST_USER_TOKEN"), os.environ.get("GLPI_TEST_APP_TOKEN"),
                         os.environ.get("GLPI_TEST_USERNAME"), os.environ.get("GLPI_TEST_PASSWORD"))
        finally:
            proxy.stop()
        return
    from emulator import GlpiEmulator
    emulator = GlpiEmulator().start()
    emulator.load_sample_data()
    proxy = _proxy_for(emulator.api_url)
    try:
        yield Target(proxy, user_token=EMULATOR_USER_TOKEN, username="glpi", password="glpi", emulator=emulator)
    finally:
        proxy.stop()
        emulator.stop()


@pytest.fixture(autouse=True)
def _counting_from_here(glpi):
    """Each test starts with an empty request log and no fault, and leaves no fault behind."""
    glpi.clear_faults()
    glpi.clear()
    yield
    glpi.clear_faults()


@pytest.fixture
def emulator(glpi, request):
    """The emulator itself (its store, its users' secrets), for tests marked emulator_only."""
    marker = request.node.get_closest_marker("emulator_only")
    if marker is None:
        raise pytest.UsageError("{0} uses the emulator fixture: mark it @pytest.mark.emulator_only(reason)".format(
            request.node.nodeid))
    if glpi.emulator is None:  # pytest_collection_modifyitems skipped it already
        pytest.skip("emulator only: " + _reason(marker))
    glpi.emulator.clear_requests()
    glpi.emulator.clear_faults()
    yield glpi.emulator
    glpi.emulator.clear_faults()


@pytest.fixture
def glpi_env(glpi, monkeypatch):
    """Connection through GLPI_* environment variables only, for modules run as tasks."""
    drop_glpi_variables(monkeypatch)
    for name, value in glpi.env().items():
        monkeypatch.setenv(name, value)
    # Modules run by pytest-ansible use this Python (interpreter discovery may find a broken shim).
    monkeypatch.setenv("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
    return glpi


@pytest.fixture
def observer(glpi):
    """The user token of a user of this test with GLPI's Observer profile (reads computers, may
    not write them); the user is removed afterwards."""
    user_id, _login, _password, token = glpi.make_user(profile_id=2)
    yield token
    glpi.remove_user(user_id)


# ---------------------------------------------------------------------- running modules


def fqcn(module):
    """The full name of a module of the collection: 'glpi_item' gives 'glpi.itsm.glpi_item'."""
    return module if "." in module else "glpi.itsm." + module


def run_task(ansible_module, module, **args):
    """One task of ``module`` ('glpi_item' or 'glpi.itsm.glpi_item') with ``args``, run by
    pytest-ansible's ansible_module fixture on its one host; returns the task's result."""
    [result] = getattr(ansible_module, fqcn(module))(**args).contacted.values()
    return result


def run_playbook(playbook, glpi, *args, **extra_env):
    """ansible-playbook on a file of targets/, connection from the environment; returns
    (exit code, output, {recap counter: value}). The play gets `counter`, the base URL of the
    proxy's control API (/_proxy/writes, /_proxy/clear-requests...), to count requests."""
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **glpi.env())
    env.update(extra_env)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
               "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
               "-e", "counter=" + glpi.proxy.base_url,
               os.path.join(HERE, "targets", playbook)] + list(args)
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=600, check=False)
    recap = re.search(r"^localhost\s*:\s*(.*)$", process.stdout, re.M)
    counters = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", recap.group(1))) if recap else {}
    return process.returncode, process.stdout, counters


def adhoc_output(glpi, module, *options, **args):
    """The output (stdout and stderr) of one task of ``module`` through the ansible command line,
    with the command line's ``options`` ('--check', '--diff'), connection from glpi.env()."""
    command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,",
               "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
               "-m", fqcn(module), "-a", json.dumps(args)] + list(options)
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **glpi.env())
    return subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, check=False).stdout


def run_adhoc(glpi, module, check=False, diff=False, **args):
    """One task of ``module`` through the ansible command line (the only way to run a task in
    check or diff mode here); returns its result."""
    options = (["--check"] if check else []) + (["--diff"] if diff else [])
    output = adhoc_output(glpi, module, *options, **args)
    found = re.search(r"^localhost \| [A-Z!]+ => (\{.*\})\s*$", output, re.M | re.S)
    assert found, output
    return json.loads(found.group(1))


def drop_glpi_variables(monkeypatch):
    """Removes the GLPI_* variables the collection reads from the environment of the test (the
    GLPI_TEST_* ones, which choose the GLPI of the tests, stay)."""
    for name in list(os.environ):
        if name.startswith("GLPI_") and not name.startswith("GLPI_TEST_"):
            monkeypatch.delenv(name)


def awx_job_environment(monkeypatch):
    """The environment of a job that ansible-runner runs as under AWX: whatever the tests' own
    environment holds, the job sees GLPI only through the credential's variables (given to it in
    its env/envvars), and ansible-runner runs this Python's ansible-playbook from PATH, as in an
    execution environment."""
    drop_glpi_variables(monkeypatch)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


def plain(value):
    """``value`` with the strings that ansible-inventory (2.19 and later) writes from an inventory
    source as {"__ansible_unsafe": ...} given back as plain strings."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# ---------------------------------------------------------------------- records, through the client


def add_record(client, itemtype, fields):
    """Adds one record of ``itemtype`` through a GlpiClient, checks that GLPI made it and returns its id."""
    [outcome] = client.add_items(itemtype, fields)
    assert outcome["ok"], outcome
    return outcome["id"]


def purge_records(client, itemtype, ids):
    """Clean-up: purges the records of ``ids`` one by one (empty ids are passed over) and goes on
    past any that cannot be purged (a test purged it already, say), printing why."""
    for item_id in ids:
        if not item_id:
            continue
        try:
            client.delete_items(itemtype, item_id, force_purge=True)
        except Exception as error:  # keep cleaning up the rest
            print("could not purge {0} {1}: {2}".format(itemtype, item_id, error))


@contextlib.contextmanager
def made_record(glpi, itemtype, fields):
    """One record of ``itemtype`` made through the client for the ``with`` block, which gets its
    id; purged when the block ends."""
    with glpi.client() as client:
        item_id = add_record(client, itemtype, fields)
    try:
        yield item_id
    finally:
        with glpi.client() as client:
            client.delete_items(itemtype, item_id, force_purge=True)


def find_exact(client, record_type, **identity):
    """The records of the itemtype ``record_type`` whose fields equal ``identity`` (searchText only
    narrows); ``identity`` may hold an itemtype field, as links and ports have."""
    search = dict((k, str(v)) for k, v in identity.items())
    return [r for r in client.iter_items(record_type, searchText=search, get_hateoas=False)
            if all(str(r.get(k)) == str(v) for k, v in identity.items())]
