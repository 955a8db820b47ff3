"""(Re)build the emulator's per-version data files from recordings of a real GLPI and, for what
no recording holds whole, from a real GLPI server.

    python tests/emulator/data/extract.py --version 11.0 \
        --recordings tests/conformance/recordings-11.0.2 \
        --server http://127.0.0.1:8811/apirest.php --user-token <token>

Writes, under tests/emulator/data/<version>/:
  search_options/<Itemtype>.json  {"cleaned": listSearchOptions/<Itemtype>,
                                   "raw": listSearchOptions/<Itemtype>?raw} (bodies as GLPI sent
                                   them: same keys, same order; one option per line)
  session.json                    the Super-Admin profile (recording 12) and the session
                                  preferences (recording 08)
  massive_actions.json            getMassiveActions of each itemtype ("<Itemtype>"), of its
                                  trashed items ("<Itemtype> deleted") and of one computer
                                  ("Computer item"); Computer's from recordings 42, 153, 42b
  search_columns.json             the columns of a search without forcedisplay, per itemtype
                                  (the default display preferences; asked of the server)

A body found whole in the recordings (40*_listSearchOptions_<Itemtype>) is used as is; the
server is asked for the others, and for every ?raw body not recorded. Only the standard library.
"""

import argparse
import glob
import json
import os
import re
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

# Itemtypes whose search options the emulator serves (every itemtype it stores).
ITEMTYPES = (
    "Computer", "NetworkEquipment", "Printer", "Monitor", "Phone", "Peripheral", "Software",
    "SoftwareVersion", "Item_SoftwareVersion", "Location", "State", "Entity", "Manufacturer",
    "ComputerModel", "ComputerType", "NetworkEquipmentModel", "NetworkEquipmentType",
    "PrinterModel", "PrinterType", "MonitorModel", "MonitorType", "PhoneModel", "PhoneType",
    "PeripheralModel", "PeripheralType", "OperatingSystem", "OperatingSystemVersion",
    "OperatingSystemArchitecture", "Item_OperatingSystem", "Group", "User", "Profile", "Ticket",
    "ITILFollowup", "Item_Ticket", "Document", "Document_Item", "NetworkPort", "NetworkName",
    "IPAddress", "Item_Disk", "Computer_Item", "Log", "TicketTemplate", "ChangeTemplate",
    "ProblemTemplate", "RequestType", "Contract", "Contract_Item", "Infocom", "Notepad",
    "DeviceProcessor", "Item_DeviceProcessor", "Problem", "Change", "Item_Problem",
    "Change_Item", "Group_Item", "Supplier", "Ticket_User", "Group_Ticket", "Supplier_Ticket",
    "Problem_User", "Group_Problem", "Problem_Supplier", "Change_User", "Change_Group",
    "Change_Supplier", "TicketTask", "ProblemTask", "ChangeTask", "ITILSolution",
    "TicketValidation", "ChangeValidation", "ITILCategory", "SolutionType", "TaskCategory",
)


def recorded_body(path):
    """The whole response body of a recording, or None when it was cut or trimmed."""
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8")
    _head, _sep, rest = text.partition("### --- response body")
    marker, _sep, rest = rest.partition("\n")
    size = re.search(r"\((\d+) bytes\)", marker)
    shown = re.search(r"first (\d+) bytes shown", marker)
    if "TRIMMED" in marker or size is None or (shown and int(shown.group(1)) < int(size.group(1))):
        return None
    return rest.encode("utf-8")[:int(size.group(1))].decode("utf-8")


def recordings_by_request(recordings):
    """{request target: body} of the GET recordings whose body is whole (the last one wins)."""
    found = {}
    for path in sorted(glob.glob(os.path.join(recordings, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            first = fh.read(4000)
        match = re.search(r"^GET (\S+) HTTP/1\.1$", first, re.M)
        if not match:
            continue
        body = recorded_body(path)
        if body is not None:
            found[match.group(1)] = body
    return found


class Server:
    def __init__(self, url, user_token):
        self.url = (url or "").rstrip("/")
        self.token = None
        if url:
            answer = self._get("/initSession", {"Authorization": "user_token " + user_token})
            self.token = json.loads(answer)["session_token"]

    def _get(self, path, headers):
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.read().decode("utf-8")
        except urllib.error.HTTPError as exc:   # GLPI's error bodies are JSON too
            return exc.read().decode("utf-8")

    def get(self, path):
        if self.token is None:
            raise RuntimeError("%s is not recorded whole and no --server was given" % path)
        return self._get(path, {"Session-Token": self.token})


def write_options(path, bodies):
    """One option per line, so that a change of GLPI shows as a readable diff."""
    lines = ["{"]
    for index, (name, text) in enumerate(bodies):
        data = json.loads(text)
        lines.append('"%s": {' % name)
        items = list(data.items())
        for position, (key, value) in enumerate(items):
            comma = "," if position < len(items) - 1 else ""
            lines.append("%s: %s%s" % (json.dumps(key), json.dumps(
                value, ensure_ascii=False, separators=(",", ":")), comma))
        lines.append("}" + ("," if index < len(bodies) - 1 else ""))
    lines.append("}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    # what the emulator will send must be byte for byte what GLPI sent
    with open(path, encoding="utf-8") as fh:
        loaded = json.load(fh)
    for name, text in bodies:
        assert json.dumps(loaded[name], ensure_ascii=False, separators=(",", ":")) == text, name


def extract_search_options(out_dir, recorded, server, itemtypes=ITEMTYPES):
    target = os.path.join(out_dir, "search_options")
    os.makedirs(target, exist_ok=True)
    for itemtype in itemtypes:
        bodies = []
        for suffix, name in (("", "cleaned"), ("?raw", "raw")):
            path = "/listSearchOptions/%s%s" % (itemtype, suffix)
            text = next((body for target_path, body in recorded.items()
                         if target_path.endswith("/apirest.php" + path)), None)
            source = "recording"
            if text is None:
                text = server.get(path)
                source = "server"
            if text.startswith('["ERROR'):
                print("%-28s %-7s not an itemtype here: %s" % (itemtype, name, text[:60]))
                bodies = None
                break
            bodies.append((name, text))
            print("%-28s %-7s from the %s" % (itemtype, name, source))
        if bodies:
            write_options(os.path.join(target, itemtype + ".json"), bodies)


def recording(recordings, prefix):
    """The whole body of the recording named <prefix>_*.txt."""
    path, = glob.glob(os.path.join(recordings, prefix + "_*.txt"))
    return recorded_body(path)


def extract_session(out_dir, recordings):
    profile = json.loads(recording(recordings, "12"))["active_profile"]
    session = json.loads(recording(recordings, "08"))["session"]
    keys = list(session)
    first, last = keys.index("glpiis_ids_visible"), keys.index("glpiprofiles")
    preferences = {k: session[k] for k in keys[first:last]}
    tail = keys[keys.index("glpiactiveprofile") + 1:]
    rights_start = list(profile).index("agent")
    head = dict(list(profile.items())[:rights_start])
    rights = {k: v for k, v in list(profile.items())[rights_start:] if k != "entities"}
    data = {"profile_head": head, "super_admin_rights": rights, "preferences": preferences,
            "session_tail_keys": tail}
    with open(os.path.join(out_dir, "session.json"), "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def extract_massive_actions(out_dir, recordings, server):
    def actions(text):
        return [[a["key"], a["label"]] for a in json.loads(text)]
    data = {}
    for itemtype in ITEMTYPES:
        for suffix, name in (("", itemtype), ("?is_deleted=1", itemtype + " deleted")):
            if itemtype == "Computer":
                data[name] = actions(recording(recordings, "153" if suffix else "42"))
                continue
            text = server.get("/getMassiveActions/%s%s" % (itemtype, suffix))
            if text.startswith("[{") or text == "[]":      # not an error
                data[name] = actions(text)
    data["Computer item"] = actions(recording(recordings, "42b"))
    with open(os.path.join(out_dir, "massive_actions.json"), "w", encoding="utf-8") as fh:
        fh.write("{\n%s\n}\n" % ",\n".join(
            '"%s": [\n  %s\n]' % (name, ",\n  ".join(
                json.dumps(a, ensure_ascii=False) for a in actions_))
            for name, actions_ in data.items()))


def extract_search_columns(out_dir, server, itemtypes=ITEMTYPES):
    columns = {}
    path = os.path.join(out_dir, "search_columns.json")
    if itemtypes != ITEMTYPES and os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            columns = json.load(fh)          # only the itemtypes named are asked again
    for itemtype in itemtypes:
        answer = json.loads(server.get("/search/%s?rawdata=1&range=0-0" % itemtype))
        if isinstance(answer, dict):
            columns[itemtype] = [int(col["id"]) for col in answer["rawdata"]["data"]["cols"]]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("{\n%s\n}\n" % ",\n".join('"%s": %s' % (k, json.dumps(v))
                                           for k, v in columns.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--version", required=True, help="10.0 or 11.0")
    parser.add_argument("--recordings", required=True, help="a recordings directory")
    parser.add_argument("--server", help="apirest.php URL of a real GLPI of that version")
    parser.add_argument("--user-token", default="", help="user token on --server")
    parser.add_argument("--only", choices=("search_options", "session", "massive_actions",
                                           "search_columns"))
    parser.add_argument("--itemtypes", help="only these (comma-separated) search options and "
                        "search columns")
    args = parser.parse_args(argv)
    out_dir = os.path.join(HERE, args.version)
    os.makedirs(out_dir, exist_ok=True)
    recorded = recordings_by_request(args.recordings)
    itemtypes = tuple(args.itemtypes.split(",")) if args.itemtypes else ITEMTYPES
    if args.only in (None, "session"):
        extract_session(out_dir, args.recordings)
    server = Server(args.server, args.user_token)
    if args.only in (None, "massive_actions"):
        extract_massive_actions(out_dir, args.recordings, server)
    if args.only in (None, "search_options"):
        extract_search_options(out_dir, recorded, server, itemtypes)
    if args.only in (None, "search_columns"):
        extract_search_columns(out_dir, server, itemtypes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
