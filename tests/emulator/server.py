"""HTTP side of the emulator: a threaded HTTP/1.1 server (keep-alive), URL routing for
/apirest.php and /api, the request log, fault injection and the /_emulator control API."""

import json
import re
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from .api import GlpiApi, Request, Response
from .sessions import SessionRegistry
from .store import Store
from .util import json_dumps, php_parse_str
from .versions import get_version

FAULT_KINDS = ("status", "delay", "drop", "drop_mid_body", "html", "empty", "expire_session")

# Resources whose POST/PUT/PATCH/DELETE do not change data (excluded from write_requests()).
NON_WRITE_RESOURCES = {
    "initSession", "killSession", "changeActiveEntities", "changeActiveProfile", "lostPassword",
    "search", "getMyEntities", "getMyProfiles", "getActiveProfile", "getActiveEntities",
    "getFullSession", "getGlpiConfig", "getMultipleItems", "listSearchOptions",
    "getMassiveActions", "getMassiveActionParameters", "",
}

ROOT_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<title>GLPI - Authentication</title></head><body><div id=\"page\">"
             "<h1>GLPI</h1><p>GLPI {version} (API emulator)</p>"
             "<p><a href=\"apirest.php/\">API</a></p></div></body></html>\n")

HTML_ERROR = ("<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
              "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
              "</body>\r\n</html>\r\n")

REASONS = {200: "OK", 201: "Created", 204: "No Content", 206: "Partial Content",
           207: "Multi-Status", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 422: "Unprocessable Entity",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}


class RecordedRequest:
    """One API request as received (the control API is never recorded)."""

    def __init__(self, method, path, query, headers, body, raw_path):
        self.method = method
        self.path = path            # after /apirest.php or /api, percent-decoded
        self.query = query          # raw query string
        self.headers = headers      # dict, original header names
        self.body = body            # bytes
        self.raw_path = raw_path    # the full request path as sent
        self.status = None
        self.fault = None
        self.time = time.time()
        resource = path.strip("/").split("/", 1)[0]
        if method in ("POST", "PUT", "PATCH", "DELETE") and resource not in NON_WRITE_RESOURCES:
            self.kind = "massive_action" if resource == "applyMassiveAction" else "write"
        else:
            self.kind = "read"

    @property
    def is_write(self):
        return self.kind != "read"

    def to_dict(self):
        return {"method": self.method, "path": self.path, "query": self.query,
                "headers": dict(self.headers), "body": self.body.decode("utf-8", "replace"),
                "status": self.status, "fault": self.fault, "kind": self.kind}

    def __repr__(self):
        return "<RecordedRequest %s %s%s -> %s>" % (
            self.method, self.path, "?" + self.query if self.query else "", self.status)


class Fault:
    def __init__(self, kind, times=1, method=None, path=None, **params):
        if kind not in FAULT_KINDS:
            raise ValueError("unknown fault kind %r (expected one of %s)"
                             % (kind, ", ".join(FAULT_KINDS)))
        self.kind = kind
        self.times = times          # None or a negative number: unlimited
        self.method = method.upper() if method else None
        self.path = re.compile(path) if path else None
        self.params = params

    def matches(self, method, path):
        if self.method and self.method != method:
            return False
        if self.path and not self.path.search(path):
            return False
        return True

    def consume(self):
        if self.times is None or self.times < 0:
            return True
        if self.times == 0:
            return False
        self.times -= 1
        return True


# What a client that goes away mid-exchange raises in the server's threads: normal, not printed.
HANGUPS = (ConnectionError, socket.timeout, ssl.SSLError)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], HANGUPS):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Apache/2.4.57 (Debian)"
    sys_version = ""
    emulator = None  # set on the subclass created per emulator
    # TCP_NODELAY, as Apache and nginx set it: headers and body go out in two writes, and with
    # Nagle's algorithm on, Linux's delayed ACK would hold every keep-alive answer ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # silence the default stderr logging
        pass

    def version_string(self):
        return self.server_version

    # every verb goes through the same dispatcher
    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def do_HEAD(self):
        self._dispatch(head=True)

    # ---- request reading -----------------------------------------------------------------
    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                line = self.rfile.readline()
                size = int(line.strip().split(b";")[0] or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    # ---- response writing ----------------------------------------------------------------
    def _send(self, resp, head=False, truncate=False):
        try:
            self._write(resp, head, truncate)
        except HANGUPS:
            self.close_connection = True     # the client hung up: nothing more to say

    def _write(self, resp, head, truncate):
        if resp.http10:                      # PHP's streamed answers (GLPI 11)
            self.close_connection = True
            self.protocol_version = "HTTP/1.0"
        self.send_response(resp.status, REASONS.get(resp.status))
        self.send_header("X-Powered-By", "PHP/8.2.36")
        for key, value in resp.headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(resp.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        if truncate:
            self.wfile.write(resp.body[:len(resp.body) // 2])
            self.wfile.flush()
            self._abort()
            return
        self.wfile.write(resp.body)

    def _abort(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---- dispatch ------------------------------------------------------------------------
    def _dispatch(self, head=False):
        emu = self.emulator
        method = self.command.upper()
        body = self._read_body()
        raw_path, _unused, query = self.path.partition("?")
        if raw_path.startswith("/_emulator/") or raw_path == "/_emulator":
            try:
                resp = emu._control(method, raw_path, query, body)
            except Exception as exc:  # report instead of dropping the connection
                resp = Response(500, [("Content-Type", "application/json; charset=UTF-8")],
                                json_dumps({"error": "%s: %s" % (type(exc).__name__, exc)}))
            self._send(resp)
            return
        api_path = None
        for prefix in emu.glpi.api_paths:
            if raw_path == prefix or raw_path.startswith(prefix + "/"):
                api_path = unquote(raw_path[len(prefix):]) or "/"
                break
        if api_path is None:
            if raw_path in ("/", "/index.php"):
                resp = Response(200, [("Content-Type", "text/html; charset=UTF-8")],
                                ROOT_PAGE.format(version=emu.glpi.full))
            else:
                resp = Response(404, [("Content-Type", "text/html; charset=UTF-8")],
                                HTML_ERROR.format(code=404, reason="Not Found"))
            self._send(resp, head)
            return

        headers = dict(self.headers.items())
        record = RecordedRequest(method, api_path, query, headers, body, raw_path)
        emu._record(record)
        fault = emu._take_fault(method, api_path)
        if fault is not None:
            record.fault = fault.kind
            if fault.kind == "drop":
                record.status = 0
                self._abort()
                return
            if fault.kind == "delay" and fault.params.get("when", "before") == "before":
                time.sleep(float(fault.params.get("seconds", 1)))
            elif fault.kind == "status":
                status = int(fault.params.get("status", 500))
                reason = REASONS.get(status, "Error")
                if fault.params.get("body", "json") == "html":
                    resp = Response(status, [("Content-Type", "text/html; charset=UTF-8")],
                                    HTML_ERROR.format(code=status, reason=reason))
                else:
                    resp = Response(status, [("Content-Type", "application/json; charset=UTF-8")],
                                    json_dumps(["ERROR", "%d %s" % (status, reason)]))
                record.status = status
                self._send(resp, head)
                return
            elif fault.kind == "html":
                resp = Response(200, [("Content-Type", "text/html; charset=UTF-8")],
                                ROOT_PAGE.format(version=emu.glpi.full))
                record.status = 200
                self._send(resp, head)
                return
            elif fault.kind == "empty":
                record.status = 200
                self._send(Response(200, [("Content-Type", "application/json; charset=UTF-8")],
                                    b""), head)
                return
            elif fault.kind == "expire_session":
                token = headers.get("Session-Token") or headers.get("session-token")
                if token is None:
                    for k, v in headers.items():
                        if k.lower() == "session-token":
                            token = v
                if token is None:
                    token = php_parse_str(query).get("session_token")
                if token:
                    emu.sessions.kill(str(token).strip())

        client_ip = self.client_address[0] if self.client_address else "127.0.0.1"
        req = Request(method if method != "HEAD" else "GET", api_path, query, headers, body,
                      client_ip)
        with emu._api_lock:
            try:
                resp = emu.api.handle(req)
            except Exception as exc:  # a PHP fatal error would give a 500 as well
                resp = Response(500, [("Content-Type", "application/json; charset=UTF-8")],
                                json_dumps(["ERROR", "Internal error in the emulator: %s: %s"
                                            % (type(exc).__name__, exc)]))
        record.status = resp.status
        if fault is not None and fault.kind == "delay" and fault.params.get("when") == "after":
            time.sleep(float(fault.params.get("seconds", 1)))  # applied, but the answer is slow
        self._send(resp, head, truncate=fault is not None and fault.kind == "drop_mid_body")


class GlpiEmulator:
    """An in-process GLPI REST API emulator (GLPI 10.0 by default, or 11.0).

    emu = GlpiEmulator().start(); emu.api_url -> "http://127.0.0.1:PORT/apirest.php"
    GlpiEmulator(version="11.0"); without version, $GLPI_EMULATOR_VERSION (default 10.0).
    """

    def __init__(self, require_app_token=False, tls=None, host="127.0.0.1", port=0,
                 version=None):
        self.glpi = get_version(version)
        self.store = Store(self.glpi)
        self.store.config["require_app_token"] = bool(require_app_token)
        self.sessions = SessionRegistry()
        self.api = GlpiApi(self)
        self.requests = []
        self._faults = []
        self._lock = threading.Lock()          # request log and faults
        self._tls = tls
        self._host = host
        self._port = port
        self._server = None
        self._thread = None

    @property
    def _api_lock(self):
        """API calls and direct store use (emu.store.add...) are serialised on the store lock."""
        return self.store.lock

    # ---- lifecycle ---------------------------------------------------------------------
    def start(self):
        if self._server is not None:
            return self
        handler = type("GlpiHandler", (_Handler,), {"emulator": self})
        server = _Server((self._host, self._port), handler)
        if self._tls:
            certfile, keyfile = self._tls
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(certfile, keyfile)
            server.socket = ctx.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="glpi-emulator",
                                        kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def port(self):
        return self._server.server_address[1] if self._server else None

    @property
    def base_url(self):
        scheme = "https" if self._tls else "http"
        return "%s://%s:%s" % (scheme, self._host, self.port)

    @property
    def api_url(self):
        return self.base_url + "/apirest.php"

    # ---- data --------------------------------------------------------------------------
    def load_sample_data(self):
        from .sample_data import load_sample_data
        with self._api_lock:
            load_sample_data(self.store)
        return self

    def add_bulk_assets(self, computers=0, network_equipment=0, with_network=False):
        from .sample_data import add_bulk_assets
        with self._api_lock:
            add_bulk_assets(self.store, computers=computers,
                            network_equipment=network_equipment, with_network=with_network)
        return self

    def reset(self):
        """Back to an empty GLPI (root entity, default users/profiles); sessions killed."""
        with self._api_lock:
            self.store.__init__(self.glpi)
            self.sessions.clear()
        self.clear_requests()
        self.clear_faults()

    # ---- request log -------------------------------------------------------------------
    def _record(self, record):
        with self._lock:
            self.requests.append(record)

    def write_requests(self):
        with self._lock:
            return [r for r in self.requests if r.is_write]

    def clear_requests(self):
        with self._lock:
            del self.requests[:]

    def open_sessions(self):
        return self.sessions.count()

    # ---- faults ------------------------------------------------------------------------
    def add_fault(self, kind, times=1, method=None, path=None, **params):
        fault = Fault(kind, times, method, path, **params)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self):
        with self._lock:
            del self._faults[:]

    def _take_fault(self, method, path):
        with self._lock:
            for fault in list(self._faults):
                if fault.matches(method, path):
                    if fault.consume():
                        if fault.times == 0:
                            self._faults.remove(fault)
                        return fault
                    self._faults.remove(fault)
        return None

    # ---- control API -------------------------------------------------------------------
    def _control(self, method, path, query, body):
        def ok(data, status=200):
            return Response(status, [("Content-Type", "application/json; charset=UTF-8")],
                            json_dumps(data))
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except ValueError:
            return ok({"error": "invalid JSON"}, 400)
        name = path[len("/_emulator/"):].strip("/")
        if method == "GET" and name == "requests":
            with self._lock:
                return ok([r.to_dict() for r in self.requests])
        if method == "GET" and name == "writes":
            return ok([r.to_dict() for r in self.write_requests()])
        if method == "POST" and name == "clear-requests":
            self.clear_requests()
            return ok({"ok": True})
        if method == "POST" and name == "faults":
            if not isinstance(payload, dict) or "kind" not in payload:
                return ok({"error": "a JSON object with 'kind' is required"}, 400)
            try:
                self.add_fault(**payload)
            except (TypeError, ValueError, re.error) as exc:
                return ok({"error": str(exc)}, 400)
            return ok({"ok": True})
        if method == "POST" and name == "clear-faults":
            self.clear_faults()
            return ok({"ok": True})
        if method == "GET" and name == "sessions":
            return ok({"open": self.open_sessions()})
        if method == "POST" and name == "sample-data":
            self.load_sample_data()
            return ok({"ok": True})
        if method == "POST" and name == "bulk":
            self.add_bulk_assets(computers=int(payload.get("computers", 0)),
                                 network_equipment=int(payload.get("network_equipment", 0)),
                                 with_network=bool(payload.get("with_network", False)))
            return ok({"ok": True})
        if name == "config":
            if method == "POST" and isinstance(payload, dict):
                unknown = [k for k in payload if k not in self.store.config]
                if unknown:
                    return ok({"error": "unknown config keys: %s" % ", ".join(unknown)}, 400)
                self.store.config.update(payload)
            return ok(self.store.config)
        if method == "POST" and name == "reset":
            self.reset()
            return ok({"ok": True})
        return ok({"error": "unknown control endpoint %s %s" % (method, path)}, 404)
