# -*- coding: utf-8 -*-
"""A counting reverse proxy in front of the GLPI the integration tests use.

The test session starts one on 127.0.0.1 in front of the emulator or of a real GLPI
(GLPI_TEST_URL, http or https) and points every connection of the tests at it. It forwards each
request unchanged (method, path, query, headers but Host and the hop-by-hop ones, body) and
streams the answer back as GLPI framed it (Content-Length, chunked, or close-delimited as the
PHP built-in server does), keeping the client's connection alive where the framing allows. It
records each request (method, API path, query, headers, body, status, time, duration), so that
"a second run sends no write", "check mode writes nothing" and "one request per change" can be
checked against a real GLPI as well as against the emulator.

It also tracks the API sessions opened through it (initSession answered 200) and closed
(killSession answered 200, or a 401 ERROR_SESSION_TOKEN_INVALID), so that "every session is
closed" can be checked on a real GLPI, and it injects the network and server faults that sit
between a client and GLPI (an error status, a delay, a dropped connection, an answer cut off,
an HTML page, an empty body, a session GLPI has expired): the same kinds, parameters and
matching as the emulator's fault injection, so fault tests run against a real GLPI too.

    proxy = CountingProxy("https://glpi.example.com/apirest.php", ca_path="ca.pem").start()
    proxy.url  -> "http://127.0.0.1:PORT/apirest.php"
    proxy.requests, proxy.write_requests(), proxy.clear_requests(), proxy.add_fault(...)

Control API (never forwarded nor recorded), for playbooks: GET /_proxy/requests,
GET /_proxy/writes, POST /_proxy/clear-requests, GET /_proxy/sessions.

A proxy with tls=(certificate, key) answers HTTPS itself (tests/integration/test_tls.py).
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
import select
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

# The emulator's faults: the same kinds, parameters and matching (times=None or negative for
# ever; path is a regular expression searched in the API path).
from emulator.server import Fault


# API resources whose POST/PUT/PATCH/DELETE change no data (as tests/emulator counts writes).
NON_WRITE_RESOURCES = {
    "initSession", "killSession", "changeActiveEntities", "changeActiveProfile", "lostPassword",
    "search", "getMyEntities", "getMyProfiles", "getActiveProfile", "getActiveEntities",
    "getFullSession", "getGlpiConfig", "getMultipleItems", "listSearchOptions",
    "getMassiveActions", "getMassiveActionParameters", "",
}

# The API's URL prefixes (GLPI's own, its /api rewrite, GLPI 11's v1 path): the recorded path
# is what follows them, percent-decoded, as in the emulator's log.
API_PREFIXES = ("/apirest.php", "/api.php/v1", "/api")

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
              "te", "trailer", "trailers", "transfer-encoding", "upgrade"}

HTML_ERROR = ("<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
              "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
              "</body>\r\n</html>\r\n")
HTML_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<title>GLPI - Authentication</title></head><body><div id=\"page\">"
             "<h1>GLPI</h1><p>A login page where the API was expected</p></div></body></html>\n")
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}

# Bodies kept for session tracking and failure reports (answers of initSession, of errors).
KEPT_BODY = 65536


def api_path_of(raw_path, prefixes=API_PREFIXES):
    """The API path of a request path: '/apirest.php/Computer/1' -> '/Computer/1'."""
    for prefix in prefixes:
        index = raw_path.find(prefix)
        while index >= 0:
            rest = raw_path[index + len(prefix):]
            if rest == "" or rest.startswith("/"):
                return unquote(rest) or "/"
            index = raw_path.find(prefix, index + 1)
    return unquote(raw_path)


class RecordedRequest(object):
    """One request as the proxy received it; the attributes of the emulator's RecordedRequest."""

    def __init__(self, method, path, query, headers, body, raw_path):
        self.method = method
        self.path = path            # the API path, percent-decoded: '/Computer/3'
        self.query = query          # the raw query string
        self.headers = headers      # dict, the header names as sent
        self.body = body            # bytes
        self.raw_path = raw_path    # the request path as sent
        self.status = None          # GLPI's status (or the injected one); 0 when dropped
        self.fault = None           # the kind of fault injected, if any
        self.time = time.time()
        self.duration = None
        self.response_body = None   # kept for initSession and error answers only
        resource = path.strip("/").split("/", 1)[0]
        if method in ("POST", "PUT", "PATCH", "DELETE") and resource not in NON_WRITE_RESOURCES:
            self.kind = "massive_action" if resource == "applyMassiveAction" else "write"
        else:
            self.kind = "read"

    @property
    def is_write(self):
        return self.kind != "read"

    def header(self, name, default=None):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return default

    def to_dict(self):
        return {"method": self.method, "path": self.path, "query": self.query,
                "headers": dict(self.headers), "body": self.body.decode("utf-8", "replace"),
                "status": self.status, "fault": self.fault, "kind": self.kind, "time": self.time,
                "duration": self.duration}

    def __repr__(self):
        return "<RecordedRequest %s %s%s -> %s>" % (
            self.method, self.path, "?" + self.query if self.query else "", self.status)


class _Dropped(Exception):
    """The connection to the client is to be cut without an answer."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def handle_error(self, request, client_address):  # a client that went away is not an error
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    proxy = None  # set on the subclass made for each proxy

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        self._upstream = None

    def finish(self):
        try:
            BaseHTTPRequestHandler.finish(self)
        finally:
            self._close_upstream()

    def log_message(self, format, *args):
        pass

    def handle_one_request(self):
        if not self.proxy._tls:
            try:
                first = self.connection.recv(1, socket.MSG_PEEK)
            except OSError:
                first = b""
            if first == b"\x16":  # a TLS handshake on the plain HTTP port: answered as Apache does
                self.close_connection = True
                try:
                    self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass
                return
        BaseHTTPRequestHandler.handle_one_request(self)

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    # ------------------------------------------------------------------ client side

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0] or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _abort(self):
        """Cut the client's connection, as a server that died or a network that failed."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _answer(self, status, content_type, body, head=False):
        body = body.encode("utf-8") if not isinstance(body, bytes) else body
        self.send_response(status, REASONS.get(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # ------------------------------------------------------------------ upstream side

    def _close_upstream(self):
        if self._upstream is not None:
            try:
                self._upstream.close()
            except OSError:
                pass
            self._upstream = None

    def _connection(self):
        """The connection to GLPI: this client connection's own, kept alive while GLPI keeps it;
        a connection GLPI closed meanwhile is replaced before anything is sent on it."""
        conn = self._upstream
        if conn is not None and conn.sock is not None:
            try:
                readable = select.select([conn.sock], [], [], 0)[0]
            except (OSError, ValueError):
                readable = True
            if readable:  # closed by GLPI (or unexpected bytes): never reuse it
                self._close_upstream()
        if self._upstream is None:
            self._upstream = self.proxy._new_upstream_connection()
        return self._upstream

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self):
        proxy = self.proxy
        method = self.command.upper()
        head = method == "HEAD"
        body = self._read_body()
        raw_path, _unused, query = self.path.partition("?")
        if raw_path == "/_proxy" or raw_path.startswith("/_proxy/"):
            status, data = proxy._control(method, raw_path, body)
            self._answer(status, "application/json", json.dumps(data))
            return
        headers = dict(self.headers.items())
        record = RecordedRequest(method, api_path_of(raw_path, proxy.api_prefixes), query, headers, body, raw_path)
        started = time.time()
        proxy._record(record)
        try:
            self._forward(record, method, head, body)
        except _Dropped:
            if record.status is None:
                record.status = 0
            self._abort()
        except (OSError, http.client.HTTPException):
            # The client went away (a timeout on its side), or GLPI's connection failed: cut.
            if record.status is None:
                record.status = 0
            self._close_upstream()
            self._abort()
        finally:
            record.duration = time.time() - started

    def _forward(self, record, method, head, body):
        proxy = self.proxy
        fault = proxy._take_fault(method, record.path)
        if fault is not None:
            record.fault = fault.kind
            if fault.kind == "drop":
                raise _Dropped()
            if fault.kind == "delay" and fault.params.get("when", "before") == "before":
                time.sleep(float(fault.params.get("seconds", 1)))
            elif fault.kind == "status":
                status = int(fault.params.get("status", 500))
                record.status = status
                if fault.params.get("body", "json") == "html":
                    self._answer(status, "text/html; charset=UTF-8",
                                 HTML_ERROR.format(code=status, reason=REASONS.get(status, "Error")), head)
                else:
                    self._answer(status, "application/json; charset=UTF-8",
                                 json.dumps(["ERROR", "%d %s" % (status, REASONS.get(status, "Error"))]), head)
                return
            elif fault.kind == "html":
                record.status = 200
                self._answer(200, "text/html; charset=UTF-8", HTML_PAGE, head)
                return
            elif fault.kind == "empty":
                record.status = 200
                self._answer(200, "application/json; charset=UTF-8", b"", head)
                return
            elif fault.kind == "expire_session":
                token = record.header("Session-Token") or _query_value(record.query, "session_token")
                if token:
                    proxy._expire_session(token.strip(), record.header("App-Token"))

        conn = self._connection()
        conn.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", proxy.upstream_host)
        for name, value in self.headers.items():
            lowered = name.lower()
            if lowered in HOP_BY_HOP or lowered in ("host", "content-length"):
                continue
            conn.putheader(name, value)
        if body or "content-length" in (k.lower() for k in self.headers.keys()) or \
                method in ("POST", "PUT", "PATCH"):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        response = conn.getresponse()
        record.status = response.status
        self._relay(record, response, head, fault)

    def _relay(self, record, response, head, fault):
        proxy = self.proxy
        no_body = head or response.status in (204, 304) or 100 <= response.status < 200
        length = response.getheader("Content-Length")
        chunked = response.chunked
        keep = record.path.strip("/") in ("initSession", "killSession") or response.status >= 400
        cut = fault is not None and fault.kind == "drop_mid_body"
        if fault is not None and fault.kind == "delay" and fault.params.get("when") == "after":
            # Applied, but the answer is slow: GLPI's answer is read, then held back.
            time.sleep(float(fault.params.get("seconds", 1)))
        if cut and not no_body:
            # The whole answer, announced with its length, of which half arrives.
            data = response.read()
            self._close_upstream()
            self._status_and_headers(response, [("Content-Length", str(len(data)))])
            self.wfile.write(data[:len(data) // 2])
            raise _Dropped()
        upstream_closes = response.will_close
        extra = []
        if no_body:
            if length is not None:
                extra.append(("Content-Length", length))
        elif chunked:
            extra.append(("Transfer-Encoding", "chunked"))
        elif length is not None:
            extra.append(("Content-Length", length))
        else:  # close-delimited (the PHP built-in server): so it is for the client too
            self.close_connection = True
        kept, held = [], []
        self._status_and_headers(response, extra)
        sent = 0
        complete = True
        if not no_body:
            while True:
                piece = response.read1(65536)
                if not piece:
                    break
                if keep and sum(len(k) for k in kept) < KEPT_BODY:
                    kept.append(piece)
                if keep:
                    held.append(piece)
                else:
                    self._write_piece(piece, chunked)
                sent += len(piece)
            complete = chunked or length is None or sent >= int(length)
        if keep and complete:
            # Recorded before the client has the answer: a test that asks right after sees it.
            record.response_body = b"".join(kept)
            proxy._track_session(record)
        for piece in held:
            self._write_piece(piece, chunked)
        if not no_body:
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
            elif not complete:
                self._close_upstream()
                raise _Dropped()  # GLPI's answer was cut off: so is the client's
        self.wfile.flush()
        response.close()  # read to its end: the connection to GLPI can take the next request
        if upstream_closes:
            self._close_upstream()

    def _write_piece(self, piece, chunked):
        if chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        else:
            self.wfile.write(piece)

    def _status_and_headers(self, response, extra):
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() in HOP_BY_HOP or name.lower() == "content-length":
                continue
            self.send_header(name, value)
        for name, value in extra:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()


def _query_value(query, name):
    values = parse_qs(query).get(name)
    return values[0] if values else None


class CountingProxy(object):
    """See the module's documentation."""

    def __init__(self, upstream_url, tls=None, ca_path=None, validate_certs=True, timeout=600,
                 host="127.0.0.1", port=0, api_prefixes=API_PREFIXES):
        parts = urlsplit(upstream_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the upstream must be an http:// or https:// URL, got %r" % upstream_url)
        self.upstream_url = upstream_url
        self.upstream_scheme = parts.scheme
        self.upstream_hostname = parts.hostname
        self.upstream_port = parts.port or (443 if parts.scheme == "https" else 80)
        self.upstream_host = parts.netloc.rsplit("@", 1)[-1]
        self.upstream_path = parts.path
        self.api_prefixes = tuple(api_prefixes)
        self.timeout = timeout
        self.requests = []
        self._faults = []
        self._open_sessions = set()
        self._lock = threading.Lock()
        self._tls = tls
        self._host = host
        self._port = port
        self._server = None
        self._thread = None
        self._upstream_context = None
        if parts.scheme == "https":
            context = ssl.create_default_context(cafile=ca_path) if ca_path else ssl.create_default_context()
            if not validate_certs:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            self._upstream_context = context

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        if self._server is not None:
            return self
        handler = type("ProxyHandler", (_Handler,), {"proxy": self})
        server = _Server((self._host, self._port), handler)
        if self._tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self._tls)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="glpi-counting-proxy",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
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
        return "%s://%s:%s" % ("https" if self._tls else "http", self._host, self.port)

    @property
    def url(self):
        """The upstream URL with the proxy in place of GLPI's scheme, host and port."""
        return self.base_url + self.upstream_path

    def _new_upstream_connection(self):
        if self.upstream_scheme == "https":
            return http.client.HTTPSConnection(self.upstream_hostname, self.upstream_port, timeout=self.timeout,
                                               context=self._upstream_context)
        return http.client.HTTPConnection(self.upstream_hostname, self.upstream_port, timeout=self.timeout)

    # ------------------------------------------------------------------ request log

    def _record(self, record):
        with self._lock:
            self.requests.append(record)

    def all_requests(self):
        with self._lock:
            return list(self.requests)

    def write_requests(self):
        with self._lock:
            return [r for r in self.requests if r.is_write]

    def clear_requests(self):
        with self._lock:
            del self.requests[:]

    # ------------------------------------------------------------------ sessions

    def _track_session(self, record):
        resource = record.path.strip("/")
        token = record.header("Session-Token") or _query_value(record.query, "session_token")
        with self._lock:
            if resource == "initSession" and record.status == 200:
                try:
                    opened = json.loads(record.response_body.decode("utf-8"))["session_token"]
                except (ValueError, KeyError, TypeError, AttributeError):
                    return
                self._open_sessions.add(opened)
            elif resource == "killSession" and record.status == 200 and token:
                self._open_sessions.discard(token.strip())
            elif record.status == 401 and token and b"ERROR_SESSION_TOKEN_INVALID" in (record.response_body or b""):
                self._open_sessions.discard(token.strip())

    def open_sessions(self):
        """The tokens of the sessions opened through this proxy and not closed yet."""
        with self._lock:
            return set(self._open_sessions)

    def _expire_session(self, token, app_token=None):
        """What GLPI does to a session that times out: it is gone (killed behind the client's back)."""
        connection = self._new_upstream_connection()
        headers = {"Host": self.upstream_host, "Session-Token": token}
        if app_token:
            headers["App-Token"] = app_token
        try:
            path = self.upstream_path.rstrip("/") + "/killSession"
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
        finally:
            connection.close()
        with self._lock:
            self._open_sessions.discard(token)

    # ------------------------------------------------------------------ faults

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

    # ------------------------------------------------------------------ control API

    def _control(self, method, path, body):
        name = path[len("/_proxy/"):].strip("/")
        if method == "GET" and name == "requests":
            return 200, [r.to_dict() for r in self.all_requests()]
        if method == "GET" and name == "writes":
            return 200, [r.to_dict() for r in self.write_requests()]
        if method == "POST" and name == "clear-requests":
            self.clear_requests()
            return 200, {"ok": True}
        if method == "GET" and name == "sessions":
            return 200, {"open": len(self.open_sessions())}
        return 404, {"error": "unknown control endpoint %s %s" % (method, path)}
