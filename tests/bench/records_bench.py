"""Benchmark of glpi_item with many `records:` against the GLPI emulator (`make bench`).

    .venv/bin/python tests/bench/records_bench.py --collections-path /tmp/build-bench/installed

Against a CMDB of --cmdb Computers (emulator_server.py: each with an entity, a location and a
state), one `glpi_item` task with `records:` of N new Computers (name, serial, `locations_id` and
`states_id` by name, a comment) is run twice with `ansible-playbook`: the first run creates them,
the second has nothing to change. For each N (--sizes) and for the old way (the collection as of
--old-ref, built from git: one lookup in the live list and one in the trash bin for every record)
beside the new (this work tree's collection), it prints the requests the emulator received and
the wall time of the whole `ansible-playbook`. The old way is run in full up to --old-full-up-to
records (all of them by default: about 20 minutes at 10,000); beyond, its requests and time are
scaled from its largest full run (the old way's requests grow by two per record) and shown as
estimated. Then a single record with nothing to
change, in a session opened by glpi_session. The created records are purged after each run pair.

Prints the tables and the targets (TARGETS) with "met" / "NOT met", and writes them to --output
(docs/records-benchmark.md).
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from run_bench import BenchError, Emulator, measure, stop_all, table, tail  # noqa: E402

OLD_REF = "87cece3"  # main before the work on many records (issue 12)
LOCATION = "Paris > Building A > Room 1"
SINGLE_LOCATION = "Paris"  # a plain name: a path costs one look-up more (its tree is checked)
STATE = "In production"
# (key, what, limit): requests, or seconds for "wall_".
TARGETS = (
    ("first_1000", "1,000 records, first run: requests", 10),
    ("again_1000", "1,000 records, second run (no change): requests", 6),
    ("again_1000_wall", "1,000 records, second run: wall time of ansible-playbook (s)", 10),
    ("again_10000", "10,000 records, second run (no change): requests", 20),
    ("single", "one record, no change, session from glpi_session: requests", 1),
)

PLAYBOOK = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Keep the fleet in GLPI
      glpi.itsm.glpi_item:
        itemtype: Computer
        records: "{{ lookup('file', records_file) | from_json }}"
"""

SINGLE_PLAYBOOK = """\
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Open a session
      glpi.itsm.glpi_session:
      register: session
    - name: Clear the request count
      ansible.builtin.uri:
        url: "{{ emulator_base }}/_emulator/clear-requests"
        method: POST
    - name: One record, nothing to change
      glpi.itsm.glpi_item:
        itemtype: Computer
        session_token: "{{ session.session_token }}"
        fields: "{{ lookup('file', records_file) | from_json | first }}"
      register: single
    - name: Count the requests of that task
      ansible.builtin.uri:
        url: "{{ emulator_base }}/_emulator/bench-timings"
        return_content: true
      register: timings
    - name: Close the session
      glpi.itsm.glpi_session:
        state: absent
        session_token: "{{ session.session_token }}"
    - name: Report
      ansible.builtin.debug:
        msg: "SINGLE {{ {'requests': timings.json.requests, 'changed': single.changed} | to_json }}"
"""


def records(size, location=LOCATION):
    return [{"name": "rec-{0}-{1:05d}".format(size, i), "serial": "RS{0}-{1:05d}".format(size, i),
             "locations_id": location, "states_id": STATE, "comment": "kept by glpi_item"} for i in range(size)]


def build_old(ref, workdir, python_bin):
    """The collection as of ``ref``, built and installed from git's tree (not the work tree's)."""
    source = os.path.join(workdir, "old-src")
    os.makedirs(source)
    archive = subprocess.run(["git", "-C", REPO, "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", source], input=archive, check=True)
    dist, installed = os.path.join(workdir, "old-dist"), os.path.join(workdir, "old-installed")
    galaxy = os.path.join(python_bin, "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", "--output-path", dist, source], check=True, capture_output=True)
    tarball = [name for name in os.listdir(dist) if name.endswith(".tar.gz")][0]
    subprocess.run([galaxy, "collection", "install", "--force", "-p", installed, os.path.join(dist, tarball)],
                   check=True, capture_output=True, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=installed))
    return installed


class Runner(object):
    def __init__(self, emulator, workdir, python_bin):
        self.emulator = emulator
        self.workdir = workdir
        self.python_bin = python_bin
        for name, text in (("records.yml", PLAYBOOK), ("single.yml", SINGLE_PLAYBOOK)):
            with open(os.path.join(workdir, name), "w") as fh:
                fh.write(text)

    def env(self, collections):
        return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, GLPI_URL=self.emulator.api_url,
                    GLPI_USERNAME="glpi", GLPI_PASSWORD="glpi", ANSIBLE_NOCOLOR="1",
                    ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="0")

    def playbook(self, name, collections, records_file, label):
        out, err = (os.path.join(self.workdir, label + suffix) for suffix in (".out", ".err"))
        cmd = [os.path.join(self.python_bin, "ansible-playbook"), "-i", "localhost,", "-c", "local",
               os.path.join(self.workdir, name), "-e", "records_file=" + records_file,
               "-e", "emulator_base=" + self.emulator.base]
        run = measure(cmd, self.env(collections), self.workdir, out, err, timeout=1800)
        if run["rc"] != 0:
            raise BenchError("{0} failed:\n{1}\n{2}".format(label, tail(out, 30), tail(err)))
        with open(out) as fh:
            run["output"] = fh.read()
        return run

    def pair(self, collections, size, way):
        """The first and the second run of `size` records: requests and wall seconds of each."""
        records_file = os.path.join(self.workdir, "records-{0}.json".format(size))
        with open(records_file, "w") as fh:
            json.dump(records(size), fh)
        runs = []
        for attempt in ("first", "again"):
            self.emulator.clear()
            run = self.playbook("records.yml", collections, records_file, "{0}-{1}-{2}".format(way, size, attempt))
            runs.append(dict(requests=self.emulator.timings()["requests"], wall=run["wall"],
                             changed="changed=1" in run["output"],
                             sent=[describe(r) for r in self.emulator.requests()] if size == LISTED else None))
        if not runs[0]["changed"] or runs[1]["changed"]:
            raise BenchError("{0} way, {1} records: the first run must change, the second not: {2}".format(way, size, runs))
        self.purge(size)
        return runs

    def single(self, collections, way):
        records_file = os.path.join(self.workdir, "records-1.json")
        with open(records_file, "w") as fh:
            json.dump(records(1, SINGLE_LOCATION), fh)
        self.playbook("records.yml", collections, records_file, way + "-single-create")
        run = self.playbook("single.yml", collections, records_file, way + "-single")
        line = next(l for l in run["output"].splitlines() if "SINGLE" in l)
        reported = json.loads(json.loads(line.split('"msg": ', 1)[1])[len("SINGLE "):])
        self.purge(1)
        if reported["changed"]:
            raise BenchError("{0} way: the single record changed on its second run".format(way))
        return reported["requests"]  # the emulator's /_emulator/ calls are not API requests

    def purge(self, size):
        from ansible_collections.glpi.itsm.plugins.module_utils.client import GlpiClient
        prefix = "rec-{0}-".format(size)
        with GlpiClient(url=self.emulator.api_url, username="glpi", password="glpi") as client:
            ids = [r["id"] for r in client.iter_items("Computer", 5000, searchText={"name": prefix})
                   if str(r.get("name", "")).startswith(prefix)]
            if ids:
                client.delete_items("Computer", ids, force_purge=True)


# The size whose requests the report lists one by one.
LISTED = 1000


def describe(request):
    """``GET /Computer range=0-9999 is_deleted=false`` (the query decoded, get_hateoas left out)."""
    from urllib.parse import parse_qsl
    query = [(k, v) for k, v in parse_qsl(request.get("query") or "") if k != "get_hateoas"]
    records = ""
    if request["method"] in ("POST", "PUT", "DELETE") and request.get("body", "").startswith("{"):
        payload = json.loads(request["body"]).get("input")
        records = " ({0} records)".format(len(payload)) if isinstance(payload, list) else ""
    return "{0} {1}{2}{3}".format(request["method"], request["path"].replace("/apirest.php", ""),
                                  " " + " ".join("{0}={1}".format(k, v) for k, v in query) if query else "", records)


def estimated(runs, size, full_size):
    """The old way's runs at ``size`` from those at ``full_size``: the requests of the records
    (all but the fixed ones) and the time beyond Ansible's start-up grow with the records."""
    scale = float(size) / full_size
    return [dict(requests=int(round(FIXED_REQUESTS + (r["requests"] - FIXED_REQUESTS) * scale)),
                 wall=STARTUP_SECONDS + (r["wall"] - STARTUP_SECONDS) * scale, estimated=True) for r in runs]


# Requests a run sends whatever the number of records (session, dropdowns, the create), and the
# wall time of an ansible-playbook that does nothing much: what estimated() does not scale.
FIXED_REQUESTS = 5
STARTUP_SECONDS = 2.0


def cell(run):
    mark = " (est.)" if run.get("estimated") else ""
    return "{0:,}{1}".format(run["requests"], mark), "{0:.1f}{1}".format(run["wall"], mark)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections-path", required=True, help="where this work tree's collection is installed")
    parser.add_argument("--old-ref", default=OLD_REF, help="the git commit of the old way (default %(default)s)")
    parser.add_argument("--cmdb", type=int, default=10000, help="Computers in GLPI before the task")
    parser.add_argument("--sizes", default="100,1000,10000", help="records per task, comma-separated")
    parser.add_argument("--old-full-up-to", type=int, default=10000,
                        help="run the old way in full up to this many records, estimate beyond")
    parser.add_argument("--output", default=os.path.join(REPO, "docs", "records-benchmark.md"))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    sys.path.insert(0, args.collections_path)
    python_bin = os.path.dirname(sys.executable)
    try:
        with tempfile.TemporaryDirectory(prefix="records-bench-") as workdir:
            old = build_old(args.old_ref, workdir, python_bin)
            with Emulator(args.cmdb, 0, workdir, sys.executable) as emulator:
                runner = Runner(emulator, workdir, python_bin)
                results = {}
                for size in sizes:
                    print("{0:,} records: new way".format(size), flush=True)
                    results[("new", size)] = runner.pair(args.collections_path, size, "new")
                    full = [s for s in sizes if s <= args.old_full_up_to]
                    if size <= args.old_full_up_to:
                        print("{0:,} records: old way".format(size), flush=True)
                        results[("old", size)] = runner.pair(old, size, "old")
                    else:
                        results[("old", size)] = estimated(results[("old", max(full))], size, max(full))
                print("one record: new and old way", flush=True)
                single = dict(new=runner.single(args.collections_path, "new"), old=runner.single(old, "old"))
    except BenchError as error:
        print("records bench failed: {0}".format(error), file=sys.stderr)
        return 1
    finally:
        stop_all()
    text = report(results, single, sizes, args)
    print(text)
    with open(args.output, "w") as fh:
        fh.write(text)
    return 0


def report(results, single, sizes, args):
    rows = []
    for size in sizes:
        old, new = results[("old", size)], results[("new", size)]
        rows.append(["{0:,}".format(size)] + list(cell(old[0])) + list(cell(new[0])) + list(cell(old[1])) + list(cell(new[1])))
    figures = {
        "first_1000": results.get(("new", 1000), [{}])[0].get("requests"),
        "again_1000": results.get(("new", 1000), [{}, {}])[1].get("requests"),
        "again_1000_wall": results.get(("new", 1000), [{}, {}])[1].get("wall"),
        "again_10000": results.get(("new", 10000), [{}, {}])[1].get("requests"),
        "single": single["new"],
    }
    target_rows = []
    for key, what, limit in TARGETS:
        value = figures.get(key)
        verdict = "not measured" if value is None else "met" if value <= limit else "NOT met"
        shown = "-" if value is None else "{0:.1f}".format(value) if isinstance(value, float) else str(value)
        target_rows.append([what, "<= {0}".format(limit), shown, verdict])
    lines = [
        "# glpi_item with many records: benchmark",
        "",
        "Written by `make bench` (tests/bench/records_bench.py) on {0}, {1} ({2} CPUs), Python {3}.".format(
            datetime.date.today().isoformat(), platform.platform(), os.cpu_count(), platform.python_version()),
        "GLPI: the emulator (GLPI 10.0) with {0:,} Computers. One `glpi_item` task with `records:` of N new".format(args.cmdb),
        "Computers (name, serial, `locations_id` and `states_id` by name, a comment), run twice with",
        "`ansible-playbook` (the second run changes nothing). Old way: the collection at {0}; new way: this one.".format(
            args.old_ref),
        "Requests are those the emulator received (the session's included); time is the wall time of the",
        "whole `ansible-playbook`. \"(est.)\": scaled from the old way's run at {0:,} records.".format(
            max(s for s in sizes if s <= args.old_full_up_to)),
        "",
        "## Targets",
        "",
        table(["target", "limit", "now", ""], target_rows, True),
        "",
        "## Requests and wall time (s)",
        "",
        table(["records", "first run: old requests", "old s", "new requests", "new s",
               "second run: old requests", "old s", "new requests", "new s"], rows, True),
        "",
        "One record with nothing to change, in a session from glpi_session: {0} request(s) the old way, {1} the new.".format(
            single["old"], single["new"]),
        "",
    ]
    listed = results.get(("new", LISTED))
    if listed and listed[0].get("sent"):
        lines += ["## The requests of the {0:,}-record task, new way".format(LISTED), ""]
        for attempt, run in zip(("First run", "Second run (no change)"), listed):
            lines += ["{0}: {1} requests".format(attempt, len(run["sent"])), "", "```"] + run["sent"] + ["```", ""]
    lines += [
        "## Reading these figures",
        "",
        "- New way, second run: the session (2 requests), one look-up per dropdown name (2: one location",
        "  path, one state), and the pages of the Computer list (10,000 rows a page). A first run adds the",
        "  trash bin (one page: only the records not found alive are looked for there) and the creations,",
        "  500 records a request.",
        "- Old way: a look-up in the live list and one in the trash bin for every record. Its creation of",
        "  10,000 records in one request loses GLPI's answer: GLPI names every record created in a `Link`",
        "  header, a line longer than the 64 KiB Python's http.client reads; the old way then looks every",
        "  record up again (the extra 20,000 requests of its first run). The new way sends 500 a request.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
