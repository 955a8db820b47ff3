# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""GlpiClient: the one way the collection talks to GLPI's REST API (apirest.php).

It owns the HTTP session (keep-alive, pooling, retries of idempotent requests), the GLPI session
(lazy login, re-login once on an invalid session, kill at the end when it opened it), paging,
and the mapping of GLPI's answers to results or GlpiError. One method per endpoint of GLPI's
API documentation; nothing outside this file builds a URL.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re
import time
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

try:
    from urllib.parse import urlsplit, urlunsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit, urlunsplit  # type: ignore

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import NewConnectionError
    from urllib3.util.retry import Retry
except ImportError as exc:  # reported by the callers with missing_required_lib('requests')
    requests = None
    Retry = NewConnectionError = object
    REQUESTS_IMPORT_ERROR = exc
else:
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.glpi.itsm.plugins.module_utils import query
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiAuthenticationError,
    GlpiConnectionError,
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiPermissionError,
    GlpiRangeError,
    GlpiResponseError,
    GlpiUnknownItemtypeError,
    error_from_body,
    html_to_text,
)

USER_AGENT = "glpi.itsm-ansible-collection/0.1.0"
# GLPI advertises "Accept-Range: <itemtype> 1000" and does not enforce it; 1000 rows a page is
# what the real server answers fastest per row without huge bodies (see docs/inventory guide).
DEFAULT_PAGE_SIZE = 1000
# Records per write request. GLPI takes thousands in one, but handles them one by one in a single
# PHP request that must end within its time limit (max_execution_time, 30 s by default), and it
# answers a creation with a Link header naming every record created: past about 1,000 records
# that header line outgrows the 64 KiB that Python's http.client reads, and the answer is lost.
WRITE_CHUNK = 500
# Methods that may be sent again after a failure without risk of doing the work twice.
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "PUT", "DELETE"))
RETRY_STATUSES = (502, 503, 504)
# getMultipleItems puts every item in the query string: a few dozen per request keep URLs short.
READ_CHUNK = 50

Page = namedtuple("Page", "rows total")


class LoggingRetry(Retry):
    """urllib3's Retry that tells the caller each time it retries, so retries are never silent."""

    log = None

    def new(self, **kwargs):
        retry = super(LoggingRetry, self).new(**kwargs)
        retry.log = self.log
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if self.log:
            reason = "HTTP {0}".format(response.status) if response is not None else type(error).__name__
            self.log("GLPI request {0} {1} failed ({2}); retrying".format(method, _strip_query(url), reason))
        return super(LoggingRetry, self).increment(method, url, response, error, _pool, _stacktrace)


def _strip_query(url):
    return (url or "").split("?", 1)[0]


def api_url_from(url):
    """The apirest.php URL from any of the forms a user may give.

    Accepted: the GLPI root (``https://glpi.example.com/glpi``), the ``.../apirest.php`` URL,
    a rewritten ``.../api`` URL, or GLPI 11's ``.../api.php/v1``, which serves the same API (and
    is where GLPI 11's own links point).
    """
    if not isinstance(url, str) or not url.strip():
        raise GlpiInputError("url is required: the GLPI root URL or its apirest.php URL")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GlpiInputError("url must be an http:// or https:// URL, got {0!r}".format(display_url(url)))
    if parts.query or parts.fragment:
        raise GlpiInputError("url must not carry a query string or fragment (secrets belong in options)")
    path = parts.path.rstrip("/")
    if not path.endswith(("/apirest.php", "/api", "/api.php/v1")):
        path += "/apirest.php"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def display_url(url):
    """The URL without any user:password@ part, for messages."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    except (ValueError, AttributeError):
        return "<invalid url>"


def _snippet(response):
    """A short, readable excerpt of a body that is not JSON (an HTML error page, a proxy page)."""
    text = response.content[:2000].decode("utf-8", "replace")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    text = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:200] + ("..." if len(text) > 200 else "")


def write_outcomes(body):
    """Per-item outcomes of add/update/delete as ``[{"id", "ok", "message"}]``.

    GLPI answers ``{"id": 5, "message": ...}`` for an add (``"id": false`` when it failed) and
    ``{"5": true, "message": ""}`` for an update or a delete.
    """
    entries = body if isinstance(body, list) else [body]
    outcomes = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        message = entry.get("message") or ""
        if "id" in entry:
            new_id = entry["id"]
            ok = bool(new_id) and not isinstance(new_id, bool)
            outcomes.append(dict(id=new_id if ok else None, ok=ok, message=message))
            continue
        for key, value in entry.items():
            if key != "message" and str(key).isdigit():
                outcomes.append(dict(id=int(key), ok=bool(value), message=message))
    return outcomes


class GlpiClient(object):
    """A client for one GLPI server and one (lazily opened) API session."""

    def __init__(self, url, app_token=None, user_token=None, username=None, password=None,
                 session_token=None, validate_certs=True, ca_path=None, timeout=30,
                 profile=None, entity=None, entity_recursive=False,
                 page_size=DEFAULT_PAGE_SIZE, retries=3, retry_backoff=0.5, log=None):
        if requests is None:
            raise GlpiError("the Python library 'requests' is required: {0}".format(REQUESTS_IMPORT_ERROR))
        self.api_url = api_url_from(url)
        self.app_token = app_token
        self.user_token = user_token
        self.username = username
        self.password = password
        self.timeout = timeout
        self.profile = profile
        self.entity = entity
        self.entity_recursive = entity_recursive
        self.page_size = page_size
        self.retries = retries
        self.retry_backoff = retry_backoff
        self.log = log or (lambda message: None)
        self._session_token = session_token
        self._owns_session = False
        self._entities_changed = False
        # Passed on every request: a Session-level verify loses to REQUESTS_CA_BUNDLE in requests.
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self._http = self._http_session(retries, retry_backoff)

    # ------------------------------------------------------------------ plumbing

    def _http_session(self, retries, backoff):
        http = requests.Session()
        retry = LoggingRetry(
            total=retries, connect=retries, read=retries, status=retries,
            status_forcelist=RETRY_STATUSES, allowed_methods=IDEMPOTENT_METHODS,
            backoff_factor=backoff, raise_on_status=False, respect_retry_after_header=True,
        )
        retry.log = self.log
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=16)
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        http.headers.update({
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            # Without it GLPI returns <, > and & HTML-encoded; with it values round-trip as given.
            "X-GLPI-Sanitized-Content": "false",
        })
        if self.app_token:
            http.headers["App-Token"] = self.app_token
        return http

    @property
    def has_credentials(self):
        return bool(self.user_token or (self.username and self.password))

    @property
    def session_token(self):
        """The API session token, opening a session first if there is none yet."""
        if not self._session_token:
            self.init_session()
        return self._session_token

    def _url(self, *segments):
        return "/".join([self.api_url] + [str(segment) for segment in segments])

    def request(self, method, segments, params=None, body=None, files=None, headers=None,
                session=True, raw=False, allow_empty=False, answer_statuses=(), relogin=True):
        """Send one API request and decode GLPI's answer; see _decode for what comes back.

        ``segments`` are already-validated path parts. A session the server reports invalid
        is reopened once, when the client holds credentials, and the request sent again (the
        server refused it, so nothing was applied).
        """
        url = self._url(*segments)
        for attempt in (1, 2):
            request_headers = dict(headers or {})
            if session:
                request_headers["Session-Token"] = self.session_token
            response = self._send(method, url, params, body, files, request_headers)
            try:
                answer = self._decode(response, method, url, raw, allow_empty, answer_statuses)
            except GlpiAuthenticationError as error:
                if not (session and relogin and attempt == 1 and error.code == "ERROR_SESSION_TOKEN_INVALID"
                        and self.has_credentials):
                    raise
                self.log("GLPI session is no longer valid; opening a new one")
                self._session_token = None
                continue
            except GlpiPermissionError:
                # GLPI loads the user's entities at login: in the session that created an
                # entity, writes into it are refused (recording 110b); a new session may write.
                if not (session and relogin and attempt == 1 and self._entities_changed
                        and method != "GET" and self.has_credentials):
                    raise
                self.log("GLPI refused a write after entities were created; retrying in a new session")
                self.refresh_session()
                continue
            if method == "POST" and segments == ["Entity"]:
                self._entities_changed = True
            return answer
        raise GlpiError("unreachable")  # pragma: no cover

    def _send(self, method, url, params, body, files, headers):
        query_string = query.encode(params)
        full_url = url + ("?" + query_string if query_string else "")
        kwargs = dict(headers=headers, timeout=self.timeout, verify=self._verify)
        if files is not None:
            kwargs.update(files=files)
        elif body is not None:
            kwargs.update(data=json.dumps(body), headers=dict(headers, **{"Content-Type": "application/json"}))
        attempts = 1 + (self.retries if method in IDEMPOTENT_METHODS else 0)
        for attempt in range(1, attempts + 1):
            try:
                return self._http.request(method, full_url, **kwargs)
            except requests.exceptions.ChunkedEncodingError as exc:
                # The connection broke while the body was read: urllib3 cannot retry that itself.
                if attempt == attempts:
                    raise self._connection_error(exc, method, url)
                self.log("GLPI answer to {0} {1} was cut off; retrying".format(method, url))
                time.sleep(self.retry_backoff * attempt)
            except requests.exceptions.RequestException as exc:
                raise self._connection_error(exc, method, url)

    def _connection_error(self, exc, method, url):
        kinds = [
            (requests.exceptions.SSLError, "TLS error (certificate verification failed? set ca_path, "
                                           "or validate_certs: false for a test server)"),
            (requests.exceptions.ConnectTimeout, "timed out while connecting"),
            (requests.exceptions.ReadTimeout, "timed out waiting for an answer (timeout={0}s)".format(self.timeout)),
            (requests.exceptions.ChunkedEncodingError, "the connection broke while reading the answer"),
            (requests.exceptions.ConnectionError, "could not connect"),
        ]
        what = next((text for cls, text in kinds if isinstance(exc, cls)), "request failed")
        reason = str(exc.__context__ or exc) if not isinstance(exc, requests.exceptions.SSLError) else str(exc)
        detail = re.sub(r"\s+", " ", reason)[:300]
        uncertain = method not in IDEMPOTENT_METHODS and _may_have_been_sent(exc)
        if uncertain:
            what += " (GLPI may have applied the {0} all the same)".format(method)
        return GlpiConnectionError("{0}: {1}".format(what, detail), uncertain=uncertain, method=method,
                                   url=display_url(url))

    def _decode(self, response, method, url, raw=False, allow_empty=False, answer_statuses=()):
        """GLPI's answer as data, or a GlpiError.

        2xx JSON is returned decoded (207 too: the caller reads per-item outcomes), and so is an
        error status listed in ``answer_statuses``; with ``raw`` the requests.Response itself is
        returned for file downloads; 204 gives None.
        """
        status = response.status_code
        where = dict(method=method, url=display_url(url))
        if raw and status < 300:
            return response
        if status == 204 or (allow_empty and status < 300 and not response.content.strip()):
            return None
        try:
            body = response.json()
        except ValueError:
            body = self._error_inside_text(response.text) if status >= 400 else None
            if body is None:
                kind = response.headers.get("Content-Type", "no Content-Type").split(";")[0]
                what = "an empty body" if not response.content.strip() else "a non-JSON body ({0}, {1} bytes): {2!r}".format(
                    kind, len(response.content), _snippet(response))
                raise GlpiResponseError(
                    "expected JSON from GLPI's API but got {0}. Is url pointing at GLPI's apirest.php?".format(what),
                    status=status, **where)
        if status >= 400 and status not in answer_statuses:
            raise error_from_body(body, status, **where)
        return body

    @staticmethod
    def _error_inside_text(text):
        # GLPI sometimes prints a PHP/SQL message before its JSON error (recording 175d).
        start = text.find('["ERROR')
        if start < 0:
            return None
        try:
            return json.loads(text[start:])
        except ValueError:
            return None

    # ------------------------------------------------------------------ session

    def init_session(self, get_full_session=False):
        """initSession with the user token, or login and password (HTTP Basic), then switch
        profile and entities when asked. Returns GLPI's answer (with the full session if asked)."""
        if self.user_token:
            auth, headers = None, {"Authorization": "user_token {0}".format(self.user_token)}
        elif self.username and self.password:
            auth, headers = (self.username, self.password), {}
        else:
            raise GlpiInputError("no credentials: give user_token, or username and password, or session_token")
        url = self._url("initSession")
        params = {"get_full_session": True} if get_full_session else None
        response = self._send_login(url, params, headers, auth)
        answer = self._decode(response, "GET", url)
        token = answer.get("session_token") if isinstance(answer, dict) else None
        if not token:
            raise GlpiResponseError("initSession answered without a session_token", status=response.status_code,
                                    method="GET", url=display_url(url))
        self._session_token = token
        self._owns_session = True
        self._apply_profile_and_entity()
        return answer

    def _send_login(self, url, params, headers, auth):
        try:
            return self._http.get(url, params=query.encode(params) or None, headers=headers, auth=auth,
                                  timeout=self.timeout, verify=self._verify)
        except requests.exceptions.RequestException as exc:
            raise self._connection_error(exc, "GET", url)

    def _apply_profile_and_entity(self):
        if self.profile not in (None, ""):
            self.change_active_profile(self.resolve_profile(self.profile))
        if self.entity not in (None, ""):
            self.change_active_entities(self.resolve_entity(self.entity), self.entity_recursive)

    def resolve_profile(self, profile):
        """A profile id from an id or a name among the user's profiles."""
        if str(profile).isdigit():
            return int(profile)
        profiles = self.get_my_profiles().get("myprofiles", [])
        matches = [p["id"] for p in profiles if p.get("name") == profile]
        if not matches:
            names = ", ".join(sorted(p.get("name", "") for p in profiles))
            raise GlpiInputError("profile {0!r} is not one of this user's profiles ({1})".format(profile, names))
        return matches[0]

    def resolve_entity(self, entity):
        """An entity id from an id, 'all', or a name / complete name among the user's entities."""
        if str(entity).isdigit():
            return int(entity)
        if entity == "all":
            return "all"
        entities = self.get_my_entities(is_recursive=True).get("myentities", [])
        plain = entity.replace(" > ", " &#62; ")  # getMyEntities returns '>' HTML-encoded
        matches = [e["id"] for e in entities if e.get("name") in (entity, plain)]
        if len(matches) != 1:
            problem = "matches several entities" if matches else "is not one of this user's entities"
            raise GlpiInputError("entity {0!r} {1}; give its id".format(entity, problem))
        return matches[0]

    def kill_session(self):
        """killSession for the current session; a session already gone is not an error."""
        if not self._session_token:
            return False
        try:
            self.request("GET", ["killSession"], allow_empty=True, relogin=False)
        except GlpiAuthenticationError as error:
            if error.code != "ERROR_SESSION_TOKEN_INVALID":
                raise
        finally:
            self._session_token = None
            self._owns_session = False
        return True

    def session_is_valid(self):
        """Whether the current session token is still open (asked without re-login)."""
        try:
            self.request("GET", ["getActiveProfile"], relogin=False)
            return True
        except GlpiAuthenticationError as error:
            if error.code != "ERROR_SESSION_TOKEN_INVALID":
                raise
            return False

    def refresh_session(self):
        """Close the session (if this client opened it) and open a new one, which sees the
        entities created since the old one was opened."""
        if self._owns_session:
            self.kill_session()
        self._session_token = None
        self._entities_changed = False
        return self.init_session()

    def keep_session(self):
        """Leave the current session open at close(): the caller hands it on (glpi_session)."""
        self._owns_session = False

    def close(self):
        """Kill the session if this client opened it (never one the user handed in)."""
        try:
            if self._owns_session and self._session_token:
                self.kill_session()
        finally:
            self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        try:
            self.close()
        except GlpiError as error:
            if exc_info[0] is None:
                raise
            self.log("could not close the GLPI session: {0}".format(error))

    def lost_password(self, email):
        """Ask GLPI to mail a password reset link to ``email`` (no session needed)."""
        return self.request("PUT", ["lostPassword"], body={"email": email}, session=False)

    def reset_password(self, email, token, password):
        """Set a new password with the token from the reset mail (no session needed)."""
        body = {"email": email, "password_forget_token": token, "password": password}
        return self.request("PUT", ["lostPassword"], body=body, session=False)

    def get_my_profiles(self):
        return self.request("GET", ["getMyProfiles"])

    def get_active_profile(self):
        return self.request("GET", ["getActiveProfile"])

    def change_active_profile(self, profiles_id):
        return self.request("POST", ["changeActiveProfile"], body={"profiles_id": profiles_id})

    def get_my_entities(self, is_recursive=False):
        return self.request("GET", ["getMyEntities"], params={"is_recursive": is_recursive or None})

    def get_active_entities(self):
        return self.request("GET", ["getActiveEntities"])

    def change_active_entities(self, entities_id="all", is_recursive=False):
        body = {"entities_id": entities_id, "is_recursive": bool(is_recursive)}
        return self.request("POST", ["changeActiveEntities"], body=body)

    def get_full_session(self):
        return self.request("GET", ["getFullSession"])

    def get_glpi_config(self):
        return self.request("GET", ["getGlpiConfig"])

    # ------------------------------------------------------------------ items

    def get_item(self, itemtype, item_id, **params):
        """One item. ``params``: expand_dropdowns, get_hateoas, get_sha1, with_devices, with_disks,
        with_softwares, with_connections, with_networkports, with_infocoms, with_contracts,
        with_documents, with_tickets, with_problems, with_changes, with_notes, with_logs,
        add_keys_names."""
        path = [query.itemtype_segment(itemtype), query.item_id(item_id)]
        answer = self.request("GET", path, params=params)
        if isinstance(answer, list):  # GLPI lists the whole itemtype for /Computer/0
            raise GlpiNotFoundError("{0} {1} does not exist".format(itemtype, item_id), code="ERROR_ITEM_NOT_FOUND",
                                    status=404, method="GET", url=self._url(*path))
        return answer

    def find_item(self, itemtype, item_id, **params):
        """The item, or None when there is none (get_item's parameters; HATEOAS links left out
        unless asked). An unknown itemtype is still an error: GlpiUnknownItemtypeError."""
        params.setdefault("get_hateoas", False)
        if not query.can_exist(itemtype, item_id):
            return None
        try:
            return self.get_item(itemtype, item_id, **params)
        except GlpiNotFoundError:
            return None
        except GlpiUnknownItemtypeError as error:
            error.itemtype = itemtype
            raise

    def find_items(self, items, **params):
        """Several items of any itemtypes, ``items`` as ``(itemtype, id)`` pairs: the records in
        the same order, None for those that do not exist. One getMultipleItems request per
        READ_CHUNK items; GLPI refuses such a request as a whole when one item is missing or not
        readable (recording 25f), and then each item of it is read alone."""
        params.setdefault("get_hateoas", False)
        found = []
        for start in range(0, len(items), READ_CHUNK):
            found.extend(self._find_chunk(items[start:start + READ_CHUNK], params))
        return found

    def _find_chunk(self, items, params):
        asked = [(itemtype, item_id) for itemtype, item_id in items if query.can_exist(itemtype, item_id)]
        records = None
        if asked:
            try:
                records = self.get_multiple_items([dict(itemtype=t, items_id=i) for t, i in asked], **params)
            except (GlpiConnectionError, GlpiAuthenticationError, GlpiInputError):
                raise
            except GlpiError:
                records = None
        if asked and not (isinstance(records, list) and len(records) == len(asked)):
            return [self.find_item(itemtype, item_id, **params) for itemtype, item_id in items]
        by_item = dict(zip(asked, records or []))
        return [by_item.get((itemtype, item_id)) for itemtype, item_id in items]

    def get_items(self, itemtype, start=0, end=None, **params):
        """One page of all items (range, sort, order, searchText, is_deleted, only_id,
        expand_dropdowns, add_keys_names, with_networkports...): a Page(rows, total)."""
        return self._list_page([query.itemtype_segment(itemtype)], start, end, params)

    def iter_items(self, itemtype, page_size=None, max_workers=1, first=None, **params):
        """Every item of an itemtype, page after page, to the end (after ``first``, the Page of
        get_items(itemtype, 0, page_size - 1) already read, if given)."""
        path = [query.itemtype_segment(itemtype)]
        return self.iter_pages(lambda s, e: self._list_page(path, s, e, params), page_size, max_workers, first)

    def get_sub_items(self, itemtype, item_id, sub_itemtype, start=0, end=None, **params):
        path = [query.itemtype_segment(itemtype), query.item_id(item_id),
                query.itemtype_segment(sub_itemtype, "sub_itemtype")]
        return self._list_page(path, start, end, params)

    def iter_sub_items(self, itemtype, item_id, sub_itemtype, page_size=None, **params):
        path = [query.itemtype_segment(itemtype), query.item_id(item_id),
                query.itemtype_segment(sub_itemtype, "sub_itemtype")]
        return self.iter_pages(lambda s, e: self._list_page(path, s, e, params), page_size)

    def _list_page(self, path, start, end, params):
        params = dict(params)
        if end is not None:
            params["range"] = query.range_param(start, end)
        response = self.request("GET", path, params=params, raw=True)
        rows = self._decode(response, "GET", self._url(*path))
        if not isinstance(rows, list):
            raise GlpiResponseError("expected a list of items, got {0}".format(type(rows).__name__),
                                    method="GET", url=self._url(*path))
        content_range = query.parse_content_range(response.headers.get("Content-Range"))
        total = content_range[2] if content_range else start + len(rows)
        return Page(rows, total)

    def get_multiple_items(self, items, **params):
        """Several items of any itemtypes in one request: ``items`` is a list of
        ``{"itemtype": ..., "items_id": ...}``."""
        checked = []
        for item in items:
            query.itemtype_segment(item.get("itemtype"), "items.itemtype")
            checked.append(dict(itemtype=item["itemtype"], items_id=query.item_id(item.get("items_id"), "items.items_id")))
        return self.request("GET", ["getMultipleItems"], params=dict(params, items=checked))

    def list_search_options(self, itemtype, raw=False):
        params = {"raw": ""} if raw else None
        return self.request("GET", ["listSearchOptions", query.itemtype_segment(itemtype)], params=params)

    def search(self, itemtype, start=0, end=None, **params):
        """One page of GLPI's search engine: criteria (nested, meta), metacriteria, sort, order,
        forcedisplay, rawdata, withindexes, uid_cols, giveItems, is_deleted. Returns the decoded
        answer (totalcount, count, data...) with ``data`` always present."""
        if end is not None:
            params["range"] = query.range_param(start, end)
        answer = self.request("GET", ["search", query.itemtype_segment(itemtype)], params=params)
        if not isinstance(answer, dict):
            raise GlpiResponseError("expected a search answer, got {0}".format(type(answer).__name__),
                                    method="GET", url=self._url("search", itemtype))
        answer.setdefault("data", [])  # GLPI leaves it out when nothing matched
        return answer

    def search_page(self, itemtype, start, end, **params):
        """One page of a search as ``(Page(rows, totalcount), GLPI's answer)``."""
        answer = self.search(itemtype, start, end, **params)
        return Page(search_rows(answer, params.get("giveItems")), int(answer.get("totalcount") or 0)), answer

    def iter_search(self, itemtype, page_size=None, max_workers=1, **params):
        """Every row of a search, page after page, to the end."""
        return self.iter_pages(lambda start, end: self.search_page(itemtype, start, end, **params)[0],
                               page_size, max_workers)

    def read_window(self, fetch, window=None, page_size=None):
        """The rows of a list in the ``(first, last)`` window (all of it when None) and the list's
        total, with ``fetch(start, end) -> Page``: requests of at most page_size rows that never
        start or end past the total. A window past the end of the list is empty."""
        size = int(self.page_size if page_size is None else page_size)
        if window is None:
            totals = []

            def first_total(start, end):
                page = fetch(start, end)
                totals.append(page.total)
                return page

            rows = list(self.iter_pages(first_total, size))
            return rows, totals[0] if totals else len(rows)
        rows, total, start = [], None, window[0]
        while start <= window[1] and (total is None or start < total):
            last = window[1] if total is None else min(window[1], total - 1)
            end = min(last, start + size - 1)
            try:
                page = fetch(start, end)
            except GlpiRangeError as error:
                if total is not None or error.total is None:
                    raise
                return [], error.total
            total = page.total if total is None else total
            if not page.rows:
                break
            rows.extend(page.rows)
            start += len(page.rows)
        return rows, len(rows) if total is None else total

    def iter_pages(self, fetch, page_size=None, max_workers=1, first=None):
        """Walk a collection with ``fetch(start, end) -> Page`` and yield its rows.

        The total comes from the first page (``first`` when the caller has read it already); the
        next start is always the number of rows received so far (GLPI's Content-Range can be off
        by one), and no request ever starts past the total (that is ERROR_RANGE_EXCEED_TOTAL).
        With max_workers > 1 the pages after the first are fetched in parallel over the same
        session and yielded in order.
        """
        size = int(self.page_size if page_size is None else page_size)
        if size < 1:
            raise GlpiInputError("page_size must be at least 1, got {0}".format(size))
        first = first if first is not None else fetch(0, size - 1)
        yield from first.rows
        start, total = len(first.rows), first.total
        if not first.rows or start >= total:
            return
        size = min(size, start)  # a server that caps pages below our size: follow its size
        windows = [(s, min(s + size, total) - 1) for s in range(start, total, size)]
        if max_workers > 1:
            with ThreadPoolExecutor(max_workers=max_workers) as pool:
                for rows in pool.map(lambda window: _fill_window(fetch, *window), windows):
                    yield from rows
        else:
            for window in windows:
                yield from _fill_window(fetch, *window)

    def add_items(self, itemtype, records):
        """Create one record (a dict) or several (a list) in one request per WRITE_CHUNK records.

        Returns the per-item outcomes (``[{"id", "ok", "message"}]``); a 207 partial success
        is returned the same way, with ``ok: false`` on the records GLPI refused.
        """
        if isinstance(records, list) and len(records) > WRITE_CHUNK:
            return _chunked(lambda chunk: self.add_items(itemtype, chunk), records)
        answer = self.request("POST", [query.itemtype_segment(itemtype)], body={"input": records})
        return write_outcomes(answer[1] if _is_partial(answer) else answer)

    def update_items(self, itemtype, records, item_id=None):
        """Update one record (``item_id`` + a dict) or several (a list of dicts with ``id``, one
        request per WRITE_CHUNK)."""
        if item_id is None and isinstance(records, list) and len(records) > WRITE_CHUNK:
            return _chunked(lambda chunk: self.update_items(itemtype, chunk), records)
        path = [query.itemtype_segment(itemtype)]
        if item_id is not None:
            path.append(query.item_id(item_id))
        elif isinstance(records, list):
            for record in records:
                query.item_id(record.get("id") if isinstance(record, dict) else None, "records[].id")
        answer = self.request("PUT", path, body={"input": records})
        asked = [item_id] if item_id is not None else [r["id"] for r in records] if isinstance(records, list) \
            else [records.get("id")]
        return _complete(write_outcomes(answer[1] if _is_partial(answer) else answer), asked)

    def delete_items(self, itemtype, ids, force_purge=False, history=None):
        """Trash (or purge with force_purge) one id or a list of ids, one request per WRITE_CHUNK."""
        if isinstance(ids, (list, tuple)) and len(ids) > WRITE_CHUNK:
            return _chunked(lambda chunk: self.delete_items(itemtype, chunk, force_purge, history), list(ids))
        path = [query.itemtype_segment(itemtype)]
        params = {"force_purge": force_purge or None, "history": history}
        if isinstance(ids, (list, tuple)):
            body = {"input": [{"id": query.item_id(i)} for i in ids]}
        else:
            path.append(query.item_id(ids))
            body = None
        answer = self.request("DELETE", path, params=params, body=body)
        asked = ids if isinstance(ids, (list, tuple)) else [ids]
        return _complete(write_outcomes(answer[1] if _is_partial(answer) else answer), asked)

    # ------------------------------------------------------------------ massive actions

    def get_massive_actions(self, itemtype, item_id=None, is_deleted=None):
        path = ["getMassiveActions", query.itemtype_segment(itemtype)]
        if item_id is not None:
            path.append(query.item_id(item_id))
        # GLPI answers an empty body, not [], to a user who may run no action on them.
        return self.request("GET", path, params={"is_deleted": is_deleted}, allow_empty=True) or []

    def get_massive_action_parameters(self, itemtype, action):
        path = ["getMassiveActionParameters", query.itemtype_segment(itemtype), query.action_segment(action)]
        return self.request("GET", path)

    def apply_massive_action(self, itemtype, action, ids, action_input=None):
        """Run a massive action; the answer (ok, ko, noright, messages) is returned for 200,
        207 and 422 alike so that the caller can report per item."""
        path = ["applyMassiveAction", query.itemtype_segment(itemtype), query.action_segment(action)]
        body = {"ids": [query.item_id(i, "ids") for i in ids], "input": action_input or {}}
        return self.request("POST", path, body=body, answer_statuses=(422,))

    def restore_items(self, itemtype, ids):
        """Take records out of the trash bin (the API has no other way than this massive action):
        the per-item outcomes, all refused with GLPI's messages when it refused any."""
        answer = self.apply_massive_action(itemtype, "MassiveAction:restore", ids)
        answer = answer if isinstance(answer, dict) else {}
        refused = bool(answer.get("ko") or answer.get("noright"))
        message = "; ".join(massive_action_messages(answer))
        return [dict(id=int(i), ok=not refused, message=(message or "GLPI did not restore it") if refused else "")
                for i in ids]

    # ------------------------------------------------------------------ documents and pictures

    def upload_document(self, filename, content, fields=None):
        """Create a Document from a file (multipart with the uploadManifest GLPI expects).

        Always a POST, which creates a new Document: GLPI cannot replace the file of an existing
        one through its API (PHP parses multipart bodies, $_FILES, on POST only, and GLPI 10
        answers a multipart PUT with ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE).
        """
        manifest = {"input": dict(fields or {}, _filename=[filename])}
        files = [
            ("uploadManifest", (None, json.dumps(manifest), "application/json")),
            ("filename[0]", (filename, content, "application/octet-stream")),
        ]
        answer = self.request("POST", ["Document"], files=files)
        return write_outcomes(answer)[0] if answer else None

    def download_document(self, document_id):
        """The document's file: ``(content bytes, response headers)``."""
        path = ["Document", query.item_id(document_id)]
        response = self.request("GET", path, headers={"Accept": "application/octet-stream"}, raw=True)
        return response.content, dict(response.headers)

    def get_user_picture(self, user_id):
        """The user's picture as bytes, or None when the user has none (GLPI answers 204)."""
        path = ["User", query.item_id(user_id, "user_id"), "Picture"]
        response = self.request("GET", path, raw=True, headers={"Accept": "*/*"})
        return None if response.status_code == 204 or not response.content else response.content


def massive_action_messages(answer):
    """The messages of an applyMassiveAction answer as plain text (GLPI writes them in HTML, with
    links to the records)."""
    messages = answer.get("messages") or []
    messages = messages.values() if isinstance(messages, dict) else messages
    return [html_to_text(message) for message in messages if message not in (None, "")]


def search_rows(answer, give_items=False):
    """The rows of a search answer as a list: ``data`` (or ``data_html`` with giveItems), which
    is absent when nothing matched and a dict keyed by item id with withindexes (each row then
    gets that id as ``_index``)."""
    rows = answer.get("data_html") if give_items else answer.get("data")
    if isinstance(rows, dict):
        return [dict(row, _index=index) for index, row in rows.items()]
    return rows or []


def _may_have_been_sent(exc):
    """False when the request certainly never reached the server (no connection, no TLS)."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(exc, requests.exceptions.ConnectionError) and isinstance(reason, NewConnectionError):
        return False
    return True


def _fill_window(fetch, start, end):
    """The rows start..end, in as many requests as the server needs to give them all."""
    rows = []
    while start <= end:
        page = fetch(start, end)
        if not page.rows:
            break
        rows.extend(page.rows)
        start += len(page.rows)
    return rows


def _complete(outcomes, asked_ids):
    """Add the ids GLPI left out of a partial answer: it reports only the records it changed
    (recording 26c), and a record it did not report was not changed."""
    reported = set(o["id"] for o in outcomes)
    missing = [dict(id=int(i), ok=False, message="GLPI did not update it (item not found?)")
               for i in asked_ids if i is not None and str(i).isdigit() and int(i) not in reported]
    return outcomes + missing


def _chunked(send, items):
    """The outcomes of ``send`` over ``items`` cut in chunks of WRITE_CHUNK, in order."""
    outcomes = []
    for start in range(0, len(items), WRITE_CHUNK):
        outcomes.extend(send(items[start:start + WRITE_CHUNK]))
    return outcomes


def _is_partial(answer):
    return isinstance(answer, list) and len(answer) == 2 and isinstance(answer[0], str) \
        and answer[0].startswith("ERROR_GLPI_PARTIAL")
