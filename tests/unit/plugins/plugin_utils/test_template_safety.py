# -*- coding: utf-8 -*-
"""Data from GLPI is never a template: the rule the inventory applies to every value it sets.

These run on the main venv's ansible-core; `make compat` runs the inventory itself on every line."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.glpi.itsm.plugins.plugin_utils.template_safety import could_be_template, never_templated

try:
    from ansible.template import is_trusted_as_template, trust_as_template
except ImportError:  # ansible-core < 2.19
    is_trusted_as_template = trust_as_template = None


def render(variables, expression):
    """What a playbook's ``{{ expression }}`` gives with these variables (the playbook's text is trusted)."""
    text = "{{ " + expression + " }}"
    return Templar(loader=DataLoader(), variables=variables).template(trust_as_template(text) if trust_as_template else text)


def payloads(marker):
    command = "touch {0}".format(marker)
    return [
        "{{{{ lookup('pipe', '{0}') }}}}".format(command),
        "{{% if lookup('pipe', '{0}') %}}x{{% endif %}}".format(command),
        "before {{# a comment #}} after",
        "#jinja2:variable_start_string:'[[', variable_end_string:']]'\n[[ lookup('pipe', '{0}') ]]".format(command),
        "#JINJA2:variable_start_string:'[['\n[[ 1 ]]",
        "a lone { brace",
        "a lone } brace",
    ]


@pytest.mark.parametrize("text", payloads("/nonexistent"))
def test_template_syntax_is_recognised(text):
    assert could_be_template(text)


@pytest.mark.parametrize("text", ["web-01", "Root entity > Paris", "10.0.0.1", "fe80::1%eth0", "[[ 1 ]]", "# jinja", "", "é ü"])
def test_ordinary_text_is_not_a_template(text):
    assert not could_be_template(text)


def test_payloads_are_never_evaluated_and_stay_text(tmp_path):
    marker = tmp_path / "evaluated"
    values = payloads(marker)
    safe = never_templated({"comment": values[0], "names": values[1:], "nested": {"deep": [values[3]]}})
    assert render(safe, "comment") == values[0]
    assert render(safe, "names") == values[1:]
    assert render(safe, "nested.deep[0]") == values[3]
    assert render(safe, "names | join(',')") == ",".join(values[1:])
    assert not marker.exists()


@pytest.mark.skipif(trust_as_template is None, reason="ansible-core 2.19+ (data tagging) only")
def test_trust_on_data_tagging_lines(tmp_path):
    payload = payloads(tmp_path / "evaluated")[0]
    safe = never_templated(["web-01", payload, trust_as_template(payload), 7, None, {"key": "Paris"}])
    assert is_trusted_as_template(safe[0]) and is_trusted_as_template(safe[5]["key"])
    assert not is_trusted_as_template(safe[1]) and not is_trusted_as_template(safe[2])  # a trusted payload loses trust
    assert safe[1] == safe[2] == payload and safe[3] == 7 and safe[4] is None


def test_the_check_would_fail_without_the_rule(tmp_path):
    """The same payload handed to Ansible as trusted template text is evaluated: the test above can fail."""
    marker = tmp_path / "evaluated"
    payload = payloads(marker)[0]
    trusted = trust_as_template(payload) if trust_as_template else payload
    render({"comment": trusted}, "comment")
    assert marker.exists()
