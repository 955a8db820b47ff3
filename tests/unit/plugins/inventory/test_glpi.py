# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.itsm.plugins.inventory.glpi import COLUMNS, first_usable_ipv4, host_record


def test_first_usable_ipv4_skips_loopback_link_local_and_ipv6():
    assert first_usable_ipv4(["2001:db8::1", "127.0.0.1", "169.254.3.4", "10.0.0.5", "10.0.0.6"]) == "10.0.0.5"
    assert first_usable_ipv4(["fe80::1", "not-an-ip"]) is None
    assert first_usable_ipv4([]) is None


def test_host_record_types_and_lists():
    row = {"1": "web-01", "2": 12, "3": "Paris > Building A", "126": "10.0.0.5", "21": None, "31": None}
    record = host_record("Computer", row, COLUMNS)
    assert record["itemtype"] == "Computer" and record["id"] == 12 and record["name"] == "web-01"
    assert record["ip_addresses"] == ["10.0.0.5"] and record["mac_addresses"] == []
    assert record["location"] == "Paris > Building A" and record["state"] is None
