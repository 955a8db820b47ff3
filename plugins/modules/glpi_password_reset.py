#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_password_reset
short_description: Ask GLPI for a password reset mail, or set a new password with its token
version_added: 0.1.0
description:
  - Uses GLPI's lostPassword endpoint, which needs no session.
  - With only O(email), GLPI mails a reset link to the user who has that address.
  - With O(reset_token) and O(new_password) too, sets the user's new password with the token of that mail.
  - GLPI only does this when its notifications (mails) are enabled; otherwise the task fails with
    GLPI's message.
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - glpi.itsm.connection
options:
  email:
    description:
      - The e-mail address of the GLPI user.
    type: str
    required: true
  reset_token:
    description:
      - The password reset token (V(password_forget_token)) from GLPI's reset mail.
    type: str
  new_password:
    description:
      - The new password, with O(reset_token).
    type: str
notes:
  - Neither action can be checked beforehand, so the module always reports a change; in check mode
    it sends nothing.
  - The connection credentials (O(user_token), O(username), O(password), O(session_token)) are not needed and not used.
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Mail a reset link to a user
  glpi.itsm.glpi_password_reset:
    url: https://glpi.example.com
    email: jane.doe@example.com

- name: Set the new password with the token of the mail
  glpi.itsm.glpi_password_reset:
    url: https://glpi.example.com
    email: jane.doe@example.com
    reset_token: "{{ reset_token }}"
    new_password: "{{ vault_new_password }}"
"""

RETURN = r"""
action:
  description: What was asked of GLPI, V(request) (a reset mail) or V(reset) (a new password).
  returned: always
  type: str
  sample: request
message:
  description: GLPI's answer, when it gave one.
  returned: when GLPI answered with a message
  type: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments
from ansible_collections.glpi.itsm.plugins.module_utils.errors import message_text
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def run(module, client):
    params = module.params
    action = "reset" if params["reset_token"] else "request"
    if module.check_mode:
        return True, dict(action=action)
    if action == "reset":
        answer = client.reset_password(params["email"], params["reset_token"], params["new_password"])
    else:
        answer = client.lost_password(params["email"])
    result = dict(action=action)
    if answer not in (None, True, [], ""):
        result["message"] = message_text(answer)
    return True, result


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            email=dict(type="str", required=True),
            reset_token=dict(type="str", no_log=True),
            new_password=dict(type="str", no_log=True),
        ),
        required_together=[("reset_token", "new_password")],
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
