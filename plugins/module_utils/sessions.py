# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An API session as glpi_session keeps it: the facts it gathers, and switching an existing
session's profile and entities only where they differ from what is asked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import tree_name

# The facts ``gather`` may ask, each read with one request.
FACTS = dict(
    my_profiles=lambda client, params: client.get_my_profiles().get("myprofiles", []),
    active_profile=lambda client, params: client.get_active_profile().get("active_profile", {}),
    my_entities=lambda client, params: [
        dict(entity, name=tree_name(entity.get("name")))
        for entity in client.get_my_entities(params["my_entities_recursive"]).get("myentities", [])],
    active_entities=lambda client, params: client.get_active_entities().get("active_entity", {}),
    full_session=lambda client, params: client.get_full_session().get("session", {}),
    glpi_config=lambda client, params: client.get_glpi_config().get("cfg_glpi", {}),
)


def switch_profile_and_entity(client, params, check_mode=False):
    """Switch an existing session to the asked profile and entity, only where they differ; the
    names of what was (or in check mode would be) switched."""
    switched = []
    if params["profile"]:
        wanted = client.resolve_profile(params["profile"])
        if client.get_active_profile()["active_profile"]["id"] != wanted:
            switched.append("profile")
            if not check_mode:
                client.change_active_profile(wanted)
    if params["entity"]:
        wanted = client.resolve_entity(params["entity"])
        if entity_differs(client, wanted, params["entity_recursive"]):
            switched.append("entity")
            if not check_mode:
                client.change_active_entities(wanted, params["entity_recursive"])
    return switched


def entity_differs(client, wanted, recursive):
    active = client.get_active_entities()["active_entity"]
    if wanted == "all":
        mine = client.get_my_entities(is_recursive=True).get("myentities", [])
        return set(e["id"] for e in active.get("active_entities", [])) != set(e["id"] for e in mine)
    return active["id"] != wanted or bool(active.get("active_entity_recursive")) != recursive


def gather_facts(client, params):
    """The session facts named by ``gather``."""
    return dict((name, FACTS[name](client, params)) for name in params["gather"])
