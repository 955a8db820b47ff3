# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data from GLPI as the inventory hands it to Ansible: never a template, plain where harmless.

Anyone who may edit an asset in GLPI writes the strings an inventory hands to Ansible, and Ansible
templates variable values when they are used. Every value the inventory sets goes through
`never_templated`:

- a string that could be a template stays untrusted on ansible-core 2.19+ (data tagging never
  templates it) and is wrapped with `wrap_var` on 2.16-2.18 (which template every plain string);
- any other string is trusted on 2.19+, so that `ansible-inventory --list` prints it as a plain
  JSON string (AWX imports that JSON) instead of {"__ansible_unsafe": ...}, and is a plain str on
  2.16-2.18, where a string without template syntax is harmless.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from functools import lru_cache

try:  # ansible-core 2.19+: strings are templated only when tagged as trusted
    from ansible.template import trust_as_template
    wrap_var = None
except ImportError:  # ansible-core 2.16-2.18: every plain string may be templated
    trust_as_template = None
    from ansible.utils.unsafe_proxy import wrap_var

# Every Jinja delimiter Ansible uses begins or ends with a brace ({{ }}, {% %}, {# #}), and a
# "#jinja2:" header (honoured by every ansible-core line) may set other delimiters for the rest of
# the string, e.g. [[ ]]. Template-file delimiters set on the template module never apply to the
# variables a template reads (ansible-core templates nested values with the default ones).
TEMPLATE_SYNTAX = re.compile(r"[{}]|#jinja2:", re.IGNORECASE)


def could_be_template(text):
    return TEMPLATE_SYNTAX.search(text) is not None


def plain_text(text):
    """A str without any of Ansible's tags (such as the origin and trust of a configuration value):
    what the inventory keeps in its cache must be plain JSON, cheap to read back."""
    return str.__str__(text)


def never_templated(value):
    """`value` (strings, numbers, None, and lists and dicts of them) made safe to hand to Ansible."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return dict((_string(key) if isinstance(key, str) else key, never_templated(item))
                    for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [never_templated(item) for item in value]
    return value


# Entity, location and state names repeat on thousands of hosts: each is marked once, which saves
# most of the cost of marking (a tag costs about as much as Ansible's own handling of a variable).
@lru_cache(maxsize=65536)
def _string(text):
    if could_be_template(text):
        # Untrusted on 2.19+, whatever trust the value may have carried.
        return plain_text(text) if wrap_var is None else wrap_var(text)
    return trust_as_template(text) if trust_as_template is not None else plain_text(text)
