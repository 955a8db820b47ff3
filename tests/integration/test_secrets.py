# -*- coding: utf-8 -*-
"""No password, user token, app token or session token in any output, even at -vvvv and on failure."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys
import uuid

import pytest

from conftest import run_playbook


def secret(prefix, length=40):
    return (prefix + uuid.uuid4().hex + uuid.uuid4().hex)[:length]


@pytest.fixture
def secrets(glpi):
    """A user of this test whose password and user token are the secrets, an app token GLPI
    accepts (on a real GLPI an API client made for the test: GLPI refuses an unknown one), and
    the secrets of the failing tasks."""
    values = dict(password=secret("Pw-", 20) + "!", user_token=secret("ut"), app_token=secret("at"),
                  wrong_password=secret("Wrong-", 20), reset_token=secret("rt"), new_password=secret("New-", 20))
    email = glpi.unique("secret") + "@example.test"
    user_id, login, _password, _token = glpi.make_user(profile_id=4, password=values["password"],
                                                       user_token=values["user_token"], email=email)
    client_id = None
    if glpi.is_emulator:  # the emulator knows one app token
        from emulator import APP_TOKEN
        values["app_token"] = APP_TOKEN
    else:
        with glpi.client() as client:
            [made] = client.add_items("APIClient", {
                "name": glpi.unique("itsm-secrets"), "is_active": 1, "ipv4_range_start": "127.0.0.1",
                "ipv4_range_end": "127.0.0.1", "app_token": values["app_token"], "dolog_method": 0})
            assert made["ok"], made
            client_id = made["id"]
    try:
        yield dict(values, username=login, user_id=user_id, email=email)
    finally:
        glpi.remove_user(user_id)
        if client_id:
            with glpi.client() as client:
                client.delete_items("APIClient", client_id, force_purge=True)


def test_no_secret_in_any_output(glpi, secrets, tmp_path):
    vault = tmp_path / "vault.yml"
    names = dict(computer=glpi.unique("secret-test"), document=glpi.unique("secret-test-doc"))
    vault.write_text(u"".join(u"vault_%s: %s\n" % (key, secrets[key]) for key in (
        "username", "password", "user_token", "app_token", "wrong_password", "reset_token", "new_password")) +
        u"secret_email: %s\ncomputer_name: %s\ndocument_name: %s\n" % (
            secrets["email"], names["computer"], names["document"]))
    env = dict(GLPI_USER_TOKEN="", GLPI_USERNAME="", GLPI_PASSWORD="", GLPI_APP_TOKEN="")
    code, output, recap = run_playbook("secrets.yml", glpi, "-vvvv", "-e", "@" + str(vault), **env)
    assert code == 0, output[-3000:]
    assert recap["failed"] == 0 and recap["ignored"] == 7
    config = tmp_path / "secret.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\napp_token: %s\nitemtypes: [Computer]\ncriteria:\n  Computer:\n"
                      u"    - {field: Name, searchtype: contains, value: itsm-no-such-computer}\n"
                      % secrets["app_token"])
    inventory = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config), "--list", "-vvvv"],
        env=dict(os.environ, GLPI_URL=glpi.url, GLPI_USERNAME=secrets["username"], GLPI_PASSWORD=secrets["password"],
                 GLPI_USER_TOKEN=secrets["user_token"]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
    assert inventory.returncode == 0, inventory.stdout[-2000:]
    tokens = glpi.session_tokens()
    assert len(tokens) >= 3  # the secrets below were really in play
    every_secret = [secrets[key] for key in ("password", "user_token", "app_token", "wrong_password", "reset_token",
                                             "new_password")] + sorted(tokens)
    for text in (output, inventory.stdout):
        for value in every_secret:
            assert value not in text, "a secret leaked: %s...%s" % (value[:3], value[-2:])
    assert glpi.open_sessions() == 0
