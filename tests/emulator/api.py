"""The GLPI apirest.php logic: parameter parsing, tokens, routing, session endpoints.

Item endpoints live in items.py, massive actions in massive.py; this module follows
src/Api/APIRest.php::call() and src/Api/API.php of GLPI 10.0.12 closely; what GLPI 11.0 does
differently is asked of the version's profile (versions.py).
"""

import base64
import hashlib
import json
import os
import re
from email.parser import BytesParser
from email.policy import HTTP

from . import profiles
from .util import (decode_fetched_row, decode_html, is_numeric, json_dumps, php_intval, php_list,
                   php_parse_str, php_truthy)

JSON_CT = "application/json; charset=UTF-8"
HTML_CT = "text/html; charset=UTF-8"
PRAGMA = ("Pragma", "no-cache")
NOCACHE = [("Cache-Control", "no-store, no-cache, must-revalidate"),
           ("Expires", "Mon, 26 Jul 1997 05:00:00 GMT"), PRAGMA]
RESET_MESSAGE = ("If the given email address match an exisiting GLPI user, you will receive an "
                 "email containing the informations required to reset your password. Please "
                 "contact your administrator if you do not receive any email.")
PERMISSION = "You don't have permission to perform this action."


class Request:
    """An incoming API call (path is what follows /apirest.php or /api, percent-decoded)."""

    def __init__(self, method, path, query, headers, body, client_ip="127.0.0.1"):
        self.method = method.upper()
        self.path = path
        self.query = query or ""
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body or b""
        self.client_ip = client_ip

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


class Response:
    def __init__(self, status=200, headers=None, body=b"", http10=False):
        self.status = status
        self.headers = list(headers or [])
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.http10 = http10      # sent with an HTTP/1.0 status line, connection closed

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class ApiExit(Exception):
    """Raised to stop processing and send a response (PHP's exit after returnResponse)."""

    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


class Call:
    """State of one API call (what GLPI keeps in $this)."""

    def __init__(self, api, req):
        self.api = api
        self.glpi = api.glpi
        self.req = req
        self.store = api.store
        # PHP sends "Pragma: no-cache" once a session is started (GlpiVersion has when)
        self.session_started = False
        self.cors_headers = []
        self.params = {}
        self.files = []          # [(field_name, filename, content_type, bytes)]
        self.api_url = ""        # empty until initApi (see recording 30)
        self.debug = False
        self.session = None
        self.url_elements = []

    # ---- responses ---------------------------------------------------------------------
    def response(self, data, status=200, headers=None):
        hdrs = list(self.cors_headers) + list(headers or [])
        if self.debug:
            hdrs.append(("Content-Type", HTML_CT))
            hdrs.append(("x-frame-options", "SAMEORIGIN"))
            hdrs += self.nocache()
            body = ("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Rest API - GLPI emulator"
                    "</title></head><body><div id='page'><pre>%s</pre></div></body></html>"
                    % _html_escape(json_dumps(data, pretty=True)))
            return Response(status, hdrs, body)
        hdrs.append(("Content-Type", JSON_CT))
        hdrs += self.nocache()
        body = "" if data is None else json_dumps(data)
        return Response(status, hdrs, body)

    def nocache(self):
        return [h for h in NOCACHE if self.session_started or h is not PRAGMA]

    def session_headers(self):
        """What PHP's session cache limiter sends by itself (answers GLPI does not finish)."""
        if not self.session_started:
            return []
        return [("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"), NOCACHE[0], PRAGMA]

    def exit(self, data, status=200, headers=None):
        raise ApiExit(self.response(data, status, headers))

    def error(self, message="Bad Request", status=400, code="ERROR", doc=True):
        """API::returnError()."""
        if doc:
            message = "%s; view documentation in your browser at %s/#%s" % (
                message, self.api_url, code)
        self.exit([code, message], status)

    def php_fatal(self):
        """PHP died (an uncaught TypeError, GLPI 10): 200, an empty HTML page."""
        raise ApiExit(Response(200, list(self.cors_headers) + self.session_headers()
                               + [("Content-type", HTML_CT)], b""))

    def unexpected_error(self):
        """An uncaught exception: GLPI 11 answers with its HTML error page."""
        raise ApiExit(error_page(self))

    def not_found(self):
        self.error("Item not found", 404, "ERROR_ITEM_NOT_FOUND", False)

    def right_error(self):
        self.error(PERMISSION, 403, "ERROR_RIGHT_MISSING", False)

    def bad_array(self):
        self.error("input parameter must be an array of objects", 400, "ERROR_BAD_ARRAY")

    @property
    def sanitized_output(self):
        """GLPI 10: X-GLPI-Sanitized-Content (default true) keeps stored text encoded."""
        if not self.glpi.sanitize_input:
            return False
        value = self.req.header("X-GLPI-Sanitized-Content")
        if value is None:
            return True
        return str(value).strip().lower() in ("1", "true", "on", "yes")

    def read_fields(self, fields):
        """Text of a fetched row as the version shows it: GLPI 10 decodes it when asked to
        (X-GLPI-Sanitized-Content: false), GLPI 11 decodes legacy-encoded text always."""
        if self.glpi.decode_legacy_on_read:
            return decode_fetched_row(fields)
        if self.glpi.sanitize_input and not self.sanitized_output:
            return {k: decode_html(v) if isinstance(v, str) else v for k, v in fields.items()}
        return fields

    def link(self, *parts):
        """An API URL as GLPI writes it in links and headers (api_url + /parts)."""
        return self.api_url + "".join("/%s" % p for p in parts)


ERROR_PAGE = ("\n\n<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n   <title>Error - GLPI</title>\n"
              "   <meta charset=\"utf-8\" />\n</head>\n<body>\n<div class=\"page\">\n"
              "   <h1>An unexpected error occurred</h1>\n"
              "   <a href=\"javascript:history.back()\">Return to previous page</a>\n"
              "   <a href=\"#\">Top of the page</a>\n</div>\n</body>\n</html>\n")


def error_page(call):
    """GLPI 11's answer to an uncaught exception: an HTML page, status 500, HTTP/1.0."""
    headers = list(call.cors_headers) + [PRAGMA, ("Content-Type", HTML_CT),
                                         ("x-frame-options", "SAMEORIGIN")]
    headers += [h for h in NOCACHE if h is not PRAGMA]
    headers.append(("Cache-Control", "no-cache, private"))
    return Response(500, headers, ERROR_PAGE, http10=True)


def _html_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class GlpiApi:
    def __init__(self, emulator):
        self.emulator = emulator
        self.glpi = emulator.glpi
        self.store = emulator.store
        self.sessions = emulator.sessions

    # ================================================================== entry point
    def handle(self, req):
        call = Call(self, req)
        try:
            return self._call(call)
        except ApiExit as exc:
            return exc.response

    def _call(self, call):
        req = call.req
        path_info = req.path.strip("/").replace("api/", "")
        call.path_info = path_info
        call.url_elements = path_info.split("/")
        resource = call.url_elements[0].strip()
        is_inline_doc = resource in ("", "api")

        self._cors(call)
        self._parse_params(call, is_inline_doc)
        params = call.params
        if "debug" in params:
            call.debug = True
        self._init_api(call)

        if not is_inline_doc and resource not in ("initSession", "lostPassword"):
            self._check_app_token(call)
            self._check_session(call)

        from . import items, massive
        if is_inline_doc:
            return self._inline_doc(call)
        if resource == "initSession":
            return call.response(self.init_session(call))
        if resource == "killSession":
            self.sessions.kill(call.session.token)
            return call.response(True)
        if resource == "changeActiveEntities":
            return call.response(self.change_active_entities(call))
        if resource == "getMyEntities":
            return call.response(self.get_my_entities(call))
        if resource == "getActiveEntities":
            s = call.session
            return call.response({"active_entity": {
                "id": s.active_entity, "active_entity_recursive": s.active_entity_recursive,
                "active_entities": [{"id": e} for e in s.active_entities]}})
        if resource == "changeActiveProfile":
            return call.response(self.change_active_profile(call))
        if resource == "getMyProfiles":
            s = call.session
            out = []
            for pid in s.profiles():
                out.append({"id": pid, "name": profiles.PROFILES[pid][0],
                            "entities": s.profile_entity_list(self.store, pid)})
            return call.response({"myprofiles": out})
        if resource == "getActiveProfile":
            return call.response({"active_profile": call.session.active_profile(self.store)})
        if resource == "getFullSession":
            session = call.session.payload(self.store)
            session["MESSAGE_AFTER_REDIRECT"] = []
            return call.response({"session": session})
        if resource == "getGlpiConfig":
            return call.response({"cfg_glpi": profiles.glpi_config(
                self.glpi, self.emulator.base_url, self.emulator.api_url, self.store.config)})
        if resource == "listSearchOptions":
            return items.list_search_options(call, self.get_itemtype(call, 1))
        if resource == "getMultipleItems":
            return items.get_multiple_items(call)
        if resource == "search":
            return items.search(call, self.get_itemtype(call, 1, True, True))
        if resource == "lostPassword":
            if req.method not in ("PUT", "PATCH"):
                call.error("Only HTTP verb PUT is allowed")
            return call.response(self.lost_password(call))
        if resource in ("getMassiveActions", "getMassiveActionParameters",
                        "applyMassiveAction") and len(call.url_elements) < 2:
            call.error("missing resource", 400, "ERROR_RESOURCE_MISSING")
        if resource == "getMassiveActions":
            return massive.get_massive_actions(call, self.get_itemtype(call, 1, False, False))
        if resource == "getMassiveActionParameters":
            return massive.get_parameters(call, self.get_itemtype(call, 1, False, False))
        if resource == "applyMassiveAction":
            ids = php_list(params.get("ids")) if params.get("ids") is not None else []
            if not ids:
                call.error("No ids supplied", 400, "ERROR_MASSIVEACTION_NO_IDS")
            return massive.apply(call, self.get_itemtype(call, 1, False, False), ids,
                                 params.get("input") if isinstance(params.get("input"), dict)
                                 else {})
        m = re.search(r"user/(\d+)/picture", path_info, re.I)
        if m:
            return items.user_picture(call, int(m.group(1)))
        return items.crud(call)

    # ================================================================== plumbing
    def _cors(self, call):
        req = call.req
        if req.header("Origin") is not None:
            call.cors_headers.append(("Access-Control-Allow-Origin", "*"))
        if req.method in ("GET", "OPTIONS"):
            call.cors_headers.append(("Access-Control-Expose-Headers",
                                      "content-type, content-range, accept-range"))
        if req.method == "OPTIONS":
            headers = list(call.cors_headers)
            if req.header("Access-Control-Request-Method") is not None:
                headers.append(("Access-Control-Allow-Methods", "PUT, GET, POST, DELETE, OPTIONS"))
            if req.header("Access-Control-Request-Headers") is not None:
                headers.append(("Access-Control-Allow-Headers", "origin, content-type, accept, "
                                "session-token, authorization, app-token"))
            headers.append(("Content-type", HTML_CT))
            raise ApiExit(Response(200, headers, b""))

    def _parse_params(self, call, is_inline_doc):
        req = call.req
        params = php_parse_str(req.query)
        body = req.body.strip()
        if body and req.method == "GET":
            call.error("GET Request should not have json payload (http body)", 400,
                       "ERROR_JSON_PAYLOAD_FORBIDDEN")
        content_type = req.header("Content-Type")
        if content_type is None:
            content_type = "" if is_inline_doc else "application/json"
        if "application/json" in content_type:
            if body:
                try:
                    decoded = json.loads(body.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    decoded = None
                if self._json_payload_invalid(decoded):
                    call.error("JSON payload seems not valid", 400, "ERROR_JSON_PAYLOAD_INVALID",
                               False)
                if isinstance(decoded, dict):
                    params.update(decoded)
                elif isinstance(decoded, list):
                    params.update({str(i): v for i, v in enumerate(decoded)})
            call.format = "json"
        elif "multipart/form-data" in content_type:
            fields, files = _parse_multipart(content_type, req.body)
            if req.method != "POST":
                fields, files = {}, []       # PHP parses multipart bodies for POST only
            call.files = files
            if not files:
                call.error("The file seems too big", 400,
                           "ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE", False)
            try:
                manifest = json.loads(fields.get("uploadManifest", ""))
            except ValueError:
                manifest = None
            if not manifest:
                call.error("JSON payload seems not valid", 400, "ERROR_JSON_PAYLOAD_INVALID",
                           False)
            if isinstance(manifest, dict):
                params.update(manifest)
            call.format = "json"
        elif "application/x-www-form-urlencoded" in content_type:
            form = php_parse_str(body.decode("utf-8", "replace"))
            for key, value in form.items():
                if key == "input" and not isinstance(value, dict):
                    value = {"0": value} if not isinstance(value, list) else value
                params[key] = value
            call.format = "html"
        else:
            call.format = "html"

        auth = req.header("Authorization") or ""
        if auth.lower().startswith("basic "):
            try:
                login, _unused, password = base64.b64decode(auth[6:].strip()).decode(
                    "utf-8").partition(":")
                params["login"] = login
                params["password"] = password
            except (ValueError, UnicodeDecodeError):
                pass
        if "user_token" in auth:
            parts = auth.split(" ")
            if len(parts) > 1:
                params["user_token"] = parts[1]
        if req.header("Session-Token") is not None:
            params["session_token"] = req.header("Session-Token")
        if req.header("App-Token") is not None:
            params["app_token"] = req.header("App-Token")
        for key, value in list(params.items()):
            if value == "true":
                params[key] = True
            elif value == "false":
                params[key] = False
        call.params = params

    def _init_api(self, call):
        call.api_url = self.emulator.base_url + self.glpi.link_path
        if self.glpi.session_starts_at_init:
            call.session_started = True
        cfg = self.store.config
        if not cfg["api_enabled"]:
            call.error("API disabled", 400, "ERROR", False)
        if not cfg["allowed_ip"]:
            call.error("There isn't an active API client matching your IP address in the "
                       "configuration (%s)" % call.req.client_ip, 400, "ERROR_NOT_ALLOWED_IP",
                       False)

    def _check_app_token(self, call):
        token = call.params.get("app_token")
        token = "" if token is None else str(token)
        cfg = self.store.config
        valid = list(cfg["app_tokens"])
        if not cfg["require_app_token"]:
            valid.append("")
        if token not in valid:
            if token != "":
                call.error("parameter app_token seems wrong", 400,
                           "ERROR_WRONG_APP_TOKEN_PARAMETER")
            call.error("missing parameter app_token", 400, "ERROR_APP_TOKEN_PARAMETERS_MISSING")

    def _json_payload_invalid(self, decoded):
        """PHP's empty() on the decoded body ([] is accepted by GLPI 11, then not an input)."""
        if isinstance(decoded, list):
            return not decoded and not self.glpi.empty_list_body_is_bad_array
        return not isinstance(decoded, dict) and decoded in (None, False, 0, "")

    def _check_session(self, call):
        token = call.params.get("session_token")
        if not token:
            call.error("parameter session_token is missing or empty", 400,
                       "ERROR_SESSION_TOKEN_MISSING")
        call.session_started = True
        session = self.sessions.get(str(token).strip())
        if session is None:
            call.error("session_token seems invalid", 401, "ERROR_SESSION_TOKEN_INVALID", False)
        call.session = session

    def _inline_doc(self, call):
        body = ("<!DOCTYPE html><html><head><title>API Documentation</title></head><body>"
                "<div class='documentation'><h1>GLPI REST API: Documentation</h1>"
                "<p>GLPI %s API emulator. Endpoints: initSession, killSession, "
                "getMyProfiles, getActiveProfile, changeActiveProfile, getMyEntities, "
                "getActiveEntities, changeActiveEntities, getFullSession, getGlpiConfig, "
                ":itemtype/:id, getMultipleItems, listSearchOptions, search, "
                "getMassiveActions, getMassiveActionParameters, applyMassiveAction, "
                "lostPassword.</p></div></body></html>" % self.glpi.full)
        return Response(200, call.cors_headers + [("Content-Type", HTML_CT)] + call.nocache(),
                        body)

    def get_itemtype(self, call, index=0, recursive=True, all_assets=False):
        """APIRest::getItemtype()."""
        elements = call.url_elements
        if index < len(elements):
            name = elements[index]
            is_all_assets = all_assets and name == "AllAssets"
            itemtype = self.store.itemtypes.resolve(name)
            if is_all_assets or itemtype:
                if recursive:
                    sub = self.get_itemtype(call, 2, False)
                    if sub:
                        call.params["parent_itemtype"] = itemtype
                        itemtype = sub
                if is_all_assets:
                    return "AllAssets"
                return itemtype
            call.error("resource not found or not an instance of CommonDBTM", 400,
                       "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM")
        elif recursive:
            call.error("missing resource", 400, "ERROR_RESOURCE_MISSING")
        return None

    def get_id(self, call):
        """APIRest::getId(): False when the path holds no numeric id."""
        el = call.url_elements
        item_id = php_intval(el[1]) if len(el) > 1 and is_numeric(el[1]) else False
        extra = php_intval(el[3]) if len(el) > 3 and is_numeric(el[3]) else False
        if extra or "parent_itemtype" in call.params:
            call.params["parent_id"] = item_id
            item_id = extra
        return item_id

    # ================================================================== session endpoints
    def init_session(self, call):
        self._check_app_token(call)
        p = call.params
        login, password = p.get("login"), p.get("password")
        user_token = p.get("user_token")
        if (not login or not password) and not user_token:
            call.error("parameter(s) login, password or user_token are missing", 400,
                       "ERROR_LOGIN_PARAMETERS_MISSING")
        cfg = self.store.config
        user_id = None
        if user_token:
            if cfg["login_external_token"]:
                for uid, auth in self.store.auth.items():
                    if auth.get("user_token") and auth["user_token"] == str(user_token):
                        user_id = uid
            if user_id is None or not self._user_active(user_id):
                call.error("parameter user_token seems invalid", 401,
                           "ERROR_GLPI_LOGIN_USER_TOKEN", False)
        else:
            if not cfg["login_credentials"]:
                call.error("usage of initSession resource with credentials is disabled", 400,
                           "ERROR_LOGIN_WITH_CREDENTIALS_DISABLED", False)
            for uid, auth in self.store.auth.items():
                user = self.store.get("User", uid)
                if user and user["name"] == str(login) and auth["password"] == str(password):
                    user_id = uid
            if user_id is None or not self._user_active(user_id):
                call.error("Incorrect username or password", 401, "ERROR_GLPI_LOGIN", False)
        session = self.sessions.create(self.store, user_id, str(p.get("app_token") or ""))
        call.session_started = True
        with self.store.lock:
            user = self.store.get("User", user_id)
            if user is not None:
                user["last_login"] = session.payload(self.store)["glpi_currenttime"]
        data = {"session_token": session.token}
        if php_truthy(p.get("get_full_session")):
            data["session"] = session.payload(self.store)
        return data

    def _user_active(self, user_id):
        user = self.store.get("User", user_id)
        return user is not None and user.get("is_active") and not user.get("is_deleted")

    def change_active_entities(self, call):
        p = call.params
        entities_id = "all" if "entities_id" not in p else php_intval(p["entities_id"])
        if p.get("entities_id") == "all":
            entities_id = "all"
        is_recursive = p.get("is_recursive", False)
        if not isinstance(is_recursive, bool):
            call.error()
        with self.store.lock:
            return call.session.change_entities(self.store, entities_id, is_recursive)

    def get_my_entities(self, call):
        recursive = call.params.get("is_recursive", False)
        recursive = recursive is True or php_intval(recursive) == 1
        out = []
        s = call.session
        with self.store.lock:
            for pid, eid, rec in s.profile_entities:
                if pid != s.profile_id:
                    continue
                if rec == 1 and recursive:
                    for son in self.store.entity_sons(eid):
                        if son != eid:
                            out.append({"id": son,
                                        "name": self.store.dropdown_name("Entity", son)})
                out.append({"id": eid, "name": self.store.dropdown_name("Entity", eid)})
        return {"myentities": out}

    def change_active_profile(self, call):
        p = call.params
        if "profiles_id" not in p:
            call.error()
        profile_id = php_intval(p["profiles_id"])
        if profile_id in call.session.profiles():
            call.session.profile_id = profile_id
            with self.store.lock:
                call.session.change_entities(self.store, "all", 1)
            return True
        call.not_found()

    def lost_password(self, call):
        cfg = self.store.config
        p = call.params
        if not cfg["notifications"]:
            call.error("Email notifications are disabled")
        if "email" not in p and not p.get("password_forget_token"):
            call.error("email parameter missing")
        token = p.get("session_token")
        if token and self.sessions.get(str(token)) is not None:
            call.error("A session is active")
        store = self.store
        with store.lock:
            if "password_forget_token" not in p:
                email = str(p.get("email") or "")
                for uid, auth in store.auth.items():
                    if auth.get("email") and auth["email"].lower() == email.lower():
                        reset = cfg["password_reset_token"] or _reset_token()
                        user = store.get("User", uid)
                        user["password_forget_token"] = reset
                        user["password_forget_token_date"] = user["date_mod"]
                        auth["last_reset_token"] = reset
                return [RESET_MESSAGE]
            reset = str(p.get("password_forget_token") or "")
            password = p.get("password") or ""
            for uid, auth in store.auth.items():
                user = store.get("User", uid)
                if user and reset and user.get("password_forget_token") == reset:
                    if "email" in p and auth.get("email") and \
                            str(p["email"]).lower() != auth["email"].lower():
                        continue
                    if not password:
                        call.error("Password too short!")
                    auth["password"] = str(password)
                    user["password_forget_token"] = None
                    user["password_forget_token_date"] = None
                    return ["Reset password successful."]
            call.error("Your password reset request has expired or is invalid. "
                       "Please renew it.")


def _reset_token():
    return hashlib.sha1(os.urandom(20)).hexdigest()


def _parse_multipart(content_type, body):
    """-> ({field: text}, [(field, filename, content_type, bytes)])."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    fields, files = {}, []
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_param("filename", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if filename is not None:
            files.append((name, filename, part.get_content_type(), payload))
        elif name is not None:
            fields[name] = payload.decode(part.get_content_charset() or "utf-8", "replace")
    return fields, files
