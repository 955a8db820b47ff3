"""Focused tests of the emulator features that are not GLPI exchanges: fault injection, the
request log, write_requests(), open_sessions(), the control API, the CLI, plus behaviours the
recordings do not show directly (read-only user, nested search criteria, /api rewriting...)."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from emulator import GlpiEmulator

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def emu():
    emulator = GlpiEmulator().start()
    emulator.load_sample_data()
    yield emulator
    emulator.stop()


def login(emu, user="glpi", password="glpi"):
    reply = requests.get(emu.api_url + "/initSession", auth=(user, password), timeout=10)
    assert reply.status_code == 200, reply.text
    return {"Session-Token": reply.json()["session_token"]}


def api(emu, method, path, headers, **kw):
    return requests.request(method, emu.api_url + path, headers=headers, timeout=10, **kw)


# ---------------------------------------------------------------------------- basics


def test_root_page_and_api_rewrite(emu):
    root = requests.get(emu.base_url + "/", timeout=10)
    assert root.status_code == 200 and "text/html" in root.headers["Content-Type"]
    token = requests.get(emu.base_url + "/api/initSession", auth=("glpi", "glpi"),
                         timeout=10).json()["session_token"]
    reply = requests.get(emu.base_url + "/api/Computer/1?get_hateoas=false",
                         headers={"Session-Token": token}, timeout=10)
    assert reply.status_code == 200
    assert reply.json()["name"] == "srv-001"
    assert emu.requests[-1].path == "/Computer/1"
    assert emu.requests[-1].query == "get_hateoas=false"


def test_keep_alive_connection_is_reused(emu):
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    headers = login(emu)
    for _unused in range(3):
        conn.request("GET", "/apirest.php/getActiveProfile", headers=headers)
        resp = conn.getresponse()
        assert resp.status == 200
        resp.read()
    conn.close()


def test_sample_data_content(emu):
    h = login(emu)
    computers = api(emu, "GET", "/Computer/?range=0-100&only_id=true", h).json()
    assert len(computers) == 21  # 20 computers and a template; the trashed one is not listed
    switches = api(emu, "GET", "/search/NetworkEquipment?forcedisplay[0]=126"
                   "&forcedisplay[1]=21&range=0-99", h).json()
    assert switches["totalcount"] == 6
    row = switches["data"][0]
    assert isinstance(row["126"], list) and any(":" in ip for ip in row["126"])
    assert isinstance(row["21"], list)
    locations = api(emu, "GET", "/Location/?get_hateoas=false&range=0-99", h).json()
    assert "Paris > Building A > Room 1" in [loc["completename"] for loc in locations]
    trashed = api(emu, "GET", "/Printer/?is_deleted=true&only_id=true", h)
    assert trashed.status_code == 200 and len(trashed.json()) == 1
    entities = api(emu, "GET", "/getMyEntities?is_recursive=true", h).json()["myentities"]
    assert len(entities) == 3


def test_bulk_assets_are_fast_and_paged(emu):
    start = time.time()
    emu.add_bulk_assets(computers=10000, network_equipment=2000)
    assert time.time() - start < 5
    h = login(emu)
    reply = api(emu, "GET", "/Computer/?range=0-999&get_hateoas=false&only_id=true", h)
    assert reply.status_code == 206
    assert reply.headers["Content-Range"] == "0-999/10021"
    assert reply.headers["Accept-Range"] == "Computer 1000"
    search = api(emu, "GET", "/search/NetworkEquipment?range=2000-2999&forcedisplay[0]=2", h)
    assert search.status_code == 206
    assert search.json()["content-range"] == "2000-2005/2006"


# ---------------------------------------------------------------------------- request log


def test_request_log_and_write_requests(emu):
    h = login(emu)
    api(emu, "GET", "/Computer/1", h)
    api(emu, "POST", "/search/Computer", h, json={"criteria": []})
    api(emu, "POST", "/changeActiveEntities", h, json={"entities_id": 0})
    api(emu, "POST", "/Computer", h, json={"input": {"name": "logged"}})
    api(emu, "PUT", "/Computer/1", h, json={"input": {"comment": "x"}})
    api(emu, "POST", "/applyMassiveAction/Computer/MassiveAction:amend_comment", h,
        json={"ids": [1], "input": {"amendment": "y"}})
    api(emu, "DELETE", "/Computer/2", h)
    api(emu, "GET", "/killSession", h)
    paths = [(r.method, r.path) for r in emu.requests]
    assert paths[0] == ("GET", "/initSession")
    assert ("POST", "/search/Computer") in paths
    writes = emu.write_requests()
    assert [(r.method, r.path) for r in writes] == [
        ("POST", "/Computer"), ("PUT", "/Computer/1"),
        ("POST", "/applyMassiveAction/Computer/MassiveAction:amend_comment"),
        ("DELETE", "/Computer/2")]
    assert json.loads(writes[0].body) == {"input": {"name": "logged"}}
    assert writes[0].headers["Session-Token"] == h["Session-Token"]
    assert writes[0].status == 201
    emu.clear_requests()
    assert emu.requests == [] and emu.write_requests() == []


def test_open_sessions(emu):
    assert emu.open_sessions() == 0
    a = login(emu)
    login(emu, "tech", "tech")
    assert emu.open_sessions() == 2
    assert api(emu, "GET", "/killSession", a).status_code == 200
    assert emu.open_sessions() == 1


# ---------------------------------------------------------------------------- faults


def test_fault_status_json_and_html(emu):
    h = login(emu)
    emu.add_fault("status", status=503, body="html", path=r"^/Computer")
    emu.add_fault("status", status=502, method="GET", path=r"^/getActiveProfile")
    first = api(emu, "GET", "/Computer/1", h)
    assert first.status_code == 503 and "text/html" in first.headers["Content-Type"]
    assert api(emu, "GET", "/Computer/1", h).status_code == 200   # times=1 by default
    second = api(emu, "GET", "/getActiveProfile", h)
    assert second.status_code == 502 and second.json()[0] == "ERROR"
    assert emu.requests[-1].fault == "status"


def test_fault_times_and_clear(emu):
    h = login(emu)
    emu.add_fault("status", times=2, status=500)
    assert [api(emu, "GET", "/getActiveProfile", h).status_code for _unused in range(3)] == \
        [500, 500, 200]
    emu.add_fault("status", times=None, status=504)
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 504
    emu.clear_faults()
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 200


def test_fault_delay(emu):
    h = login(emu)
    emu.add_fault("delay", seconds=0.3, path="getActiveProfile")
    start = time.time()
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 200
    assert time.time() - start >= 0.3


def test_fault_drop_and_drop_mid_body(emu):
    h = login(emu)
    emu.add_fault("drop", path=r"^/Computer/1$")
    with pytest.raises(requests.ConnectionError):
        api(emu, "GET", "/Computer/1", h)
    emu.add_fault("drop_mid_body", path=r"^/Computer/1$")
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    conn.request("GET", "/apirest.php/Computer/1", headers=h)
    resp = conn.getresponse()
    assert resp.status == 200
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    conn.close()
    assert api(emu, "GET", "/Computer/1", h).status_code == 200


def test_fault_html_and_empty(emu):
    h = login(emu)
    emu.add_fault("html")
    page = api(emu, "GET", "/Computer/1", h)
    assert page.status_code == 200 and page.text.lstrip().startswith("<!DOCTYPE html>")
    emu.add_fault("empty")
    empty = api(emu, "GET", "/Computer/1", h)
    assert empty.status_code == 200 and empty.content == b""


def test_fault_expire_session(emu):
    h = login(emu)
    emu.add_fault("expire_session", path="^/Computer")
    reply = api(emu, "GET", "/Computer/1", h)
    assert reply.status_code == 401
    assert reply.json() == ["ERROR_SESSION_TOKEN_INVALID", "session_token seems invalid"]
    assert emu.open_sessions() == 0
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 401


def test_unknown_fault_kind(emu):
    with pytest.raises(ValueError):
        emu.add_fault("explode")


# ---------------------------------------------------------------------------- control API


def test_control_api(emu):
    base = emu.base_url + "/_emulator"
    h = login(emu)
    api(emu, "POST", "/Computer", h, json={"input": {"name": "ctl"}})
    logged = requests.get(base + "/requests", timeout=10).json()
    assert [r["path"] for r in logged] == ["/initSession", "/Computer"]
    assert logged[1]["body"] == json.dumps({"input": {"name": "ctl"}})
    writes = requests.get(base + "/writes", timeout=10).json()
    assert [w["method"] for w in writes] == ["POST"]
    assert requests.get(base + "/sessions", timeout=10).json() == {"open": 1}
    fault = {"kind": "status", "status": 500, "times": 1, "path": "getActiveProfile"}
    assert requests.post(base + "/faults", json=fault, timeout=10).json() == {"ok": True}
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 500
    requests.post(base + "/faults", json={"kind": "status", "status": 500}, timeout=10)
    requests.post(base + "/clear-faults", timeout=10)
    assert api(emu, "GET", "/getActiveProfile", h).status_code == 200
    requests.post(base + "/clear-requests", timeout=10)
    assert requests.get(base + "/requests", timeout=10).json() == []
    # the control API itself is never logged
    assert all(not r.path.startswith("/_emulator") for r in emu.requests)
    assert requests.post(base + "/faults", json={"kind": "nope"}, timeout=10).status_code == 400
    requests.post(base + "/sample-data", timeout=10)          # already loaded: no-op
    assert len(emu.store.all_items("Computer")) == 23
    requests.post(base + "/reset", timeout=10)
    assert emu.store.all_items("Computer") == [] and emu.open_sessions() == 0
    requests.post(base + "/sample-data", timeout=10)
    assert len(emu.store.all_items("Computer")) == 22
    cfg = requests.post(base + "/config", json={"notifications": False}, timeout=10).json()
    assert cfg["notifications"] is False
    lost = requests.put(emu.api_url + "/lostPassword", json={"email": "glpi@example.test"},
                        timeout=10)
    assert lost.json()[1].startswith("Email notifications are disabled")


def test_cli(tmp_path):
    url_file = tmp_path / "url"
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    proc = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0", "--sample-data",
                             "--bulk-computers", "50", "--url-file", str(url_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:") and line.endswith("/apirest.php")
        assert url_file.read_text().strip() == line
        token = requests.get(line + "/initSession", auth=("glpi", "glpi"),
                             timeout=10).json()["session_token"]
        reply = requests.get(line + "/Computer/?only_id=true&range=0-0",
                             headers={"Session-Token": token}, timeout=10)
        assert reply.headers["Content-Range"] == "0-0/71"
        assert requests.get(line.replace("/apirest.php", "/_emulator/sessions"),
                            timeout=10).json() == {"open": 1}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_app_token_required():
    with GlpiEmulator(require_app_token=True) as emu:
        missing = requests.get(emu.api_url + "/initSession", auth=("glpi", "glpi"), timeout=10)
        assert missing.status_code == 400
        assert missing.json()[0] == "ERROR_APP_TOKEN_PARAMETERS_MISSING"
        wrong = requests.get(emu.api_url + "/initSession", auth=("glpi", "glpi"),
                             headers={"App-Token": "nope"}, timeout=10)
        assert wrong.json()[0] == "ERROR_WRONG_APP_TOKEN_PARAMETER"
        good = requests.get(emu.api_url + "/initSession", auth=("glpi", "glpi"),
                            headers={"App-Token": "51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz"},
                            timeout=10)
        assert good.status_code == 200
        token = good.json()["session_token"]
        # every endpoint needs the app token, in header or query string
        assert requests.get(emu.api_url + "/getActiveProfile",
                            headers={"Session-Token": token}, timeout=10).status_code == 400
        assert requests.get(emu.api_url + "/getActiveProfile?app_token=51k0gzef01842fff3p4j24vr"
                            "nvuubd7oxd15hefz&session_token=" + token,
                            timeout=10).status_code == 200


# ---------------------------------------------------------------------------- behaviours


def test_read_only_user(emu):
    h = login(emu, "tech", "tech")
    assert api(emu, "GET", "/Computer/1", h).status_code == 200
    assert api(emu, "GET", "/search/Computer?range=0-1", h).status_code == 206
    add = api(emu, "POST", "/Computer", h, json={"input": {"name": "nope"}})
    assert add.status_code == 400
    assert add.json() == ["ERROR_GLPI_ADD", "You don't have permission to perform this action."]
    upd = api(emu, "PUT", "/Computer/1", h, json={"input": {"comment": "x"}})
    assert upd.json() == ["ERROR_GLPI_UPDATE",
                          "You don't have permission to perform this action."]
    dele = api(emu, "DELETE", "/Computer/1", h)
    assert dele.json() == ["ERROR_GLPI_DELETE",
                           "You don't have permission to perform this action."]
    ma = api(emu, "POST", "/applyMassiveAction/Computer/MassiveAction:delete", h,
             json={"ids": [1]})
    assert ma.status_code == 422 and ma.json()["noright"] == 1
    profile = api(emu, "GET", "/getActiveProfile", h).json()["active_profile"]
    assert profile["name"] == "Read-Only" and profile["computer"] == 1
    token = requests.get(emu.api_url + "/initSession",
                         headers={"Authorization": "user_token "
                                  "techreadonlytoken0000000000000000000000"}, timeout=10)
    assert token.status_code == 200


def test_post_only_user(emu):
    h = login(emu, "post-only", "postonly")
    assert api(emu, "GET", "/Computer/1", h).json()[0] == "ERROR_RIGHT_MISSING"
    ticket = api(emu, "POST", "/Ticket", h, json={"input": {"name": "help", "content": "me"}})
    assert ticket.status_code == 201


def test_search_links_nesting_and_searchtypes(emu):
    h = login(emu)

    def names(query):
        reply = api(emu, "GET", "/search/Computer?range=0-99&" + query, h).json()
        return sorted(row["1"] for row in reply.get("data", []))

    assert names("criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=^srv"
                 ) == ["srv-001", "srv-002", "srv-003", "srv-004"]
    assert names("criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]=srv"
                 "&criteria[1][link]=AND NOT&criteria[1][field]=1&criteria[1][searchtype]="
                 "contains&criteria[1][value]=01$") == ["srv-002", "srv-003", "srv-004"]
    assert names("criteria[0][field]=1&criteria[0][searchtype]=contains&criteria[0][value]="
                 "^srv-001$&criteria[1][link]=OR&criteria[1][field]=1&criteria[1][searchtype]="
                 "contains&criteria[1][value]=^pc-020$") == ["pc-020", "srv-001"]
    nested = ("criteria[0][field]=3&criteria[0][searchtype]=under&criteria[0][value]=1"
              "&criteria[1][link]=AND&criteria[1][criteria][0][field]=1"
              "&criteria[1][criteria][0][searchtype]=contains&criteria[1][criteria][0][value]=srv"
              "&criteria[1][criteria][1][link]=OR&criteria[1][criteria][1][field]=5"
              "&criteria[1][criteria][1][searchtype]=contains"
              "&criteria[1][criteria][1][value]=SN-0006")
    under_paris = set(names("criteria[0][field]=3&criteria[0][searchtype]=under"
                            "&criteria[0][value]=1"))
    assert set(names(nested)) <= under_paris and "pc-006" in names(nested)
    assert names("criteria[0][field]=2&criteria[0][searchtype]=lessthan&criteria[0][value]=3"
                 ) == ["srv-001", "srv-002"]
    assert names("criteria[0][field]=1&criteria[0][searchtype]=notcontains&criteria[0][value]="
                 "pc-") == ["srv-001", "srv-002", "srv-003", "srv-004"]
    entity = names("criteria[0][field]=80&criteria[0][searchtype]=equals&criteria[0][value]=1")
    assert entity == ["pc-015", "pc-016", "pc-017"]
    indexed = api(emu, "GET", "/search/Computer?criteria[0][field]=2&criteria[0][searchtype]="
                              "contains&criteria[0][value]=^1$&withindexes=1", h).json()
    assert list(indexed["data"].keys()) == ["1"]


def test_lost_password_reset(emu):
    emu.store.config["password_reset_token"] = "resettoken123"
    ask = requests.put(emu.api_url + "/lostPassword", json={"email": "tech@example.test"},
                       timeout=10)
    assert ask.status_code == 200 and ask.json()[0].startswith("If the given email")
    bad = requests.patch(emu.api_url + "/lostPassword", json={
        "email": "tech@example.test", "password_forget_token": "wrong", "password": "n"},
        timeout=10)
    assert bad.status_code == 400
    ok = requests.patch(emu.api_url + "/lostPassword", json={
        "email": "tech@example.test", "password_forget_token": "resettoken123",
        "password": "newpass"}, timeout=10)
    assert ok.json() == ["Reset password successful."]
    assert requests.get(emu.api_url + "/initSession", auth=("tech", "newpass"),
                        timeout=10).status_code == 200
    verb = requests.post(emu.api_url + "/lostPassword", json={"email": "x"}, timeout=10)
    assert verb.json()[1].startswith("Only HTTP verb PUT is allowed")


def test_user_picture(emu):
    h = login(emu)
    emu.store.pictures[4] = (b"\x89PNG\r\n\x1a\nfake", "image/png")
    emu.store.update("User", 4, {"picture": "4/tech.png"})
    reply = api(emu, "GET", "/User/4/Picture", h)
    assert reply.status_code == 200 and reply.content.startswith(b"\x89PNG")
    assert reply.headers["Content-type"] == "image/png"
    assert api(emu, "GET", "/User/2/Picture", h).status_code == 204


@pytest.mark.filterwarnings("ignore:Unverified HTTPS request")
def test_tls(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj",
                           "/CN=127.0.0.1"], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("openssl not available")
    with GlpiEmulator(tls=(str(cert), str(key))) as emu:
        assert emu.api_url.startswith("https://")
        reply = requests.get(emu.api_url + "/initSession", auth=("glpi", "glpi"),
                             verify=False, timeout=10)
        assert reply.status_code == 200


def test_partial_add_and_relations_by_massive_action(emu):
    h = login(emu)
    partial = api(emu, "POST", "/Location", h, json={"input": [{"name": "Paris"},
                                                               {"name": "Marseille"}]})
    assert partial.status_code == 207
    assert partial.json()[0] == "ERROR_GLPI_PARTIAL_ADD"
    assert partial.json()[1][0] == {"id": False,
                                    "message": "Duplicate entry '0-0-Paris' for key 'unicity'"}
    assert partial.json()[1][1]["id"] > 0
    doc = api(emu, "POST", "/Document", h, json={"input": {"name": "manual"}}).json()["id"]
    added = api(emu, "POST", "/applyMassiveAction/Computer/Document_Item:add", h,
                json={"ids": [1, 2], "input": {"documents_id": doc}})
    assert added.status_code == 200 and added.json()["ok"] == 2
    links = api(emu, "GET", "/Computer/2/Document_Item?get_hateoas=false", h).json()
    assert [link["documents_id"] for link in links] == [doc]
    contract = api(emu, "POST", "/applyMassiveAction/Computer/Contract_Item:add", h,
                   json={"ids": [10], "input": {"contracts_id": 1}})
    assert contract.json()["ok"] == 1
    fetched = api(emu, "GET", "/Computer/10?get_hateoas=false&with_contracts=true", h).json()
    assert fetched["_contracts"][0]["contracts_id"] == 1
    purge = api(emu, "DELETE", "/Location/6", h)            # no trash bin: purged
    assert purge.json() == [{"6": True, "message": ""}]
    assert emu.store.get("Location", 6) is None


# ---------------------------------------------------------------------------- ITSM


@pytest.fixture(params=["10.0", "11.0"])
def itsm(request):
    """A bare emulator of each version with a group (1) and a supplier (1)."""
    emulator = GlpiEmulator(version=request.param).start()
    emulator.store.add("Group", {"id": 1, "name": "Network"})
    emulator.store.add("Supplier", {"id": 1, "name": "Acme"})
    yield emulator
    emulator.stop()


def _rows(emu, h, path):
    reply = api(emu, "GET", path + "?get_hateoas=false", h)
    assert reply.status_code == 200, reply.text
    return reply.json()


def test_itsm_actor_lists_on_put_and_logins_ignored(itsm):
    h = login(itsm)
    ticket = api(itsm, "POST", "/Ticket", h, json={"input": {
        "name": "t", "content": "c", "_users_id_requester": "glpi",
        "_users_id_observer": ["glpi", 5]}}).json()["id"]
    assert [(r["users_id"], r["type"]) for r in _rows(itsm, h, "/Ticket/%d/Ticket_User"
                                                      % ticket)] == [(5, 3)]
    reply = api(itsm, "PUT", "/Ticket/%d" % ticket, h, json={"input": {
        "_users_id_requester": [2, 4], "_groups_id_assign": [1], "_suppliers_id_observer": 1,
        "_users_id_observer": 5}})
    assert reply.status_code == 200, reply.text
    users = _rows(itsm, h, "/Ticket/%d/Ticket_User" % ticket)
    assert [(r["users_id"], r["type"], r["use_notification"], r["alternative_email"])
            for r in users] == [(5, 3, 1, ""), (2, 1, 1, ""), (4, 1, 1, "")]
    assert [(r["groups_id"], r["type"]) for r in _rows(
        itsm, h, "/Ticket/%d/Group_Ticket" % ticket)] == [(1, 2)]
    assert [(r["suppliers_id"], r["type"]) for r in _rows(
        itsm, h, "/Ticket/%d/Supplier_Ticket" % ticket)] == [(1, 3)]
    assert _rows(itsm, h, "/Ticket/%d" % ticket)["status"] == 2     # a group is assigned


def test_itsm_problem_and_change_assignment(itsm):
    h = login(itsm)
    problem = api(itsm, "POST", "/Problem", h, json={"input": {
        "name": "p", "content": "c", "_users_id_assign": 4}}).json()["id"]
    change = api(itsm, "POST", "/Change", h, json={"input": {
        "name": "c", "content": "c", "_users_id_assign": 4}}).json()["id"]
    assert _rows(itsm, h, "/Problem/%d" % problem)["status"] == 2
    assert _rows(itsm, h, "/Change/%d" % change)["status"] == 1   # no "assigned" status
    link = _rows(itsm, h, "/Problem/%d/Problem_User" % problem)[0]
    assert link["use_notification"] == 0
    # the last assignee removed: the problem is new again
    assert api(itsm, "DELETE", "/Problem_User/%d" % link["id"], h).status_code == 200
    assert _rows(itsm, h, "/Problem/%d" % problem)["status"] == 1
    # an assignee added alone assigns it again
    reply = api(itsm, "POST", "/Group_Problem", h, json={"input": {
        "problems_id": problem, "groups_id": 1, "type": 2}})
    assert reply.status_code == 201 and reply.json()["message"] == ""
    assert _rows(itsm, h, "/Problem/%d" % problem)["status"] == 2
    missing = api(itsm, "POST", "/Problem_User", h, json={"input": {
        "problems_id": problem, "users_id": 999, "type": 1}})
    assert missing.status_code == 400 and missing.json() == ["ERROR_GLPI_ADD", ""]


def test_itsm_solution_close_reopen(itsm):
    h = login(itsm)
    ticket = api(itsm, "POST", "/Ticket", h, json={"input": {"name": "t", "content": "c"}}
                 ).json()["id"]
    solution = api(itsm, "POST", "/ITILSolution", h, json={"input": {
        "itemtype": "Ticket", "items_id": ticket, "content": "done"}})
    assert solution.status_code == 201, solution.text
    row = _rows(itsm, h, "/Ticket/%d" % ticket)
    assert row["status"] == 5 and row["solvedate"] and row["begin_waiting_date"]
    assert _rows(itsm, h, "/Ticket/%d/ITILSolution" % ticket)[0]["status"] == 2
    assert api(itsm, "PUT", "/Ticket/%d" % ticket, h,
               json={"input": {"status": 6}}).status_code == 200
    row = _rows(itsm, h, "/Ticket/%d" % ticket)
    assert row["status"] == 6 and row["closedate"]
    # closed: only status, entity and category are taken, the rest is dropped
    refused = api(itsm, "PUT", "/Ticket/%d" % ticket, h, json={"input": {"content": "x"}})
    assert refused.status_code == 400 and refused.json() == ["ERROR_GLPI_UPDATE", ""]
    late = api(itsm, "POST", "/ITILSolution", h, json={"input": {
        "itemtype": "Ticket", "items_id": ticket, "content": "again"}})
    assert late.status_code == 400
    assert late.json() == ["ERROR_GLPI_ADD", "You don't have permission to perform this "
                           "action."]
    reopened = api(itsm, "PUT", "/Ticket/%d" % ticket, h,
                   json={"input": {"status": 2, "name": "dropped"}})
    assert reopened.status_code == 200
    row = _rows(itsm, h, "/Ticket/%d" % ticket)
    assert (row["status"], row["solvedate"], row["closedate"], row["name"]) == (
        2, None, None, "t")
    assert row["begin_waiting_date"] is None
    # solved without a solution, then a second solution refused
    api(itsm, "PUT", "/Ticket/%d" % ticket, h, json={"input": {"status": 5}})
    again = api(itsm, "POST", "/ITILSolution", h, json={"input": {
        "itemtype": "Ticket", "items_id": ticket, "content": "again"}})
    assert again.json() == ["ERROR_GLPI_ADD", "The item is already solved, did anyone "
                            "pushed a solution before you?"]
    api(itsm, "PUT", "/Ticket/%d" % ticket, h, json={"input": {"status": 99}})
    assert _rows(itsm, h, "/Ticket/%d" % ticket)["status"] == 99


def test_itsm_change_solution_is_approved(itsm):
    h = login(itsm)
    change = api(itsm, "POST", "/Change", h, json={"input": {"name": "c", "content": "c"}}
                 ).json()["id"]
    api(itsm, "POST", "/ITILSolution", h, json={"input": {
        "itemtype": "Change", "items_id": change, "content": "done"}})
    solution = _rows(itsm, h, "/Change/%d/ITILSolution" % change)[0]
    assert solution["status"] == 3 and solution["users_id_approval"] == 2
    assert _rows(itsm, h, "/Change/%d" % change)["status"] == 5


def test_itsm_tasks_validations_followups(itsm):
    h = login(itsm)
    ticket = api(itsm, "POST", "/Ticket", h, json={"input": {
        "name": "t", "content": "c", "_users_id_requester": 2}}).json()["id"]
    for seconds in (600, 1200):
        reply = api(itsm, "POST", "/TicketTask", h, json={"input": {
            "tickets_id": ticket, "content": "work", "actiontime": seconds}})
        assert reply.status_code == 201 and reply.json()["message"] == ""
    empty = api(itsm, "POST", "/TicketTask", h, json={"input": {"tickets_id": ticket}})
    assert empty.json() == ["ERROR_GLPI_ADD", "You can't add a task without description."]
    assert api(itsm, "PUT", "/TicketTask/1", h, json={"input": {
        "state": 2, "actiontime": 0}}).status_code == 200
    tasks = _rows(itsm, h, "/Ticket/%d/TicketTask" % ticket)
    assert [(t["state"], t["actiontime"], t["timeline_position"]) for t in tasks] == [
        (2, 0, 1), (1, 1200, 1)]
    assert len(tasks[0]["uuid"]) == 36
    row = _rows(itsm, h, "/Ticket/%d" % ticket)
    assert row["actiontime"] == 1200 and row["takeintoaccountdate"] is None   # a requester
    api(itsm, "POST", "/TicketValidation", h, json={"input": {
        "tickets_id": ticket, "users_id_validate": 4}})
    validation = _rows(itsm, h, "/Ticket/%d/TicketValidation" % ticket)[0]
    if itsm.glpi.key == "10.0":
        assert validation["users_id_validate"] == 4
    else:
        assert (validation["users_id_validate"], validation["itemtype_target"],
                validation["items_id_target"]) == (0, "User", 4)
    assert _rows(itsm, h, "/Ticket/%d" % ticket)["global_validation"] == 2
    # the requester answering a waiting ticket reopens it
    api(itsm, "PUT", "/Ticket/%d" % ticket, h, json={"input": {"status": 4}})
    api(itsm, "POST", "/ITILFollowup", h, json={"input": {
        "itemtype": "Ticket", "items_id": ticket, "content": "still broken"}})
    assert _rows(itsm, h, "/Ticket/%d" % ticket)["status"] == 1
    # followups on problems and changes, stored as each version stores text
    change = api(itsm, "POST", "/Change", h, json={"input": {"name": "c", "content": "c"}}
                 ).json()["id"]
    api(itsm, "POST", "/ITILFollowup", h, json={"input": {
        "itemtype": "Change", "items_id": change, "content": "<p>Job 42 ok</p>"}})
    content = _rows(itsm, h, "/Change/%d/ITILFollowup" % change)[0]["content"]
    assert content == ("&#60;p&#62;Job 42 ok&#60;/p&#62;" if itsm.glpi.key == "10.0"
                       else "<p>Job 42 ok</p>")


def test_itsm_links_of_itil_objects(itsm):
    h = login(itsm)
    problem = api(itsm, "POST", "/Problem", h, json={"input": {"name": "p", "content": "c"}}
                  ).json()["id"]
    links = [link["rel"] for link in api(itsm, "GET", "/Problem/%d" % problem, h).json()[
        "links"]]
    assert "Problem_User" in links and "Supplier_Problem" in links
    assert ("Problem_Problem" in links) == (itsm.glpi.key == "11.0")
    options = api(itsm, "GET", "/listSearchOptions/Ticket_User", h).json()
    assert options["2"]["table"] == "glpi_tickets_users"


# ---------------------------------------------------------------------------- ITIL dropdowns


@pytest.mark.parametrize("version", ["10.0", "11.0"])
def test_itil_category_tree_code_and_names(version):
    """Category trees follow a renamed parent; a code is trimmed and unique (not recorded:
    ITILCategory::prepareInputFor{Add,Update}()); tickets, tasks and solutions name them."""
    with GlpiEmulator(version=version) as emu:
        h = login(emu)
        root = api(emu, "POST", "/ITILCategory", h, json={"input": {
            "name": "Hardware", "code": " HW "}}).json()["id"]
        child = api(emu, "POST", "/ITILCategory", h, json={"input": {
            "name": "Printers", "itilcategories_id": root}}).json()["id"]
        assert _rows(emu, h, "/ITILCategory/%d" % root)["code"] == "HW"
        assert _rows(emu, h, "/ITILCategory/%d" % child)["code"] == ""
        again = api(emu, "POST", "/ITILCategory", h, json={"input": {"name": "x", "code": "HW"}})
        assert again.status_code == 400
        assert again.json() == ["ERROR_GLPI_ADD",
                                "Code representing the ticket category is already used"]
        assert api(emu, "PUT", "/ITILCategory/%d" % child, h, json={"input": {
            "code": "HW"}}).status_code == 400
        assert api(emu, "PUT", "/ITILCategory/%d" % root, h, json={"input": {
            "name": "Devices", "code": "HW"}}).status_code == 200
        row = _rows(emu, h, "/ITILCategory/%d" % child)
        assert (row["completename"], row["level"]) == ("Devices > Printers", 2)
        task_cat = api(emu, "POST", "/TaskCategory", h, json={"input": {
            "name": "Remote"}}).json()["id"]
        solution_type = api(emu, "POST", "/SolutionType", h, json={"input": {
            "name": "Workaround"}}).json()["id"]
        ticket = api(emu, "POST", "/Ticket", h, json={"input": {
            "name": "t", "content": "c", "itilcategories_id": child}}).json()["id"]
        api(emu, "POST", "/TicketTask", h, json={"input": {
            "tickets_id": ticket, "content": "c", "taskcategories_id": task_cat}})
        api(emu, "POST", "/ITILSolution", h, json={"input": {
            "itemtype": "Ticket", "items_id": ticket, "content": "c",
            "solutiontypes_id": solution_type}})
        sep = " &#62; " if version == "10.0" else " > "
        expanded = api(emu, "GET", "/Ticket/%d?expand_dropdowns=true" % ticket, h).json()
        assert expanded["itilcategories_id"] == "Devices" + sep + "Printers"
        keys = api(emu, "GET", "/Ticket/%d?add_keys_names[]=itilcategories_id" % ticket,
                   h).json()
        assert keys["_keys_names"] == {"itilcategories_id": "Printers"}
        linked = _rows(emu, h, "/Ticket/%d/TicketTask" % ticket)[0]
        assert linked["taskcategories_id"] == task_cat
        solution = api(emu, "GET", "/Ticket/%d/ITILSolution?expand_dropdowns=true" % ticket,
                       h).json()[0]
        assert solution["solutiontypes_id"] == "Workaround"
