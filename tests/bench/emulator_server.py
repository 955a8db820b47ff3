"""The GLPI emulator filled for the inventory benchmark, in the foreground, in its own process.

    python tests/bench/emulator_server.py --computers 10000 --network-equipment 2000 --url-file F

Like ``python -m emulator --bulk-computers N --bulk-network-equipment N``, but every bulk asset
also gets what a real inventory has, which the emulator's CLI cannot ask for:

- an Ethernet port with a MAC, a network name and an IPv4 address (``with_network=True``);
- an entity (Root entity, or one of 2 regions / 6 countries under it),
- a location (a tree of 8 cities > 2 buildings > 3 rooms),
- a state (In production / In stock / Retired),

spread round-robin, so that every group the plugin makes (entity, location, state trees) is
filled. It prints the API URL (and writes it to --url-file) and serves until SIGTERM/SIGINT.

Three things differ from the stock emulator, all for measuring:

- its sockets set TCP_NODELAY, as Apache and nginx do. The emulator writes the headers and the
  body of an answer in two writes; without TCP_NODELAY, Nagle's algorithm holds the body back
  until the client acknowledges the headers, and Linux's delayed ACK makes that ~40 ms: every
  request would cost >= 40 ms whatever it does (--no-nodelay keeps that behaviour);
- the store does not change once filled, so each search's rows, filtered and ordered, are kept
  for its next pages (keep_ordered_rows). MariaDB reads a page from an ordered index; the stock
  emulator filters and sorts every asset again for each page in Python (0.37 s a page at 50,000
  assets, 18 s for the 50 pages, which the benchmark would count as the plugin's wall time);
- ``GET /_emulator/bench-timings`` tells how long the API took to answer since the last
  ``POST /_emulator/clear-requests``: requests, seconds spent handling them (the emulator
  handles one request at a time, under its store lock), the CPU seconds of that, and the
  arrival times of the first and last request (time.time()).
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from emulator import GlpiEmulator, search, server  # noqa: E402  (tests/ on sys.path above)
from emulator.api import Response  # noqa: E402

ADMIN = 2
REGIONS = {"Europe": ("France", "Germany", "Spain"), "Americas": ("USA", "Canada", "Brazil")}
CITIES = ("Paris", "Lyon", "Berlin", "Madrid", "New York", "Chicago", "Toronto", "Sao Paulo")
STATES = ("In production", "In stock", "Retired")


def add_dropdowns(store):
    """Entities, a location tree and states; returns (entity ids, leaf location ids, state ids)."""
    entities = [0]
    for region, countries in REGIONS.items():
        region_id = store.add("Entity", {"name": region, "entities_id": 0}, user_id=ADMIN)
        entities.append(region_id)
        for country in countries:
            entities.append(store.add("Entity", {"name": country, "entities_id": region_id},
                                      user_id=ADMIN))
    locations = []
    for city in CITIES:
        city_id = store.add("Location", {"name": city, "entities_id": 0, "is_recursive": 1},
                            user_id=ADMIN)
        for building in ("Building A", "Building B"):
            building_id = store.add("Location", {"name": building, "locations_id": city_id,
                                                 "entities_id": 0, "is_recursive": 1},
                                    user_id=ADMIN)
            for room in range(1, 4):
                locations.append(store.add("Location", {
                    "name": "Room %d" % room, "locations_id": building_id, "entities_id": 0,
                    "is_recursive": 1}, user_id=ADMIN))
    states = [store.add("State", {"name": name, "entities_id": 0, "is_recursive": 1},
                        user_id=ADMIN) for name in STATES]
    return entities, locations, states


def spread(store, itemtype, entities, locations, states):
    """Give each bulk asset (and its port, network name and IP) an entity, a location, a state."""
    children = {}
    for child_type in ("NetworkPort", "NetworkName", "IPAddress"):
        for child in store.items[child_type].values():
            children.setdefault((child["itemtype"], child["items_id"]), []).append(
                (child_type, child))
    for n, item in enumerate(store.items[itemtype].values()):
        if not str(item.get("name") or "").startswith("bench-"):
            continue
        entity = entities[n % len(entities)]
        item["entities_id"] = entity
        item["locations_id"] = locations[(n // 3) % len(locations)]
        item["states_id"] = states[0] if n % 10 < 8 else states[1 + n % 2]
        stack = [(itemtype, item["id"])]
        while stack:
            for child_type, child in children.get(stack.pop(), ()):
                child["entities_id"] = entity
                stack.append((child_type, child["id"]))


def keep_ordered_rows(engine_class):
    """Keep each search's visible rows and their order for its next pages (the store is filled
    once and never changes here); every page is still cut and rendered from them."""
    candidates, sort = engine_class._candidates, engine_class._sort
    kept = {}

    def search_key(engine, what):
        params = engine.params
        return (what, engine.session.token, engine.itemtype, str(params.get("is_deleted")),
                json.dumps(params.get("criteria"), sort_keys=True, default=str),
                str(params.get("sort")), str(params.get("order")))

    def kept_candidates(engine, is_deleted):
        key = search_key(engine, "candidates")
        if key not in kept:
            kept[key] = candidates(engine, is_deleted)
        return list(kept[key])  # the search filters and sorts its own copy

    def kept_sort(engine, rows):
        key = search_key(engine, "sorted")
        if key not in kept:
            answer = sort(engine, rows)
            kept[key] = (list(rows), answer)
            return answer
        ordered, answer = kept[key]
        rows[:] = ordered
        return answer

    engine_class._candidates, engine_class._sort = kept_candidates, kept_sort


def instrument(emu):
    """Time every API call, and answer GET /_emulator/bench-timings."""
    timings = {"requests": 0, "handle_seconds": 0.0, "handle_cpu_seconds": 0.0}
    handle, control = emu.api.handle, emu._control

    def timed_handle(req):
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return handle(req)
        finally:
            timings["requests"] += 1  # under the store lock (server.py), like the store itself
            timings["handle_seconds"] += time.perf_counter() - started
            timings["handle_cpu_seconds"] += time.thread_time() - cpu

    def bench_control(method, path, query, body):
        name = path[len("/_emulator/"):].strip("/")
        if name == "clear-requests" and method == "POST":
            with emu.store.lock:
                timings.update(requests=0, handle_seconds=0.0, handle_cpu_seconds=0.0)
        elif name == "bench-timings" and method == "GET":
            with emu._lock:
                times = [r.time for r in emu.requests]
            with emu.store.lock:
                answer = dict(timings, first=min(times) if times else None,
                              last=max(times) if times else None)
            return Response(200, [("Content-Type", "application/json")], json.dumps(answer))
        return control(method, path, query, body)

    emu.api.handle = timed_handle
    emu._control = bench_control


def build(computers, network_equipment, host="127.0.0.1", port=0, nodelay=True):
    # StreamRequestHandler sets TCP_NODELAY on each connection when this is true.
    server._Handler.disable_nagle_algorithm = nodelay
    keep_ordered_rows(search.SearchEngine)
    emu = GlpiEmulator(host=host, port=port)
    instrument(emu)
    store = emu.store
    with store.lock:
        entities, locations, states = add_dropdowns(store)
    emu.add_bulk_assets(computers=computers, network_equipment=network_equipment,
                        with_network=True)
    with store.lock:
        for itemtype in ("Computer", "NetworkEquipment"):
            spread(store, itemtype, entities, locations, states)
    return emu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--computers", type=int, default=10000)
    parser.add_argument("--network-equipment", type=int, default=2000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--url-file")
    parser.add_argument("--parent-pid", type=int,
                        help="stop when the parent process is no longer this one (it is gone)")
    parser.add_argument("--no-nodelay", action="store_true",
                        help="leave Nagle's algorithm on, as the stock emulator does")
    args = parser.parse_args(argv)

    started = time.time()
    emu = build(args.computers, args.network_equipment, args.host, args.port,
                nodelay=not args.no_nodelay)
    emu.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    if args.url_file:
        with open(args.url_file + ".tmp", "w") as fh:
            fh.write(emu.api_url + "\n")
        os.replace(args.url_file + ".tmp", args.url_file)
    print("%s (%d computers, %d network equipment, filled in %.1f s%s)" % (
        emu.api_url, args.computers, args.network_equipment, time.time() - started,
        "" if not args.no_nodelay else ", Nagle on"), flush=True)
    try:
        while not stop.wait(0.5):
            if args.parent_pid and os.getppid() != args.parent_pid:
                break  # the benchmark that started us is gone
    finally:
        emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
