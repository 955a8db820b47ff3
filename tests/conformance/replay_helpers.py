"""Parse the GLPI recordings (curl line, request as sent, response) and compare an emulator
response with the recorded one."""

import http.client
import json
import os
import re
import shlex
from base64 import b64encode
from urllib.parse import quote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDINGS = os.path.join(HERE, "recordings")
RECORDED_BASE = "http://127.0.0.1:8088"
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
HTTP_DATE_RE = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")
TOKEN_RE = re.compile(r"^[a-z0-9]{26}$")

# files referenced by -F ...=@file in the recorded curl commands
FIXTURE_FILES = {"apitest.txt": b"hello from the GLPI API test\nline 2\n"}


class Recording:
    def __init__(self, name):
        self.name = name
        path = os.path.join(RECORDINGS, name + ".txt")
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
        self.curl_line = next(line for line in text.split("\n") if line.startswith("### curl "))
        self._parse_curl(self.curl_line[len("### curl "):])
        request_part = text.split("### --- request (as sent) ---\n", 1)[1].split(
            "### --- response status + headers ---", 1)[0]
        self.sent_line = request_part.split("\n", 1)[0]
        self.sent_headers = []
        for line in request_part.split("\n")[1:]:
            if not line.strip():
                break
            key, _unused, value = line.partition(":")
            self.sent_headers.append((key.strip(), value.strip()))
        head, _unused, body_part = text.partition("### --- response body")
        head = head.split("### --- response status + headers ---\n", 1)[1]
        lines = [ln for ln in head.split("\n") if ln.strip() and not ln.strip().startswith("###")]
        status_line = lines[0]
        self.status = int(status_line.split()[1])
        self.headers = []
        for line in lines[1:]:
            key, _unused, value = line.partition(":")
            self.headers.append((key.strip(), value.strip()))
        marker, _unused, rest = body_part.partition("\n")
        m = re.search(r"\((\d+) bytes\)", marker)
        self.body_size = int(m.group(1)) if m else None
        self.truncated = "shown" in marker or "[truncated]" in rest
        self.trimmed = None
        if "TRIMMED" in marker:
            self.trimmed = re.search(r"jq -c '(.*)' ---", marker).group(1)
        if self.truncated:
            rest = rest.split("\n### [truncated]")[0]
            if rest.endswith("\n"):
                rest = rest[:-1]
            self.body = rest
        elif self.trimmed:
            self.body = rest.strip()
        else:
            data = rest.encode("utf-8")
            self.body = data[:self.body_size].decode("utf-8") if self.body_size is not None \
                else rest
        self.json = None
        if not self.truncated:
            try:
                self.json = json.loads(self.body)
            except ValueError:
                self.json = None

    # ---- curl command line --------------------------------------------------------------
    def _parse_curl(self, line):
        args = shlex.split(line)
        self.method = None
        self.req_headers = []
        self.form = []          # -F parts: (name, value, filename, content_type)
        data = None
        url = None
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "-X":
                self.method = args[i + 1]
                i += 2
                continue
            if arg == "-H":
                key, _unused, value = args[i + 1].partition(":")
                self.req_headers.append((key.strip(), value.strip()))
                i += 2
                continue
            if arg == "-u":
                self.req_headers.append(("Authorization", "Basic " + b64encode(
                    args[i + 1].encode()).decode()))
                i += 2
                continue
            if arg in ("-d", "--data", "--data-raw"):
                data = args[i + 1]
                i += 2
                continue
            if arg == "--data-urlencode":
                name, _unused, content = args[i + 1].partition("=")
                data = name + "=" + quote(content, safe="")
                i += 2
                continue
            if arg == "-F":
                spec = args[i + 1]
                name, _unused, value = spec.partition("=")
                ctype = None
                if ";type=" in value:
                    value, _unused, ctype = value.rpartition(";type=")
                filename = None
                if value.startswith("@"):
                    filename = value[1:]
                    value = FIXTURE_FILES[filename]
                self.form.append((name, value, filename, ctype))
                i += 2
                continue
            if arg.startswith("http://") or arg.startswith("https://"):
                url = arg
            i += 1
        self.url = url
        parts = urlsplit(url)
        self.target = parts.path + ("?" + parts.query if parts.query else "")
        if self.method is None:
            self.method = "POST" if (data is not None or self.form) else "GET"
        self.req_body = data.encode("utf-8") if data is not None else None
        if data is not None and not any(k.lower() == "content-type" for k, _unused in self.req_headers):
            self.req_headers.append(("Content-Type", "application/x-www-form-urlencoded"))

    def multipart(self):
        boundary = "------------------------1b0476fd7f8cc620"
        chunks = []
        for name, value, filename, ctype in self.form:
            chunks.append(("--" + boundary + "\r\n").encode())
            if filename:
                chunks.append(('Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
                               % (name, filename)).encode())
                chunks.append(("Content-Type: %s\r\n\r\n" % (ctype or "text/plain")).encode())
                chunks.append(value)
            else:
                chunks.append(('Content-Disposition: form-data; name="%s"\r\n' % name).encode())
                if ctype:
                    chunks.append(("Content-Type: %s\r\n" % ctype).encode())
                chunks.append(b"\r\n" + value.encode("utf-8"))
            chunks.append(b"\r\n")
        chunks.append(("--" + boundary + "--\r\n").encode())
        return b"".join(chunks), "multipart/form-data; boundary=" + boundary

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def recorded_session_token(self):
        for key, value in self.req_headers:
            if key.lower() == "session-token":
                return value
        m = re.search(r"session_token=([a-z0-9]+)", self.target)
        return m.group(1) if m else None


# ---------------------------------------------------------------------------- HTTP


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.text)


def send(emu, method, target, headers=(), body=None):
    """Raw HTTP request (path sent as is: no dot-segment normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=30)
    try:
        hdrs = dict(headers)
        if body is not None:
            hdrs["Content-Length"] = str(len(body))
        conn.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
        for key, value in hdrs.items():
            conn.putheader(key, value)
        conn.endheaders()
        if body is not None:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, resp.getheaders(), data)
    finally:
        conn.close()


# ---------------------------------------------------------------------------- comparison


def normalize_text(text, base_url):
    text = text.replace(RECORDED_BASE, base_url)
    return DATE_RE.sub("<DATE>", text)


def _path_matches(path, patterns):
    for pattern in patterns:
        if pattern == "$":
            if not path:
                return True
            continue
        parts = pattern.split(".")
        if len(parts) != len(path):
            continue
        if all(p == "*" or p == str(c) for p, c in zip(parts, path)):
            return True
    return False


def _type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def compare_json(expected, actual, base_url, ignore=(), path=()):
    """Recursive comparison: same keys in the same order, same types, same values once URLs and
    dates are normalised. Paths matching `ignore` (dotted, '*' wildcard) are type-checked only.
    Dicts keyed by ids ({"698": {...}}) are compared as ordered lists of values."""
    where = "$" + "".join("[%r]" % p for p in path)
    if _path_matches(path, ignore):
        assert _type_name(expected) == _type_name(actual), \
            "%s: type %s expected, got %s (%r)" % (where, _type_name(expected),
                                                   _type_name(actual), actual)
        return
    if isinstance(expected, dict):
        assert isinstance(actual, dict), "%s: object expected, got %r" % (where, actual)
        if expected and all(k.isdigit() for k in expected) and \
                actual and all(k.isdigit() for k in actual):
            assert len(expected) == len(actual), "%s: %d entries expected, got %d" % (
                where, len(expected), len(actual))
            for e, a in zip(expected.values(), actual.values()):
                compare_json(e, a, base_url, ignore, path + ("*",))
            return
        assert list(expected.keys()) == list(actual.keys()), \
            "%s: keys differ\n expected %s\n actual   %s" % (
                where, list(expected.keys()), list(actual.keys()))
        for key in expected:
            compare_json(expected[key], actual[key], base_url, ignore, path + (key,))
        return
    if isinstance(expected, list):
        assert isinstance(actual, list), "%s: array expected, got %r" % (where, actual)
        assert len(expected) == len(actual), "%s: %d elements expected, got %d" % (
            where, len(expected), len(actual))
        for index, (e, a) in enumerate(zip(expected, actual)):
            compare_json(e, a, base_url, ignore, path + (index,))
        return
    assert _type_name(expected) == _type_name(actual), \
        "%s: type %s expected, got %s (%r vs %r)" % (where, _type_name(expected),
                                                     _type_name(actual), expected, actual)
    if isinstance(expected, str):
        assert normalize_text(expected, base_url) == normalize_text(actual, base_url), \
            "%s: %r expected, got %r" % (where, expected, actual)
    else:
        assert expected == actual, "%s: %r expected, got %r" % (where, expected, actual)


def apply_trim(jq_filter, data):
    """The two jq filters used by the TRIMMED recordings (103, 103b)."""
    m = re.search(r"\[(.*?)\]\|index", jq_filter)
    if m:
        keys = json.loads("[" + m.group(1) + "]")
        return {k: v for k, v in data.items() if k in keys}
    m = re.search(r'test\("([^"]*)"\)', jq_filter)
    if m:
        rx = re.compile(m.group(1))
        return {k: v for k, v in data.items()
                if isinstance(v, dict) and rx.search(v.get("table") or "")}
    raise ValueError("unsupported jq filter %s" % jq_filter)


def compare_prefix(expected_prefix, actual_text, base_url):
    exp = normalize_text(expected_prefix, base_url)
    exp = re.sub(r"\d{4}-[\d\- :]*$", "", exp)   # a date cut by the truncation
    act = normalize_text(actual_text, base_url)
    assert act.startswith(exp), "body prefix differs:\n expected %s\n actual   %s" % (
        exp[:400], act[:len(exp)][:400])


# headers whose presence, absence and value are checked against the recording
CHECKED_HEADERS = ("Content-Range", "Accept-Range", "location", "link", "Content-Type",
                   "Content-disposition", "Etag", "Access-Control-Expose-Headers",
                   "Access-Control-Allow-Origin", "Access-Control-Allow-Methods")
PRESENCE_ONLY = ("Last-Modified",)


def compare_headers(rec, reply, base_url):
    for name in CHECKED_HEADERS:
        expected = rec.header(name)
        actual = reply.header(name)
        if expected is None:
            assert actual is None, "header %s should be absent, got %r" % (name, actual)
            continue
        assert actual is not None, "header %s missing (expected %r)" % (name, expected)
        if name.lower() == "content-type":
            assert actual.replace(" ", "").lower() == expected.replace(" ", "").lower(), \
                "Content-Type %r expected, got %r" % (expected, actual)
        else:
            assert normalize_text(actual, base_url) == normalize_text(expected, base_url), \
                "header %s: %r expected, got %r" % (name, expected, actual)
    for name in PRESENCE_ONLY:
        expected = rec.header(name)
        actual = reply.header(name)
        if expected is None:
            assert actual is None, "header %s should be absent, got %r" % (name, actual)
        else:
            assert actual is not None and HTTP_DATE_RE.match(actual), \
                "header %s: HTTP date expected, got %r" % (name, actual)
