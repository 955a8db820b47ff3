# -*- coding: utf-8 -*-
"""What the unit tests share: a module whose parameters ansible-core validates and defaults from
the module's own argument spec, and a GlpiClient mock that has only the client's real methods
(a test that calls a method the client does not have, or with the wrong arguments, fails)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from unittest import mock

import pytest
from ansible.module_utils.basic import FILE_COMMON_ARGUMENTS
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.glpi.itsm.plugins.module_utils.client import DEFAULT_PAGE_SIZE, GlpiClient

# AnsibleModule's checks that ArgumentSpecValidator takes too.
_RULES = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")


class ModuleFailed(Exception):
    """fail_json was called: ``msg`` and the rest of the result."""

    def __init__(self, msg, **result):
        super(ModuleFailed, self).__init__(msg)
        self.msg = msg
        self.result = result


class ModuleExited(Exception):
    """exit_json was called with ``result``."""

    def __init__(self, **result):
        super(ModuleExited, self).__init__(result)
        self.result = result


class _Captured(Exception):
    pass


def module_spec(module):
    """The keyword arguments ``module.main()`` gives AnsibleModule (its spec and its rules)."""
    captured = {}

    def capture(**kwargs):
        captured.update(kwargs)
        raise _Captured()

    with mock.patch.object(module, "AnsibleModule", side_effect=capture):
        try:
            module.main()
        except _Captured:
            pass
    return captured


class FakeModule(object):
    """The part of AnsibleModule the modules use, with ``params`` as AnsibleModule would make them
    from the module's spec: defaults filled, types converted, its rules checked (a ValueError
    names what AnsibleModule would refuse)."""

    def __init__(self, module, params, check_mode=False, diff=False):
        spec = module_spec(module)
        argument_spec = dict(spec["argument_spec"])
        if spec.get("add_file_common_args"):
            argument_spec.update(FILE_COMMON_ARGUMENTS)
        given = dict(url="https://glpi.example.com", **params)
        validator = ArgumentSpecValidator(argument_spec, **dict((rule, spec[rule]) for rule in _RULES if rule in spec))
        validated = validator.validate(given)
        if validated.error_messages:
            raise ValueError("; ".join(validated.error_messages))
        self.params = validated.validated_parameters
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)

    def log(self, message):
        pass

    def fail_json(self, msg, **result):
        raise ModuleFailed(msg, **result)

    def exit_json(self, **result):
        raise ModuleExited(**result)

    # File handling (glpi_document), reduced to what a test can observe.
    def atomic_move(self, source, dest, unsafe_writes=False):
        os.replace(source, dest)

    def load_file_common_arguments(self, params, path=None):
        return dict(path=path)

    def set_fs_attributes_if_different(self, file_args, changed, diff=None, expand=True):
        return changed


@pytest.fixture
def make_module():
    """``make_module(glpi_item, check_mode=False, diff=False, **params)``: a FakeModule."""
    def make(module, check_mode=False, diff=False, **params):
        return FakeModule(module, params, check_mode, diff)
    return make


@pytest.fixture
def client():
    """A GlpiClient mock: only the client's methods, with their signatures checked."""
    fake = mock.create_autospec(GlpiClient, instance=True)
    fake.page_size = DEFAULT_PAGE_SIZE
    return fake
