# -*- coding: utf-8 -*-
"""Every module and the inventory plugin against network and server faults: one clear error
that says what happened and where (the URL, never a secret), or success after a bounded retry
where a retry is safe. Faults come from the emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

# Each module with a task that reads (or writes) something; its first request is a GET, except
# glpi_password_reset (PUT, no session).
MODULES = [
    ("glpi_session", dict(gather=["active_profile"])),
    ("glpi_password_reset", dict(email="glpi@example.test")),
    ("glpi_item", dict(itemtype="Computer", fields=dict(name="pc-005"))),
    ("glpi_item_info", dict(itemtype="Computer", id=1)),
    ("glpi_search", dict(itemtype="Computer", limit=5)),
    ("glpi_massive_action", dict(itemtype="Computer", list="actions")),
    ("glpi_document", dict(user_picture="glpi", dest="/tmp/glpi-fault-picture")),
]
NOT_LOGIN = r"^/*(?!initSession|killSession)[A-Za-z]"
# (name, fault kwargs or environment, expected): expected "ok", or a text the message must hold.
FAULTS = [
    ("refused", dict(env=dict(GLPI_URL="http://127.0.0.1:9/apirest.php")), "could not connect"),
    ("dns", dict(env=dict(GLPI_URL="http://glpi.invalid/apirest.php")), "could not connect"),
    ("tls", dict(env=dict(GLPI_URL="https://{host}/apirest.php")), "TLS error"),
    ("timeout", dict(fault=dict(kind="delay", seconds=2, times=None, path=NOT_LOGIN), env=dict(GLPI_TIMEOUT="1")),
     "timed out"),
    ("http-500", dict(fault=dict(kind="status", status=500, times=None, path=NOT_LOGIN)), "HTTP 500"),
    ("http-502-html", dict(fault=dict(kind="status", status=502, body="html", times=None, path=NOT_LOGIN)),
     "502 Bad Gateway"),
    ("http-503", dict(fault=dict(kind="status", status=503, times=None, path=NOT_LOGIN)), "HTTP 503"),
    ("http-504", dict(fault=dict(kind="status", status=504, times=None, path=NOT_LOGIN)), "HTTP 504"),
    ("http-503-once", dict(fault=dict(kind="status", status=503, times=1, path=NOT_LOGIN)), "ok"),
    ("dropped", dict(fault=dict(kind="drop", times=None, path=NOT_LOGIN)), "could not connect"),
    ("cut-once", dict(fault=dict(kind="drop_mid_body", times=1, path=NOT_LOGIN)), "ok"),
    ("html-page", dict(fault=dict(kind="html", times=1, path=NOT_LOGIN)), "non-JSON body (text/html"),
    ("empty-body", dict(fault=dict(kind="empty", times=1, path=NOT_LOGIN)), "an empty body"),
    ("session-expired", dict(fault=dict(kind="expire_session", times=1, path=NOT_LOGIN)), "ok"),
]


@pytest.fixture
def faulty(glpi, emulator, monkeypatch):
    def apply(spec):
        for name, value in spec.get("env", {}).items():
            monkeypatch.setenv(name, value.format(host=emulator.base_url.split("://", 1)[1]))
        if "fault" in spec:
            fault = dict(spec["fault"])
            emulator.add_fault(fault.pop("kind"), **fault)
    return apply


def check(message, expected, secrets):
    assert expected in message, message
    assert "Traceback" not in message
    for secret in secrets:
        assert secret not in message


@pytest.mark.parametrize("fault_name,spec,expected", FAULTS, ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize("module,args", MODULES, ids=[m[0] for m in MODULES])
def test_module_faults(ansible_module, glpi_env, emulator, faulty, module, args, fault_name, spec, expected):
    if module == "glpi_password_reset" and fault_name == "session-expired":
        pytest.skip("lostPassword uses no session")
    before = emulator.open_sessions()
    faulty(spec)
    [result] = getattr(ansible_module, "glpi.itsm." + module)(**args).contacted.values()
    if expected == "ok":
        assert not result.get("failed"), result.get("msg")
    else:
        assert result.get("failed"), result
        check(result["msg"], expected, [glpi_env.user_token, "glpi_password"])
        if "url" not in spec.get("env", {}) and "GLPI_URL" not in spec.get("env", {}):
            assert emulator.base_url in result["msg"] or "127.0.0.1" in result["msg"], result["msg"]
    emulator.clear_faults()
    if result.get("session_token"):  # glpi_session hands its session over: close it here
        getattr(ansible_module, "glpi.itsm.glpi_session")(state="absent", session_token=result["session_token"])
    assert emulator.open_sessions() == before


@pytest.mark.parametrize("fault_name,spec,expected", FAULTS, ids=[f[0] for f in FAULTS])
def test_inventory_faults(glpi_env, emulator, faulty, tmp_path, fault_name, spec, expected):
    before = emulator.open_sessions()
    faulty(spec)
    config = tmp_path / "faults.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\nitemtypes: [Computer]\n")
    env = dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1")
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config),
                              "--list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=300, check=False)
    if expected == "ok":
        assert process.returncode == 0, process.stderr
        assert "pc-005" in json.loads(process.stdout)["_meta"]["hostvars"]
    else:
        assert process.returncode != 0
        check(process.stderr, expected, [glpi_env.user_token])
    emulator.clear_faults()
    assert emulator.open_sessions() == before
