# -*- coding: utf-8 -*-
"""The GLPI the integration tests run against.

By default the emulator (tests/emulator) with its sample data, on 127.0.0.1. When GLPI_TEST_URL
is set, a real GLPI instead, with GLPI_TEST_USER_TOKEN (or GLPI_TEST_USERNAME and
GLPI_TEST_PASSWORD) and GLPI_TEST_APP_TOKEN: the tests run unchanged, except those that need the
emulator's request log or fault injection, which are skipped there.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


class Target(object):
    """Where the tests send their requests, and what they may ask of it."""

    def __init__(self, url, user_token=None, app_token=None, username=None, password=None, emulator=None):
        self.url = url
        self.user_token = user_token
        self.app_token = app_token
        self.username = username
        self.password = password
        self.emulator = emulator

    def connection(self, **overrides):
        options = dict(url=self.url, user_token=self.user_token, app_token=self.app_token,
                       username=self.username, password=self.password)
        options.update(overrides)
        return dict((k, v) for k, v in options.items() if v is not None)

    def env(self, **overrides):
        """The GLPI_* variables the collection reads, as AWX's credential would inject them."""
        return dict(("GLPI_" + key.upper(), str(value)) for key, value in self.connection(**overrides).items())

    def client(self, **overrides):
        # Imported here: pytest loads this file before pytest-ansible sets up the collection loader.
        from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient
        return GlpiClient(retries=0, **self.connection(**overrides))

    def writes(self):
        return self.emulator.write_requests() if self.emulator else None

    def requests(self, path_pattern=".*", method=None):
        """Requests the emulator received whose path matches, e.g. requests('^/?initSession')."""
        return [r for r in self.emulator.requests
                if re.search(path_pattern, r.path) and (method is None or r.method == method)]


@pytest.fixture(scope="session")
def glpi():
    url = os.environ.get("GLPI_TEST_URL")
    if url:
        yield Target(url, os.environ.get("GLPI_TEST_USER_TOKEN"), os.environ.get("GLPI_TEST_APP_TOKEN"),
                     os.environ.get("GLPI_TEST_USERNAME"), os.environ.get("GLPI_TEST_PASSWORD"))
        return
    from emulator import GlpiEmulator
    emulator = GlpiEmulator().start()
    emulator.load_sample_data()
    try:
        yield Target(emulator.api_url, user_token=EMULATOR_USER_TOKEN, username="glpi", password="glpi",
                     emulator=emulator)
    finally:
        emulator.stop()


EMULATOR_USER_TOKEN = "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"


@pytest.fixture
def emulator(glpi):
    """The emulator, with a clean request log and no faults; skips the test on a real GLPI."""
    if glpi.emulator is None:
        pytest.skip("needs the emulator's request log or fault injection")
    glpi.emulator.clear_requests()
    glpi.emulator.clear_faults()
    yield glpi.emulator
    glpi.emulator.clear_faults()


@pytest.fixture
def glpi_env(glpi, monkeypatch):
    """Connection through GLPI_* environment variables only, for modules run as tasks."""
    for name in list(os.environ):
        if name.startswith("GLPI_") and not name.startswith("GLPI_TEST_"):
            monkeypatch.delenv(name)
    for name, value in glpi.env().items():
        monkeypatch.setenv(name, value)
    # Modules run by pytest-ansible use this Python (interpreter discovery may find a broken shim).
    monkeypatch.setenv("ANSIBLE_PYTHON_INTERPRETER", sys.executable)
    return glpi


def run_playbook(playbook, glpi, *args, **extra_env):
    """ansible-playbook on a file of targets/, connection from the environment; returns
    (exit code, output, {recap counter: value})."""
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", **glpi.env())
    env.update(extra_env)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
               "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
               os.path.join(HERE, "targets", playbook)] + list(args)
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=600, check=False)
    recap = re.search(r"^localhost\s*:\s*(.*)$", process.stdout, re.M)
    counters = dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", recap.group(1))) if recap else {}
    return process.returncode, process.stdout, counters
