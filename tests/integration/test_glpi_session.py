# -*- coding: utf-8 -*-
"""glpi_session and glpi_password_reset, as tasks and in playbooks."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_playbook, run_task


def test_session_playbook(glpi):
    code, output, recap = run_playbook("glpi_session.yml", glpi)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ok"] >= 10
    assert len(glpi.requests("initSession")) == 1  # the whole play used one session
    assert glpi.open_sessions() == 0
    assert len(glpi.requests("changeActiveEntities")) <= 1


def test_session_errors_playbook(glpi):
    code, output, recap = run_playbook("glpi_session_errors.yml", glpi)
    assert code == 0, output
    assert recap["failed"] == 0 and recap["ignored"] == 4


def test_open_reuse_and_close_as_tasks(ansible_module, glpi_env):
    opened = run_task(ansible_module, "glpi_session", gather=["active_profile"])
    assert opened["changed"] and opened["active_profile"]["id"]
    token = opened["session_token"]
    assert glpi_env.open_sessions() == 1

    again = run_task(ansible_module, "glpi_session", session_token=token)
    assert not again["changed"] and again["valid"] and "session_token" not in again

    closed = run_task(ansible_module, "glpi_session", session_token=token, state="absent")
    assert closed["changed"] and glpi_env.open_sessions() == 0
    assert glpi_env.writes() == []


def test_expired_session_with_credentials_opens_a_new_one(ansible_module, glpi_env):
    reopened = run_task(ansible_module, "glpi_session", session_token="expiredtoken0000000000000")
    assert reopened["changed"] and reopened["valid"] is False
    assert reopened["session_token"] != "expiredtoken0000000000000"
    run_task(ansible_module, "glpi_session", session_token=reopened["session_token"], state="absent")
    assert glpi_env.open_sessions() == 0


def test_expired_session_without_credentials_fails_clearly(ansible_module, glpi_env, monkeypatch):
    for name in ("GLPI_USER_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    failed = run_task(ansible_module, "glpi_session", session_token="expiredtoken0000000000000")
    assert failed["failed"] and "no longer valid and no credentials" in failed["msg"]


def test_task_opened_sessions_are_closed_when_gathering_in_check_mode(ansible_module, glpi_env):
    # the adhoc runner has no check mode switch: the playbook covers check mode; here the module's
    # own session for a failing task must still be closed.
    failed = run_task(ansible_module, "glpi_session", profile="No Such Profile")
    assert failed["failed"] and "No Such Profile" in failed["msg"]
    assert glpi_env.open_sessions() == 0


@pytest.mark.emulator_only("a real GLPI sends the reset token by mail only (the test cannot read it); "
                           "the emulator's configuration fixes it")
def test_password_reset_request_and_reset(ansible_module, glpi_env, emulator):
    emulator.store.config["password_reset_token"] = "0123456789abcdef0123456789abcdef01234567"
    requested = run_task(ansible_module, "glpi_password_reset", email="normal@example.test")
    assert requested["changed"] and requested["action"] == "request"
    reset = run_task(ansible_module, "glpi_password_reset", email="normal@example.test",
                     reset_token="0123456789abcdef0123456789abcdef01234567", new_password="N3w-Passw0rd!")
    assert reset["changed"] and reset["action"] == "reset" and "successful" in reset["message"]
    assert not glpi_env.requests("initSession")  # lostPassword needs no session
    assert "N3w-Passw0rd!" not in str(reset) and "0123456789abcdef0123456789abcdef01234567" not in str(reset)
    with glpi_env.client(user_token=None, username="normal", password="N3w-Passw0rd!") as client:
        assert client.get_active_profile()


def test_password_reset_with_a_wrong_token_fails_with_glpis_message(ansible_module, glpi_env):
    failed = run_task(ansible_module, "glpi_password_reset", email=glpi_env.unique("nobody") + "@example.test",
                      reset_token="f" * 40, new_password="whatever-1")
    # GLPI's configuration decides which refusal comes first: a GLPI that sends no mail (a fresh
    # one) says so before it looks at the token; one that does says the token is wrong.
    assert failed["failed"] and failed["status"] == 400, failed
    assert "expired or is invalid" in failed["msg"] or "Email notifications are disabled" in failed["msg"], failed


def test_password_reset_when_glpi_sends_no_mail(ansible_module, glpi_env):
    emulator = glpi_env.emulator
    if emulator is None and glpi_env.notifications_by_mail():
        pytest.skip("this GLPI sends mail, and its API cannot switch that off for the test")
    if emulator is not None:
        emulator.store.config["notifications"] = False
    try:
        failed = run_task(ansible_module, "glpi_password_reset", email=glpi_env.unique("nobody") + "@example.test")
    finally:
        if emulator is not None:
            emulator.store.config["notifications"] = True
    assert failed["failed"] and "Email notifications are disabled" in failed["msg"]


def test_password_reset_needs_both_token_and_password(ansible_module, glpi_env):
    failed = run_task(ansible_module, "glpi_password_reset", email="a@example.com", reset_token="abc")
    assert failed["failed"] and "reset_token" in failed["msg"] and "new_password" in failed["msg"]


@pytest.mark.parametrize("module", ["glpi_session", "glpi_password_reset"])
def test_modules_fail_cleanly_when_glpi_is_unreachable(ansible_module, glpi_env, monkeypatch, module):
    monkeypatch.setenv("GLPI_URL", "http://127.0.0.1:9/apirest.php")
    failed = run_task(ansible_module, module, email="a@example.com") if module == "glpi_password_reset" \
        else run_task(ansible_module, module, gather=["active_profile"])
    assert failed["failed"] and "could not connect" in failed["msg"]
    assert "Traceback" not in str(failed)
