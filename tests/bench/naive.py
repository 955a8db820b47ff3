"""The naive way to build an inventory from GLPI, without the inventory plugin.

What a user would write with ``requests`` and GLPI's API documentation: open a session, list
every Computer and NetworkEquipment 20 at a time (``GET /Computer/?range=0-19``, GLPI's default
page), then ask each host for its network ports to find its IP addresses
(``GET /Computer/<id>?with_networkports=true``: ``/Computer/<id>/NetworkPort`` has no IPs), and
close the session. One request at a time, over one keep-alive connection.

    python tests/bench/naive.py --url http://127.0.0.1:PORT/apirest.php --user-token T

``--max-list-pages`` and ``--max-hosts`` bound the loops for a measured sample (pages and hosts
then spread evenly over the whole range); the JSON printed on stdout says what was measured:
requests sent, seconds per phase, pages and hosts in all.
"""

import argparse
import json
import re
import resource
import sys
import time

import requests

PAGE = 20  # GLPI's default range (0-19), what a script gets without asking for more
ITEMTYPES = ("Computer", "NetworkEquipment")


def spread(count, limit):
    """``limit`` indexes evenly spread over range(count) (all of them when limit is None)."""
    if limit is None or limit >= count:
        return list(range(count))
    if limit <= 0:
        return []
    return sorted({int(i * count / limit) for i in range(limit)})


class Naive:
    def __init__(self, url, user_token, timeout=30):
        self.url = url.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = "user_token " + user_token
        self.timeout = timeout
        self.requests = 0

    def get(self, path, **params):
        self.requests += 1
        response = self.http.get(self.url + path, params=params, timeout=self.timeout)
        if response.status_code >= 400:
            raise SystemExit("GET %s: HTTP %d %s" % (path, response.status_code, response.text[:200]))
        return response

    def init_session(self):
        token = self.get("/initSession").json()["session_token"]
        del self.http.headers["Authorization"]
        self.http.headers["Session-Token"] = token

    def kill_session(self):
        self.get("/killSession")

    def list_page(self, itemtype, start):
        response = self.get("/%s/" % itemtype, range="%d-%d" % (start, start + PAGE - 1))
        match = re.match(r"\d+-\d+/(\d+)", response.headers.get("Content-Range", ""))
        rows = response.json()
        return rows, int(match.group(1)) if match else len(rows)

    def host_ips(self, itemtype, item_id):
        item = self.get("/%s/%d" % (itemtype, item_id), with_networkports="true").json()
        ports = item.get("_networkports") or {}
        ips = []
        for rows in (ports.values() if isinstance(ports, dict) else []):
            for port in rows:
                for address in (port.get("NetworkName") or {}).get("IPAddress") or []:
                    if address.get("name"):
                        ips.append(address["name"])
        return item.get("name"), ips


def run(url, user_token, max_list_pages=None, max_hosts=None):
    """Run the naive inventory (or a sample of it); returns the measurements as a dict."""
    naive = Naive(url, user_token)
    out = {"page": PAGE, "list": {}, "hosts": {}}
    started = time.perf_counter()
    naive.init_session()
    try:
        # 1. the lists, 20 at a time; with max_list_pages, the first page (for the total) and
        #    pages spread over the rest.
        hosts = []
        list_started, list_requests, pages_done, pages_all = time.perf_counter(), naive.requests, 0, 0
        for itemtype in ITEMTYPES:
            rows, total = naive.list_page(itemtype, 0)
            pages = (total + PAGE - 1) // PAGE
            ids = [row["id"] for row in rows]
            per_type = None if max_list_pages is None else max(1, max_list_pages // len(ITEMTYPES))
            indexes = spread(pages, per_type)  # always starts with page 0, read above
            for index in indexes[1:]:
                rows, _total = naive.list_page(itemtype, index * PAGE)
                ids.extend(row["id"] for row in rows)
            pages_done += len(indexes)
            pages_all += pages
            out["list"][itemtype] = total
            hosts.extend((itemtype, i) for i in ids)
        out["list_seconds"] = time.perf_counter() - list_started
        out["list_requests"] = naive.requests - list_requests
        out["list_pages_measured"], out["list_pages_all"] = pages_done, pages_all
        host_count = sum(out["list"].values())

        # 2. one request per host for its IPs. In a sample, the hosts are those of the pages
        #    read (spread over every itemtype and over the id range).
        hosts_started, host_requests, with_ip = time.perf_counter(), naive.requests, 0
        for index in spread(len(hosts), max_hosts):
            itemtype, item_id = hosts[index]
            _name, ips = naive.host_ips(itemtype, item_id)
            with_ip += bool(ips)
        out["hosts_seconds"] = time.perf_counter() - hosts_started
        out["hosts_measured"] = naive.requests - host_requests
        out["hosts_all"] = host_count
        out["hosts_with_ip"] = with_ip
    finally:
        naive.kill_session()
    out["requests"] = naive.requests
    out["seconds"] = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    out["sample"] = out["list_pages_measured"] < out["list_pages_all"] or out["hosts_measured"] < out["hosts_all"]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the apirest.php URL")
    parser.add_argument("--user-token", required=True)
    parser.add_argument("--max-list-pages", type=int, help="measure only this many list pages")
    parser.add_argument("--max-hosts", type=int, help="measure only this many per-host requests")
    args = parser.parse_args(argv)
    json.dump(run(args.url, args.user_token, args.max_list_pages, args.max_hosts), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
