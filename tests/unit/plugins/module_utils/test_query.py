# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import query
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError

try:
    from urllib.parse import parse_qsl
except ImportError:  # pragma: no cover
    from urlparse import parse_qsl  # type: ignore


def test_flatten_nested_criteria_like_php():
    params = {
        "criteria": [
            {"field": 1, "searchtype": "contains", "value": "web"},
            {"link": "AND", "criteria": [{"field": 31, "searchtype": "equals", "value": 2}]},
        ],
        "forcedisplay": [2, 5],
        "uid_cols": True,
        "range": None,
    }
    assert query.flatten(params) == [
        ("criteria[0][field]", "1"),
        ("criteria[0][searchtype]", "contains"),
        ("criteria[0][value]", "web"),
        ("criteria[1][link]", "AND"),
        ("criteria[1][criteria][0][field]", "31"),
        ("criteria[1][criteria][0][searchtype]", "equals"),
        ("criteria[1][criteria][0][value]", "2"),
        ("forcedisplay[0]", "2"),
        ("forcedisplay[1]", "5"),
        ("uid_cols", "true"),
    ]


def test_encode_round_trips_special_characters():
    value = u"a&b=c?d#e/f %2F é中 > <"
    encoded = query.encode({"searchText": {"name": value}, "items": [{"itemtype": "User", "items_id": 2}]})
    assert "&b=" not in encoded and "#" not in encoded and "?" not in encoded and " " not in encoded
    assert parse_qsl(encoded) == [
        ("searchText[name]", value),
        ("items[0][itemtype]", "User"),
        ("items[0][items_id]", "2"),
    ]


def test_encode_false_is_sent_and_none_is_not():
    assert query.encode({"get_hateoas": False, "expand_dropdowns": None}) == "get_hateoas=false"


@pytest.mark.parametrize("itemtype", ["Computer", "NetworkEquipment", "Item_DeviceProcessor", "Glpi\\Socket"])
def test_valid_itemtypes_are_encoded(itemtype):
    assert query.itemtype_segment(itemtype) == itemtype.replace("\\", "%5C")


@pytest.mark.parametrize("itemtype", [
    "", None, 12, "../etc", "Computer/1", "Computer?x=1", "Comp#uter", "a b", "%2F", "Comp%2Fx",
    u"Ordinateur\u00e9", "1Computer", "Computer\\", "\\Computer", "..",
])
def test_invalid_itemtypes_are_refused_naming_the_option(itemtype):
    with pytest.raises(GlpiInputError, match="^sub_itemtype must be a GLPI itemtype"):
        query.itemtype_segment(itemtype, "sub_itemtype")


@pytest.mark.parametrize("value,expected", [(0, 0), (7, 7), ("42", 42), (" 5 ", 5)])
def test_item_ids(value, expected):
    assert query.item_id(value) == expected


@pytest.mark.parametrize("value", [-1, "-1", "abc", "12abc", 1.5, True, None, "", 2 ** 40, "1/2"])
def test_bad_item_ids_are_refused(value):
    with pytest.raises(GlpiInputError, match="^id must be"):
        query.item_id(value)


def test_range_param():
    assert query.range_param(0, 999) == "0-999"
    for start, end in [(-1, 5), (10, 5), (0, 2 ** 40), ("0", 5), (0, True)]:
        with pytest.raises(GlpiInputError, match="range"):
            query.range_param(start, end)


@pytest.mark.parametrize("header,expected", [
    ("0-19/60", (0, 19, 60)),
    ("0-20/60", (0, 20, 60)),  # GLPI's off-by-one on the default range
    ("0--1/0", (0, -1, 0)),
    (None, None),
    ("bytes 0-1/2", None),
])
def test_parse_content_range(header, expected):
    assert query.parse_content_range(header) == expected
