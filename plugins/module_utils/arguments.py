# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options, defined once.

Modules build their argument spec from CONNECTION_OPTIONS, the inventory plugin reads the same
options through the ``glpi.itsm.connection.plugin`` doc fragment, and both doc fragments are
generated from this table, so a new option or environment variable is added here only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.basic import env_fallback

CONNECTION_OPTIONS = dict(
    url=dict(
        type="str", required=True, env="GLPI_URL",
        description=[
            "URL of the GLPI server: its root (V(https://glpi.example.com/glpi)), its API URL "
            "(V(https://glpi.example.com/glpi/apirest.php)), a rewritten API URL ending in V(/api), or on "
            "GLPI 11 V(https://glpi.example.com/api.php/v1), which serves the same API.",
        ],
    ),
    app_token=dict(
        type="str", no_log=True, env="GLPI_APP_TOKEN",
        description=["Application token of the API client defined in GLPI (Setup > General > API), if GLPI asks for one."],
    ),
    user_token=dict(
        type="str", no_log=True, env="GLPI_USER_TOKEN",
        description=[
            "API token of the user (My settings > Remote access keys). Used before O(username) and O(password).",
        ],
    ),
    username=dict(
        type="str", env="GLPI_USERNAME",
        description=["Login of the user, with O(password), when no O(user_token) is given (HTTP Basic authentication)."],
    ),
    password=dict(
        type="str", no_log=True, env="GLPI_PASSWORD",
        description=["Password of O(username)."],
    ),
    session_token=dict(
        type="str", no_log=True, env="GLPI_SESSION_TOKEN",
        description=[
            "An open API session to reuse, for example the one returned by M(glpi.itsm.glpi_session).",
            "A session given here is never closed by the task. If it has expired and credentials are "
            "also given, a new session is opened (and closed at the end of the task).",
        ],
    ),
    validate_certs=dict(
        type="bool", default=True, env="GLPI_VALIDATE_CERTS",
        description=["Verify the server's TLS certificate. Only turn this off for a test server."],
    ),
    ca_path=dict(
        type="path", env="GLPI_CA_PATH",
        description=["A CA bundle (PEM file) to verify the server's certificate with, instead of the system's."],
    ),
    timeout=dict(
        type="float", default=30, env="GLPI_TIMEOUT",
        description=["Seconds to wait for GLPI to connect and to answer each request."],
    ),
    profile=dict(
        type="str", env="GLPI_PROFILE",
        description=["Profile (id or name) to switch to after login, as changeActiveProfile does."],
    ),
    entity=dict(
        type="str", env="GLPI_ENTITY",
        description=[
            "Entity (id, name, complete name such as V(Root entity > Paris), or V(all)) to switch to "
            "after login, as changeActiveEntities does.",
        ],
    ),
    entity_recursive=dict(
        type="bool", default=False, env="GLPI_ENTITY_RECURSIVE",
        description=["With O(entity), also make its sub-entities active."],
    ),
)

# ``items``: records of any itemtypes, as glpi_item_info reads them and glpi_document links them.
ITEMS_SPEC = dict(
    items=dict(type="list", elements="dict", options=dict(
        itemtype=dict(type="str", required=True),
        id=dict(type="int", required=True),
    )),
)

_SPEC_KEYS = ("type", "required", "default", "no_log")


def connection_spec():
    """The connection options as an AnsibleModule argument spec, with environment fallbacks."""
    spec = {}
    for name, option in CONNECTION_OPTIONS.items():
        entry = dict((key, option[key]) for key in _SPEC_KEYS if key in option)
        # AnsibleModule applies fallbacks before checking required options: GLPI_URL suffices.
        entry["fallback"] = (env_fallback, [option["env"]])
        spec[name] = entry
    return spec


def get_spec(*shared_options, **module_options):
    """A module's full argument spec: the connection options, shared option sets (such as
    reading.LIST_WINDOW_SPEC) and its own options."""
    spec = connection_spec()
    for options in shared_options:
        spec.update(copy.deepcopy(options))
    spec.update(copy.deepcopy(module_options))
    return spec


def client_kwargs(params):
    """The GlpiClient keyword arguments from a module's (or plugin's) option values."""
    return dict((name, params.get(name)) for name in CONNECTION_OPTIONS)
