# -*- coding: utf-8 -*-
"""TLS: verification is on by default, ca_path trusts a private CA, validate_certs: false warns.

The HTTPS server is a proxy (glpi_proxy.py) with a self-signed certificate made here for
127.0.0.1, in front of the GLPI of the tests (the emulator or a real one): the client's TLS is
tested against a certificate the tests control, and what answers behind it is the same GLPI,
with the same credentials, as for every other test.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from conftest import made_record, run_task


@pytest.fixture(scope="module")
def https_glpi(glpi, tmp_path_factory):
    """The GLPI of the tests over HTTPS, with a self-signed certificate made here for 127.0.0.1."""
    from glpi_proxy import CountingProxy
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert made.returncode == 0, made.stderr
    with CountingProxy(glpi.url, tls=(cert, key)) as https:  # in front of the tests' counting proxy
        assert https.url.startswith("https://127.0.0.1:")
        yield https, cert


@pytest.fixture
def https_env(https_glpi, glpi_env, monkeypatch):
    https, cert = https_glpi
    monkeypatch.setenv("GLPI_URL", https.url)
    return https, cert


def test_certificate_is_verified_by_default(ansible_module, https_env):
    failed = run_task(ansible_module, "glpi_session", gather=["active_profile"])
    assert failed["failed"] and "TLS error" in failed["msg"] and "certificate verify failed" in failed["msg"]
    assert "Traceback" not in str(failed)


def test_ca_path_trusts_the_certificate(ansible_module, https_env, glpi):
    https, cert = https_env
    result = run_task(ansible_module, "glpi_session", gather=["active_profile"], ca_path=cert)
    assert not result.get("failed"), result.get("msg")
    with glpi.client() as client:  # the same user as over plain HTTP
        assert result["active_profile"]["name"] == client.get_active_profile()["active_profile"]["name"]
    assert not result.get("warnings")
    assert "/initSession" in [r.path for r in https.all_requests()]  # it went through HTTPS


def test_validate_certs_false_works_and_warns(ansible_module, https_env):
    result = run_task(ansible_module, "glpi_session", gather=["active_profile"], validate_certs=False)
    assert not result.get("failed"), result.get("msg")
    assert any("validate_certs is false" in w for w in result["warnings"])


@pytest.fixture
def computer(glpi):
    name = glpi.unique("itsm-tls")
    with made_record(glpi, "Computer", {"name": name}):
        yield name


def test_inventory_over_https(https_env, computer, tmp_path):
    https, cert = https_env
    config = tmp_path / "tls.glpi.yml"
    config.write_text(u"plugin: glpi.itsm.glpi\nitemtypes: [Computer]\ncriteria:\n  Computer:\n"
                      u"    - {field: Name, searchtype: contains, value: '^%s$'}\n" % computer)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config), "--list"]
    refused = subprocess.run(command, env=dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert refused.returncode != 0 and "certificate verify failed" in refused.stderr
    trusted = subprocess.run(command, env=dict(os.environ, GLPI_CA_PATH=cert), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert trusted.returncode == 0, trusted.stderr
    assert list(json.loads(trusted.stdout)["_meta"]["hostvars"]) == [computer]
