# -*- coding: utf-8 -*-
"""TLS: verification is on by default, ca_path trusts a private CA, validate_certs: false warns."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def https_glpi(tmp_path_factory):
    """The emulator over HTTPS with a self-signed certificate made here for 127.0.0.1."""
    from emulator import GlpiEmulator
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert made.returncode == 0, made.stderr
    with GlpiEmulator(tls=(cert, key)) as emulator:
        emulator.load_sample_data()
        assert emulator.api_url.startswith("https://")
        yield emulator, cert


def session_task(ansible_module, **args):
    [result] = getattr(ansible_module, "glpi.itsm.glpi_session")(gather=["active_profile"], **args).contacted.values()
    return result


@pytest.fixture
def https_env(https_glpi, glpi_env, monkeypatch):
    emulator, cert = https_glpi
    monkeypatch.setenv("GLPI_URL", emulator.api_url)
    return emulator, cert


def test_certificate_is_verified_by_default(ansible_module, https_env):
    failed = session_task(ansible_module)
    assert failed["failed"] and "TLS error" in failed["msg"] and "certificate verify failed" in failed["msg"]
    assert "Traceback" not in str(failed)


def test_ca_path_trusts_the_certificate(ansible_module, https_env):
    emulator, cert = https_env
    result = session_task(ansible_module, ca_path=cert)
    assert not result.get("failed"), result.get("msg")
    assert result["active_profile"]["name"] == "Super-Admin" and not result.get("warnings")


def test_validate_certs_false_works_and_warns(ansible_module, https_env):
    result = session_task(ansible_module, validate_certs=False)
    assert not result.get("failed"), result.get("msg")
    assert any("validate_certs is false" in w for w in result["warnings"])


def test_inventory_over_https(https_env, tmp_path):
    emulator, cert = https_env
    config = tmp_path / "tls.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\n")
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config), "--list"]
    refused = subprocess.run(command, env=dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert refused.returncode != 0 and "certificate verify failed" in refused.stderr
    trusted = subprocess.run(command, env=dict(os.environ, GLPI_CA_PATH=cert), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert trusted.returncode == 0, trusted.stderr
    assert "pc-005" in json.loads(trusted.stdout)["_meta"]["hostvars"]
