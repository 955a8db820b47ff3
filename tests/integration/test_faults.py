# -*- coding: utf-8 -*-
"""Every module and the inventory plugin against network and server faults: one clear error
that says what happened and where (the URL, never a secret), or success after a bounded retry
where a retry is safe. The faults are injected by the counting proxy in front of the GLPI of the
tests (glpi_proxy.py), so they run against a real GLPI as well as against the emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from conftest import run_task

# Each module with a task that reads (or writes) something; its first request is a GET, except
# glpi_password_reset (PUT, no session).
# "{name}" and the like are the records of the `records` fixture, made for these tests.
MODULES = [
    ("glpi_session", dict(gather=["active_profile"])),
    ("glpi_password_reset", dict(email="{email}")),
    ("glpi_item", dict(itemtype="Computer", fields=dict(name="{name}"))),
    ("glpi_item_info", dict(itemtype="Computer", id="{id}")),
    ("glpi_search", dict(itemtype="Computer", limit=5)),
    ("glpi_massive_action", dict(itemtype="Computer", list="actions")),
    ("glpi_document", dict(user_picture="{login}", dest="{tmp}/picture")),
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


# Answers that are not faults for one module: GLPI itself answers getMassiveActions with an empty
# body when it offers the user no action (API.php returns nothing), so the module lists none.
NOT_A_FAULT = {("glpi_massive_action", "empty-body")}
# Every module with every fault, but a session fault for the module that opens no session.
MODULE_FAULTS = [(module, args, fault_name, spec, "ok" if (module, fault_name) in NOT_A_FAULT else expected)
                 for module, args in MODULES for fault_name, spec, expected in FAULTS
                 if not (module == "glpi_password_reset" and fault_name == "session-expired")]


@pytest.fixture(scope="module")
def records(glpi):
    """A computer and a user with an e-mail address, of these tests."""
    name = glpi.unique("itsm-fault")
    with glpi.client() as client:
        [computer] = client.add_items("Computer", {"name": name})
    user_id, login, _password, _token = glpi.make_user(profile_id=1, email=name + "@example.test")
    try:
        yield dict(name=name, id=computer["id"], email=name + "@example.test", user_id=user_id, login=login)
    finally:
        glpi.remove_user(user_id)
        with glpi.client() as client:
            client.delete_items("Computer", computer["id"], force_purge=True)


def filled(args, records, tmp_path):
    text = json.dumps(args)
    for key, value in dict(records, tmp=str(tmp_path)).items():
        text = text.replace('"{%s}"' % key, json.dumps(value)).replace("{%s}" % key, str(value))
    return json.loads(text)


@pytest.fixture
def faulty(glpi, monkeypatch):
    def apply(spec):
        for name, value in spec.get("env", {}).items():
            monkeypatch.setenv(name, value.format(host=glpi.proxy.base_url.split("://", 1)[1]))
        if "fault" in spec:
            fault = dict(spec["fault"])
            glpi.add_fault(fault.pop("kind"), **fault)
    return apply


def check(message, expected, secrets):
    assert expected in message, message
    assert "Traceback" not in message
    for secret in secrets:
        assert secret not in message


def succeeded(module, result):
    """The task did what it does without a fault. A password reset request is refused by a GLPI
    that sends no mail (a fresh GLPI: its configuration decides): that answer is GLPI's too."""
    if module == "glpi_password_reset" and result.get("failed"):
        return "Email notifications are disabled" in result.get("msg", "")
    return not result.get("failed")


@pytest.mark.parametrize("module,args,fault_name,spec,expected", MODULE_FAULTS,
                         ids=["%s-%s" % (f[2], f[0]) for f in MODULE_FAULTS])
def test_module_faults(ansible_module, glpi_env, records, faulty, tmp_path, module, args, fault_name, spec, expected):
    faulty(spec)
    result = run_task(ansible_module, module, **filled(args, records, tmp_path))
    if expected == "ok":
        assert succeeded(module, result), result.get("msg")
    else:
        assert result.get("failed"), result
        check(result["msg"], expected, [glpi_env.user_token, "glpi_password"])
        if "url" not in spec.get("env", {}) and "GLPI_URL" not in spec.get("env", {}):
            assert glpi_env.proxy.base_url in result["msg"] or "127.0.0.1" in result["msg"], result["msg"]
    glpi_env.clear_faults()
    if result.get("session_token"):  # glpi_session hands its session over: close it here
        run_task(ansible_module, "glpi_session", state="absent", session_token=result["session_token"])
    assert glpi_env.open_sessions() == 0


@pytest.mark.parametrize("fault_name,spec,expected", FAULTS, ids=[f[0] for f in FAULTS])
def test_inventory_faults(glpi_env, records, faulty, tmp_path, fault_name, spec, expected):
    faulty(spec)
    config = tmp_path / "faults.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\nitemtypes: [Computer]\ncriteria:\n  Computer:\n"
                      u"    - {field: Name, searchtype: contains, value: '^%s$'}\n" % records["name"])
    env = dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1")
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config),
                              "--list"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             universal_newlines=True, timeout=300, check=False)
    if expected == "ok":
        assert process.returncode == 0, process.stderr
        assert list(json.loads(process.stdout)["_meta"]["hostvars"]) == [records["name"]]
    else:
        assert process.returncode != 0
        check(process.stderr, expected, [glpi_env.user_token])
    glpi_env.clear_faults()
    assert glpi_env.open_sessions() == 0
