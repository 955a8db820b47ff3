"""Benchmark of the glpi.itsm.glpi inventory plugin against the GLPI emulator (`make bench`).

    ANSIBLE_COLLECTIONS_PATH=/tmp/build-bench/installed \\
        .venv/bin/python tests/bench/run_bench.py --collections-path /tmp/build-bench/installed

For 12,000 hosts (10,000 Computers + 2,000 NetworkEquipment) and 50,000 hosts (42,000 + 8,000),
each with an entity, a location, a state, a port with a MAC and an IPv4 address, it measures
`ansible-inventory -i bench.glpi.yml --list` and `--graph` with the plugin's defaults: the
requests the emulator received, the wall time, the CPU time (user + sys) and the peak RSS of the
ansible-inventory process (os.wait4), and the time the API took (first to last request, as the
emulator saw them); at 12,000 hosts each is the median (by CPU) of --runs runs.

Beside each run, the floor: floor_plugins/bench_floor.py, an inventory plugin that adds the
very hosts, variables and groups of the plugin's own --list output with no request, which is
Ansible's own cost for them (the floor's --list output is checked against the plugin's). CPU per
host is (CPU - the CPU of `ansible-inventory -i localhost, --list`, Ansible's start-up) / hosts;
plugin - floor is what the plugin adds per host.

At 12,000 hosts also: the old defaults (`fields` naming the 15 variables that are no longer
default, so the 20 columns the plugin used to read), the floor without any variable, and the
cache (jsonfile): its second run must send no request, or the bench fails. Then the targets
(TARGETS) with "met" / "NOT met", the naive script of naive.py (one request per 20 assets, then
one per host) in full at 12,000 hosts and from a measured sample at 50,000, a page_size x
max_workers matrix at 12,000 hosts, and a cProfile of --list. The emulator runs in its own
process (emulator_server.py); every process started here is stopped at the end, also on failure
or Ctrl-C.

Prints the tables and writes them, with the machine, versions and notes, to --output
(docs/inventory-benchmark.md); not when the bench failed.
"""

import argparse
import datetime
import heapq
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
USER_TOKEN = "zizsyal217qd4up678glzgvqdleq5jusf54spxtu"  # the emulator's glpi (Super-Admin)

SCALES = {"12k": (10000, 2000), "50k": (42000, 8000)}
# The page_size x max_workers matrix: these cells by default, every pair of the full ones with
# --full-matrix.
PAGE_SIZES = (500, 1000, 5000)
WORKERS = (1, 4)
FULL_PAGE_SIZES = (500, 1000, 2000, 5000)
FULL_WORKERS = (1, 2, 4, 8)
# The floor: a plugin of tests/bench that adds the real plugin's hosts, variables and groups
# from a file, with no request (floor_plugins/bench_floor.py).
FLOOR_PLUGINS = os.path.join(HERE, "floor_plugins")
# The variables the plugin set by default before it read only the columns of its default ones
# (id, name, entity, location, state; the IP addresses are read for ansible_host): asked for with
# `fields`, they make it read the 20 columns it used to and set the variables it used to.
OLD_DEFAULT_FIELDS = ("ip_addresses", "serial", "otherserial", "uuid", "type", "model", "manufacturer", "os", "os_version",
                      "mac_addresses", "network_names", "users", "groups", "comment", "date_mod")
# The targets of the work on the plugin's cost (the issue): (key, what, limit, unit).
# CPU per host = (CPU of ansible-inventory - CPU of the baseline) / hosts.
TARGETS = (
    ("graph_12k", "12,000 hosts, `--graph`: CPU per host beyond Ansible's start-up", 0.3, "ms"),
    ("list_12k", "12,000 hosts, `--list`: CPU per host beyond Ansible's start-up", 1.0, "ms"),
    ("rss_12k", "12,000 hosts, `--list`: peak RSS", 250, "MiB"),
    ("wall_50k", "50,000 hosts, `--list`: wall time", 60, "s"),
    ("rss_50k", "50,000 hosts, `--list`: peak RSS", 900, "MiB"),
    ("cache", "cache (jsonfile), second run: requests", 0, "requests"),
)
# The fastest request recorded on the real GLPI 10.0.12 (recording 132: GET
# /NetworkEquipment/?range=0-999, 302 rows, 0.034 s); small requests cost at least that there.
REAL_MIN_REQUEST_SECONDS = 0.034

GRAPH_ITEM = re.compile(r"^[ |]*\|--(.*?)\s*$")

_children = set()          # Popen objects still running, stopped by stop_all()
_children_lock = threading.Lock()


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------- processes

def start(cmd, **kwargs):
    """Popen in its own session (so Ctrl-C in make reaches only us, and we stop it)."""
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    with _children_lock:
        _children.add(proc)
    return proc


def stop(proc, grace=10):
    """SIGTERM the process (and its group), then SIGKILL after ``grace`` seconds."""
    with _children_lock:
        _children.discard(proc)
    if proc.returncode is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def stop_all():
    with _children_lock:
        procs = list(_children)
    for proc in procs:
        stop(proc)


def measure(cmd, env, cwd, stdout_path, stderr_path, timeout):
    """Run ``cmd`` to its end; wall seconds, CPU seconds (user, sys) and peak RSS (MiB) of the
    process itself, from os.wait4. Killed after ``timeout`` seconds."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        proc = start(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        with _children_lock:
            _children.discard(proc)
    if timed_out.is_set():
        raise BenchError("{0} took more than {1} s: killed".format(shlex.join(cmd[:3]), timeout))
    return dict(rc=proc.returncode, wall=wall, user=usage.ru_utime, sys=usage.ru_stime,
                cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024.0)


def tail(path, lines=15):
    try:
        with open(path, "rb") as fh:
            return "\n".join(fh.read().decode("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


class Emulator:
    """emulator_server.py in its own process."""

    def __init__(self, computers, network_equipment, workdir, python):
        self.computers, self.network_equipment = computers, network_equipment
        self.url_file = os.path.join(workdir, "emulator-%d.url" % computers)
        self.log_path = os.path.join(workdir, "emulator-%d.log" % computers)
        self.python = python
        self.proc = None
        self.api_url = self.base = None

    def __enter__(self):
        log = open(self.log_path, "wb")
        self.proc = start([self.python, os.path.join(HERE, "emulator_server.py"),
                           "--computers", str(self.computers),
                           "--network-equipment", str(self.network_equipment),
                           "--url-file", self.url_file, "--parent-pid", str(os.getpid())],
                          stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.time() + 180
        while not os.path.exists(self.url_file):
            if self.proc.poll() is not None:
                raise BenchError("the emulator stopped:\n" + tail(self.log_path))
            if time.time() > deadline:
                raise BenchError("the emulator did not start in 180 s:\n" + tail(self.log_path))
            time.sleep(0.2)
        with open(self.url_file) as fh:
            self.api_url = fh.read().strip()
        self.base = self.api_url.rsplit("/apirest.php", 1)[0]
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            stop(self.proc)
        return False

    def _call(self, method, name):
        request = urllib.request.Request(self.base + "/_emulator/" + name, method=method,
                                         data=b"" if method == "POST" else None)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def clear(self):
        self._call("POST", "clear-requests")

    def requests(self):
        return self._call("GET", "requests")

    def timings(self):
        return self._call("GET", "bench-timings")


# --------------------------------------------------------------------------- runs

class Bench:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="glpi-inventory-bench-")
        self.python = sys.executable
        search_path = os.path.dirname(self.python) + os.pathsep + os.environ.get("PATH", "")
        self.ansible_inventory = shutil.which("ansible-inventory", path=search_path)
        self.ansible_doc = shutil.which("ansible-doc", path=search_path)
        if not self.ansible_inventory:
            raise BenchError("ansible-inventory not found (run from the venv: make bench)")
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("GLPI_", "ANSIBLE_")))
        env.update(ANSIBLE_COLLECTIONS_PATH=args.collections_path,
                   ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOST_KEY_CHECKING="0", NO_PROXY="127.0.0.1,localhost",
                   no_proxy="127.0.0.1,localhost", GLPI_USER_TOKEN=USER_TOKEN)
        self.env = env
        # runs[scale][kind]: the kept run (the median by CPU) of each kind of run, see scale_runs().
        self.results = {"runs": {}, "matrix": [], "naive": {}, "profile": None, "failures": [],
                        "problems": []}
        self.baseline_runs = []
        self.started = time.time()

    def log(self, message):
        print("[{0:6.1f}s] {1}".format(time.time() - self.started, message), flush=True)

    # ---- configuration

    def plugin_defaults(self):
        try:
            out = subprocess.run([self.ansible_doc, "-t", "inventory", "--json", "glpi.itsm.glpi"],
                                 env=self.env, cwd=self.workdir, capture_output=True, timeout=120,
                                 check=True).stdout
            options = json.loads(out)["glpi.itsm.glpi"]["doc"]["options"]
            return dict((k, options.get(k, {}).get("default")) for k in ("page_size", "max_workers", "itemtypes"))
        except (subprocess.SubprocessError, ValueError, KeyError) as exc:
            self.log("could not read the plugin's defaults with ansible-doc: {0}".format(exc))
            return {}

    def config(self, name, **options):
        """A <name>.glpi.yml; options left out keep the plugin's defaults. No cache unless asked."""
        path = os.path.join(self.workdir, name + ".glpi.yml")
        options.setdefault("cache", False)
        lines = ["plugin: glpi.itsm.glpi"]
        lines += ["{0}: {1}".format(k, json.dumps(v)) for k, v in options.items()]
        with open(path, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        return path

    # ---- one ansible-inventory run

    def inventory(self, emu, config, mode="--list", label="", expect_hosts=None, profile=None, env=None,
                  keep_output=None):
        """One measured ansible-inventory run. ``emu`` None: no emulator (the floor). ``keep_output``:
        a path where the --list output is kept."""
        env = dict(env or self.env)
        if emu is not None:
            env["GLPI_URL"] = emu.api_url
        cmd = [self.ansible_inventory, "-i", config, mode]
        if profile:
            cmd = [self.python, "-m", "cProfile", "-o", profile] + cmd
        out = keep_output or os.path.join(self.workdir, "inventory.out")
        err = os.path.join(self.workdir, "inventory.err")
        if emu is not None:
            emu.clear()
        result = measure(cmd, env, self.workdir, out, err, self.args.timeout)
        if result["rc"] != 0:
            raise BenchError("ansible-inventory {0} failed (rc={1}) {2}:\n{3}".format(
                mode, result["rc"], label, tail(err)))
        warnings = [line for line in tail(err, 200).splitlines() if "WARNING" in line]
        if warnings:
            result["warnings"] = warnings
        result["mode"] = mode
        if emu is not None:
            requests = emu.requests()
            timings = emu.timings()
            result.update(requests=len(requests), by_path=count_paths(requests),
                          api_wall=(timings["last"] - timings["first"]) if timings["first"] else 0.0,
                          emu_seconds=timings["handle_seconds"], emu_cpu=timings["handle_cpu_seconds"],
                          errors=sum(1 for r in requests if (r.get("status") or 0) >= 400))
        if mode == "--list":
            with open(out) as fh:
                inventory = json.load(fh)
            hostvars = inventory.get("_meta", {}).get("hostvars", {})
            # A host without variables is in no hostvars: count the hosts of the groups too.
            result["hosts"] = len(set(hostvars).union(*(g.get("hosts", []) for name, g in inventory.items()
                                                        if name != "_meta")))
            result["hosts_with_ip"] = sum(1 for v in hostvars.values() if v.get("ansible_host"))
            result["variables"] = sum(len(v) for v in hostvars.values()) / float(max(1, len(hostvars)))
            result["groups"] = len([g for g in inventory if g != "_meta"])
            result["json_mib"] = os.path.getsize(out) / 1048576.0
            del inventory, hostvars
        elif mode == "--graph":
            with open(out) as fh:  # "  |  |--host" lines, "  |--@group:" ones are groups
                result["hosts"] = len(set(m.group(1) for m in (GRAPH_ITEM.match(line) for line in fh)
                                          if m and not m.group(1).startswith("@")))
        if expect_hosts is not None and result.get("hosts") != expect_hosts:
            raise BenchError("ansible-inventory {0} gave {1} hosts, expected {2} {3}".format(
                mode, result.get("hosts"), expect_hosts, label))
        return result

    def floor(self, data_path, mode, label="", expect_hosts=None, keep_output=None):
        """The floor plugin (floor_plugins/bench_floor.py) on its data file: no emulator, no request."""
        report = os.path.join(self.workdir, "floor-report.json")
        env = dict(self.env, ANSIBLE_INVENTORY_PLUGINS=FLOOR_PLUGINS, ANSIBLE_INVENTORY_ENABLED="bench_floor",
                   BENCH_FLOOR_REPORT=report)
        if os.path.exists(report):
            os.remove(report)
        result = self.inventory(None, data_path, mode, label, expect_hosts=expect_hosts, env=env,
                                keep_output=keep_output)
        with open(report) as fh:
            result["floor_load_cpu"] = json.load(fh)["load_cpu"]
        return result

    def baseline(self, count=1):
        """ansible-inventory on a one-host inventory: Ansible's own start-up cost. Measured 3 times at
        the start and once more beside each repeated run of the plugin (so that it sees the same load
        of the machine); the median of all is the start-up subtracted."""
        out, err = os.path.join(self.workdir, "baseline.out"), os.path.join(self.workdir, "baseline.err")
        for _number in range(count):
            result = measure([self.ansible_inventory, "-i", "localhost,", "--list"], self.env, self.workdir,
                             out, err, 120)
            if result["rc"] != 0:
                raise BenchError("ansible-inventory -i localhost, failed:\n" + tail(err))
            self.baseline_runs.append(result)
        self.results["baseline"] = median_of(self.baseline_runs)
        return self.results["baseline"]

    def naive(self, emu, max_list_pages=None, max_hosts=None):
        cmd = [self.python, os.path.join(HERE, "naive.py"), "--url", emu.api_url, "--user-token", USER_TOKEN]
        if max_list_pages is not None:
            cmd += ["--max-list-pages", str(max_list_pages)]
        if max_hosts is not None:
            cmd += ["--max-hosts", str(max_hosts)]
        out, err = os.path.join(self.workdir, "naive.out"), os.path.join(self.workdir, "naive.err")
        emu.clear()
        result = measure(cmd, self.env, self.workdir, out, err, self.args.timeout)
        if result["rc"] != 0:
            raise BenchError("the naive script failed:\n" + tail(err))
        with open(out) as fh:
            result["script"] = json.load(fh)
        requests = emu.requests()
        timings = emu.timings()
        result.update(requests=len(requests), emu_seconds=timings["handle_seconds"],
                      errors=sum(1 for r in requests if (r.get("status") or 0) >= 400))
        script = result["script"]
        if script["sample"]:
            # Each phase scaled to its full count; the requests in full are known exactly.
            list_all = script["list_seconds"] * script["list_pages_all"] / script["list_pages_measured"]
            hosts_all = script["hosts_seconds"] * script["hosts_all"] / max(1, script["hosts_measured"])
            other = max(0.0, result["wall"] - script["list_seconds"] - script["hosts_seconds"])
            requests_all = 2 + script["list_pages_all"] + script["hosts_all"]
            scale = float(requests_all) / max(1, len(requests))
            result["estimated"] = dict(requests=requests_all, wall=list_all + hosts_all + other,
                                       emu_seconds=timings["handle_seconds"] * scale, cpu=result["cpu"] * scale)
        return result

    def profile(self, emu, config, hosts):
        path = os.path.join(self.workdir, "inventory.prof")
        self.inventory(emu, config, "--list", "(cProfile)", expect_hosts=hosts, profile=path)
        self.results["profile"] = summarize_profile(path)
        self.log("12k: profiled ansible-inventory --list under cProfile")

    def matrix(self, emu, default_runs=None):
        """Every page_size x max_workers pair; of --repeat runs, the one with the shortest API phase.
        The default pair reuses ``default_runs`` (the default configuration's measured runs in the
        matrix's mode) when there are some."""
        args, defaults = self.args, self.results.get("defaults") or {}
        pair = (defaults.get("page_size") or 1000, defaults.get("max_workers") or 4)
        for page_size in args.page_sizes:
            for workers in args.workers:
                label = "(page_size {0}, max_workers {1})".format(page_size, workers)
                if (page_size, workers) == pair and default_runs:
                    cell = dict(min(default_runs, key=lambda r: r["api_wall"]), reused=True)
                else:
                    config = self.config("matrix", page_size=page_size, max_workers=workers)
                    cell = None
                    try:
                        for _repeat in range(args.repeat):
                            run = self.inventory(emu, config, args.matrix_mode, label)
                            if cell is None or run["api_wall"] < cell["api_wall"]:
                                cell = run
                    except BenchError as exc:
                        cell = dict(failed=str(exc).splitlines()[0])
                cell.update(page_size=page_size, max_workers=workers)
                self.results["matrix"].append(cell)
                self.log("12k: page_size {0:>5} max_workers {1}: {2}{3}".format(
                    page_size, workers, cell.get("failed") or fmt_run(cell),
                    " (the default runs)" if cell.get("reused") else ""))
        # How much the same pair varies from run to run (the machine is shared): the default runs,
        # or the default pair again.
        if default_runs and len(default_runs) > 1:
            again = default_runs
        else:
            config = self.config("noise", page_size=pair[0], max_workers=pair[1])
            again = [self.inventory(emu, config, args.matrix_mode, "(again)") for _run in range(args.noise_runs)]
            self.log("12k: page_size {0} max_workers {1} again: API {2}".format(
                pair[0], pair[1], ", ".join("{0:.2f} s".format(r["api_wall"]) for r in again)))
        self.results["noise"] = dict(page_size=pair[0], max_workers=pair[1], api=[r["api_wall"] for r in again],
                                     wall=[r["wall"] for r in again])

    def naive_runs(self, emu, scale, hosts):
        """The naive script in full up to --naive-full-max hosts (and then the sample too, to see how
        close its estimate comes), else only a sample of it."""
        sample = (self.args.naive_sample_pages, self.args.naive_sample_hosts)
        if hosts <= self.args.naive_full_max:
            self.log("{0}: naive script, in full...".format(scale))
            naive = self.naive(emu)
            self.log("{0}: naive: {1} requests, {2:.1f} s".format(scale, naive["requests"], naive["wall"]))
            naive["sample_check"] = self.naive(emu, *sample)["estimated"]
            self.log("{0}: naive, estimated from a sample of {1} pages and {2} hosts: {3:.1f} s".format(
                scale, sample[0], sample[1], naive["sample_check"]["wall"]))
        else:
            self.log("{0}: naive script, a sample of {1} list pages and {2} hosts...".format(scale, *sample))
            naive = self.naive(emu, *sample)
            self.log("{0}: naive: {1} requests in {2:.1f} s; estimated in full: {3} requests, {4:.0f} s".format(
                scale, naive["requests"], naive["wall"], naive["estimated"]["requests"],
                naive["estimated"]["wall"]))
        return naive

    # ---- the runs of one scale

    def scale_runs(self, emu, scale, hosts, configs):
        """The default configuration with --list and --graph, each beside the floor (interleaved,
        so that both see the same load), then at 12,000 hosts the old defaults and the cache."""
        args = self.args
        count = args.runs if hosts <= 12000 else args.runs_large
        runs = self.results["runs"].setdefault(scale, {})
        plugin_json = os.path.join(self.workdir, "plugin-{0}.json".format(scale))
        floor_data_path = os.path.join(self.workdir, "{0}.bench_floor.json".format(scale))
        floor_json = os.path.join(self.workdir, "floor-{0}.json".format(scale))
        # At 12,000 hosts the floor also runs without any variable: Ansible's cost per host, and
        # per variable.
        no_variables_path = os.path.join(self.workdir, "{0}-no-variables.bench_floor.json".format(scale)) \
            if hosts <= 12000 else None
        pairs = {}
        for mode in ("--list", "--graph"):
            plugin_runs, floor_runs = [], []
            for number in range(count):
                of = " ({0}/{1})".format(number + 1, count) if count > 1 else ""
                first_list = mode == "--list" and number == 0
                run = self.inventory(emu, configs["default"], mode, scale, expect_hosts=hosts,
                                     keep_output=plugin_json if first_list else None)
                plugin_runs.append(run)
                self.log("{0}: plugin {1}{2}: {3}".format(scale, mode, of, fmt_run(run)))
                self.baseline()
                if not args.floor:
                    continue
                if first_list:
                    write_floor_data(plugin_json, floor_data_path, no_variables_path)
                run = self.floor(floor_data_path, mode, "(floor, {0})".format(scale), expect_hosts=hosts,
                                 keep_output=floor_json if first_list else None)
                floor_runs.append(run)
                self.log("{0}: floor  {1}{2}: {3}".format(scale, mode, of, fmt_run(run)))
                if first_list:
                    runs["floor_same"] = compare_inventories(plugin_json, floor_json)
                    self.log("{0}: the floor's --list output against the plugin's: {1}".format(
                        scale, runs["floor_same"]))
                    if runs["floor_same"] != "identical":
                        self.results["problems"].append("{0}: the floor's --list output is not the plugin's: {1}"
                                                        .format(scale, runs["floor_same"]))
            pairs[mode] = plugin_runs
            runs[mode.strip("-")] = median_of(plugin_runs)
            if floor_runs:
                runs["floor_" + mode.strip("-")] = median_of(floor_runs)
        if args.floor and no_variables_path:
            for mode in ("--list", "--graph"):
                run = self.floor(no_variables_path, mode, "(floor without variables, {0})".format(scale),
                                 expect_hosts=hosts)
                runs["floor_novars_" + mode.strip("-")] = run
                self.log("{0}: floor without variables {1}: {2}".format(scale, mode, fmt_run(run)))
        for path in (plugin_json, floor_json, floor_data_path, no_variables_path):
            if path and os.path.exists(path):
                os.remove(path)

        if hosts <= 12000 and args.old_defaults:
            for mode in ("--list", "--graph"):
                label = "(old defaults, {0})".format(scale)
                try:
                    run = self.inventory(emu, configs["old"], mode, label, expect_hosts=hosts)
                except BenchError as exc:
                    run = dict(failed=str(exc))
                    self.results["problems"].append("old defaults {0} failed: {1}".format(mode, exc))
                runs["old_" + mode.strip("-")] = run
                self.log("{0}: plugin with the old defaults {1}: {2}".format(
                    scale, mode, run.get("failed") or fmt_run(run)))

        if hosts <= 12000 and args.cache:
            cache_dir = os.path.join(self.workdir, "cache-" + scale)
            config = self.config("cached", cache=True, cache_plugin="ansible.builtin.jsonfile",
                                 cache_connection=cache_dir)
            fill = self.inventory(emu, config, "--graph", "(cache: first run)", expect_hosts=hosts)
            self.log("{0}: cache, first run: {1}".format(scale, fmt_run(fill)))
            hit = self.inventory(emu, config, "--graph", "(cache: second run)", expect_hosts=hosts)
            self.log("{0}: cache, second run: {1}".format(scale, fmt_run(hit)))
            runs["cache_fill"], runs["cache_hit"] = fill, hit
            if not (os.path.isdir(cache_dir) and os.listdir(cache_dir)):
                self.results["failures"].append("cache: the first run wrote nothing to {0}".format(cache_dir))
            if hit["requests"] != 0:
                self.results["failures"].append(
                    "cache: the second run with cache: true sent {0} requests, expected 0".format(hit["requests"]))
            shutil.rmtree(cache_dir, ignore_errors=True)
        return pairs

    # ---- the benchmark

    def run(self):
        args = self.args
        self.results["env"] = environment(self)
        defaults = self.plugin_defaults()
        self.results["defaults"] = defaults
        self.log("plugin defaults: {0}".format(defaults or "unknown"))
        self.baseline(3)
        self.log("ansible-inventory -i localhost, --list: {0}".format(fmt_run(self.results["baseline"])))
        configs = dict(default=self.config("bench"), old=self.config("old-defaults", fields=list(OLD_DEFAULT_FIELDS)))
        # Warms up the emulator (its search options) and the collection's .pyc files, cheaply.
        warmup_config = self.config("warmup", itemtypes=["NetworkEquipment"])

        for scale in args.scales:
            computers, network = SCALES[scale]
            self.log("{0}: starting the emulator with {1} Computers + {2} NetworkEquipment".format(
                scale, computers, network))
            with Emulator(computers, network, self.workdir, self.python) as emu:
                self.log("{0}: emulator at {1}".format(scale, emu.api_url))
                self.inventory(emu, warmup_config, "--graph", "(warm-up)")
                pairs = self.scale_runs(emu, scale, computers + network, configs)
                if scale == "12k" and args.profile:
                    self.profile(emu, configs["default"], computers + network)
                if scale == "12k" and not args.no_matrix:
                    self.matrix(emu, pairs.get(args.matrix_mode))
                if not args.no_naive:
                    self.results["naive"][scale] = self.naive_runs(emu, scale, computers + network)
        self.results["env"]["load_after"] = load_average()
        self.results["env"]["duration"] = time.time() - self.started
        return self.results


# --------------------------------------------------------------------------- helpers

def median_of(runs):
    """The run with the median CPU (the lower middle one of an even count), with every run's CPU,
    wall, peak RSS and API seconds as lists (all_cpu...)."""
    kept = dict(sorted(runs, key=lambda r: r["cpu"])[(len(runs) - 1) // 2])
    for key in ("cpu", "wall", "rss_mib", "api_wall"):
        if key in kept:
            kept["all_" + key] = [r[key] for r in runs]
    kept["runs"] = len(runs)
    return kept


def unwrap(value):
    """A value of `ansible-inventory --list` JSON as the plain value: ansible-core 2.19 prints an
    untrusted string as {"__ansible_unsafe": "..."}."""
    if isinstance(value, dict):
        if len(value) == 1 and "__ansible_unsafe" in value:
            return value["__ansible_unsafe"]
        return dict((key, unwrap(item)) for key, item in value.items())
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


def write_floor_data(list_json, data_path, no_variables_path=None):
    """The floor plugin's data file (see floor_plugins/bench_floor.py) from the real plugin's
    `ansible-inventory --list` output: its groups (parents before children, each parent's children
    in their order), its hosts with their plain variables and groups, in an order that keeps every
    group's list of hosts as the plugin made it (the plugin adds hosts one after the other, so each
    group's list is a part of that order: the lists merged back give it)."""
    with open(list_json) as fh:
        inventory = json.load(fh)
    hostvars = inventory.pop("_meta", {}).get("hostvars", {})
    groups, seen = [], set(["all"])
    stack = [("all", inventory.get("all", {}).get("children", []))]
    while stack:  # depth first, in the order of each group's children
        parent, children = stack.pop()
        if parent != "all":
            groups.append([parent, children])
        for child in reversed(children):
            if child not in seen:
                seen.add(child)
                stack.append((child, inventory.get(child, {}).get("children", [])))
    groups = [g for g in groups if g[0] != "ungrouped"]
    ordered = [name for name, _children in groups] + ["ungrouped"]
    # The hosts in an order where each group's hosts come in the group's order (Kahn's algorithm,
    # ties broken by first appearance).
    first, after, before_count, member_of = {}, {}, {}, {}
    for group in ordered:
        hosts = inventory.get(group, {}).get("hosts", [])
        for host in hosts:
            first.setdefault(host, len(first))
            if group != "ungrouped":
                member_of.setdefault(host, []).append(group)
        for a, b in zip(hosts, hosts[1:]):
            after.setdefault(a, []).append(b)
            before_count[b] = before_count.get(b, 0) + 1
    for host in hostvars:
        first.setdefault(host, len(first))
    ready = [(index, host) for host, index in first.items() if not before_count.get(host)]
    heapq.heapify(ready)
    order = []
    while ready:
        _index, host = heapq.heappop(ready)
        order.append(host)
        for nxt in after.get(host, ()):
            before_count[nxt] -= 1
            if not before_count[nxt]:
                heapq.heappush(ready, (first[nxt], nxt))
    if len(order) != len(first):  # a cycle: the lists do not come from one order (cannot happen)
        placed = set(order)
        order += sorted((h for h in first if h not in placed), key=first.get)
    data = dict(groups=groups, hosts=[[host, unwrap(hostvars.get(host, {})), member_of.get(host, [])]
                                      for host in order])
    with open(data_path, "w") as fh:
        json.dump(data, fh)
    if no_variables_path:  # the same hosts and groups, without a variable
        for host in data["hosts"]:
            host[1] = {}
        with open(no_variables_path, "w") as fh:
            json.dump(data, fh)


def compare_inventories(plugin_json, floor_json):
    """Whether the floor's `--list` output is the plugin's: "identical" (byte for byte), or how it
    differs."""
    with open(plugin_json, "rb") as a, open(floor_json, "rb") as b:
        if a.read() == b.read():
            return "identical"
    with open(plugin_json) as a, open(floor_json) as b:
        plugin, floor = json.load(a), json.load(b)
    if plugin == floor:
        return "the same JSON, formatted differently"
    if unwrap(plugin) == unwrap(floor):
        return "the same values, but not the same strings trusted (__ansible_unsafe)"

    def normal(inventory):
        inventory = unwrap(inventory)
        for name, group in inventory.items():
            if name != "_meta":
                for key in ("hosts", "children"):
                    if key in group:
                        group[key] = sorted(group[key])
        return inventory
    plugin, floor = normal(plugin), normal(floor)
    if plugin == floor:
        return "the same hosts, variables and groups, in another order"
    pv, fv = plugin.get("_meta", {}).get("hostvars", {}), floor.get("_meta", {}).get("hostvars", {})
    diffs = []
    if set(pv) != set(fv):
        diffs.append("hosts differ ({0} only in the plugin's, {1} only in the floor's)".format(
            len(set(pv) - set(fv)), len(set(fv) - set(pv))))
    else:
        host = next((h for h in pv if pv[h] != fv[h]), None)
        if host is not None:
            keys = sorted(k for k in set(pv[host]) | set(fv[host]) if pv[host].get(k) != fv[host].get(k))
            diffs.append("variables differ, e.g. {0}: {1}".format(host, ", ".join(keys[:5])))
    groups = set(plugin) ^ set(floor)
    if groups:
        diffs.append("groups differ: {0}".format(", ".join(sorted(groups)[:5])))
    elif any(plugin[g] != floor[g] for g in plugin if g != "_meta"):
        diffs.append("group members differ")
    return "DIFFERENT: " + ("; ".join(diffs) or "?")


def count_paths(requests):
    """{"search/Computer": 10, ...}: requests by their first two path segments."""
    counts = {}
    for r in requests:
        parts = r["path"].strip("/").split("/")
        key = "/".join(parts[:2]) if parts[0] in ("search", "listSearchOptions") else parts[0]
        counts[key] = counts.get(key, 0) + 1
    return counts


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return None


def environment(bench):
    def run(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=bench.env, check=False,
                                  cwd=REPO).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(re.search(r"MemTotal:\s+(\d+)", fh.read()).group(1))
            mem = "{0:.1f} GiB".format(kib / 1048576.0)
    except (OSError, AttributeError):
        pass
    try:
        import requests
        requests_version = requests.__version__
    except ImportError:
        requests_version = "missing"
    ansible_version = run([os.path.join(os.path.dirname(bench.ansible_inventory), "ansible"), "--version"]).splitlines()
    version = ""
    galaxy = os.path.join(REPO, "galaxy.yml")
    if os.path.exists(galaxy):
        match = re.search(r"^version:\s*(\S+)", open(galaxy).read(), re.M)
        version = match.group(1) if match else ""
    commit = run(["git", "rev-parse", "--short", "HEAD"])
    dirty = run(["git", "status", "--porcelain", "--", "plugins"])
    return dict(
        date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        host=platform.node(), os="{0} {1}".format(platform.system(), platform.release()),
        cpu=cpu, cores=os.cpu_count(), mem=mem,
        python=platform.python_version(), ansible=ansible_version[0] if ansible_version else "",
        requests=requests_version, collection=version,
        commit=commit + (" (plugins/ modified in the work tree)" if dirty else ""),
        load_before=load_average())


def summarize_profile(path, top=15):
    """Where ansible-inventory --list spends its CPU, from a cProfile dump: the phases (as
    shares of the profiled total, since cProfile slows Python code down unevenly), what the
    collection's code calls into, and the functions with the most time of their own. cProfile
    sees the main thread only: pages fetched by worker threads (max_workers > 1) show up as the
    main thread waiting for them."""
    entries = pstats.Stats(path).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    total = max(v[3] for v in entries.values())

    def cumulative(file_end, name):
        return sum(v[3] for (f, _l, n), v in entries.items() if n == name and f.endswith(file_end))

    def ours(filename):
        return "ansible_collections/glpi/itsm/" in filename

    def kind(filename):
        if re.search(r"/(requests|urllib3|http|email|socket|ssl|selectors|concurrent|threading|queue)(/|\.py)",
                     filename):
            return "http"
        if "/ansible/" in filename:
            return "ansible"
        return "other"

    called = {"http": 0.0, "ansible": 0.0, "other": 0.0}
    for (filename, _line, name), (_cc, _nc, _tt, _ct, callers) in entries.items():
        if ours(filename):
            continue
        group = kind(filename)
        if filename == "~" and re.search(r"socket|lock|select|poll|recv|send|connect", name):
            group = "http"
        for caller, stat in callers.items():
            if ours(caller[0]):
                called[group] += stat[3]
    parse = cumulative("ansible/plugins/inventory/auto.py", "parse")
    host_vars = cumulative("ansible/cli/inventory.py", "json_inventory")
    dump = cumulative("ansible/cli/inventory.py", "dump")
    phases = [
        ("inventory plugin: parse()", parse),
        ("of which: the collection's own code (plugin + module_utils)", sum(v[2] for k, v in entries.items() if ours(k[0]))),
        ("of which: Ansible's inventory API it calls (add_host, set_variable, add_child, constructed...)", called["ansible"]),
        ("of which: HTTP (requests, JSON decoding, waiting for the page threads)", called["http"]),
        ("of which: other Python it calls (ipaddress, dict, str...)", called["other"]),
        ("ansible-inventory --list: every host's variables (VariableManager.get_vars)", host_vars),
        ("ansible-inventory --list: JSON output (dump)", dump),
        ("the rest: Python and Ansible start-up, imports, config", max(0.0, total - parse - host_vars - dump)),
    ]
    own = sorted(((v[2], v[1], "{0}:{1}({2})".format(short_path(f), l, n)) for (f, l, n), v in entries.items()),
                 reverse=True)[:top]
    plugin_funcs = sorted(((v[3], v[2], v[1], "{0}:{1}({2})".format(short_path(f), l, n))
                           for (f, l, n), v in entries.items() if ours(f)), reverse=True)[:top]
    return dict(total=total, phases=[(name, secs, secs / total) for name, secs in phases],
                own=own, plugin=plugin_funcs)


def short_path(path):
    for marker in ("ansible_collections/", "site-packages/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def fmt_run(r):
    parts = ["{0} requests".format(r["requests"])] if "requests" in r else []
    parts.append("wall {0:.2f} s".format(r["wall"]))
    if "api_wall" in r:
        parts.append("API {0:.2f} s".format(r["api_wall"]))
    parts.append("CPU {0:.2f} s".format(r["cpu"]))
    parts.append("peak RSS {0:.0f} MiB".format(r["rss_mib"]))
    if "hosts" in r:
        parts.append("{0} hosts".format(r["hosts"]))
    return ", ".join(parts)


# --------------------------------------------------------------------------- report

NUMERIC = re.compile(r"^[-+]?[\d,.]+( ?(x|%|s|min|MiB)| \+ [\d.]+| \(.*\))?$|^$")


def table(headers, rows, markdown):
    """A Markdown table, or an aligned text one; columns of figures are right-aligned."""
    rows = [[str(c) for c in row] for row in rows]
    right = [i > 0 and all(NUMERIC.match(r[i]) for r in rows) for i in range(len(headers))]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if r else "---" for r in right) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()
    return "\n".join([line(headers), "  ".join("-" * w for w in widths)] + [line(row) for row in rows])


def ratio(a, b, digits=0):
    return "{0:.{1}f}x".format(a / b, digits) if b else "-"


def seconds(value, digits=2):
    return "{0:.{1}f}".format(value, digits)


class Report:
    """The results as text (stdout) or Markdown (docs/inventory-benchmark.md)."""

    def __init__(self, results, args, markdown):
        self.results, self.args, self.markdown = results, args, markdown
        self.defaults = results.get("defaults") or {}
        self.out = []

    def heading(self, text):
        if self.markdown:
            self.out.append("\n## {0}\n".format(text))
        else:
            self.out.append("\n{0}\n{1}".format(text, "=" * len(text)))

    def para(self, text=""):
        self.out.append(text)

    def table(self, headers, rows):
        self.out.append(table(headers, rows, self.markdown))
        self.out.append("")

    def bullets(self, items):
        self.out.append("\n".join(("- " if self.markdown else "  ") + item for item in items))

    def render(self):
        if self.markdown:
            self.intro()
        else:
            env = self.results["env"]
            self.para("{0}, {1} ({2} cores), {3}; load {4} -> {5}; {6}; Python {7}; {8}; glpi.itsm {9}, {10}; "
                      "{11:.0f} s".format(
                          env["os"], env["cpu"], env["cores"], env["mem"], fmt_load(env["load_before"]),
                          fmt_load(env.get("load_after")), env["date"], env["python"], env["ansible"],
                          env["collection"], env["commit"], env.get("duration", 0)))
            self.targets()
        self.summary()
        self.plugin()
        if self.results.get("naive"):
            self.naive()
        if self.results.get("matrix"):
            self.matrix()
        if self.results.get("profile"):
            self.profile()
        if self.markdown:
            self.para(NOTES.format(real_min=REAL_MIN_REQUEST_SECONDS))
        return "\n".join(self.out) + "\n"

    # ---- figures

    def run(self, scale, kind):
        return (self.results["runs"].get(scale) or {}).get(kind)

    def per_host(self, run, scale, minus=None):
        """CPU milliseconds per host beyond Ansible's start-up (the baseline), or beyond ``minus``."""
        if not run or "cpu" not in run:
            return None
        base = minus["cpu"] if minus else self.results["baseline"]["cpu"]
        return (run["cpu"] - base) * 1000.0 / sum(SCALES[scale])

    def target_rows(self):
        """[what, target, measured, the floor's figure, status] of each target."""
        rows = []
        for key, what, limit, unit in TARGETS:
            scale = "50k" if key.endswith("50k") else "12k"
            value, measured, floor = None, "-", ""
            if key in ("graph_12k", "list_12k"):
                kind = key.split("_", maxsplit=1)[0]
                run = self.run(scale, kind)
                value = self.per_host(run, scale)
                if value is not None:
                    measured = "{0:.3f} ms ({1:.2f} s CPU{2})".format(
                        value, run["cpu"], ", median of {0}".format(run["runs"]) if run.get("runs", 1) > 1 else "")
                floor_run = self.run(scale, "floor_" + kind)
                if floor_run:
                    floor = "{0:.3f} ms ({1:.2f} s CPU)".format(self.per_host(floor_run, scale), floor_run["cpu"])
            elif key.startswith("rss_") or key == "wall_50k":
                run, floor_run = self.run(scale, "list"), self.run(scale, "floor_list")
                figure = "rss_mib" if key.startswith("rss_") else "wall"
                shown = "{0:.0f} MiB" if figure == "rss_mib" else "{0:.1f} s"
                if run:
                    value = run[figure]
                    measured = shown.format(value) + (" (CPU {0:.1f} s, API {1:.1f} s)".format(
                        run["cpu"], run["api_wall"]) if figure == "wall" else "")
                if floor_run:
                    floor = shown.format(floor_run[figure])
            elif key == "cache":
                hit, fill = self.run(scale, "cache_hit"), self.run(scale, "cache_fill")
                if hit:
                    value = hit["requests"]
                    measured = "{0} (the first run: {1})".format(value, fill["requests"])
            if value is None:
                status = "not run"
            else:
                status = "met" if value <= limit else "NOT met"
            target = "{0}".format(limit) if unit == "requests" else "<= {0} {1}".format(limit, unit)
            rows.append([what, target, measured, floor, status])
        return rows

    def targets(self):
        self.heading("Targets")
        rows = self.target_rows()
        self.table(["target", "", "measured", "the floor: Ansible alone, same hosts and variables", ""], rows)
        met = sum(1 for r in rows if r[-1] == "met")
        not_run = sum(1 for r in rows if r[-1] == "not run")
        notes = ["{0} of {1} targets met{2}. CPU per host: (CPU of ansible-inventory, user + sys, - {3:.2f} s, the CPU "
                 "of Ansible's start-up, `ansible-inventory -i localhost, --list`) / hosts. The floor is Ansible's own "
                 "cost for the very hosts, variables and groups the plugin made, with no plugin work (see the plugin "
                 "table).".format(met, len(rows), ", {0} not run".format(not_run) if not_run else "",
                                  self.results["baseline"]["cpu"])]
        for problem in self.results.get("failures", []) + self.results.get("problems", []):
            notes.append(("**Problem:** " if self.markdown else "PROBLEM: ") + problem)
        self.bullets(notes)
        self.para()

    def summary(self):
        """The headline figures in a few sentences."""
        results, items = self.results, []
        for scale in results["runs"]:
            hosts = sum(SCALES[scale])
            run, graph = self.run(scale, "list"), self.run(scale, "graph")
            floor_list, floor_graph = self.run(scale, "floor_list"), self.run(scale, "floor_graph")
            if not run:
                continue
            item = ("{0:,} hosts: {1} requests, {2:.1f} s wall, {3:.1f} s CPU ({4:.2f} ms per host beyond "
                    "start-up), {5:.0f} MiB peak RSS for `ansible-inventory --list` (of which {6:.1f} s waiting for "
                    "the API)".format(hosts, run["requests"], run["wall"], run["cpu"], self.per_host(run, scale),
                                      run["rss_mib"], run["api_wall"]))
            if graph:
                item += "; `--graph` {0:.1f} s CPU ({1:.2f} ms per host)".format(
                    graph["cpu"], self.per_host(graph, scale))
            if floor_list and floor_graph and graph:
                item += ". Ansible's own cost for the same hosts, variables and groups (the floor): {0:.2f} ms per " \
                        "host with `--list`, {1:.2f} with `--graph`; the plugin adds {2:.2f} and {3:.2f} ms " \
                        "per host".format(self.per_host(floor_list, scale), self.per_host(floor_graph, scale),
                                          self.per_host(run, scale, floor_list),
                                          self.per_host(graph, scale, floor_graph))
            items.append(item + ".")
            old = self.run(scale, "old_list")
            if old and "failed" not in old:
                old_graph = self.run(scale, "old_graph") or {}
                items.append(
                    "{0:,} hosts with the old defaults (the 20 variables, `fields` listing the 15 others): "
                    "`--list` {1:.1f} s CPU ({2:.2f} ms per host), {3:.0f} MiB, {4:.1f} variables per host"
                    "{5}; the new defaults take {6:.0%} of that CPU and set {7:.1f} variables per host.".format(
                        hosts, old["cpu"], self.per_host(old, scale), old["rss_mib"], old["variables"],
                        "; `--graph` {0:.1f} s CPU".format(old_graph["cpu"]) if "cpu" in old_graph else "",
                        run["cpu"] / old["cpu"], run["variables"]))
            elif old:
                items.append("{0:,} hosts with the old defaults: failed ({1}).".format(
                    hosts, old["failed"].splitlines()[0]))
            hit = self.run(scale, "cache_hit")
            if hit:
                fill = self.run(scale, "cache_fill")
                items.append("{0:,} hosts from the cache (jsonfile, second run, `--graph`): {1} requests, {2:.1f} s "
                             "CPU (the first run, which filled it: {3} requests, {4:.1f} s CPU).".format(
                                 hosts, hit["requests"], hit["cpu"], fill["requests"], fill["cpu"]))
        for scale, n in (results.get("naive") or {}).items():
            plugin = self.run(scale, "list")
            figures = n.get("estimated") or n
            if plugin:
                items.append("Naive script at {0:,} hosts{1}: {2:,} requests ({3}), {4:.1f} s ({5} the plugin's whole "
                             "run, {6} its API time); on a real GLPI at least {7:.0f} min.".format(
                                 sum(SCALES[scale]), " (estimated)" if n.get("estimated") else "", figures["requests"],
                                 ratio(figures["requests"], plugin["requests"]), figures["wall"],
                                 ratio(figures["wall"], plugin["wall"], 1), ratio(figures["wall"], plugin["api_wall"]),
                                 figures["requests"] * REAL_MIN_REQUEST_SECONDS / 60))
        ok = [c for c in results.get("matrix") or [] if "failed" not in c]
        if ok:
            best = min(ok, key=lambda c: c["api_wall"])
            default = next((c for c in ok if (c["page_size"], c["max_workers"]) ==
                            (self.defaults.get("page_size"), self.defaults.get("max_workers"))), None)
            items.append("page_size x max_workers at 12,000 hosts: fastest API phase {0} x {1} ({2:.2f} s){3}.".format(
                best["page_size"], best["max_workers"], best["api_wall"],
                "; the defaults took {0:.2f} s".format(default["api_wall"]) if default is not None else ""))
        prof = results.get("profile")
        if prof:
            parse = next(share for name, _s, share in prof["phases"] if name.startswith("inventory plugin"))
            listing = sum(share for name, _s, share in prof["phases"] if name.startswith("ansible-inventory --list"))
            http = next(share for name, _s, share in prof["phases"] if name.startswith("of which: HTTP"))
            api = next(share for name, _s, share in prof["phases"] if name.startswith("of which: Ansible"))
            items.append("CPU of `--list` at 12,000 hosts (cProfile): {0:.0%} in the plugin's parse() ({1:.0%} in "
                         "Ansible's inventory API, {2:.0%} in HTTP), {3:.0%} in ansible-inventory's own --list output "
                         "(host variables and JSON).".format(parse, api, http, listing))
        if items:
            self.heading("Summary")
            self.bullets(items)

    def default_label(self):
        return "page_size {0}, max_workers {1}".format(
            self.defaults.get("page_size", "?"), self.defaults.get("max_workers", "?"))

    def intro(self):
        env = self.results["env"]
        self.para("# Inventory benchmark (`glpi.itsm.glpi`)\n")
        self.para("Generated by `make bench` (`tests/bench/run_bench.py`): run it again rather than edit this file.\n")
        self.para(
            "`ansible-inventory -i bench.glpi.yml --list` (and `--graph`) against the GLPI emulator filled with "
            "assets that each have an entity (9 in a tree), a location (8 cities > 2 buildings > 3 rooms), a state, "
            "and a port with a MAC and an IPv4 address. The configuration file sets only `plugin: glpi.itsm.glpi` "
            "and `cache: false`, so the plugin runs with its defaults ({0}, itemtypes {1}). Beside it: the floor "
            "(Ansible's own cost for the same hosts, variables and groups, with no plugin work), the old defaults "
            "(the 20 variables) and the cache.\n".format(
                self.default_label(), ", ".join(self.defaults.get("itemtypes") or ["?"])))
        self.targets()
        self.heading("How it was run")
        self.para("```bash\n"
                  "make bench                          # make install, then tests/bench/run_bench.py\n"
                  "make bench BUILD=/tmp/build-bench   # another build directory\n"
                  "make bench BENCH_ARGS='--scales 12k --no-matrix --no-naive --no-profile'   # a quicker subset "
                  "(--help)\n"
                  "```\n")
        self.para("This report: `{0}`, with `ANSIBLE_COLLECTIONS_PATH` set to the same directory.\n".format(
            self.results.get("command", "")))
        self.table(["", ""], [
            ["date", env["date"]],
            ["machine", "{0}, {1} ({2} cores), {3} RAM".format(env["os"], env["cpu"], env["cores"], env["mem"])],
            ["load average (1, 5, 15 min), before / after",
             "{0} / {1}".format(fmt_load(env["load_before"]), fmt_load(env.get("load_after")))],
            ["Python", env["python"]],
            ["Ansible", env["ansible"]],
            ["requests", env["requests"]],
            ["glpi.itsm", "{0}, commit {1}".format(env["collection"], env["commit"])],
            ["benchmark duration", "{0:.0f} s".format(env.get("duration", 0))],
        ])

    def plugin(self):
        self.heading("The plugin beside the floor ({0})".format(self.default_label()))
        rows, notes = [], []
        headers = ["", "requests", "wall s", "API s", "CPU s", "user + sys", "CPU ms/host", "plugin - floor ms/host",
                   "peak RSS MiB", "hosts", "variables/host", "groups", "JSON MiB"]
        rows_of = (("list", "--list"), ("floor_list", "--list, floor"), ("graph", "--graph"),
                   ("floor_graph", "--graph, floor"), ("old_list", "--list, old defaults"),
                   ("old_graph", "--graph, old defaults"), ("floor_novars_list", "--list, floor without variables"),
                   ("floor_novars_graph", "--graph, floor without variables"),
                   ("cache_fill", "--graph, cache: first run"), ("cache_hit", "--graph, cache: second run"))
        for scale, runs in self.results["runs"].items():
            hosts = "{0:,} hosts".format(sum(SCALES[scale]))
            for kind, label in rows_of:
                run = runs.get(kind)
                if run is None:
                    continue
                name = "{0} {1}".format(hosts, label)
                if "failed" in run:
                    rows.append([name, "failed: " + run["failed"].splitlines()[0][:100]] + [""] * (len(headers) - 2))
                    continue
                floor = runs.get("floor_" + kind) if kind in ("list", "graph") else None
                many = " (median of {0})".format(run["runs"]) if run.get("runs", 1) > 1 else ""
                rows.append([
                    name + many, run.get("requests", "-") if not kind.startswith("floor") else "-",
                    seconds(run["wall"]), seconds(run["api_wall"]) if "api_wall" in run else "",
                    seconds(run["cpu"]), "{0:.2f} + {1:.2f}".format(run["user"], run["sys"]),
                    "{0:.3f}".format(self.per_host(run, scale)),
                    "{0:.3f}".format(self.per_host(run, scale, floor)) if floor else "",
                    "{0:.0f}".format(run["rss_mib"]), "{0:,}".format(run["hosts"]),
                    "{0:.1f}".format(run["variables"]) if "variables" in run else "",
                    run.get("groups", ""), "{0:.1f}".format(run["json_mib"]) if "json_mib" in run else ""])
            run = runs.get("list")
            if run:
                paths = run["by_path"]
                notes.append("{0}: {1} requests = {2} search, {3} listSearchOptions, initSession + killSession{4}, "
                             "which the emulator spent {5:.2f} s answering (one at a time); {6:,} hosts with "
                             "ansible_host.".format(
                                 hosts, run["requests"], sum(v for k, v in paths.items() if k.startswith("search/")),
                                 sum(v for k, v in paths.items() if k.startswith("listSearchOptions/")),
                                 "; {0} answered with an error".format(run["errors"]) if run["errors"] else "",
                                 run["emu_seconds"], run["hosts_with_ip"]))
            spread = []
            for kind, label in rows_of[:4]:
                run = runs.get(kind)
                if run and run.get("runs", 1) > 1:
                    spread.append("{0} {1}".format(label, " / ".join(seconds(v) for v in run["all_cpu"])))
            if spread:
                notes.append("{0}, CPU s of each run: {1}.".format(hosts, "; ".join(spread)))
            variables = (runs.get("floor_list") or {}).get("variables")
            per_variable = []
            for mode in ("list", "graph"):
                floor, bare = runs.get("floor_" + mode), runs.get("floor_novars_" + mode)
                if floor and bare and variables:
                    per_variable.append("`--{0}` {1:.3f} ms per host with no variable, {2:.3f} ms more for each "
                                        "variable".format(mode, self.per_host(bare, scale),
                                                          self.per_host(floor, scale, bare) / variables))
            if per_variable:
                notes.append("{0}, Ansible's own cost (the floor with its {1:.1f} variables per host and without any): "
                             "{2}.".format(hosts, variables, "; ".join(per_variable)))
            if "floor_same" in runs:
                floor = runs.get("floor_list") or {}
                notes.append("{0}: the floor's `--list` output against the plugin's: {1}. The floor read its data file "
                             "in {2:.2f} s CPU (included in its figures).".format(
                                 hosts, runs["floor_same"], floor.get("floor_load_cpu", 0)))
            warned = sorted(set(w for kind, _label in rows_of for w in (runs.get(kind) or {}).get("warnings", [])))
            if warned:
                notes.append("{0}: ansible-inventory warned: {1}".format(hosts, " / ".join(w[:200] for w in warned[:3])))
        base = self.results["baseline"]
        rows.append(["baseline: -i localhost, (median of {0})".format(base.get("runs", 1)), "", seconds(base["wall"]),
                     "", seconds(base["cpu"]), "{0:.2f} + {1:.2f}".format(base["user"], base["sys"]), "", "",
                     "{0:.0f}".format(base["rss_mib"]), 1, "", "", ""])
        self.table(headers, rows)
        self.bullets(notes + [
            "CPU ms/host: (CPU s - the baseline's CPU s) / hosts, the CPU beyond Ansible's own start-up "
            "(`ansible-inventory -i localhost, --list`) for each host. plugin - floor: (plugin CPU s - floor CPU s) / "
            "hosts, what the plugin itself costs per host (requests, decoding, naming, grouping) beyond Ansible's own "
            "work for those hosts.",
            "The floor (tests/bench/floor_plugins/bench_floor.py) is an inventory plugin that adds the hosts, "
            "variables (strings trusted as the plugin trusts them) and group memberships of the plugin's own "
            "`--list` output, read from a JSON file, with the plain inventory API (add_group, add_child, add_host, "
            "set_variable) and no request: what Ansible itself costs for this inventory, start-up included. "
            "On ansible-core 2.19+ InventoryData.set_variable inspects, copies and tags every value; the plugin "
            "sets its values (already typed and made safe) on the host directly, so it can cost less than the floor.",
            "`--graph` builds the same inventory but prints only the groups and hosts, without every host's "
            "variables (VariableManager.get_vars) and the JSON output of `--list`.",
            "old defaults: the same plugin with `fields: [{0}]`, the 15 variables it no longer sets by default, "
            "so it reads the 20 columns it used to read (null and empty values are not set).".format(
                ", ".join(OLD_DEFAULT_FIELDS)),
            "cache: `cache: true`, `cache_plugin: ansible.builtin.jsonfile`, `cache_connection` a new temporary "
            "directory; the first run fills it, the second must send no request (the bench fails otherwise).",
            "Runs measured more than once (see 'median of') are shown by their median CPU run. wall, CPU and peak "
            "RSS (ru_maxrss) are those of the ansible-inventory process, from os.wait4; the emulator runs in a "
            "process of its own. API s: from the first request to the last, as the emulator received them."])

    def naive(self):
        self.heading("The naive way (tests/bench/naive.py) against the plugin")
        rows, notes = [], []
        for scale, n in self.results["naive"].items():
            plugin = self.run(scale, "list") or {}
            hosts = "{0:,} hosts".format(sum(SCALES[scale]))
            est = n.get("estimated")
            figures = est or n
            reqs, wall, cpu = figures["requests"], figures["wall"], figures["cpu"]
            rows.append([
                hosts + (" (estimated)" if est else ""), "{0:,}".format(reqs), seconds(wall, 1), seconds(cpu, 1),
                plugin.get("requests", "-"), seconds(plugin["wall"]) if plugin else "-",
                seconds(plugin["api_wall"]) if plugin else "-",
                ratio(reqs, plugin.get("requests")), ratio(wall, plugin.get("wall"), 1),
                ratio(wall, plugin.get("api_wall")), "{0:.0f} min".format(reqs * REAL_MIN_REQUEST_SECONDS / 60)])
            script = n["script"]
            if est:
                notes.append(
                    "{0}: estimated from a measured sample, {1} of the {2:,} list pages and {3:,} of the {4:,} hosts "
                    "spread over the whole range ({5:,} requests in {6:.1f} s), each phase scaled to its full count; "
                    "the requests are counted exactly. Run in full it would add ~{7:.1f} min to make bench, which "
                    "is kept within ~10 minutes; the 12,000-host line shows how close the same sampling "
                    "comes.".format(
                        hosts, script["list_pages_measured"], script["list_pages_all"], script["hosts_measured"],
                        script["hosts_all"], n["requests"], n["wall"], est["wall"] / 60))
            else:
                check = n.get("sample_check")
                notes.append("{0}: measured in full, {1:,} requests counted by the emulator{2}.".format(
                    hosts, n["requests"],
                    "; the same sampling as at larger scales ({0} list pages, {1:,} hosts) estimated {2:.1f} s "
                    "({3:+.0%})".format(self.args.naive_sample_pages, self.args.naive_sample_hosts, check["wall"],
                                        check["wall"] / n["wall"] - 1) if check else ""))
        self.table(["", "naive requests", "naive wall s", "naive CPU s", "plugin requests", "plugin wall s",
                    "plugin API s", "requests naive / plugin", "wall naive / plugin", "naive wall / plugin API s",
                    "naive on a real GLPI, at least"], rows)
        self.bullets(notes + [
            "naive: `initSession`, `GET /<itemtype>/?range=a-b` 20 at a time (GLPI's default page), one "
            "`GET /<itemtype>/<id>?with_networkports=true` per host (`/<itemtype>/<id>/NetworkPort` has no IP), "
            "`killSession`; one request at a time over one keep-alive connection. Its wall time is the script's, "
            "which builds no inventory; the plugin's is the whole `ansible-inventory --list` (Ansible's start-up, "
            "hosts and groups, every host's variables, the JSON output), its API time only its requests.",
            "'naive on a real GLPI': the naive requests x {0} s, the fastest request recorded on a real GLPI "
            "10.0.12; the emulator answers a small request in ~3 ms.".format(REAL_MIN_REQUEST_SECONDS)])

    def matrix(self):
        args, defaults, matrix = self.args, self.defaults, self.results["matrix"]
        self.heading("page_size x max_workers at 12,000 hosts (ansible-inventory {0}{1})".format(
            args.matrix_mode, ", best of {0}".format(args.repeat) if args.repeat > 1 else ""))
        ok = [c for c in matrix if "failed" not in c]
        best = min(ok, key=lambda c: c["api_wall"]) if ok else None
        default = next((c for c in ok if c["page_size"] == defaults.get("page_size")
                        and c["max_workers"] == defaults.get("max_workers")), None)
        rows = []
        for c in matrix:
            marks = [m for m, on in (("fastest", c is best), ("default", c is default)) if on]
            label = ["{0}".format(c["page_size"]), c["max_workers"]]
            if "failed" in c:
                rows.append(label + ["failed: " + c["failed"][:80]] + [""] * 6)
                continue
            rows.append(label + [c["requests"], seconds(c["api_wall"]), seconds(c["emu_seconds"]),
                                 seconds(c["wall"]), seconds(c["cpu"]), "{0:.0f}".format(c["rss_mib"]),
                                 ", ".join(marks)])
        self.table(["page_size", "max_workers", "requests", "API s", "emulator s", "wall s", "CPU s",
                    "peak RSS MiB", ""], rows)
        pivot = []
        for page_size in args.page_sizes:
            cells = {c["max_workers"]: c for c in matrix if c["page_size"] == page_size}
            pivot.append([page_size] + ["failed" if "failed" in cells.get(w, {"failed": 1}) else
                                        seconds(cells[w]["api_wall"]) for w in args.workers])
        self.para("API seconds, page_size (rows) x max_workers (columns):\n")
        self.table(["page_size"] + ["{0} worker{1}".format(w, "s" if w > 1 else "") for w in args.workers], pivot)
        if best is not None:
            if default is None:
                versus = ""
            elif default is best:
                versus = "; that is the plugin's default"
            else:
                versus = "; the default ({0}, {1}) took {2:.2f} s ({3:+.0%})".format(
                    default["page_size"], default["max_workers"], default["api_wall"],
                    default["api_wall"] / best["api_wall"] - 1)
            notes = [
                "API s (first to last request) is what page_size and max_workers change; wall s adds Ansible's "
                "start-up and the building of hosts and groups, the same work in every cell (and the noise of the "
                "machine's other jobs). Fastest API phase here: page_size {0}, max_workers {1}, {2:.2f} s{3}.".format(
                    best["page_size"], best["max_workers"], best["api_wall"], versus)]
            if default is not None and default.get("reused"):
                notes.append("The default pair's cell is not run again: it is the default configuration's {0} runs "
                             "above (the one with the shortest API phase).".format(args.matrix_mode))
            noise = self.results.get("noise") or {}
            pair = (noise.get("page_size"), noise.get("max_workers"))
            same = [c for c in ok if (c["page_size"], c["max_workers"]) == pair]
            if noise.get("api") and same:
                runs = noise["api"] if same[0].get("reused") else [same[0]["api_wall"]] + noise["api"]
                notes.append(
                    "Run to run, the same pair ({0}, {1}) took {2} s in {3} runs (a spread of {4:.2f} s); a single "
                    "cell can be off by more when another job on the machine runs at the same time.".format(
                        noise["page_size"], noise["max_workers"], " / ".join(seconds(v) for v in runs), len(runs),
                        max(runs) - min(runs)))
            self.bullets(notes)

    def profile(self):
        prof = self.results["profile"]
        self.heading("Where the CPU goes (12,000 hosts, ansible-inventory --list under cProfile)")
        self.para("Profiled total {0:.1f} s: cProfile slows Python code down about 3 times, read the shares. "
                  "It sees the main thread only (pages fetched by worker threads appear as waiting).\n".format(
                      prof["total"]))
        self.table(["phase", "s (profiled)", "share"],
                   [[name, seconds(secs, 1), "{0:.0%}".format(share)] for name, secs, share in prof["phases"]])
        self.table(["functions with the most own time", "own s", "calls"],
                   [[name, seconds(tt), calls] for tt, calls, name in prof["own"]])
        self.table(["functions of the collection", "cumulative s", "own s", "calls"],
                   [[name, seconds(ct), seconds(tt), calls] for ct, tt, calls, name in prof["plugin"]])


def report(results, args, markdown):
    return Report(results, args, markdown).render()


def fmt_load(load):
    return "{0:.1f}, {1:.1f}, {2:.1f}".format(*load) if load else "?"


NOTES = """
## Reading these figures

- **The emulator is not GLPI.** It is one Python process on the same 2 cores as ansible-inventory, and it
  answers one request at a time (every API call runs under its store lock). Parallel pages
  (`max_workers` > 1) can only overlap the plugin's decoding with the emulator's work and the two
  processes then compete for the 2 cores; a real GLPI (PHP-FPM workers, MariaDB) answers several
  pages at once on its own machine. The benchmark's emulator filters and sorts a search's assets
  once and keeps that order for the search's next pages, as MariaDB reads pages from an ordered
  index (the stock emulator filters and sorts them again for each page: 0.37 s a page at 50,000
  assets); each page is still cut and rendered on its own, so small pages cost more here. Treat the
  page_size x max_workers table as a check that the defaults are not a bad choice, not as the
  tuning for a production GLPI.
- **What the real GLPI 10.0.12 recordings say about page sizes** (tests/conformance/recordings, scale
  recordings 130-132, 2,512 computers and 302 network devices): `Accept-Range` says 1000 but is not
  enforced, `range=0-4999` returned all 2,512 rows. `search/Computer` with forcedisplay 1, 2, 3, 31, 80,
  126 (6 of the plugin's 14 columns): 1,000 rows took 0.152 s, 0.119 s and the last 512 rows 0.090 s
  (0.36 s for the 3 pages), the 2,512 rows in one page 0.246 s, a page of 20 rows 0.062 s.
  A search page thus costs ~0.06 s of fixed work on the real server plus ~0.075 ms a row (a line
  through the 20-row and the 2,512-row pages). For 12,000 hosts that is ~0.9 s of rows whatever the
  page size, plus the fixed part: 12 pages of 1,000 ~0.7 s, 3 pages of 5,000 ~0.2 s, one after the
  other. With max_workers 4 a real GLPI answers the pages in parallel PHP workers, which saves more
  than bigger pages do, while each answer stays at the size GLPI advertises (`Accept-Range: 1000`) and
  in PHP's memory_limit. `GET /Computer/?range=0-999` (all fields and HATEOAS links, what the naive
  script reads) was 3.2 MB in 0.10 s, against 77 KB for the search page.
- **TCP_NODELAY.** tests/bench/emulator_server.py turns Nagle's algorithm off on the emulator's sockets,
  as Apache and nginx do. The stock emulator writes headers and body in two writes and, with Linux's
  delayed ACK, every answer then waits ~40 ms (measured here: 44 ms for `getActiveProfile`, 2.5 ms
  with TCP_NODELAY); the naive script's 12,000+ requests would measure that stall instead of the work.
- **The naive script on a real GLPI** would be slower than here: its column '>=' multiplies its
  requests by {real_min} s, the fastest request recorded on the real server (302 rows of
  NetworkEquipment); a PHP request with a session costs at least that.
- **CPU of ansible-inventory** includes Ansible's start-up (the baseline row) and, for `--list`,
  computing every host's variables and writing the JSON: costs of `ansible-inventory --list` itself
  rather than of the plugin (`--graph` skips them). The floor measures them for the very hosts,
  variables and groups the plugin made, so "plugin - floor" is what the plugin adds; the profile
  above splits the same CPU by function.
- The machine is shared: other jobs may run at the same time (see the load averages), which
  stretches wall times more than CPU times.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collections-path", default=os.environ.get("ANSIBLE_COLLECTIONS_PATH"),
                        help="where glpi.itsm is installed (make install: $(BUILD)/installed)")
    parser.add_argument("--output", default=os.path.join(REPO, "docs", "inventory-benchmark.md"),
                        help="the Markdown report ('-' for none)")
    parser.add_argument("--scales", nargs="+", choices=sorted(SCALES), default=["12k", "50k"])
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of the plugin and of the floor, --list and --graph, at 12,000 hosts (the median "
                             "by CPU is kept)")
    parser.add_argument("--runs-large", type=int, default=1, help="the same at 50,000 hosts")
    parser.add_argument("--no-floor", dest="floor", action="store_false",
                        help="skip the floor (Ansible's own cost for the same hosts, variables and groups)")
    parser.add_argument("--no-old-defaults", dest="old_defaults", action="store_false",
                        help="skip the runs with the old defaults (the 20 variables) at 12,000 hosts")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="skip the check of the cache (two runs with cache: true) at 12,000 hosts")
    parser.add_argument("--page-sizes", nargs="+", type=int, default=None,
                        help="page sizes of the matrix (default: {0})".format(" ".join(map(str, PAGE_SIZES))))
    parser.add_argument("--workers", nargs="+", type=int, default=None,
                        help="max_workers of the matrix (default: {0})".format(" ".join(map(str, WORKERS))))
    parser.add_argument("--full-matrix", action="store_true",
                        help="every pair of page sizes {0} and max_workers {1}".format(
                            " ".join(map(str, FULL_PAGE_SIZES)), " ".join(map(str, FULL_WORKERS))))
    parser.add_argument("--matrix-mode", choices=["--graph", "--list"], default="--graph",
                        help="the ansible-inventory output used for the page_size x max_workers runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page_size x max_workers cell (best kept)")
    parser.add_argument("--noise-runs", type=int, default=2,
                        help="runs of the default pair after the table, to show the run-to-run spread, when the "
                             "default configuration's own runs (--runs) are not enough")
    parser.add_argument("--no-matrix", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--no-profile", dest="profile", action="store_false",
                        help="skip the cProfile run of ansible-inventory at 12k hosts")
    parser.add_argument("--naive-full-max", type=int, default=12000,
                        help="run the naive script in full up to this many hosts, else a sample")
    parser.add_argument("--naive-sample-pages", type=int, default=100)
    parser.add_argument("--naive-sample-hosts", type=int, default=2000)
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed to each measured process")
    args = parser.parse_args(argv)
    if args.page_sizes is None:
        args.page_sizes = list(FULL_PAGE_SIZES if args.full_matrix else PAGE_SIZES)
    if args.workers is None:
        args.workers = list(FULL_WORKERS if args.full_matrix else WORKERS)
    if args.runs < 1 or args.runs_large < 1:
        parser.error("--runs and --runs-large must be at least 1")
    if not args.collections_path:
        parser.error("--collections-path (or ANSIBLE_COLLECTIONS_PATH) is required")
    args.collections_path = os.path.abspath(args.collections_path)
    if not os.path.isdir(os.path.join(args.collections_path, "ansible_collections", "glpi", "itsm")):
        parser.error("glpi.itsm is not installed under {0} (make install BUILD=...)".format(args.collections_path))

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    bench = Bench(args)
    try:
        results = bench.run()
    except BenchError as exc:
        print("bench failed: {0}".format(exc), file=sys.stderr)
        return 1
    finally:
        stop_all()
        shutil.rmtree(bench.workdir, ignore_errors=True)
    results["command"] = shlex.join(["python", os.path.relpath(os.path.abspath(__file__), REPO)]
                                    + list(sys.argv[1:] if argv is None else argv))
    print(report(results, args, markdown=False))
    if results["failures"]:
        unwritten = "" if args.output == "-" else " ({0} not written)".format(os.path.relpath(args.output, os.getcwd()))
        print("bench failed: {0}{1}".format("; ".join(results["failures"]), unwritten), file=sys.stderr)
        return 1
    if args.output != "-":
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w") as fh:
            fh.write(report(results, args, markdown=True))
        print("written to {0}".format(os.path.relpath(args.output, os.getcwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
