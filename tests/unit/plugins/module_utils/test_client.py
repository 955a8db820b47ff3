# -*- coding: utf-8 -*-
"""GlpiClient against a mocked transport: URLs, headers, session lifecycle, paging, errors.

Answers are shaped after the GLPI 10.0.12 recordings (tests/conformance/recordings).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import requests_mock as requests_mock_lib

from ansible_collections.glpi.itsm.plugins.module_utils import client as client_module
from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient, api_url_from, write_outcomes
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiAuthenticationError,
    GlpiConnectionError,
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiPermissionError,
    GlpiResponseError,
    GlpiUnknownItemtypeError,
)

API = "https://glpi.example.com/apirest.php"
USER_TOKEN = "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"
APP_TOKEN = "51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz"
SESSION = "n0vpaecmn2rc07n4el83aiaucq"


@pytest.fixture
def mock():
    with requests_mock_lib.Mocker() as mocker:
        mocker.get(API + "/initSession", json={"session_token": SESSION})
        mocker.get(API + "/killSession", json=True)
        yield mocker


@pytest.fixture
def client():
    glpi = GlpiClient(API, app_token=APP_TOKEN, user_token=USER_TOKEN, retries=0)
    yield glpi
    glpi._http.close()


def calls(mock, path):
    return [r for r in mock.request_history if r.path.endswith(path.lower())]


def items(start, end):
    return [{"id": i + 1} for i in range(start, end + 1)]


def list_answer(total, default_off_by_one=False):
    """A callback answering GET /Computer/?range=a-b like GLPI does."""
    def answer(request, context):
        match = re.search(r"range=(\d+)-(\d+)", request.url)
        start, end = (int(match.group(1)), int(match.group(2))) if match else (0, 19)
        if total == 0:
            return []
        if start >= total:
            context.status_code = 400
            return ["ERROR_RANGE_EXCEED_TOTAL", "Provided range exceed total count of data: %d" % total]
        end = min(end, total - 1)
        shown_end = end + 1 if default_off_by_one and not match and end + 1 < total else end
        context.headers["Content-Range"] = "%d-%d/%d" % (start, shown_end, total)
        context.headers["Accept-Range"] = "Computer 1000"
        context.status_code = 206 if end - start + 1 < total else 200
        return items(start, end)
    return answer


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize("given,expected", [
    ("https://glpi.example.com", "https://glpi.example.com/apirest.php"),
    ("https://glpi.example.com/glpi/", "https://glpi.example.com/glpi/apirest.php"),
    ("https://glpi.example.com/glpi/apirest.php", "https://glpi.example.com/glpi/apirest.php"),
    ("https://glpi.example.com/glpi/apirest.php/", "https://glpi.example.com/glpi/apirest.php"),
    ("http://127.0.0.1:8088/api", "http://127.0.0.1:8088/api"),
    (" http://127.0.0.1:8088/api/ ", "http://127.0.0.1:8088/api"),
    ("https://glpi.example.com/api.php/v1", "https://glpi.example.com/api.php/v1"),  # GLPI 11
    ("https://glpi.example.com/api.php/v1/", "https://glpi.example.com/api.php/v1"),
])
def test_the_url_forms(given, expected):
    assert api_url_from(given) == expected


@pytest.mark.parametrize("given", ["", None, "glpi.example.com", "ftp://glpi", "https://glpi/apirest.php?app_token=x",
                                   "https://:80"])
def test_bad_urls_are_refused_before_sending(given):
    with pytest.raises(GlpiInputError, match="^url "):
        api_url_from(given)


def test_url_with_user_info_is_never_shown(mock):
    with pytest.raises(GlpiInputError) as info:
        api_url_from("ftp://admin:s3cret@glpi")
    assert "s3cret" not in str(info.value)


# --------------------------------------------------------------------------- session


def test_user_token_login_sends_secrets_in_headers_only(mock, client):
    mock.get(API + "/getActiveProfile", json={"active_profile": {"id": 4}})
    client.get_active_profile()
    login, call = mock.request_history
    assert login.headers["Authorization"] == "user_token " + USER_TOKEN
    assert login.headers["App-Token"] == APP_TOKEN
    assert call.headers["Session-Token"] == SESSION
    assert call.headers["X-GLPI-Sanitized-Content"] == "false"
    for request in mock.request_history:
        assert USER_TOKEN not in request.url and APP_TOKEN not in request.url and SESSION not in request.url


def test_basic_login(mock):
    glpi = GlpiClient(API, username="glpi", password="s3cret")
    glpi.init_session(get_full_session=True)
    login = mock.request_history[0]
    assert login.headers["Authorization"] == "Basic Z2xwaTpzM2NyZXQ="
    assert login.qs == {"get_full_session": ["true"]}
    assert "s3cret" not in login.url


def test_no_credentials_is_a_clear_error(mock):
    glpi = GlpiClient(API)
    with pytest.raises(GlpiInputError, match="no credentials"):
        glpi.get_active_profile()
    assert mock.call_count == 0


def test_session_is_opened_once_lazily_and_killed_at_close(mock, client):
    mock.get(API + "/getMyProfiles", json={"myprofiles": []})
    assert mock.call_count == 0
    client.get_my_profiles()
    client.get_my_profiles()
    client.close()
    assert [r.path for r in mock.request_history] == [
        "/apirest.php/initsession", "/apirest.php/getmyprofiles", "/apirest.php/getmyprofiles",
        "/apirest.php/killsession"]


def test_a_given_session_is_reused_and_never_killed(mock):
    mock.get(API + "/getGlpiConfig", json={"cfg_glpi": {}})
    with GlpiClient(API, session_token="given0token") as glpi:
        glpi.get_glpi_config()
    assert [r.path for r in mock.request_history] == ["/apirest.php/getglpiconfig"]
    assert mock.request_history[0].headers["Session-Token"] == "given0token"


def test_session_is_killed_when_the_work_fails(mock, client):
    mock.get(API + "/Computer/9", status_code=404, json=["ERROR_ITEM_NOT_FOUND", "Item not found"])
    with pytest.raises(GlpiNotFoundError):
        with client:
            client.get_item("Computer", 9)
    assert calls(mock, "/killSession")


def test_invalid_session_is_reopened_once_and_the_request_sent_again(mock, client):
    answers = [
        {"status_code": 401, "json": ["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"]},
        {"json": {"active_profile": {"id": 4}}},
    ]
    mock.get(API + "/getActiveProfile", answers)
    assert client.get_active_profile() == {"active_profile": {"id": 4}}
    assert len(calls(mock, "/initSession")) == 2


def test_invalid_session_twice_is_reported(mock, client):
    mock.get(API + "/getActiveProfile", status_code=401, json=["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"])
    with pytest.raises(GlpiAuthenticationError) as info:
        client.get_active_profile()
    assert info.value.code == "ERROR_SESSION_TOKEN_INVALID"
    assert len(calls(mock, "/initSession")) == 2


def test_invalid_given_session_without_credentials_is_reported(mock):
    mock.get(API + "/getActiveProfile", status_code=401, json=["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"])
    glpi = GlpiClient(API, session_token="expired")
    with pytest.raises(GlpiAuthenticationError):
        glpi.get_active_profile()
    assert not calls(mock, "/initSession")


def test_session_is_valid_does_not_relogin(mock, client):
    mock.get(API + "/getActiveProfile", status_code=401, json=["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"])
    client._session_token = "old"
    assert client.session_is_valid() is False
    assert not calls(mock, "/initSession")


def test_wrong_password_is_an_authentication_error(mock):
    mock.get(API + "/initSession", status_code=401, json=["ERROR_GLPI_LOGIN", "Incorrect username or password"])
    with pytest.raises(GlpiAuthenticationError, match="Incorrect username or password") as info:
        GlpiClient(API, username="glpi", password="wrong").init_session()
    assert "wrong" not in str(info.value)


def test_profile_and_entity_are_switched_after_login(mock):
    mock.get(API + "/getMyProfiles", json={"myprofiles": [{"id": 4, "name": "Super-Admin"}, {"id": 6, "name": "Technician"}]})
    mock.get(API + "/getMyEntities", json={"myentities": [{"id": 0, "name": "Root entity"},
                                                          {"id": 3, "name": "Root entity &#62; Paris"}]})
    mock.post(API + "/changeActiveProfile", json=True)
    mock.post(API + "/changeActiveEntities", json=True)
    glpi = GlpiClient(API, user_token=USER_TOKEN, profile="Technician", entity="Root entity > Paris", entity_recursive=True)
    glpi.init_session()
    assert calls(mock, "/changeActiveProfile")[0].json() == {"profiles_id": 6}
    assert calls(mock, "/changeActiveEntities")[0].json() == {"entities_id": 3, "is_recursive": True}


def test_unknown_profile_lists_the_users_profiles(mock):
    mock.get(API + "/getMyProfiles", json={"myprofiles": [{"id": 4, "name": "Super-Admin"}]})
    with pytest.raises(GlpiInputError, match="'Nope' is not one of this user's profiles \\(Super-Admin\\)"):
        GlpiClient(API, user_token=USER_TOKEN, profile="Nope").init_session()


# --------------------------------------------------------------------------- paging


@pytest.mark.parametrize("total,page_size,expected_ranges", [
    (4, 2, ["0-1", "2-3"]),            # exact multiple: never asks 4-5
    (5, 2, ["0-1", "2-3", "4-4"]),
    (3, 1000, ["0-999"]),
    (1000, 1000, ["0-999"]),
    (1001, 1000, ["0-999", "1000-1000"]),
])
def test_paging_walks_to_the_end_and_never_past_the_total(mock, client, total, page_size, expected_ranges):
    mock.get(API + "/Computer", json=list_answer(total))
    rows = list(client.iter_items("Computer", page_size=page_size, only_id=True))
    assert [row["id"] for row in rows] == list(range(1, total + 1))
    assert [r.qs["range"][0] for r in calls(mock, "/Computer")] == expected_ranges


def test_paging_an_empty_collection_is_one_request(mock, client):
    mock.get(API + "/Ticket", json=[], headers={"Accept-Range": "Ticket 1000"})
    assert list(client.iter_items("Ticket")) == []
    assert len(calls(mock, "/Ticket")) == 1


def test_paging_is_not_fooled_by_an_off_by_one_content_range(mock, client):
    # GLPI reports 0-20/60 for 20 rows: the next start must still be 20.
    def answer(request, context):
        start, end = [int(x) for x in request.qs["range"][0].split("-")]
        context.headers["Content-Range"] = "%d-%d/60" % (start, min(end + 1, 59))
        return items(start, min(end, 59))
    mock.get(API + "/Monitor", json=answer)
    rows = list(client.iter_items("Monitor", page_size=20))
    assert [row["id"] for row in rows] == list(range(1, 61))
    assert [r.qs["range"][0] for r in calls(mock, "/Monitor")] == ["0-19", "20-39", "40-59"]


@pytest.mark.parametrize("workers", [1, 3])
def test_paging_copes_with_a_server_that_caps_the_page(mock, client, workers):
    def answer(request, context):
        start, end = [int(x) for x in request.qs["range"][0].split("-")]
        end = min(end, start + 9, 94)  # at most 10 rows a page
        context.headers["Content-Range"] = "%d-%d/95" % (start, end)
        return items(start, end)
    mock.get(API + "/Printer", json=answer)
    rows = list(client.iter_items("Printer", page_size=30, max_workers=workers))
    assert [row["id"] for row in rows] == list(range(1, 96))
    assert len(calls(mock, "/Printer")) == 10


def test_parallel_pages_come_back_in_order(mock, client):
    mock.get(API + "/Computer", json=list_answer(95))
    rows = list(client.iter_items("Computer", page_size=10, max_workers=4))
    assert [row["id"] for row in rows] == list(range(1, 96))
    assert len(calls(mock, "/Computer")) == 10


def test_search_pages_use_totalcount_and_missing_data_is_empty(mock, client):
    def answer(request, context):
        start, end = [int(x) for x in request.qs["range"][0].split("-")]
        total = 3
        rows = [{"1": "pc-%d" % i, "2": i} for i in range(start, min(end, total - 1) + 1)]
        return {"totalcount": total, "count": len(rows), "data": rows, "content-range": "x"}
    mock.get(API + "/search/Computer", json=answer)
    rows = list(client.iter_search("Computer", page_size=2, criteria=[{"field": 1, "searchtype": "contains", "value": "pc"}]))
    assert [row["2"] for row in rows] == [0, 1, 2]
    first = calls(mock, "/search/Computer")[0]
    assert first.qs["criteria[0][field]"] == ["1"]

    mock.get(API + "/search/Location", json={"totalcount": 0, "count": 0, "sort": ["1"], "order": ["ASC"],
                                             "content-range": "0--1/0"})
    assert list(client.iter_search("Location")) == []
    assert client.search("Location")["data"] == []


def test_page_size_must_be_positive(mock, client):
    with pytest.raises(GlpiInputError, match="page_size"):
        list(client.iter_items("Computer", page_size=0))


# --------------------------------------------------------------------------- errors


def test_html_page_instead_of_json_says_what_came_back(mock, client):
    mock.get(API + "/getActiveProfile", status_code=502, headers={"Content-Type": "text/html"},
             text="<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>")
    with pytest.raises(GlpiResponseError) as info:
        client.get_active_profile()
    message = str(info.value)
    assert "HTTP 502" in message and "text/html" in message and "502 Bad Gateway" in message
    assert "apirest.php/getActiveProfile" in message


def test_empty_body_is_reported(mock, client):
    mock.get(API + "/getActiveProfile", text="")
    with pytest.raises(GlpiResponseError, match="an empty body"):
        client.get_active_profile()


def test_sql_text_before_the_json_error_is_understood(mock, client):
    mock.get(API + "/search/Computer", status_code=500,
             text='You have an error in your SQL syntax ...["ERROR_SQL","Unexpected SQL Error : syntax"]')
    with pytest.raises(GlpiError) as info:
        client.search("Computer")
    assert info.value.code == "ERROR_SQL" and info.value.status == 500


@pytest.mark.parametrize("status,body,cls", [
    (404, ["ERROR_ITEM_NOT_FOUND", "Item not found"], GlpiNotFoundError),
    (403, ["ERROR_RIGHT_MISSING", "You don't have permission to perform this action."], GlpiPermissionError),
    (400, ["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "resource not found or not an instance of CommonDBTM"],
     GlpiUnknownItemtypeError),
])
def test_error_family(mock, client, status, body, cls):
    mock.get(API + "/Computer/3", status_code=status, json=body)
    with pytest.raises(cls) as info:
        client.get_item("Computer", 3)
    assert info.value.code == body[0]


def test_connection_refused_is_a_connection_error(client):
    glpi = GlpiClient("http://127.0.0.1:9", user_token=USER_TOKEN, retries=0, timeout=2)
    with pytest.raises(GlpiConnectionError, match="could not connect") as info:
        glpi.init_session()
    assert USER_TOKEN not in str(info.value)


def test_bad_input_sends_nothing(mock, client):
    for call in (lambda: client.get_item("../../config", 1), lambda: client.get_item("Computer", "abc"),
                 lambda: client.get_items("Computer", 10, 5), lambda: client.delete_items("Computer", [-1]),
                 lambda: client.apply_massive_action("Computer", "update", [1]),
                 lambda: client.get_multiple_items([{"itemtype": "User/1", "items_id": 2}])):
        with pytest.raises(GlpiInputError):
            call()
    assert mock.call_count == 0


# --------------------------------------------------------------------------- writes


def test_add_one_and_many(mock, client):
    mock.post(API + "/Computer", [
        {"status_code": 201, "json": {"id": 1, "message": "Item successfully added: pc-01"}},
        {"status_code": 201, "json": [{"id": 2, "message": ""}, {"id": 3, "message": ""}]},
    ])
    assert client.add_items("Computer", {"name": "pc-01"}) == [dict(id=1, ok=True, message="Item successfully added: pc-01")]
    assert [o["id"] for o in client.add_items("Computer", [{"name": "a"}, {"name": "b"}])] == [2, 3]
    assert calls(mock, "/Computer")[0].json() == {"input": {"name": "pc-01"}}


def test_many_writes_go_in_chunks_each_record_keeping_its_outcome(mock, client):
    """1,200 records: three requests (500, 500, 200); GLPI's Link header naming every record
    created would outgrow what http.client reads in one request."""
    def created(request, context):
        context.status_code = 201
        return [{"id": 10000 + int(r["name"]), "message": ""} for r in request.json()["input"]]

    def removed(request, context):
        return [{str(r["id"]): r["id"] % 7 != 0, "message": ""} for r in request.json()["input"]]
    mock.post(API + "/Computer", json=created)
    mock.put(API + "/Computer", json=removed)
    mock.delete(API + "/Computer", json=removed)
    added = client.add_items("Computer", [{"name": str(i)} for i in range(1200)])
    assert [o["id"] for o in added] == [10000 + i for i in range(1200)]
    updated = client.update_items("Computer", [{"id": i, "comment": "x"} for i in range(1, 1201)])
    deleted = client.delete_items("Computer", list(range(1, 1201)))
    for outcomes in (updated, deleted):
        assert [o["id"] for o in outcomes] == list(range(1, 1201))
        assert [o["id"] for o in outcomes if not o["ok"]] == list(range(7, 1201, 7))
    assert [len(r.json()["input"]) for r in mock.request_history if r.method != "GET"] == [500, 500, 200] * 3


def test_partial_update_keeps_per_item_outcomes(mock, client):
    mock.put(API + "/Computer", status_code=207,
             json=["ERROR_GLPI_PARTIAL_UPDATE", [{"2": True, "message": ""}, {"999": False, "message": "Item not found"}]])
    outcomes = client.update_items("Computer", [{"id": 2, "comment": "x"}, {"id": 999, "comment": "x"}])
    assert outcomes == [dict(id=2, ok=True, message=""), dict(id=999, ok=False, message="Item not found")]


def test_delete_many_purge_with_history(mock, client):
    mock.delete(API + "/Computer", json=[{"4": True, "message": ""}, {"5": True, "message": ""}])
    client.delete_items("Computer", [4, 5], force_purge=True, history=False)
    request = calls(mock, "/Computer")[0]
    assert request.qs == {"force_purge": ["true"], "history": ["false"]}
    assert request.json() == {"input": [{"id": 4}, {"id": 5}]}


def test_write_outcomes_of_a_failed_add():
    assert write_outcomes([{"id": False, "message": "duplicate"}]) == [dict(id=None, ok=False, message="duplicate")]


def test_posts_are_never_retried_but_gets_are(mock):
    # Retries themselves run in urllib3 (exercised against the emulator); here: which methods may.
    assert "POST" not in client_module.IDEMPOTENT_METHODS
    assert {"GET", "PUT", "DELETE"} <= client_module.IDEMPOTENT_METHODS


# --------------------------------------------------------------------------- other endpoints


def test_every_session_endpoint(mock, client):
    for name, method in [("getMyProfiles", "get"), ("getActiveProfile", "get"), ("getMyEntities", "get"),
                         ("getActiveEntities", "get"), ("getFullSession", "get"), ("getGlpiConfig", "get"),
                         ("changeActiveProfile", "post"), ("changeActiveEntities", "post")]:
        getattr(mock, method)(API + "/" + name, json={"ok": name})
    assert client.get_my_entities(is_recursive=True) == {"ok": "getMyEntities"}
    assert calls(mock, "/getMyEntities")[0].qs == {"is_recursive": ["true"]}
    client.change_active_entities("all")
    assert calls(mock, "/changeActiveEntities")[0].json() == {"entities_id": "all", "is_recursive": False}
    for call in (client.get_my_profiles, client.get_active_profile, client.get_active_entities,
                 client.get_full_session, client.get_glpi_config):
        assert "ok" in call()


def test_lost_password_needs_no_session(mock, client):
    mock.put(API + "/lostPassword", json=True)
    client.lost_password("jane@example.com")
    client.reset_password("jane@example.com", "tok", "N3w")
    assert not calls(mock, "/initSession")
    first, second = calls(mock, "/lostPassword")
    assert first.json() == {"email": "jane@example.com"}
    assert second.json() == {"email": "jane@example.com", "password_forget_token": "tok", "password": "N3w"}
    assert "N3w" not in second.url


def test_get_item_with_every_read_flag(mock, client):
    mock.get(API + "/Computer/7", json={"id": 7})
    client.get_item("Computer", 7, expand_dropdowns=True, get_hateoas=False, with_networkports=True, with_logs=True)
    assert calls(mock, "/Computer/7")[0].qs == {
        "expand_dropdowns": ["true"], "get_hateoas": ["false"], "with_networkports": ["true"], "with_logs": ["true"]}


def test_sub_items_and_multiple_items(mock, client):
    mock.get(API + "/Computer/8/NetworkPort", json=[{"id": 1}], headers={"Content-Range": "0-0/1"})
    assert client.get_sub_items("Computer", 8, "NetworkPort").rows == [{"id": 1}]
    mock.get(API + "/getMultipleItems", json=[{"id": 2}, {"id": 3}])
    client.get_multiple_items([{"itemtype": "Computer", "items_id": 2}, {"itemtype": "User", "items_id": "3"}])
    assert calls(mock, "/getMultipleItems")[0].qs == {
        "items[0][itemtype]": ["computer"], "items[0][items_id]": ["2"],
        "items[1][itemtype]": ["user"], "items[1][items_id]": ["3"]}


def test_massive_actions(mock, client):
    mock.get(API + "/getMassiveActions/Computer/2", json=[{"key": "MassiveAction:update", "label": "Update"}])
    mock.get(API + "/getMassiveActionParameters/Computer/MassiveAction:add_note", json=[{"name": "add_note"}])
    mock.post(API + "/applyMassiveAction/Computer/MassiveAction:amend_comment", status_code=422,
              json={"ok": 0, "ko": 1, "noright": 0, "messages": ["Failed"]})
    assert client.get_massive_actions("Computer", 2)[0]["key"] == "MassiveAction:update"
    assert client.get_massive_action_parameters("Computer", "MassiveAction:add_note")
    answer = client.apply_massive_action("Computer", "MassiveAction:amend_comment", [2], {"amendment": "x"})
    assert answer["ko"] == 1
    assert calls(mock, "/applyMassiveAction/Computer/MassiveAction:amend_comment")[0].json() == {
        "ids": [2], "input": {"amendment": "x"}}


def test_list_search_options_raw(mock, client):
    mock.get(API + "/listSearchOptions/Computer", json={"1": {"name": "Name"}})
    client.list_search_options("Computer", raw=True)
    assert calls(mock, "/listSearchOptions/Computer")[0].query == "raw="


def test_document_upload_download_and_picture(mock, client):
    mock.post(API + "/Document", status_code=201, json={"id": 1, "message": "Document move succeeded.", "upload_result": {}})
    mock.get(API + "/Document/1", content=b"hello\n", headers={"Content-Type": "text/plain"})
    mock.get(API + "/User/2/Picture", status_code=204)
    mock.get(API + "/User/3/Picture", content=b"\x89PNG")
    assert client.upload_document("a.txt", b"hello\n", {"name": "A"})["id"] == 1
    upload = calls(mock, "/Document")[0]
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    body = upload.body.decode("utf-8")
    assert 'name="uploadManifest"' in body and 'name="filename[0]"; filename="a.txt"' in body
    manifest = json.loads(re.search(r'(\{"input".*?\}\})', body).group(1))
    assert manifest == {"input": {"name": "A", "_filename": ["a.txt"]}}
    content, headers = client.download_document(1)
    assert content == b"hello\n" and calls(mock, "/Document/1")[0].headers["Accept"] == "application/octet-stream"
    assert client.get_user_picture(2) is None
    assert client.get_user_picture(3) == b"\x89PNG"


@pytest.mark.parametrize("validate_certs,ca_path,expected", [
    (False, None, False),
    (False, "/etc/glpi-ca.pem", False),
    (True, "/etc/glpi-ca.pem", "/etc/glpi-ca.pem"),
])
def test_tls_settings_win_over_requests_ca_bundle(mock, monkeypatch, validate_certs, ca_path, expected):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/somewhere/else.pem")
    mock.get(API + "/getActiveProfile", json={})
    GlpiClient(API, user_token=USER_TOKEN, validate_certs=validate_certs, ca_path=ca_path).get_active_profile()
    assert [r.verify for r in mock.request_history] == [expected, expected]


def test_tls_verification_is_on_by_default(mock):
    mock.get(API + "/getActiveProfile", json={})
    GlpiClient(API, user_token=USER_TOKEN).get_active_profile()
    assert all(r.verify not in (False, None) for r in mock.request_history)


def test_item_zero_is_not_the_whole_list(mock, client):
    mock.get(API + "/Computer/0", status_code=206, json=[{"id": 1}, {"id": 2}], headers={"Content-Range": "0-1/2"})
    with pytest.raises(GlpiNotFoundError, match="Computer 0 does not exist"):
        client.get_item("Computer", 0)


# --------------------------------------------------------------------------- not found is an answer

NOT_FOUND = ["ERROR_ITEM_NOT_FOUND", "Item not found"]
NOT_AN_ITEMTYPE = ["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "resource not found or not an instance of CommonDBTM"]


def test_find_item_answers_none_for_a_missing_item(mock, client):
    mock.get(API + "/Computer/7", json={"id": 7})
    mock.get(API + "/Computer/8", status_code=404, json=NOT_FOUND)
    assert client.find_item("Computer", 7) == {"id": 7}
    assert calls(mock, "/Computer/7")[0].qs == {"get_hateoas": ["false"]}
    assert client.find_item("Computer", 8) is None
    assert client.find_item("Computer", 0) is None and not calls(mock, "/Computer/0")
    mock.get(API + "/Entity/0", json={"id": 0})
    assert client.find_item("Entity", 0) == {"id": 0}


def test_an_unknown_itemtype_is_not_a_missing_item(mock, client):
    mock.get(API + "/NotAnItemtype/1", status_code=400, json=NOT_AN_ITEMTYPE)
    with pytest.raises(GlpiUnknownItemtypeError) as raised:
        client.find_item("NotAnItemtype", 1)
    assert not isinstance(raised.value, GlpiNotFoundError) and raised.value.itemtype == "NotAnItemtype"
    named = raised.value.naming(("items[2].itemtype", "NotAnItemtype"))
    assert named.message == "items[2].itemtype: GLPI has no itemtype 'NotAnItemtype'"
    assert named.code == "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM" and named.itemtype == "NotAnItemtype"


def test_find_items_in_one_request_when_all_exist(mock, client):
    mock.get(API + "/getMultipleItems", json=[{"id": 1}, {"id": 2, "name": "p"}])
    assert client.find_items([("Computer", 1), ("Printer", 2)]) == [{"id": 1}, {"id": 2, "name": "p"}]
    assert len(mock.request_history) == 2  # initSession, getMultipleItems


def test_find_items_read_one_by_one_when_glpi_refuses_the_request(mock, client):
    # GLPI fails the whole getMultipleItems when one item is missing (recording 25f)
    mock.get(API + "/getMultipleItems", status_code=404, json=NOT_FOUND)
    mock.get(API + "/Computer/1", json={"id": 1})
    mock.get(API + "/Computer/2", status_code=404, json=NOT_FOUND)
    mock.get(API + "/Printer/3", json={"id": 3})
    found = client.find_items([("Computer", 1), ("Computer", 2), ("Computer", 0), ("Printer", 3)])
    assert found == [{"id": 1}, None, None, {"id": 3}]
    asked = calls(mock, "/getMultipleItems")[0].qs
    assert asked["items[2][itemtype]"] == ["printer"] and "items[3][itemtype]" not in asked  # id 0 not asked
    assert [r.path for r in mock.request_history[2:]] == ["/apirest.php/computer/1", "/apirest.php/computer/2",
                                                          "/apirest.php/printer/3"]


def test_find_items_go_in_chunks(mock, client):
    def answer(request, context):
        asked = dict((int(re.search(r"\d+", key).group(0)), int(value[0]))
                     for key, value in request.qs.items() if key.endswith("[items_id]"))
        return [{"id": asked[index]} for index in sorted(asked)]

    mock.get(API + "/getMultipleItems", json=answer)
    ids = list(range(1, client_module.READ_CHUNK + 3))
    assert [r["id"] for r in client.find_items([("Computer", i) for i in ids])] == ids
    assert len(calls(mock, "/getMultipleItems")) == 2


def test_read_window_stays_within_the_total(mock, client):
    mock.get(API + "/Computer", json=list_answer(45))
    rows, total = client.read_window(lambda s, e: client.get_items("Computer", s, e), (20, 99), 10)
    assert [r["id"] for r in rows] == list(range(21, 46)) and total == 45
    assert [r.qs["range"] for r in calls(mock, "/Computer")] == [["20-29"], ["30-39"], ["40-44"]]


def test_read_window_past_the_end_is_empty_with_the_total(mock, client):
    mock.get(API + "/Computer", json=list_answer(45))
    assert client.read_window(lambda s, e: client.get_items("Computer", s, e), (60, 69), 10) == ([], 45)


def test_read_window_without_window_reads_all_with_the_total(mock, client):
    mock.get(API + "/Computer", json=list_answer(45))
    rows, total = client.read_window(lambda s, e: client.get_items("Computer", s, e), None, 20)
    assert len(rows) == 45 and total == 45
    assert [r.qs["range"] for r in calls(mock, "/Computer")] == [["0-19"], ["20-39"], ["40-44"]]


def test_restore_items_reports_per_item(mock, client):
    mock.post(API + "/applyMassiveAction/Computer/MassiveAction:restore", json={"ok": 2, "ko": 0, "noright": 0})
    assert client.restore_items("Computer", [4, 5]) == [dict(id=4, ok=True, message=""), dict(id=5, ok=True, message="")]
    assert calls(mock, "/applyMassiveAction/Computer/MassiveAction:restore")[0].json() == {"ids": [4, 5], "input": {}}
    mock.post(API + "/applyMassiveAction/Computer/MassiveAction:restore", status_code=422,
              json={"ok": 0, "ko": 1, "noright": 0, "messages": ["<a href='x'>pc &amp; co</a>: Failed"]})
    assert client.restore_items("Computer", [4]) == [dict(id=4, ok=False, message="pc & co: Failed")]
