# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Documentation of the connection options, generated from module_utils/arguments.py.

``glpi.itsm.connection`` is for modules (environment fallbacks named in the text),
``glpi.itsm.connection.plugin`` for the inventory plugin (environment variables as ``env``
entries, which is how Ansible's configuration system reads them).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import yaml

from ansible_collections.glpi.itsm.plugins.module_utils.arguments import CONNECTION_OPTIONS


def _documentation(for_plugin):
    options = {}
    for name, option in CONNECTION_OPTIONS.items():
        doc = dict(description=list(option["description"]), type=option["type"])
        for key in ("required", "default"):
            if key in option:
                doc[key] = option[key]
        if for_plugin:
            doc["env"] = [dict(name=option["env"])]
        else:
            doc["description"].append("If not set, the value of the E({0}) environment variable is used.".format(option["env"]))
        options[name] = doc
    notes = [
        "Secrets (O(app_token), O(user_token), O(password), O(session_token)) are sent in HTTP "
        "headers only, never in URLs, and are never logged.",
        "Proxies are taken from the standard E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.",
    ]
    return yaml.safe_dump(dict(options=options, notes=notes), sort_keys=False, allow_unicode=True)


class ModuleDocFragment(object):
    DOCUMENTATION = _documentation(for_plugin=False)
    PLUGIN = _documentation(for_plugin=True)
