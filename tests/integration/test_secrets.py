# -*- coding: utf-8 -*-
"""No password, user token, app token or session token in any output, even at -vvvv and on failure."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

from conftest import run_playbook

SECRETS = ["S3cret-Pa55-word!", "sec0tok1sec2tok3sec4tok5sec6tok7sec8tok9", "51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz",
           "Wr0ng-S3cret-pass", "Rst-S3cret-tok3n-0000000000000000000000", "N3w-S3cret-pass"]


def session_tokens(emulator):
    return set(value for r in emulator.requests for key, value in r.headers.items() if key.lower() == "session-token")


def test_no_secret_in_any_output(glpi, emulator, tmp_path):
    emulator.store.add_user("secret-user", "S3cret-Pa55-word!", user_token="sec0tok1sec2tok3sec4tok5sec6tok7sec8tok9",
                            profile_id=4)
    secrets = tmp_path / "vault.yml"
    secrets.write_text(u"vault_password: S3cret-Pa55-word!\nvault_user_token: sec0tok1sec2tok3sec4tok5sec6tok7sec8tok9\n"
                       u"vault_app_token: 51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz\n"
                       u"vault_wrong_password: Wr0ng-S3cret-pass\n"
                       u"vault_reset_token: Rst-S3cret-tok3n-0000000000000000000000\nvault_new_password: N3w-S3cret-pass\n")
    env = dict(GLPI_USER_TOKEN="", GLPI_USERNAME="", GLPI_PASSWORD="")
    code, output, recap = run_playbook("secrets.yml", glpi, "-vvvv", "-e", "@" + str(secrets), **env)
    assert code == 0, output[-3000:]
    assert recap["failed"] == 0 and recap["ignored"] == 7
    config = tmp_path / "secret.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\napp_token: 51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz\n")
    inventory = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config), "--list", "-vvvv"],
        env=dict(os.environ, GLPI_URL=glpi.url, GLPI_USERNAME="secret-user", GLPI_PASSWORD="S3cret-Pa55-word!",
                 GLPI_USER_TOKEN="sec0tok1sec2tok3sec4tok5sec6tok7sec8tok9"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300, check=False)
    assert inventory.returncode == 0, inventory.stdout[-2000:]
    tokens = session_tokens(emulator)
    assert len(tokens) >= 3  # the secrets below were really in play
    for text in (output, inventory.stdout):
        for secret in SECRETS + sorted(tokens):
            assert secret not in text, "a secret leaked: %s...%s" % (secret[:3], secret[-2:])
    assert emulator.open_sessions() == 0
