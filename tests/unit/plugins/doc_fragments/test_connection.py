# -*- coding: utf-8 -*-
"""The connection doc fragment is generated from module_utils/arguments.py: it must not be stale."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import yaml

from ansible_collections.glpi.itsm.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.glpi.itsm.plugins.module_utils.arguments import CONNECTION_OPTIONS, connection_spec
from tools.connection_fragment import FRAGMENT, render


def test_fragment_is_generated_from_the_options():
    with open(FRAGMENT) as fragment:
        assert fragment.read() == render(CONNECTION_OPTIONS), "stale: run `make fragments`"


def test_plugin_fragment_names_every_environment_variable():
    options = yaml.safe_load(ModuleDocFragment.PLUGIN)["options"]
    spec = connection_spec()
    assert sorted(options) == sorted(spec)
    for name, option in options.items():
        assert option["env"] == [{"name": spec[name]["fallback"][1][0]}]
        assert option["type"] == spec[name]["type"]


def test_secrets_are_no_log():
    spec = connection_spec()
    assert [name for name in spec if spec[name].get("no_log")] == ["app_token", "user_token", "password", "session_token"]
