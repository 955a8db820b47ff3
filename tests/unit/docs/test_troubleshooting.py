# -*- coding: utf-8 -*-
"""docs/troubleshooting.md explains every error code GLPI can answer."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
# Every code of GLPI's API documentation (apirest.md, "Errors"), and those the recordings of a
# real GLPI 10.0.12 show besides.
DOCUMENTED = """ERROR_ITEM_NOT_FOUND ERROR_BAD_ARRAY ERROR_METHOD_NOT_ALLOWED ERROR_RIGHT_MISSING
ERROR_SESSION_TOKEN_INVALID ERROR_SESSION_TOKEN_MISSING ERROR_APP_TOKEN_PARAMETERS_MISSING
ERROR_WRONG_APP_TOKEN_PARAMETER ERROR_NOT_DELETED ERROR_NOT_ALLOWED_IP ERROR_LOGIN_PARAMETERS_MISSING
ERROR_LOGIN_WITH_CREDENTIALS_DISABLED ERROR_GLPI_LOGIN_USER_TOKEN ERROR_GLPI_LOGIN
ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM ERROR_SQL ERROR_RANGE_EXCEED_TOTAL ERROR_GLPI_ADD ERROR_GLPI_PARTIAL_ADD
ERROR_GLPI_UPDATE ERROR_GLPI_PARTIAL_UPDATE ERROR_GLPI_DELETE ERROR_GLPI_PARTIAL_DELETE ERROR_MASSIVEACTION_KEY
ERROR_MASSIVEACTION_NO_IDS""".split()


def recorded_codes():
    folder = os.path.join(ROOT, "tests", "conformance", "recordings")
    codes = set()
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as recording:
            codes.update(re.findall(r'\["(ERROR[A-Z_]*)"', recording.read()))
    return sorted(codes)


@pytest.mark.parametrize("code", sorted(set(DOCUMENTED) | set(recorded_codes())))
def test_every_error_code_has_a_row(code):
    with open(os.path.join(ROOT, "docs", "troubleshooting.md"), encoding="utf-8") as page:
        rows = [line for line in page if line.startswith("| `{0}` |".format(code))]
    assert len(rows) == 1, code
    assert len(rows[0].split("|")) == 5 and all(cell.strip() for cell in rows[0].split("|")[1:4])


def test_the_recordings_show_the_codes_we_expect():
    assert "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM" in recorded_codes() and len(recorded_codes()) >= 20
