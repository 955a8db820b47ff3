# -*- coding: utf-8 -*-
"""Tree dropdown names (module_utils/dropdowns.py): complete names as paths and decoded."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import decode_tree_names, tree_name, tree_path


@pytest.mark.parametrize("name,expected", [
    ("Root entity > Child Co", ["Root entity", "Child Co"]),
    ("Site A &#62; Building B &#62; Room C", ["Site A", "Building B", "Room C"]),
    ("Lyon", ["Lyon"]),
    (None, []),
])
def test_tree_path(name, expected):
    assert tree_path(name) == expected


def test_tree_name_decodes_the_separators():
    assert tree_name("Root entity &#62; Paris &gt; Building A") == "Root entity > Paris > Building A"


def test_decode_tree_names_only_in_foreign_keys():
    record = {
        "locations_id": "Site A &#62; Building B &#62; Room C", "name": "a &#62; b", "entities_id": "Root entity",
        "groups_id_tech": "IT &gt; Ops",
        "_connections": {"Monitor": [{"locations_id": "Site A &#62; Building B", "comment": "x &#62; y"}]},
        "_logs": {"889": {"items_id": "pc &#62; 1", "new_value": "Root entity &#62; Child"}},
    }
    assert decode_tree_names(record) == {
        "locations_id": "Site A > Building B > Room C", "name": "a &#62; b", "entities_id": "Root entity",
        "groups_id_tech": "IT > Ops",
        "_connections": {"Monitor": [{"locations_id": "Site A > Building B", "comment": "x &#62; y"}]},
        "_logs": {"889": {"items_id": "pc > 1", "new_value": "Root entity &#62; Child"}},
    }
    assert decode_tree_names(["5e6d33e964e0758ba937ce4b7e50a4ab88c867d0"]) == [
        "5e6d33e964e0758ba937ce4b7e50a4ab88c867d0"]
