# -*- coding: utf-8 -*-
"""GlpiClient against a GLPI (the emulator, or a real one with GLPI_TEST_URL): every endpoint,
and network faults (injected by the counting proxy in front of either).

Each test creates the records it needs under a unique name and purges them afterwards, so that
the suite can run against a real server.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest
import requests

from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiAuthenticationError,
    GlpiConnectionError,
    GlpiError,
    GlpiNotFoundError,
    GlpiResponseError,
)


@pytest.fixture
def client(glpi):
    with glpi.client() as glpi_client:
        yield glpi_client


@pytest.fixture
def name(glpi):
    return glpi.unique("itsm-test")


@pytest.fixture
def computers(client, name):
    """Three computers created for the test, purged afterwards."""
    outcomes = client.add_items("Computer", [{"name": "%s-%d" % (name, i), "serial": "SN-%d" % i} for i in range(3)])
    ids = [o["id"] for o in outcomes]
    yield ids
    client.delete_items("Computer", ids, force_purge=True)


# --------------------------------------------------------------------------- session endpoints


def test_init_session_with_user_token_and_kill(glpi):
    client = glpi.client(username=None, password=None)
    answer = client.init_session(get_full_session=True)
    assert answer["session_token"] and isinstance(answer["session"], dict)
    token = client.session_token
    assert client.kill_session() is True
    assert GlpiClient(glpi.url, app_token=glpi.app_token, session_token=token).session_is_valid() is False


@pytest.fixture
def login_user(glpi):
    """A login and password: GLPI_TEST_USERNAME's, or a user made for the test (Observer)."""
    if glpi.username and glpi.password:
        yield glpi.username, glpi.password
        return
    user_id, login, password, _token = glpi.make_user(profile_id=2)
    try:
        yield login, password
    finally:
        glpi.remove_user(user_id)


def test_init_session_with_login_and_password(glpi, login_user):
    login, password = login_user
    with glpi.client(user_token=None, username=login, password=password) as client:
        assert client.get_active_profile()["active_profile"]["id"]


def test_wrong_password_and_wrong_user_token(glpi):
    with pytest.raises(GlpiAuthenticationError) as info:
        glpi.client(user_token=None, username="glpi", password="certainly-wrong").init_session()
    assert info.value.code == "ERROR_GLPI_LOGIN" and "certainly-wrong" not in str(info.value)
    with pytest.raises(GlpiAuthenticationError) as info:
        glpi.client(user_token="0" * 40).init_session()
    assert info.value.code == "ERROR_GLPI_LOGIN_USER_TOKEN" and "0" * 40 not in str(info.value)


def test_profiles(client):
    profiles = client.get_my_profiles()["myprofiles"]
    active = client.get_active_profile()["active_profile"]
    assert active["id"] in [p["id"] for p in profiles]
    assert client.change_active_profile(active["id"]) is True
    with pytest.raises(GlpiNotFoundError):
        client.change_active_profile(999999)


def test_entities(client):
    mine = client.get_my_entities(is_recursive=True)["myentities"]
    assert any(e["id"] == 0 for e in mine)
    assert client.change_active_entities(0, is_recursive=True) is True
    active = client.get_active_entities()["active_entity"]
    assert active["id"] == 0 and active["active_entity_recursive"]
    assert client.change_active_entities("all") is True
    assert len(client.get_my_entities(is_recursive=False)["myentities"]) >= 1


def test_full_session_and_config(client):
    assert "glpiID" in client.get_full_session()["session"]
    assert "cfg_glpi" in client.get_glpi_config()


# --------------------------------------------------------------------------- items


def test_add_get_update_trash_purge(client, name):
    created = client.add_items("Computer", {"name": name, "comment": "first"})
    [outcome] = created
    assert outcome["ok"] and outcome["id"] > 0
    computer_id = outcome["id"]
    item = client.get_item("Computer", computer_id, get_hateoas=False)
    assert item["name"] == name and "links" not in item
    assert client.get_item("Computer", computer_id)["links"]  # get_hateoas defaults to true in GLPI
    assert client.update_items("Computer", {"comment": "second"}, item_id=computer_id) == [
        dict(id=computer_id, ok=True, message="")]
    assert client.get_item("Computer", computer_id)["comment"] == "second"
    client.delete_items("Computer", computer_id)
    assert client.get_item("Computer", computer_id)["is_deleted"] == 1
    client.delete_items("Computer", computer_id, force_purge=True)
    with pytest.raises(GlpiNotFoundError):
        client.get_item("Computer", computer_id)


def test_special_characters_round_trip_unescaped(client, name):
    value = u'web<01> & "db" é ü 中文'
    [outcome] = client.add_items("Computer", {"name": name, "comment": value})
    try:
        assert client.get_item("Computer", outcome["id"])["comment"] == value
    finally:
        client.delete_items("Computer", outcome["id"], force_purge=True)


def test_bulk_update_and_delete_with_a_partial_failure(client, computers):
    outcomes = client.update_items("Computer", [{"id": computers[0], "comment": "bulk"}, {"id": 999998, "comment": "x"}])
    assert [o["ok"] for o in outcomes] == [True, False]
    outcomes = client.delete_items("Computer", [computers[1], 999998])
    assert [(o["id"], o["ok"]) for o in outcomes] == [(computers[1], True), (999998, False)]


def test_get_items_paging_and_filters(client, computers, name):
    first = client.get_items("Computer", 0, 1, searchText={"name": name}, only_id=True)
    assert first.total == 3 and len(first.rows) == 2
    rows = list(client.iter_items("Computer", page_size=2, searchText={"name": name}, sort="id", order="DESC"))
    assert [r["id"] for r in rows] == sorted(computers, reverse=True)


def test_sub_items_multiple_items_and_search_options(client, computers):
    logs = client.get_sub_items("Computer", computers[0], "Log", 0, 49)
    assert isinstance(logs.rows, list)
    both = client.get_multiple_items([{"itemtype": "Computer", "items_id": i} for i in computers[:2]], get_hateoas=False)
    assert sorted(item["id"] for item in both) == sorted(computers[:2])
    options = client.list_search_options("Computer")
    assert options["1"]["uid"] == "Computer.name" and options["2"]["name"] == "ID"
    assert client.list_search_options("Computer", raw=True)["1"]["field"] == "name"


def test_search_criteria_uid_cols_and_paging(client, computers, name):
    criteria = [{"field": 1, "searchtype": "contains", "value": name}]
    answer = client.search("Computer", 0, 0, criteria=criteria, forcedisplay=[2, 5], uid_cols=True)
    assert answer["totalcount"] == 3 and list(answer["data"][0]) and "Computer.name" in answer["data"][0]
    rows = list(client.iter_search("Computer", page_size=2, criteria=criteria, forcedisplay=[2]))
    assert sorted(int(r["2"]) for r in rows) == sorted(computers)
    nothing = client.search("Computer", criteria=[{"field": 1, "searchtype": "contains", "value": name + "-none"}])
    assert nothing["data"] == [] and nothing["totalcount"] == 0


def test_massive_actions(client, computers):
    keys = [a["key"] for a in client.get_massive_actions("Computer")]
    assert "MassiveAction:amend_comment" in keys
    assert client.get_massive_actions("Computer", computers[0])
    assert client.get_massive_action_parameters("Computer", "MassiveAction:add_note")
    answer = client.apply_massive_action("Computer", "MassiveAction:amend_comment", computers, {"amendment": "amended"})
    assert answer["ok"] == 3 and answer["ko"] == 0
    assert "amended" in client.get_item("Computer", computers[0])["comment"]
    with pytest.raises(GlpiError) as info:
        client.apply_massive_action("Computer", "MassiveAction:does_not_exist", computers)
    assert info.value.code == "ERROR_MASSIVEACTION_KEY"


def test_document_upload_download(client, name):
    content = u"hello from glpi.itsm\nligne 2 é\n".encode("utf-8")
    created = client.upload_document(name + ".txt", content, {"name": name})
    try:
        assert created["ok"]
        assert client.download_document(created["id"])[0] == content
    finally:
        client.delete_items("Document", created["id"], force_purge=True)


def test_user_picture_none(client):
    me = client.get_full_session()["session"]["glpiID"]
    picture = client.get_user_picture(me)
    assert picture is None or picture[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8")


def test_lost_password_with_a_wrong_token(glpi):
    # GLPI refuses with 400 either way; which message comes first is its configuration's choice:
    # without mail notifications (a fresh GLPI) "Email notifications are disabled", else the
    # wrong token's "expired or is invalid".
    with pytest.raises(GlpiError) as info:
        glpi.client().reset_password("nobody@example.invalid", "f" * 40, "whatever-1")
    assert info.value.status == 400
    assert "expired or is invalid" in str(info.value) or "Email notifications are disabled" in str(info.value)


# --------------------------------------------------------------------------- faults (injected by the proxy)


def test_get_is_retried_after_503_and_the_retry_is_logged(glpi):
    logged = []
    with glpi.client(retries=2, retry_backoff=0, log=logged.append) as client:
        glpi.add_fault("status", times=1, method="GET", path="getGlpiConfig", status=503)
        assert "cfg_glpi" in client.get_glpi_config()
    assert len(glpi.requests("getGlpiConfig")) == 2
    assert any("HTTP 503" in line and "retrying" in line for line in logged)


def test_post_is_never_retried(glpi, name):
    with glpi.client(retries=3, retry_backoff=0) as client:
        glpi.add_fault("status", times=1, method="POST", path="^/?Computer", status=503)
        with pytest.raises(GlpiError) as info:
            client.add_items("Computer", {"name": name})
        assert info.value.status == 503
    assert len(glpi.requests("^/?Computer", method="POST")) == 1


def test_cut_off_answer_to_a_get_is_retried(glpi):
    with glpi.client(retries=2, retry_backoff=0) as client:
        glpi.add_fault("drop_mid_body", times=1, method="GET", path="getMyProfiles")
        assert client.get_my_profiles()["myprofiles"]
    assert [r.fault for r in glpi.requests("getMyProfiles")] == ["drop_mid_body", None]


def test_dropped_connection_on_post_is_reported_not_retried(glpi, name):
    with glpi.client(retries=3, retry_backoff=0) as client:
        client.get_active_profile()
        glpi.add_fault("drop", times=5, method="POST", path="^/?Computer")
        with pytest.raises(GlpiConnectionError):
            client.add_items("Computer", {"name": name})
    assert len(glpi.requests("^/?Computer", method="POST")) == 1
    with glpi.client() as client:  # the proxy dropped it before GLPI saw it
        assert client.get_items("Computer", searchText={"name": name}).rows == []


def test_expired_session_is_reopened_once(glpi):
    with glpi.client() as client:
        client.get_active_profile()
        glpi.add_fault("expire_session", times=1, path="getMyEntities")
        assert client.get_my_entities()["myentities"]
    assert len(glpi.requests("initSession")) == 2
    assert glpi.open_sessions() == 0


def test_html_instead_of_json(glpi):
    with glpi.client() as client:
        glpi.add_fault("html", times=1, path="getGlpiConfig")
        with pytest.raises(GlpiResponseError, match="non-JSON body"):
            client.get_glpi_config()


def test_sessions_are_closed_after_a_failure(glpi):
    with pytest.raises(GlpiNotFoundError):
        with glpi.client() as client:
            client.get_item("Computer", 999999)
    assert len(glpi.requests("initSession")) == 1 and glpi.open_sessions() == 0


def test_all_three_url_forms_reach_the_api(glpi):
    root = glpi.url[:-len("/apirest.php")] if glpi.url.endswith("/apirest.php") else glpi.url
    forms = [root, root + "/apirest.php"]
    # The /api form needs the web server's rewrite rule (the emulator has it; GLPI 11's router
    # and a plain Apache without GLPI's .htaccess do not): tried where the server serves it.
    answer = requests.get(root + "/api/getGlpiConfig", timeout=30)
    if glpi.is_emulator or answer.headers.get("Content-Type", "").startswith("application/json"):
        forms += [root + "/api", root + "/api/"]
    for url in forms:
        with glpi.client(url=url) as client:
            assert client.get_active_profile()["active_profile"]["id"]


def test_paging_edges_never_exceed_the_total(glpi, name):
    with glpi.client() as client:
        created = client.add_items("Monitor", [{"name": "%s-%02d" % (name, i)} for i in range(40)])
        try:
            glpi.clear()
            rows = list(client.iter_items("Monitor", page_size=20, only_id=True, searchText={"name": name}))
            assert len(rows) == 40
            ranges = [re.search(r"range=(\d+-\d+)", r.query).group(1) for r in glpi.requests("^/?Monitor")]
            assert ranges == ["0-19", "20-39"]
        finally:
            client.delete_items("Monitor", [o["id"] for o in created], force_purge=True)


def test_writing_into_an_entity_created_in_the_same_session(glpi, name):
    """GLPI refuses writes into an entity created by the same session (recording 110b); the
    client opens a new session and sends the write again."""
    with glpi.client() as client:
        [entity] = client.add_items("Entity", {"name": name, "entities_id": 0})
        try:
            [computer] = client.add_items("Computer", {"name": name, "entities_id": entity["id"]})
            assert computer["ok"]
            assert client.get_item("Computer", computer["id"])["entities_id"] == entity["id"]
            client.delete_items("Computer", computer["id"], force_purge=True)
        finally:
            client.delete_items("Entity", entity["id"], force_purge=True)
    assert glpi.open_sessions() == 0
