"""Parse the GLPI recordings (curl line, request as sent, response) and compare an emulator
response with the recorded one."""

import http.client
import json
import mimetypes
import os
import re
import shlex
from base64 import b64encode
from urllib.parse import quote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
HTTP_DATE_RE = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")
TOKEN_RE = re.compile(r"^[a-z0-9]{26}$")

# files referenced by -F ...=@file in the recorded curl commands
FIXTURE_FILES = {"apitest.txt": b"hello from the GLPI API test\nline 2\n",
                 "apitest2.txt": b"hello again from the GLPI API test\n",
                 "rec11-pic.png": bytes.fromhex(   # 8x8 pixels (recording 160e of GLPI 11)
                     "89504e470d0a1a0a0000000d49484452000000080000000808020000004b6d29dc"
                     "0000001149444154789c633821278715310c2d090090bf4101b29f3e2200000000"
                     "49454e44ae426082")}


class RecordingSet:
    """A directory of recordings of one GLPI version, made on a server at recorded_base."""

    def __init__(self, version, directory, recorded_base):
        self.version = version
        self.directory = os.path.join(HERE, directory)
        self.recorded_base = recorded_base

    def load(self, name):
        return Recording(name, self)

    def names(self):
        return sorted(f[:-4] for f in os.listdir(self.directory)
                      if f.endswith(".txt") and f != "INDEX.md")


GLPI_10 = RecordingSet("10.0", "recordings", "http://127.0.0.1:8088")
GLPI_11 = RecordingSet("11.0", "recordings-11.0.2", "http://127.0.0.1:8090")


class Recording:
    def __init__(self, name, recording_set=GLPI_10):
        self.name = name
        self.set = recording_set
        path = os.path.join(recording_set.directory, name + ".txt")
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
        self.http_version = status_line.split()[0]
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
        self.html_page = "HTML error page" in marker     # GLPI 11's page, cut by the recorder
        self.binary = "hex dump" in marker
        if self.html_page or self.binary:
            self.truncated = True
            rest = rest.split("\n### ")[0] if not self.binary else _unhex(rest)
        elif "TRIMMED" in marker:
            self.trimmed = re.search(r"jq -c '(.*)' ---", marker).group(1)
        self.tail = ""             # the end of a body shown as "first N and last M bytes"
        if self.truncated:
            rest = rest.split("\n### [truncated]")[0]
            if re.search(r"first \d+ and last \d+ bytes shown", marker):
                rest, _unused, cut = rest.partition("\n### [... ")
                self.tail = cut.split("\n", 1)[1].rstrip("\n")
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
        if data is not None and not any(k.lower() == "content-type"
                                        for k, _unused in self.req_headers):
            self.req_headers.append(("Content-Type", "application/x-www-form-urlencoded"))

    def multipart(self):
        boundary = "------------------------1b0476fd7f8cc620"
        chunks = []
        for name, value, filename, ctype in self.form:
            chunks.append(("--" + boundary + "\r\n").encode())
            if filename:
                chunks.append(('Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
                               % (name, filename)).encode())
                ctype = ctype or mimetypes.guess_type(filename)[0] or "text/plain"  # as curl
                chunks.append(("Content-Type: %s\r\n\r\n" % ctype).encode())
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


def _unhex(dump):
    """The bytes of an `xxd`-like dump ("00000000: 89 50 4e 47 ...  .PNG")."""
    out = bytearray()
    for line in dump.split("\n"):
        match = re.match(r"^[0-9a-f]{8}: ((?:[0-9a-f]{2} ?)+)", line)
        if match:
            out += bytes.fromhex(match.group(1).replace(" ", ""))
    return out.decode("latin-1")


class Reply:
    def __init__(self, status, headers, body, version=11):
        self.status = status
        self.http_version = "HTTP/1.0" if version == 10 else "HTTP/1.1"
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
        return Reply(resp.status, resp.getheaders(), data, resp.version)
    finally:
        conn.close()


# ---------------------------------------------------------------------------- comparison


class Urls:
    """Maps the recorded server's URLs to the emulator's before comparing."""

    def __init__(self, recorded_base, base_url):
        self.recorded_base = recorded_base
        self.base_url = base_url

    def normalize(self, text):
        text = text.replace(self.recorded_base, self.base_url)
        return DATE_RE.sub("<DATE>", text)


def normalize_text(text, urls):
    return urls.normalize(text)


# Seconds between two steps of a recording script (creation to solution...): like dates, they
# depend on how fast the replay runs, so they are only type-checked.
DELAY_STATS = tuple(prefix + stat for prefix in ("", "*.") for stat in (
    "close_delay_stat", "solve_delay_stat", "takeintoaccount_delay_stat"))


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


def compare_json(expected, actual, urls, ignore=(), path=()):
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
                compare_json(e, a, urls, ignore, path + ("*",))
            return
        assert list(expected.keys()) == list(actual.keys()), \
            "%s: keys differ\n expected %s\n actual   %s" % (
                where, list(expected.keys()), list(actual.keys()))
        for key in expected:
            compare_json(expected[key], actual[key], urls, ignore, path + (key,))
        return
    if isinstance(expected, list):
        assert isinstance(actual, list), "%s: array expected, got %r" % (where, actual)
        assert len(expected) == len(actual), "%s: %d elements expected, got %d" % (
            where, len(expected), len(actual))
        for index, (e, a) in enumerate(zip(expected, actual)):
            compare_json(e, a, urls, ignore, path + (index,))
        return
    assert _type_name(expected) == _type_name(actual), \
        "%s: type %s expected, got %s (%r vs %r)" % (where, _type_name(expected),
                                                     _type_name(actual), expected, actual)
    if isinstance(expected, str):
        assert normalize_text(expected, urls) == normalize_text(actual, urls), \
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


def compare_prefix(expected_prefix, actual_text, urls):
    exp = normalize_text(expected_prefix, urls)
    exp = re.sub(r"\d{4}-[\d\- :]*$", "", exp)   # a date cut by the truncation
    act = normalize_text(actual_text, urls)
    if not act.startswith(exp):
        at = next(i for i, (a, b) in enumerate(zip(exp, act + "\0" * len(exp))) if a != b)
        raise AssertionError("body prefix differs at %d:\n expected ...%s\n actual   ...%s"
                             % (at, exp[max(0, at - 200):at + 200],
                                act[max(0, at - 200):at + 200]))


# headers whose presence, absence and value are checked against the recording
CHECKED_HEADERS = ("Content-Range", "Accept-Range", "location", "link", "Content-Type",
                   "Content-disposition", "Etag", "Access-Control-Expose-Headers",
                   "Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Pragma",
                   "Cache-Control", "Expires")
PRESENCE_ONLY = ("Last-Modified",)


def compare_headers(rec, reply, urls):
    assert reply.http_version == rec.http_version, "status line %s expected, got %s" % (
        rec.http_version, reply.http_version)
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
            assert normalize_text(actual, urls) == normalize_text(expected, urls), \
                "header %s: %r expected, got %r" % (name, expected, actual)
    for name in PRESENCE_ONLY:
        expected = rec.header(name)
        actual = reply.header(name)
        if expected is None:
            assert actual is None, "header %s should be absent, got %r" % (name, actual)
        else:
            assert actual is not None and HTTP_DATE_RE.match(actual), \
                "header %s: HTTP date expected, got %r" % (name, actual)


# ---------------------------------------------------------------------------- replay


class Case:
    """One recording to replay, and the emulator state its recording script had built."""

    def __init__(self, name, setup=None, user="glpi", ignore=(), config=None, body="json",
                 prefix=None, check=None, headers=None):
        self.name = name
        self.setup = setup                # function(ctx) building the state (None: fresh GLPI)
        self.user = user                  # whose fresh session replaces the recorded token
        self.ignore = tuple(ignore)       # JSON paths only type-checked
        self.config = config or {}        # emulated GLPI configuration for this exchange
        self.body = body                  # "json" | "html" | "raw"
        self.prefix = prefix              # compare only the first N characters of the body
        self.check = check                # extra assertions on the emulator state
        self.headers = headers            # replaces request headers ({name: value})

    def __repr__(self):
        return self.name


class Skip:
    """A recording that is not replayed, and why (listed in the test files)."""

    def __init__(self, name, reason):
        self.name = name
        self.reason = reason


def _build_request(rec, ctx, case):
    headers = list(rec.req_headers)
    target = rec.target
    old = rec.recorded_session_token()
    if old and case.user:
        new = ctx.token(case.user)
        headers = [(k, new if k.lower() == "session-token" else v) for k, v in headers]
        target = target.replace("session_token=" + old, "session_token=" + new)
    if case.headers:
        names = {k.lower() for k in case.headers}
        headers = [(k, v) for k, v in headers if k.lower() not in names]
        headers += list(case.headers.items())
    body = rec.req_body
    if rec.form:
        body, ctype = rec.multipart()
        headers.append(("Content-Type", ctype))
    return rec.method, target, headers, body


def _compare_body(rec, reply, case, urls):
    if rec.html_page:                  # GLPI's HTML error page: the same kind of page
        assert reply.text.lstrip().lower().startswith("<!doctype html>"), reply.text[:200]
        assert "An unexpected error occurred" in reply.text
    elif rec.binary:
        assert reply.body == rec.body.encode("latin-1"), "binary body differs"
    elif case.body == "html":
        assert reply.text.lstrip().lower().startswith("<!doctype html>")
    elif case.body == "raw" or rec.body == "":
        if rec.truncated or case.prefix:
            compare_prefix(rec.body[:case.prefix] if case.prefix else rec.body, reply.text, urls)
        else:
            assert reply.body == rec.body.encode("utf-8"), "body %r expected, got %r" % (
                rec.body[:300], reply.text[:300])
    elif rec.trimmed:
        compare_json(json.loads(rec.body), apply_trim(rec.trimmed, reply.json()), urls,
                     case.ignore)
    elif rec.truncated or case.prefix:
        compare_prefix(rec.body[:case.prefix] if case.prefix else rec.body, reply.text, urls)
        if rec.tail and not case.prefix:
            assert urls.normalize(reply.text).endswith(urls.normalize(rec.tail)), \
                "body end differs:\n expected ...%s\n actual   ...%s" % (
                    rec.tail[-300:], reply.text[-300:])
    else:
        assert rec.json is not None, "recorded body is not JSON: %r" % rec.body[:200]
        actual = reply.json()
        compare_json(rec.json, actual, urls, case.ignore)
        if isinstance(rec.json, dict) and "session_token" in rec.json:
            assert TOKEN_RE.match(actual["session_token"]), actual["session_token"]


def replay(case, recording_set, emulator, make_ctx):
    """Build the case's state, send the recorded request, compare with the recorded answer."""
    rec = recording_set.load(case.name)
    # the curl command and the request as sent agree on method and target
    assert rec.sent_line.split(" ")[0] == rec.method
    assert rec.sent_line.split(" ")[1] == rec.target

    ctx = make_ctx(emulator)
    if case.setup:
        case.setup(ctx)
    if case.config:
        ctx.token()  # sessions needed by the case are opened with the normal configuration
        emulator.store.config.update(case.config)

    method, target, headers, body = _build_request(rec, ctx, case)
    reply = send(emulator, method, target, headers, body)
    urls = Urls(recording_set.recorded_base, emulator.base_url)

    assert reply.status == rec.status, "status %d expected, got %d: %s" % (
        rec.status, reply.status, reply.text[:500])
    compare_headers(rec, reply, urls)
    _compare_body(rec, reply, case, urls)
    if case.check:
        case.check(ctx, reply)
