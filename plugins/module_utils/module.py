# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Glue between AnsibleModule and GlpiClient, so that every module reads the same way:

    module = AnsibleModule(argument_spec=arguments.get_spec(...), supports_check_mode=True)
    run_module(module, run)     # run(module, client) -> (changed, result dict)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.glpi.itsm.plugins.module_utils import arguments
from ansible_collections.glpi.itsm.plugins.module_utils.client import REQUESTS_IMPORT_ERROR, GlpiClient
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError, GlpiUnknownItemtypeError


def client_from_module(module):
    """A GlpiClient for the module's connection options; retries are logged with the module."""
    if REQUESTS_IMPORT_ERROR is not None:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
    if not module.params.get("validate_certs"):
        module.warn("validate_certs is false: the GLPI server's TLS certificate is not verified")
    return GlpiClient(log=module.log, **arguments.client_kwargs(module.params))


def run_module(module, run):
    """Run ``run(module, client)`` and exit with its ``(changed, result)``.

    The session the client opened is killed whatever happens; any GlpiError becomes one
    fail_json message (which never contains a secret: secrets only travel in headers).
    """
    try:
        with client_from_module(module) as client:
            changed, result = run(module, client)
    except GlpiError as error:
        if isinstance(error, GlpiUnknownItemtypeError) and not error.options and module.params.get("itemtype"):
            error = error.naming(("itemtype", module.params["itemtype"]))
        module.fail_json(msg=str(error), **error.as_result())
    module.exit_json(changed=changed, **result)
