"""Record exchanges with a real GLPI server, one file per exchange, in the format of recordings/.

Usage: python3 record.py --url http://127.0.0.1:8810/apirest.php --out DIR [--log FILE] script.json
script.json: {"session": {"user_token": "..."} (or {"basic": "glpi:glpi"}; opened unrecorded),
  "steps": [{"name": "180_post_group", "method": "POST", "path": "/Group", "body": {"input": {...}},
  "save": {"grp": "id"}, "expect": 201, "record": true, "session": true, "headers": {}, "basic": null}]}
"{{var}}" in a path or body is replaced by a value saved before ("save": var -> dotted path in the
JSON answer, e.g. "id" or "0.id"); a string that is only "{{var}}" takes the value's type (int).
Each exchange runs `curl -sS -v -g -o body ARGS`; the file holds `### NAME`, `### curl ARGS` (quoted
like bash printf %q), curl -v's `> ` and `< ` lines, and `### --- response body (N bytes) ---` + body.
Python API: rec = Recorder(url, out_dir); rec.open_session(user_token=...); rec.call(name, method, path, body).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

_ALWAYS = set(" \t\n'\"\\|&;()<>!{}*[?]^$`,")


def shell_quote(arg):
    """The string as bash's `printf %q` writes it (printable text only)."""
    if arg == "":
        return "''"
    if any(ord(c) < 32 or ord(c) == 127 for c in arg):
        raise ValueError("non-printable character in %r (printf %%q would use $'...')" % arg)
    out = []
    for i, c in enumerate(arg):
        if c in _ALWAYS:
            out.append("\\" + c)
        elif c == "~" and (i == 0 or arg[i - 1] in "=:"):
            out.append("\\~")
        elif c == "#" and i == 0:
            out.append("\\#")
        else:
            out.append(c)
    return "".join(out)


class Result:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        try:
            self.json = json.loads(body.decode("utf-8"))
        except ValueError:
            self.json = None

    def get(self, path):
        value = self.json
        for key in str(path).split("."):
            value = value[int(key)] if isinstance(value, list) else value[key]
        return value


class Recorder:
    def __init__(self, url, out_dir, curl="curl", log=None):
        self.url = url.rstrip("/")
        self.out_dir = out_dir
        self.curl = curl
        self.session_token = None
        self.vars = {}
        self.log = log          # a file object: one JSON line per exchange (recorded or not)
        os.makedirs(out_dir, exist_ok=True)

    def open_session(self, user_token=None, basic=None, name=None):
        headers = {"Authorization": "user_token " + user_token} if user_token else {}
        res = self.call(name, "GET", "/initSession", headers=headers, basic=basic, session=False,
                        content_type=False)
        self.session_token = res.get("session_token")
        return res

    def curl_args(self, method, path, body=None, headers=None, basic=None, session=True,
                  content_type=True):
        args = []
        if basic:
            args += ["-u", basic]
        if session and self.session_token:
            args += ["-H", "Session-Token: " + self.session_token]
        for key, value in (headers or {}).items():
            args += ["-H", "%s: %s" % (key, value)]
        if content_type:
            args += ["-H", "Content-Type: application/json"]
        if method != "GET":
            args += ["-X", method]
        if body is not None:
            data = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"),
                                                                 ensure_ascii=False)
            args += ["-d", data]
        args.append(self.url + path)
        return args

    def call(self, name, method, path, body=None, headers=None, basic=None, session=True,
             content_type=True):
        """Run one exchange; write NAME.txt in out_dir unless name is None."""
        args = self.curl_args(method, path, body, headers, basic, session, content_type)
        with tempfile.NamedTemporaryFile(delete=False) as tmp:
            body_file = tmp.name
        try:
            proc = subprocess.run([self.curl, "-sS", "-v", "-g", "-o", body_file] + args,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
            with open(body_file, "rb") as fh:
                resp_body = fh.read()
        finally:
            os.unlink(body_file)
        if proc.returncode != 0:
            raise RuntimeError("curl failed (%d): %s" % (proc.returncode, proc.stderr.decode()[-500:]))
        sent, received = [], []
        for line in proc.stderr.decode("utf-8", "replace").split("\n"):
            line = line.rstrip("\r")
            if line.startswith("> ") or line == ">":
                sent.append(line[2:])
            elif line.startswith("< ") or line == "<":
                received.append(line[2:])
        status = int(received[0].split()[1])
        headers_in = [tuple(s.strip() for s in ln.split(":", 1)) for ln in received[1:] if ":" in ln]
        if name:
            text = ("### %s\n### curl %s\n### --- request (as sent) ---\n%s\n"
                    "### --- response status + headers ---\n%s\n### --- response body (%d bytes) ---\n"
                    % (name, " ".join(shell_quote(a) for a in args), "\n".join(sent),
                       "\n".join(received), len(resp_body)))
            with open(os.path.join(self.out_dir, name + ".txt"), "wb") as fh:
                fh.write(text.encode("utf-8") + resp_body + b"\n")
        result = Result(status, headers_in, resp_body)
        if self.log:
            self.log.write(json.dumps({"name": name, "method": method, "path": path, "body": body,
                                       "status": status, "response": resp_body.decode("utf-8", "replace")},
                                      ensure_ascii=False) + "\n")
            self.log.flush()
        return result

    # ---- scripts ------------------------------------------------------------------------
    def substitute(self, value):
        if isinstance(value, str):
            m = re.fullmatch(r"\{\{(\w+)\}\}", value)
            if m:
                return self.vars[m.group(1)]
            return re.sub(r"\{\{(\w+)\}\}", lambda m: str(self.vars[m.group(1)]), value)
        if isinstance(value, list):
            return [self.substitute(v) for v in value]
        if isinstance(value, dict):
            return {k: self.substitute(v) for k, v in value.items()}
        return value

    def step(self, step):
        name = step["name"] if step.get("record", True) else None
        res = self.call(name, step.get("method", "GET"), self.substitute(step["path"]),
                        self.substitute(step.get("body")), self.substitute(step.get("headers")),
                        step.get("basic"), step.get("session", True))
        for var, path in step.get("save", {}).items():
            self.vars[var] = res.get(path)
        expect = step.get("expect")
        flag = "" if expect in (None, res.status) else "   <-- expected %s" % expect
        print("%-45s %s %s -> %d %s%s" % (step["name"], step.get("method", "GET"),
                                          self.substitute(step["path"]), res.status,
                                          res.body[:160].decode("utf-8", "replace"), flag))
        return res

    def run_script(self, script):
        session = script.get("session")
        if session:
            self.open_session(user_token=session.get("user_token"), basic=session.get("basic"),
                              name=session.get("name"))
        for step in script["steps"]:
            self.step(step)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--url", required=True, help="the API base, e.g. http://127.0.0.1:8810/apirest.php")
    parser.add_argument("--out", required=True, help="the directory of the recordings")
    parser.add_argument("--log", help="append one JSON line per exchange to this file")
    parser.add_argument("script")
    opts = parser.parse_args(argv)
    with open(opts.script, encoding="utf-8") as fh:
        script = json.load(fh)
    log = open(opts.log, "a", encoding="utf-8") if opts.log else None
    try:
        Recorder(opts.url, opts.out, log=log).run_script(script)
    finally:
        if log:
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
