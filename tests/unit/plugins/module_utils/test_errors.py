# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import errors


@pytest.mark.parametrize("body,status,cls", [
    (["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"], 401, errors.GlpiAuthenticationError),
    (["ERROR_GLPI_LOGIN", "Incorrect username or password"], 401, errors.GlpiAuthenticationError),
    (["ERROR_WRONG_APP_TOKEN_PARAMETER", "parameter app_token seems wrong"], 400, errors.GlpiAuthenticationError),
    (["ERROR_ITEM_NOT_FOUND", "Item not found"], 404, errors.GlpiNotFoundError),
    (["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "resource not found"], 400, errors.GlpiUnknownItemtypeError),
    (["ERROR_RIGHT_MISSING", "You don't have permission to perform this action."], 403, errors.GlpiPermissionError),
    (["ERROR_GLPI_ADD", "You don't have permission to perform this action."], 400, errors.GlpiPermissionError),
    (["ERROR_GLPI_UPDATE", None], 400, errors.GlpiError),
    (["ERROR_RANGE_EXCEED_TOTAL", "Provided range exceed total count of data: 4"], 400, errors.GlpiRangeError),
])
def test_error_codes_map_to_the_error_family(body, status, cls):
    error = errors.error_from_body(body, status, "GET", "http://glpi/apirest.php/Computer")
    assert error.__class__ is cls
    assert error.code == body[0]
    assert error.status == status


def test_message_drops_the_documentation_link_and_keeps_the_code():
    body = ["ERROR_RANGE_EXCEED_TOTAL", "Provided range exceed total count of data: 4; view documentation in "
            "your browser at http://127.0.0.1:8088/apirest.php/#ERROR_RANGE_EXCEED_TOTAL"]
    error = errors.error_from_body(body, 400, "GET", "http://glpi/apirest.php/Computer/")
    assert error.message == "Provided range exceed total count of data: 4" and error.total == 4
    assert str(error) == ("HTTP 400, ERROR_RANGE_EXCEED_TOTAL: Provided range exceed total count of data: 4 "
                          "(GET http://glpi/apirest.php/Computer/)")


def test_null_and_list_messages():
    assert errors.error_from_body(["ERROR_GLPI_UPDATE", None], 400).message == "GLPI gave no message"
    listed = errors.error_from_body(["ERROR_GLPI_PARTIAL_ADD", ["first", "second"]], 400)
    assert listed.message == "first; second"


def test_body_that_is_not_an_error_array():
    error = errors.error_from_body({"unexpected": "thing"}, 500)
    assert error.code is None and "unexpected: thing" in error.message


def test_as_result_gives_code_and_status():
    error = errors.GlpiError("boom", code="ERROR_X", status=400, details=[1])
    assert error.as_result() == dict(error_code="ERROR_X", status=400, details=[1])
