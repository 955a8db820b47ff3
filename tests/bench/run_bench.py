"""Benchmark of the glpi.itsm.glpi inventory plugin against the GLPI emulator (`make bench`).

    ANSIBLE_COLLECTIONS_PATH=/tmp/build-bench/installed \\
        .venv/bin/python tests/bench/run_bench.py --collections-path /tmp/build-bench/installed

For 12,000 hosts (10,000 Computers + 2,000 NetworkEquipment) and 50,000 hosts (42,000 + 8,000),
each with an entity, a location, a state, a port with a MAC and an IPv4 address, it measures
`ansible-inventory -i bench.glpi.yml --list`: the requests the emulator received, the wall time,
the CPU time (user + sys) and the peak RSS of the ansible-inventory process (os.wait4), and the
time the API took (first to last request, as the emulator saw them). It compares that with the
naive script of naive.py (one request per 20 assets, then one per host), in full at 12,000 hosts
and from a measured sample at 50,000, and at 12,000 hosts it times every page_size x max_workers
pair. The emulator runs in its own process (emulator_server.py); every process started here is
stopped at the end, also on failure or Ctrl-C.

Prints the tables and writes them, with the machine, versions and notes, to --output
(docs/inventory-benchmark.md).
"""

import argparse
import datetime
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
PAGE_SIZES = (500, 1000, 2000, 5000)
WORKERS = (1, 2, 4, 8)
# The fastest request recorded on the real GLPI 10.0.12 (recording 132: GET
# /NetworkEquipment/?range=0-999, 302 rows, 0.034 s); small requests cost at least that there.
REAL_MIN_REQUEST_SECONDS = 0.034

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
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith("GLPI_"))
        env.update(ANSIBLE_COLLECTIONS_PATH=args.collections_path,
                   ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOST_KEY_CHECKING="0", NO_PROXY="127.0.0.1,localhost",
                   no_proxy="127.0.0.1,localhost", GLPI_USER_TOKEN=USER_TOKEN)
        env.pop("ANSIBLE_CONFIG", None)
        self.env = env
        self.results = {"runs": {}, "matrix": [], "naive": {}, "profile": None}
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
        """A <name>.glpi.yml; options left out keep the plugin's defaults. No cache."""
        path = os.path.join(self.workdir, name + ".glpi.yml")
        lines = ["plugin: glpi.itsm.glpi", "cache: false"]
        lines += ["{0}: {1}".format(k, json.dumps(v)) for k, v in options.items()]
        with open(path, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        return path

    # ---- one ansible-inventory run

    def inventory(self, emu, config, mode="--list", label="", expect_hosts=None, profile=None):
        env = dict(self.env, GLPI_URL=emu.api_url)
        cmd = [self.ansible_inventory, "-i", config, mode]
        if profile:
            cmd = [self.python, "-m", "cProfile", "-o", profile] + cmd
        out = os.path.join(self.workdir, "inventory.out")
        err = os.path.join(self.workdir, "inventory.err")
        emu.clear()
        result = measure(cmd, env, self.workdir, out, err, self.args.timeout)
        if result["rc"] != 0:
            raise BenchError("ansible-inventory {0} failed (rc={1}) {2}:\n{3}".format(
                mode, result["rc"], label, tail(err)))
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
            result["hosts"] = len(hostvars)
            result["hosts_with_ip"] = sum(1 for v in hostvars.values() if v.get("ansible_host"))
            result["groups"] = len([g for g in inventory if g != "_meta"])
            result["json_mib"] = os.path.getsize(out) / 1048576.0
            if expect_hosts is not None and result["hosts"] != expect_hosts:
                raise BenchError("ansible-inventory listed {0} hosts, expected {1} {2}".format(
                    result["hosts"], expect_hosts, label))
        return result

    def baseline(self):
        """ansible-inventory on a one-host inventory: Ansible's own start-up cost."""
        out, err = os.path.join(self.workdir, "baseline.out"), os.path.join(self.workdir, "baseline.err")
        result = measure([self.ansible_inventory, "-i", "localhost,", "--list"], self.env, self.workdir,
                         out, err, 120)
        if result["rc"] != 0:
            raise BenchError("ansible-inventory -i localhost, failed:\n" + tail(err))
        return result

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

    def matrix(self, emu):
        """Every page_size x max_workers pair; of --repeat runs, the one with the shortest API phase."""
        args = self.args
        for page_size in args.page_sizes:
            for workers in args.workers:
                config = self.config("matrix", page_size=page_size, max_workers=workers)
                label = "(page_size {0}, max_workers {1})".format(page_size, workers)
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
                self.log("12k: page_size {0:>5} max_workers {1}: {2}".format(
                    page_size, workers, cell.get("failed") or fmt_run(cell)))
        # How much the same pair varies from run to run (the machine is shared): the defaults again.
        defaults = self.results.get("defaults") or {}
        pair = (defaults.get("page_size") or 1000, defaults.get("max_workers") or 4)
        config = self.config("noise", page_size=pair[0], max_workers=pair[1])
        again = [self.inventory(emu, config, args.matrix_mode, "(again)") for _run in range(args.noise_runs)]
        self.results["noise"] = dict(page_size=pair[0], max_workers=pair[1], api=[r["api_wall"] for r in again],
                                     wall=[r["wall"] for r in again])
        if again:
            self.log("12k: page_size {0} max_workers {1} again: API {2}".format(
                pair[0], pair[1], ", ".join("{0:.2f} s".format(r["api_wall"]) for r in again)))

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

    # ---- the benchmark

    def run(self):
        args = self.args
        self.results["env"] = environment(self)
        defaults = self.plugin_defaults()
        self.results["defaults"] = defaults
        self.log("plugin defaults: {0}".format(defaults or "unknown"))
        self.results["baseline"] = self.baseline()
        self.log("ansible-inventory -i localhost, --list: {0}".format(fmt_run(self.results["baseline"])))
        default_config = self.config("bench")
        # Warms up the emulator (its search options) and the collection's .pyc files, cheaply.
        warmup_config = self.config("warmup", itemtypes=["NetworkEquipment"])

        for scale in args.scales:
            computers, network = SCALES[scale]
            self.log("{0}: starting the emulator with {1} Computers + {2} NetworkEquipment".format(
                scale, computers, network))
            with Emulator(computers, network, self.workdir, self.python) as emu:
                self.log("{0}: emulator at {1}".format(scale, emu.api_url))
                self.inventory(emu, warmup_config, "--graph", "(warm-up)")
                run = self.inventory(emu, default_config, "--list", scale, expect_hosts=computers + network)
                self.results["runs"][scale] = run
                self.log("{0}: plugin (defaults) --list: {1}".format(scale, fmt_run(run)))
                if scale == "12k" and args.profile:
                    self.profile(emu, default_config, computers + network)
                if scale == "12k" and not args.no_matrix:
                    self.matrix(emu)
                if not args.no_naive:
                    self.results["naive"][scale] = self.naive_runs(emu, scale, computers + network)
        self.results["env"]["load_after"] = load_average()
        self.results["env"]["duration"] = time.time() - self.started
        return self.results


# --------------------------------------------------------------------------- helpers

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
            self.para("{0}, {1} ({2} cores), {3}; load {4} -> {5}; {6}; Python {7}; {8}; glpi.itsm {9}, {10}".format(
                env["os"], env["cpu"], env["cores"], env["mem"], fmt_load(env["load_before"]),
                fmt_load(env.get("load_after")), env["date"], env["python"], env["ansible"], env["collection"],
                env["commit"]))
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

    def summary(self):
        """The headline figures in a few sentences."""
        results, items = self.results, []
        for scale, run in results["runs"].items():
            items.append("{0:,} hosts: {1} requests, {2:.1f} s wall, {3:.1f} s CPU, {4:.0f} MiB peak RSS for "
                         "`ansible-inventory --list` (of which {5:.1f} s waiting for the API).".format(
                             sum(SCALES[scale]), run["requests"], run["wall"], run["cpu"], run["rss_mib"],
                             run["api_wall"]))
        for scale, n in (results.get("naive") or {}).items():
            plugin = results["runs"].get(scale)
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
            "`ansible-inventory -i bench.glpi.yml --list` against the GLPI emulator filled with assets that each "
            "have an entity (9 in a tree), a location (8 cities > 2 buildings > 3 rooms), a state, and a port "
            "with a MAC and an IPv4 address. The configuration file sets only `plugin: glpi.itsm.glpi` and "
            "`cache: false`, so the plugin runs with its defaults ({0}, itemtypes {1}).\n".format(
                self.default_label(), ", ".join(self.defaults.get("itemtypes") or ["?"])))
        self.heading("How it was run")
        self.para("```bash\n"
                  "make bench                          # make install, then tests/bench/run_bench.py\n"
                  "make bench BUILD=/tmp/build-bench   # another build directory\n"
                  "make bench BENCH_ARGS='--scales 12k --no-matrix --no-profile'   # a quicker subset (--help)\n"
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
        self.heading("The plugin: ansible-inventory --list ({0})".format(self.default_label()))
        rows, made_of = [], []
        for scale, run in self.results["runs"].items():
            hosts = "{0:,} hosts".format(sum(SCALES[scale]))
            rows.append([hosts, run["requests"], seconds(run["wall"]), seconds(run["api_wall"]),
                         seconds(run["emu_seconds"]), seconds(run["cpu"]),
                         "{0:.2f} + {1:.2f}".format(run["user"], run["sys"]), "{0:.0f}".format(run["rss_mib"]),
                         "{0:,}".format(run["hosts"]), "{0:,}".format(run["hosts_with_ip"]), run["groups"],
                         "{0:.1f}".format(run["json_mib"])])
            paths = run["by_path"]
            made_of.append("{0}: {1} requests = {2} search, {3} listSearchOptions, initSession + killSession{4}".format(
                hosts, run["requests"], sum(v for k, v in paths.items() if k.startswith("search/")),
                sum(v for k, v in paths.items() if k.startswith("listSearchOptions/")),
                "; {0} answered with an error".format(run["errors"]) if run["errors"] else ""))
        graph = next((c for c in self.results.get("matrix") or [] if "failed" not in c
                      and (c["page_size"], c["max_workers"]) == (self.defaults.get("page_size"),
                                                                 self.defaults.get("max_workers"))), None)
        if graph is not None and self.args.matrix_mode == "--graph":
            graph_row = ["12,000 hosts, --graph", graph["requests"], seconds(graph["wall"]),
                         seconds(graph["api_wall"]), seconds(graph["emu_seconds"]), seconds(graph["cpu"]),
                         "{0:.2f} + {1:.2f}".format(graph["user"], graph["sys"]), "{0:.0f}".format(graph["rss_mib"]),
                         "", "", "", ""]
            rows.insert(1 if "12k" in self.results["runs"] else len(rows), graph_row)
            made_of.append("12,000 hosts, --graph: the same run with `--graph` instead of `--list` (from the "
                           "page_size x max_workers table), so without every host's variables and the JSON output: "
                           "what the plugin itself costs, with Ansible's start-up.")
        base = self.results["baseline"]
        rows.append(["baseline: -i localhost,", 0, seconds(base["wall"]), "", "", seconds(base["cpu"]),
                     "{0:.2f} + {1:.2f}".format(base["user"], base["sys"]), "{0:.0f}".format(base["rss_mib"]),
                     1, "", "", ""])
        self.table(["", "requests", "wall s", "API s", "emulator s", "CPU s", "user + sys", "peak RSS MiB",
                    "hosts", "with ansible_host", "groups", "JSON MiB"], rows)
        self.bullets(made_of + [
            "wall, CPU and peak RSS (ru_maxrss) are those of the ansible-inventory process, from os.wait4; the "
            "emulator runs in a process of its own. API s: from the first request to the last, as the emulator "
            "received them. emulator s: the time the emulator spent answering them (one at a time). The baseline "
            "is Ansible's own start-up (`ansible-inventory -i localhost, --list`)."])

    def naive(self):
        self.heading("The naive way (tests/bench/naive.py) against the plugin")
        rows, notes = [], []
        for scale, n in self.results["naive"].items():
            plugin = self.results["runs"].get(scale) or {}
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
            noise = self.results.get("noise") or {}
            pair = (noise.get("page_size"), noise.get("max_workers"))
            same = [c for c in ok if (c["page_size"], c["max_workers"]) == pair]
            if noise.get("api") and same:
                runs = [same[0]["api_wall"]] + noise["api"]
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
  pages at once on its own machine. Each emulated search also filters and sorts every asset of the
  itemtype again, in Python, for each page, so a page costs more the more assets there are (see
  "emulator s" at 50,000 hosts) and small pages cost more here than on MariaDB. Treat the
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
  rather than of the plugin (the `--graph` runs of the page_size x max_workers table skip them).
  The profile above splits them.
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
    parser.add_argument("--page-sizes", nargs="+", type=int, default=list(PAGE_SIZES))
    parser.add_argument("--workers", nargs="+", type=int, default=list(WORKERS))
    parser.add_argument("--matrix-mode", choices=["--graph", "--list"], default="--graph",
                        help="the ansible-inventory output used for the page_size x max_workers runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page_size x max_workers cell (best kept)")
    parser.add_argument("--noise-runs", type=int, default=2,
                        help="runs of the default pair after the table, to show the run-to-run spread")
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
    if args.output != "-":
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, "w") as fh:
            fh.write(report(results, args, markdown=True))
        print("written to {0}".format(os.path.relpath(args.output, os.getcwd())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
