#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_session
short_description: Open, inspect, switch and close GLPI API sessions
version_added: 0.1.0
description:
  - Opens a GLPI API session (initSession) and returns its token, so that later tasks reuse it
    through the O(session_token) option instead of logging in and out at every task.
  - Closes a session (killSession) with O(state=absent).
  - Gathers session facts on request (O(gather)) and switches the active profile and entities of
    the session (O(profile), O(entity)) only when they differ from the current ones.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
options:
  state:
    description:
      - V(present) opens a session, or, when O(session_token) is given, checks that it is still open.
      - V(absent) closes the session given in O(session_token).
    type: str
    choices: [present, absent]
    default: present
  gather:
    description:
      - Session facts to return. V(my_profiles) (getMyProfiles), V(active_profile) (getActiveProfile),
        V(my_entities) (getMyEntities), V(active_entities) (getActiveEntities),
        V(full_session) (getFullSession), V(glpi_config) (getGlpiConfig).
    type: list
    elements: str
    choices: [my_profiles, active_profile, my_entities, active_entities, full_session, glpi_config]
    default: []
  my_entities_recursive:
    description:
      - With V(my_entities) in O(gather), also list the sub-entities of the active entity.
    type: bool
    default: false
notes:
  - The returned RV(session_token) is a secret. Set C(no_log) on the task when its output is shared,
    and close the session at the end of the play with O(state=absent).
  - In check mode no session is opened for the play; facts asked in O(gather) are still read
    through a temporary session that is closed at once, and switching profile or entity is only reported.
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Open one session for the whole play
  glpi.itsm.glpi_session:
    url: https://glpi.example.com
    app_token: "{{ vault_glpi_app_token }}"
    user_token: "{{ vault_glpi_user_token }}"
  register: glpi
  no_log: true

- name: Reuse it in every GLPI task of the play
  module_defaults:
    group/glpi.itsm.glpi:
      url: https://glpi.example.com
      app_token: "{{ vault_glpi_app_token }}"
      session_token: "{{ glpi.session_token }}"
  block:
    - name: Work in the Paris entity and its children
      glpi.itsm.glpi_session:
        entity: Root entity > Paris
        entity_recursive: true
        gather: [active_entities, active_profile]

    - name: Close the session
      glpi.itsm.glpi_session:
        state: absent

- name: List the profiles and entities of the user (opens and closes its own session)
  glpi.itsm.glpi_session:
    url: https://glpi.example.com
    username: ansible
    password: "{{ vault_glpi_password }}"
    gather: [my_profiles, my_entities]
    my_entities_recursive: true
  check_mode: true
  register: facts
"""

RETURN = r"""
session_token:
  description:
    - The token of the session the task opened, to pass to later tasks as O(session_token).
    - Not returned when the task reused the session given in O(session_token), nor in check mode.
  returned: when the task opened a session
  type: str
  sample: 8rvjd1hplskd141l10qs7ec61q
valid:
  description: Whether the session given in O(session_token) was still open when the task started.
  returned: when O(session_token) is given
  type: bool
  sample: true
switched:
  description: What the task switched in the session (V(profile), V(entity)), empty when nothing was needed.
  returned: always
  type: list
  elements: str
  sample: [entity]
my_profiles:
  description: The user's profiles (getMyProfiles).
  returned: when asked in O(gather)
  type: list
  elements: dict
  sample: [{"id": 4, "name": "Super-Admin", "entities": [{"id": 0, "name": "Root entity", "is_recursive": 1}]}]
active_profile:
  description: The active profile (getActiveProfile).
  returned: when asked in O(gather)
  type: dict
  sample: {"id": 4, "name": "Super-Admin", "interface": "central"}
my_entities:
  description:
    - The entities the user can switch to (getMyEntities), with their complete names
      (V(Root entity > Paris); GLPI sends the V(>) HTML-encoded here).
  returned: when asked in O(gather)
  type: list
  elements: dict
  sample: [{"id": 0, "name": "Root entity"}]
active_entities:
  description: The active entity, whether it is recursive, and all active entities (getActiveEntities).
  returned: when asked in O(gather)
  type: dict
  sample: {"id": 0, "active_entity_recursive": 1, "active_entities": [{"id": 0}]}
full_session:
  description: GLPI's PHP session of this API session (getFullSession).
  returned: when asked in O(gather)
  type: dict
glpi_config:
  description: GLPI's configuration as the API exposes it (getGlpiConfig), without its passwords.
  returned: when asked in O(gather)
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, sessions
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def ensure_present(module, client):
    given = module.params["session_token"]
    if given and client.session_is_valid():
        switched = sessions.switch_profile_and_entity(client, module.params, module.check_mode)
        # The given token is not returned: Ansible masks the value of a no_log option in results anyway.
        result = dict(valid=True, switched=switched, **sessions.gather_facts(client, module.params))
        return bool(switched), result
    if given and not client.has_credentials:
        raise GlpiInputError("session_token is no longer valid and no credentials were given to open a new one")
    result = dict(switched=[])
    if given:
        result["valid"] = False
    if not module.check_mode:
        client.init_session()  # also switches to the asked profile and entity
    result.update(sessions.gather_facts(client, module.params))
    if not module.check_mode:
        # Handed over only once everything worked: a task that fails closes what it opened.
        result["session_token"] = client.session_token
        client.keep_session()
    return True, result


def ensure_absent(module, client):
    if not module.params["session_token"]:
        raise GlpiInputError("state=absent needs session_token: the session to close")
    if not client.session_is_valid():
        return False, dict(valid=False, switched=[])
    if not module.check_mode:
        client.kill_session()
    return True, dict(valid=True, switched=[])


def run(module, client):
    if module.params["state"] == "absent":
        return ensure_absent(module, client)
    return ensure_present(module, client)


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            state=dict(type="str", choices=["present", "absent"], default="present"),
            gather=dict(type="list", elements="str", default=[], choices=list(sessions.FACTS)),
            my_entities_recursive=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
