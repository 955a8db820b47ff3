# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.search import cell_values, tree_path


@pytest.mark.parametrize("cell,expected", [
    (["192.168.1.9", "2001:db8::8:1"], ["192.168.1.9", "2001:db8::8:1"]),  # several values: an array
    ("192.168.1.9", ["192.168.1.9"]),                                     # one value: a plain string
    (None, []),                                                           # none: null
    ("", []),
    ("a$#$b", ["a", "b"]),
    ([None, "x"], ["x"]),
    (7, [7]),
])
def test_multi_valued_cells_are_lists(cell, expected):
    assert cell_values(cell) == expected


@pytest.mark.parametrize("name,expected", [
    ("Root entity > Child Co", ["Root entity", "Child Co"]),
    ("Site A &#62; Building B &#62; Room C", ["Site A", "Building B", "Room C"]),
    ("Lyon", ["Lyon"]),
    (None, []),
])
def test_tree_path(name, expected):
    assert tree_path(name) == expected
