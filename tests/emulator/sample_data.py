"""Demo data (load_sample_data) and fast bulk assets for benchmarks (add_bulk_assets)."""

import ipaddress

from .util import now_str

ADMIN = 2  # actions are logged as "glpi (2)"


def _port(store, itemtype, item_id, number, mac, netname, ips):
    port_id = store.add("NetworkPort", {
        "itemtype": itemtype, "items_id": item_id, "logical_number": number,
        "name": "eth%d" % number, "instantiation_type": "NetworkPortEthernet", "mac": mac},
        user_id=ADMIN)
    name_id = store.add("NetworkName", {"itemtype": "NetworkPort", "items_id": port_id,
                                        "name": netname}, user_id=ADMIN)
    for ip in ips:
        store.add("IPAddress", {"itemtype": "NetworkName", "items_id": name_id, "name": ip},
                  user_id=ADMIN)
    return port_id


def load_sample_data(store):
    """A small but realistic GLPI: entities, a location tree, dropdowns, ~20 computers,
    6 network devices with ports/MACs/IPv4+IPv6, printers (one in the trash, one template),
    software, monitors, a contract and a ticket. Loading it twice is a no-op."""
    with store.lock:
        if store.config.get("sample_data_loaded"):
            return
        store.config["sample_data_loaded"] = True
        add = store.add
        europe = add("Entity", {"name": "Europe", "entities_id": 0, "comment": "EU subsidiary"},
                     user_id=ADMIN)
        americas = add("Entity", {"name": "Americas", "entities_id": 0}, user_id=ADMIN)

        paris = add("Location", {"name": "Paris", "entities_id": 0, "is_recursive": 1,
                                 "town": "Paris", "country": "France"}, user_id=ADMIN)
        building = add("Location", {"name": "Building A", "locations_id": paris,
                                    "entities_id": 0, "is_recursive": 1}, user_id=ADMIN)
        room1 = add("Location", {"name": "Room 1", "locations_id": building, "entities_id": 0,
                                 "is_recursive": 1, "room": "1"}, user_id=ADMIN)
        room2 = add("Location", {"name": "Room 2", "locations_id": building, "entities_id": 0,
                                 "is_recursive": 1, "room": "2"}, user_id=ADMIN)
        lyon = add("Location", {"name": "Lyon", "entities_id": 0, "is_recursive": 1,
                                "town": "Lyon", "country": "France"}, user_id=ADMIN)
        newyork = add("Location", {"name": "New York", "entities_id": 0, "is_recursive": 1,
                                   "town": "New York", "country": "USA"}, user_id=ADMIN)
        locations = [room1, room2, building, lyon, paris, newyork]

        states = [add("State", {"name": n, "entities_id": 0, "is_recursive": 1},
                      user_id=ADMIN) for n in ("In production", "In stock", "Retired")]
        manu = {n: add("Manufacturer", {"name": n}, user_id=ADMIN)
                for n in ("Dell", "HP", "Lenovo", "Cisco", "Juniper")}
        ctypes = {n: add("ComputerType", {"name": n}, user_id=ADMIN)
                  for n in ("Laptop", "Desktop", "Server")}
        cmodels = [
            (add("ComputerModel", {"name": "Latitude 5520"}, user_id=ADMIN), manu["Dell"],
             ctypes["Laptop"]),
            (add("ComputerModel", {"name": "EliteBook 840 G8"}, user_id=ADMIN), manu["HP"],
             ctypes["Laptop"]),
            (add("ComputerModel", {"name": "ThinkCentre M70q"}, user_id=ADMIN), manu["Lenovo"],
             ctypes["Desktop"]),
            (add("ComputerModel", {"name": "PowerEdge R650"}, user_id=ADMIN), manu["Dell"],
             ctypes["Server"]),
        ]
        ntypes = {n: add("NetworkEquipmentType", {"name": n}, user_id=ADMIN)
                  for n in ("Switch", "Router")}
        nmodels = {n: add("NetworkEquipmentModel", {"name": n}, user_id=ADMIN)
                   for n in ("Catalyst 9300", "Catalyst 2960", "MX204")}
        oses = [add("OperatingSystem", {"name": n}, user_id=ADMIN)
                for n in ("Debian GNU/Linux", "Windows 11", "Ubuntu")]
        osvers = [add("OperatingSystemVersion", {"name": n}, user_id=ADMIN)
                  for n in ("12 (bookworm)", "23H2", "22.04 LTS")]
        groups = [add("Group", {"name": n, "entities_id": 0, "is_recursive": 1},
                      user_id=ADMIN) for n in ("IT Ops", "Network team")]

        computers = []
        for i in range(1, 21):
            server = i <= 4
            model, maker, ctype = cmodels[3] if server else cmodels[(i - 5) % 3]
            entity = 0 if i <= 14 else (europe if i <= 17 else americas)
            name = "srv-%03d" % i if server else "pc-%03d" % i
            cid = add("Computer", {
                "name": name, "serial": "SN-%04d" % i, "otherserial": "INV-%04d" % i,
                "entities_id": entity, "locations_id": locations[i % len(locations)],
                "states_id": states[0] if i % 7 else states[1],
                "manufacturers_id": maker, "computermodels_id": model,
                "computertypes_id": ctype, "groups_id": groups[0],
                "groups_id_tech": groups[0], "users_id_tech": 4 if i % 2 else 2,
                "users_id": 4 if i % 3 == 0 else 0, "contact": "user%02d" % i,
                "comment": "server" if server else "workstation",
                "uuid": "4c4c4544-0000-1000-8000-%012d" % i}, user_id=ADMIN)
            computers.append(cid)
            os_index = 0 if server else (1 if i % 2 else 2)
            add("Item_OperatingSystem", {"itemtype": "Computer", "items_id": cid,
                                         "operatingsystems_id": oses[os_index],
                                         "operatingsystemversions_id": osvers[os_index]},
                user_id=ADMIN)
            ips = ["10.0.1.%d" % i, "2001:db8::1:%x" % i]
            _port(store, "Computer", cid, 1, "02:00:00:01:00:%02x" % i, name, ips)
            if server:
                _port(store, "Computer", cid, 2, "02:00:00:02:00:%02x" % i, name + "-mgmt",
                      ["10.0.9.%d" % i])

        switches = [("sw-core-01", "Catalyst 9300", "Switch"),
                    ("sw-core-02", "Catalyst 9300", "Switch"),
                    ("sw-access-01", "Catalyst 2960", "Switch"),
                    ("sw-access-02", "Catalyst 2960", "Switch"),
                    ("sw-access-03", "Catalyst 2960", "Switch"),
                    ("rt-edge-01", "MX204", "Router")]
        for i, (name, model, ntype) in enumerate(switches, start=1):
            nid = add("NetworkEquipment", {
                "name": name, "serial": "NET-%04d" % i, "entities_id": 0,
                "locations_id": building if i <= 2 else locations[i % len(locations)],
                "states_id": states[0], "networkequipmenttypes_id": ntypes[ntype],
                "networkequipmentmodels_id": nmodels[model],
                "manufacturers_id": manu["Juniper"] if ntype == "Router" else manu["Cisco"],
                "groups_id_tech": groups[1], "ram": 4096}, user_id=ADMIN)
            for port in (1, 2):
                _port(store, "NetworkEquipment", nid, port, "02:10:00:%02x:00:%02x" % (i, port),
                      "%s-vl%d" % (name, port),
                      ["10.0.0.%d" % (i * 10 + port), "2001:db8::%x:%x" % (i, port)])

        ptypes = add("PrinterType", {"name": "Laser"}, user_id=ADMIN)
        pmodel = add("PrinterModel", {"name": "LaserJet M507"}, user_id=ADMIN)
        printers = []
        for i, (name, loc) in enumerate((("prn-paris-01", room1), ("prn-paris-02", room2),
                                         ("prn-lyon-01", lyon)), start=1):
            pid = add("Printer", {"name": name, "serial": "PRN-%04d" % i, "entities_id": 0,
                                  "locations_id": loc, "states_id": states[0],
                                  "manufacturers_id": manu["HP"], "printertypes_id": ptypes,
                                  "printermodels_id": pmodel, "have_ethernet": 1},
                      user_id=ADMIN)
            printers.append(pid)
            _port(store, "Printer", pid, 1, "02:20:00:00:00:%02x" % i, name,
                  ["10.0.2.%d" % i])
        old = add("Printer", {"name": "prn-old-01", "serial": "PRN-0099", "entities_id": 0,
                              "states_id": states[2], "manufacturers_id": manu["HP"]},
                  user_id=ADMIN)
        store.trash("Printer", old, user_id=ADMIN)
        add("Printer", {"name": "", "template_name": "Standard printer", "is_template": 1,
                        "entities_id": 0, "manufacturers_id": manu["HP"]}, user_id=ADMIN)
        # A retired computer in the trash and a computer template: inventories must skip both.
        retired = add("Computer", {"name": "pc-retired-01", "serial": "SN-RET-01",
                                   "entities_id": 0},
                      user_id=ADMIN)
        _port(store, "Computer", retired, 1, "02:00:00:09:00:01", "pc-retired-01", ["10.0.8.1"])
        store.trash("Computer", retired, user_id=ADMIN)
        add("Computer", {"name": "tpl-workstation", "template_name": "Standard workstation",
                         "is_template": 1, "entities_id": 0}, user_id=ADMIN)

        monitors = []
        for i in (1, 2):
            mid = add("Monitor", {"name": "mon-%03d" % i, "serial": "MON-%04d" % i,
                                  "entities_id": 0, "manufacturers_id": manu["Dell"],
                                  "size": "27.00"}, user_id=ADMIN)
            monitors.append(mid)
            add("Computer_Item", {"computers_id": computers[4 + i], "itemtype": "Monitor",
                                  "items_id": mid}, user_id=ADMIN)

        nginx = add("Software", {"name": "nginx", "entities_id": 0, "is_recursive": 1,
                                 "manufacturers_id": 0}, user_id=ADMIN)
        firefox = add("Software", {"name": "Firefox", "entities_id": 0, "is_recursive": 1},
                      user_id=ADMIN)
        v_nginx = add("SoftwareVersion", {"softwares_id": nginx, "name": "1.22.1",
                                          "entities_id": 0, "is_recursive": 1}, user_id=ADMIN)
        add("SoftwareVersion", {"softwares_id": nginx, "name": "1.24.0", "entities_id": 0,
                                "is_recursive": 1}, user_id=ADMIN)
        v_ff = add("SoftwareVersion", {"softwares_id": firefox, "name": "115.6.0esr",
                                       "entities_id": 0, "is_recursive": 1}, user_id=ADMIN)
        for cid in computers[:4]:
            add("Item_SoftwareVersion", {"itemtype": "Computer", "items_id": cid,
                                         "softwareversions_id": v_nginx,
                                         "date_install": "2024-01-15"}, user_id=ADMIN)
        for cid in computers[4:10]:
            add("Item_SoftwareVersion", {"itemtype": "Computer", "items_id": cid,
                                         "softwareversions_id": v_ff}, user_id=ADMIN)

        contract = add("Contract", {"name": "Support 24x7", "num": "CT-2024-01",
                                    "entities_id": 0, "is_recursive": 1}, user_id=ADMIN)
        for cid in computers[:4]:
            add("Contract_Item", {"contracts_id": contract, "itemtype": "Computer",
                                  "items_id": cid}, user_id=ADMIN)
        add("Infocom", {"itemtype": "Computer", "items_id": computers[0],
                        "buy_date": "2024-01-10", "value": "4200.0000"}, user_id=ADMIN)

        ticket = add("Ticket", {"name": "Printer jammed", "content": "Paper jam on tray 2",
                                "entities_id": 0, "urgency": 3, "type": 1}, user_id=ADMIN)
        add("Item_Ticket", {"tickets_id": ticket, "itemtype": "Printer",
                            "items_id": printers[0]}, user_id=ADMIN)
        add("ITILFollowup", {"itemtype": "Ticket", "items_id": ticket,
                             "content": "Technician on site"}, user_id=ADMIN)


def add_bulk_assets(store, computers=0, network_equipment=0, with_network=False):
    """Many assets at once, built directly in memory (no history, no per-item checks), named
    like the recorded benchmark: bench-00001.. (serial BSN-00001) and bench-sw-001...
    With with_network, each one also gets an Ethernet port with a MAC and an IPv4 address."""
    now = now_str()
    with store.lock:
        existing = sum(1 for c in store.items["Computer"].values()
                       if str(c.get("name") or "").startswith("bench-"))
        _bulk(store, "Computer", computers, now, existing,
              lambda n: ("bench-%05d" % n, "BSN-%05d" % n), 0x0A640000, with_network)
        existing = sum(1 for c in store.items["NetworkEquipment"].values()
                       if str(c.get("name") or "").startswith("bench-sw-"))
        _bulk(store, "NetworkEquipment", network_equipment, now, existing,
              lambda n: ("bench-sw-%03d" % n, "BSW-%03d" % n), 0x0AC80000, with_network)


def _bulk(store, itemtype, count, now, existing, naming, ip_base, with_network):
    if count <= 0:
        return
    base = store._template(itemtype, now)
    port_base = store._template("NetworkPort", now)
    name_base = store._template("NetworkName", now)
    ip_tpl = store._template("IPAddress", now)
    items = store.items[itemtype]
    ports = store.items["NetworkPort"]
    names = store.items["NetworkName"]
    ips = store.items["IPAddress"]
    for n in range(existing + 1, existing + count + 1):
        item = dict(base)
        item_id = store.next_id[itemtype]
        store.next_id[itemtype] += 1
        item["id"] = item_id
        item["name"], item["serial"] = naming(n)
        items[item_id] = item
        if not with_network:
            continue

        port = dict(port_base)
        port_id = store.next_id["NetworkPort"]
        store.next_id["NetworkPort"] += 1
        port.update({"id": port_id, "itemtype": itemtype, "items_id": item_id,
                     "logical_number": 1, "name": "eth0",
                     "instantiation_type": "NetworkPortEthernet",
                     "mac": "02:%02x:%02x:%02x:%02x:%02x" % (
                         (ip_base >> 16) & 0xFF, (n >> 24) & 0xFF, (n >> 16) & 0xFF,
                         (n >> 8) & 0xFF, n & 0xFF)})
        ports[port_id] = port
        store._index("NetworkPort", port)

        netname = dict(name_base)
        name_id = store.next_id["NetworkName"]
        store.next_id["NetworkName"] += 1
        netname.update({"id": name_id, "itemtype": "NetworkPort", "items_id": port_id,
                        "name": item["name"]})
        names[name_id] = netname
        store._index("NetworkName", netname)

        address = ipaddress.IPv4Address(ip_base + n)
        ip = dict(ip_tpl)
        ip_id = store.next_id["IPAddress"]
        store.next_id["IPAddress"] += 1
        ip.update({"id": ip_id, "itemtype": "NetworkName", "items_id": name_id, "version": 4,
                   "name": str(address), "binary_2": 65535, "binary_3": int(address),
                   "mainitems_id": item_id, "mainitemtype": itemtype})
        ips[ip_id] = ip
        store._index("IPAddress", ip)
