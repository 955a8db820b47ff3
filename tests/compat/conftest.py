# -*- coding: utf-8 -*-
"""What the compat tests share: the emulator, a small GLPI API client, and Ansible's commands.

These tests run with the Python of one ansible-core line (`make compat` runs them once per line,
each in its own venv): the commands are that venv's `ansible-*`, the collection is the one
installed from the tarball (ANSIBLE_COLLECTIONS_PATH), and the emulator comes from tests/
(PYTHONPATH=tests). The test data is made through GLPI's REST API with plain `requests`, so
nothing here depends on the code under test.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import platform
import re
import subprocess
import sys

import pytest
import requests

USER_TOKEN = "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"
BIN = os.path.dirname(sys.executable)


def core_version():
    """ansible-core's version as a tuple of ints, e.g. (2, 19, 14)."""
    from ansible.release import __version__
    return tuple(int(part) for part in re.findall(r"\d+", __version__)[:3])


def pytest_report_header(config):
    from ansible.release import __version__
    return "ansible-core {0} on Python {1} ({2})".format(__version__, platform.python_version(), sys.executable)


def installed_collection():
    """The installed glpi.itsm, from ANSIBLE_COLLECTIONS_PATH (set by `make compat`)."""
    for path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
        candidate = os.path.join(path, "ansible_collections", "glpi", "itsm")
        if path and os.path.isdir(candidate):
            return candidate
    raise pytest.UsageError("ANSIBLE_COLLECTIONS_PATH has no glpi.itsm: run these tests with `make compat`")


class GlpiApi(object):
    """Just enough of GLPI's REST API to make and remove the tests' records."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.http = requests.Session()
        answer = self.http.get(self.url + "/initSession", headers={"Authorization": "user_token " + USER_TOKEN},
                               timeout=30)
        assert answer.status_code == 200, answer.text
        self.http.headers["Session-Token"] = answer.json()["session_token"]

    def add(self, itemtype, fields):
        answer = self.http.post("{0}/{1}".format(self.url, itemtype), json={"input": fields}, timeout=30)
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]

    def get(self, itemtype, item_id):
        answer = self.http.get("{0}/{1}/{2}".format(self.url, itemtype, item_id), timeout=30)
        return answer.json() if answer.status_code == 200 else None

    def find(self, itemtype, field, value):
        """Records whose field equals value exactly."""
        answer = self.http.get("{0}/{1}".format(self.url, itemtype), timeout=30,
                               params={"searchText[{0}]".format(field): "^{0}$".format(value),
                                       "range": "0-999"})
        assert answer.status_code in (200, 206), answer.text
        return answer.json()

    def purge(self, itemtype, ids):
        if ids:
            answer = self.http.delete("{0}/{1}".format(self.url, itemtype), timeout=30,
                                      json={"input": [{"id": i} for i in ids], "force_purge": True})
            assert answer.status_code in (200, 207), answer.text

    def close(self):
        self.http.get(self.url + "/killSession", timeout=30)
        self.http.close()


@pytest.fixture(scope="session")
def glpi():
    """The emulator with its sample data on 127.0.0.1, for the whole run: (emulator, api)."""
    from emulator import GlpiEmulator
    emulator = GlpiEmulator().start()
    try:
        emulator.load_sample_data()
        api = GlpiApi(emulator.api_url)
        try:
            yield emulator, api
        finally:
            api.close()
    finally:
        emulator.stop()


def ansible_env(emulator, **extra):
    """The environment of an ansible-* command: this venv first, GLPI_* for the emulator only."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GLPI_"))
    env.update(PATH=BIN + os.pathsep + env.get("PATH", ""), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               # The tests read the default callback's JSON-like output, whatever the user's settings.
               ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_CALLBACK_RESULT_FORMAT="json",
               GLPI_URL=emulator.api_url, GLPI_USER_TOKEN=USER_TOKEN)
    env.update(extra)
    return env


def run(command, args, env, cwd, timeout=300):
    """One of this venv's ansible-* commands; stdout and stderr apart."""
    return subprocess.run([os.path.join(BIN, command)] + list(args), env=env, cwd=str(cwd),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout, check=False)


def recap(output):
    """{host: {counter: value}} from the PLAY RECAP of ansible-playbook."""
    section = output.rsplit("PLAY RECAP", 1)[-1]
    return dict((host, dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", counters)))
                for host, counters in re.findall(r"^(\S.*?)\s+:\s+(ok=.*)$", section, re.M))
