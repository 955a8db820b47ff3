# -*- coding: utf-8 -*-
"""Planning one record of glpi_item without a GLPI: the action each state asks of what GLPI
holds, the fields compared, and the default lookup."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import items
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError

ALIVE = {"id": 5, "name": "web-01", "comment": "old", "is_deleted": 0}
TRASHED = dict(ALIVE, is_deleted=1)
LOCATION = {"id": 3, "name": "Building A", "locations_id": 1}  # no trash bin: no is_deleted


@pytest.mark.parametrize("state,current,wanted,action,changed", [
    ("present", None, {"name": "web-01", "comment": "new"}, "created",
     {"name": (None, "web-01"), "comment": (None, "new")}),
    ("present", ALIVE, {"name": "web-01", "comment": "new"}, "updated", {"comment": ("old", "new")}),
    ("present", ALIVE, {"name": "web-01", "comment": "old"}, "unchanged", {}),
    ("present", TRASHED, {"name": "web-01"}, "restored", {"is_deleted": (1, 0)}),
    ("present", TRASHED, {"name": "web-01", "comment": "new"}, "restored",
     {"is_deleted": (1, 0), "comment": ("old", "new")}),
    ("trashed", ALIVE, {"name": "web-01"}, "trashed", {"is_deleted": (0, 1)}),
    ("trashed", TRASHED, {"name": "web-01"}, "unchanged", {}),
    ("trashed", None, {"name": "web-01"}, "created", {"name": (None, "web-01")}),
    ("absent", ALIVE, {"name": "web-01", "comment": "new"}, "purged", {}),
    ("absent", TRASHED, {"name": "web-01"}, "purged", {}),
    ("absent", None, {"name": "web-01"}, "unchanged", {}),
    ("present", LOCATION, {"name": "Building A", "locations_id": 2}, "updated", {"locations_id": (1, 2)}),
])
def test_the_action_each_state_asks_of_the_current_record(state, current, wanted, action, changed):
    plan = items.plan_record("Computer", state, 0, current, wanted)
    assert (plan.action, plan.changed) == (action, changed)
    assert plan.id == (current or {}).get("id")


def test_glpi_types_are_normalised_before_comparing():
    current = dict(ALIVE, is_dynamic=0, ticket_tco="0.0000")
    plan = items.plan_record("Computer", "present", 0, current, {"name": "web-01", "is_dynamic": False, "ticket_tco": 0})
    assert plan.action == "unchanged"


def test_trashing_what_has_no_trash_bin_fails_naming_the_way_out():
    with pytest.raises(GlpiInputError, match="state=trashed: Location records have no trash bin; use state=absent"):
        items.plan_record("Location", "trashed", 0, LOCATION, {"name": "Building A"})


def test_write_only_fields_are_sent_on_creation_but_never_compared():
    wanted = {"name": "jdoe", "password": "s3cret", "realname": "Doe"}
    created = items.plan_record("User", "present", 0, None, wanted)
    assert created.wanted["password"] == "s3cret" and "password" not in created.changed
    existing = items.plan_record("User", "present", 0, {"id": 7, "name": "jdoe", "realname": "Doe", "is_deleted": 0},
                                 wanted)
    assert existing.action == "unchanged"


def test_the_default_lookup_adds_a_tree_dropdowns_parent_when_given():
    assert items.default_lookup("Location", {"name": "Building A", "locations_id": "Paris"}) == ["name", "locations_id"]
    assert items.default_lookup("location", {"name": "Building A", "locations_id": "Paris"}) == ["name", "locations_id"]
    assert items.default_lookup("Location", {"name": "Paris"}) == ["name"]
    assert items.default_lookup("Computer", {"name": "web-01", "locations_id": "Paris"}) == ["name"]


def test_a_plan_is_named_and_reported_as_the_module_returns_it():
    plan = items.plan_record("Computer", "present", 2, ALIVE, {"comment": "new"})
    assert plan.name("Computer") == "Computer 5"
    assert items.plan_record("Computer", "present", 0, None, {"name": "x"}).name("Computer") == "Computer (new)"
    plan.error = "GLPI did not do it"
    assert plan.report() == {"index": 2, "id": 5, "action": "updated", "error": "GLPI did not do it",
                             "changes": {"comment": {"before": "old", "after": "new"}}}
