# -*- coding: utf-8 -*-
"""An existing session is switched only where it differs from what is asked (module_utils/sessions.py)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.itsm.plugins.module_utils import sessions
from ansible_collections.glpi.itsm.plugins.modules import glpi_session


def active(client, profile=4, entity=0, recursive=False, entities=(0,)):
    client.get_active_profile.return_value = {"active_profile": {"id": profile}}
    client.get_active_entities.return_value = {"active_entity": {
        "id": entity, "active_entity_recursive": recursive, "active_entities": [{"id": i} for i in entities]}}
    client.resolve_profile.side_effect = lambda name: {"Super-Admin": 4, "Technician": 6}[name]
    client.resolve_entity.side_effect = lambda name: "all" if name == "all" else {"Root entity": 0, "Paris": 3}[name]
    client.get_my_entities.return_value = {"myentities": [{"id": 0}, {"id": 3}]}


def test_nothing_is_switched_when_the_session_is_as_asked(make_module, client):
    active(client, profile=4, entity=3, recursive=True)
    params = make_module(glpi_session, profile="Super-Admin", entity="Paris", entity_recursive=True).params
    assert sessions.switch_profile_and_entity(client, params) == []
    client.change_active_profile.assert_not_called()
    client.change_active_entities.assert_not_called()


def test_profile_and_entity_are_switched_where_they_differ(make_module, client):
    active(client, profile=4, entity=0, recursive=False)
    params = make_module(glpi_session, profile="Technician", entity="Paris").params
    assert sessions.switch_profile_and_entity(client, params) == ["profile", "entity"]
    client.change_active_profile.assert_called_once_with(6)
    client.change_active_entities.assert_called_once_with(3, False)


def test_check_mode_says_what_it_would_switch_and_switches_nothing(make_module, client):
    active(client, profile=4, entity=0, recursive=False)
    params = make_module(glpi_session, profile="Technician", entity="Root entity", entity_recursive=True).params
    assert sessions.switch_profile_and_entity(client, params, check_mode=True) == ["profile", "entity"]
    client.change_active_profile.assert_not_called()
    client.change_active_entities.assert_not_called()


def test_all_entities_compares_with_the_users_entities(make_module, client):
    active(client, entities=(0, 3))
    params = make_module(glpi_session, entity="all").params
    assert sessions.switch_profile_and_entity(client, params) == []
    active(client, entities=(0,))
    assert sessions.switch_profile_and_entity(client, params) == ["entity"]


def test_gathered_facts_decode_entity_names(make_module, client):
    client.get_my_entities.return_value = {"myentities": [{"id": 3, "name": "Root entity &#62; Paris"}]}
    params = make_module(glpi_session, gather=["my_entities"], my_entities_recursive=True).params
    assert sessions.gather_facts(client, params) == {"my_entities": [{"id": 3, "name": "Root entity > Paris"}]}
    client.get_my_entities.assert_called_once_with(True)
