# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import records
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import itemtype_of


@pytest.mark.parametrize("wanted,current", [
    (True, 1), (False, 0), (0, "0.0000"), ("0", "0.0000"), ("12.5", "12.5000"), (3, "3"), (None, ""), ("", None),
    ("web<01> & \"db\"", "web<01> & \"db\""), (u"中文", u"中文"),
])
def test_same_after_normalising_glpi_types(wanted, current):
    assert records.same(wanted, current)


@pytest.mark.parametrize("wanted,current", [
    ("007", "7"), ("Web-01", "web-01"), ("a ", "a"), (1, 0), (True, 0), ("x", None), (2, "2.5000"),
])
def test_different(wanted, current):
    assert not records.same(wanted, current)


def test_changes_compare_only_given_keys_and_skip_special_inputs():
    current = {"id": 1, "name": "pc", "comment": "old", "is_dynamic": 0, "ticket_tco": "0.0000"}
    wanted = {"name": "pc", "comment": "new", "is_dynamic": False, "ticket_tco": 0, "_users_id_requester": 4}
    assert records.changes(wanted, current) == {"comment": ("old", "new")}
    assert records.diff("Computer 5", {"comment": ("old", "new")}) == {
        "before_header": "Computer 5", "after_header": "Computer 5",
        "before": {"comment": "old"}, "after": {"comment": "new"}}
    assert records.diff("Document 5", {}, before={"links": []}, after={"links": ["Computer 1"]})["after"] == {
        "links": ["Computer 1"]}
    assert records.changes_result({"comment": ("old", "new")}) == {"comment": {"before": "old", "after": "new"}}


def test_unknown_fields():
    assert records.unknown_fields({"name": 1, "colour": 2, "_x": 3}, {"id": 1, "name": "a"}) == ["colour"]


@pytest.mark.parametrize("value,term", [
    ("web<01> & \"db\"", "web"), ("plain name", "plain name"), ("<>&", None), ("a&bcdef", "bcdef"), (12, "12"),
])
def test_search_term_avoids_characters_glpi_cannot_search(value, term):
    assert records.search_term(value) == term


def test_matches_is_exact():
    record = {"name": "Web-01", "serial": "007", "locations_id": 3}
    assert records.matches(record, {"name": "Web-01", "locations_id": 3})
    assert records.matches(record, {"name": "Web-01", "locations_id": "3"})
    assert not records.matches(record, {"name": "web-01"})
    assert not records.matches(record, {"serial": "7"})


@pytest.mark.parametrize("field,itemtype", [
    ("locations_id", "Location"), ("entities_id", "Entity"), ("users_id_tech", "User"), ("groups_id_tech", "Group"),
    ("computermodels_id", "ComputerModel"), ("itilcategories_id", "ITILCategory"), ("printermodels_id", "printermodel"),
    ("softwares_id", "Software"), ("name", None), ("serial", None), ("items_id", "item"),
])
def test_itemtype_of_foreign_keys(field, itemtype):
    assert itemtype_of(field) == itemtype


@pytest.mark.parametrize("wanted,current", [
    ("a &lt;i&gt; b", "a <i> b"),                                  # GLPI 11 decodes legacy entities on read
    ("web&#60;01&#62; &#38; &#34;db&#34;", "web<01> & &#34;db&#34;"),
    (3, [3]), ("3", [3]), (0, []), (None, []),                      # GLPI 11: an asset's groups are a list
])
def test_same_as_glpi_11_reads_it(wanted, current):
    assert records.same(wanted, current)


@pytest.mark.parametrize("wanted,current", [
    ("<raw> &#60;kept&#62;", "<raw> <kept>"),                      # raw < or >: nothing is decoded
    ("AT&amp;T &quot;q&quot;", "AT&T \"q\""),                       # &amp; and &quot; never are
    ("a & b &#60;", "a & b <"),                                    # a bare & stops &#60; decoding
    (3, [3, 4]), (3, []),
])
def test_not_same_when_glpi_11_would_show_it_otherwise(wanted, current):
    assert not records.same(wanted, current)
