"""Emulator states reproducing what the recording scripts had created before each exchange.

Ids are given explicitly so that the emulator answers with the recorded ids."""

import json
from base64 import b64encode

from replay_helpers import send

CREDENTIALS = {"glpi": ("glpi", "glpi"), "post-only": ("post-only", "postonly"),
               "tech": ("tech", "tech")}
APP_TOKEN = "51k0gzef01842fff3p4j24vrnvuubd7oxd15hefz"


class Ctx:
    """Handle given to setup functions: the emulator plus session helpers."""

    def __init__(self, emu):
        self.emu = emu
        self.store = emu.store
        self.tokens = {}

    def add(self, _itemtype, _id=None, **fields):
        if _id is not None:
            fields["id"] = _id
        return self.store.add(_itemtype, fields, user_id=2)

    def login(self, user="glpi"):
        login, password = CREDENTIALS[user]
        auth = "Basic " + b64encode(("%s:%s" % (login, password)).encode()).decode()
        reply = send(self.emu, "GET", "/apirest.php/initSession",
                     [("Authorization", auth), ("App-Token", APP_TOKEN)])
        assert reply.status == 200, reply.text
        return reply.json()["session_token"]

    def token(self, user="glpi"):
        if user not in self.tokens:
            self.tokens[user] = self.login(user)
        return self.tokens[user]

    def call(self, method, path, body=None, user="glpi"):
        headers = [("Session-Token", self.token(user)), ("Content-Type", "application/json")]
        data = json.dumps(body).encode() if body is not None else None
        return send(self.emu, method, "/apirest.php" + path, headers, data)


# ---------------------------------------------------------------------------- states


def empty(ctx):
    pass


def pcs(ctx):
    """After recording 21: computers 1..4."""
    ctx.add("Computer", 1, name="ansible-pc-01", serial="SN-0001", comment="created by API")
    ctx.add("Computer", 2, name="ansible-pc-02")
    ctx.add("Computer", 3, name="ansible-pc-03", serial="SN-0003")
    ctx.add("Computer", 4, name="ansible-pc-04")


def pc1_only(ctx):
    ctx.add("Computer", 1, name="ansible-pc-01", serial="SN-0001", comment="created by API")


def pcs_updated(ctx):
    """After recordings 26..26d."""
    pcs(ctx)
    ctx.store.update("Computer", 1, {"serial": "SN-0001-B", "otherserial": "INV-1",
                                     "comment": "patched"}, user_id=2)
    ctx.store.update("Computer", 2, {"comment": "bulk"}, user_id=2)


def pcs_trashed(ctx):
    pcs_updated(ctx)
    ctx.store.trash("Computer", 1, user_id=2)


def pcs_purged(ctx):
    pcs_trashed(ctx)
    ctx.store.purge("Computer", 1, user_id=2)


def pcs_5(ctx):
    pcs_purged(ctx)
    ctx.add("Computer", 5)


def search(ctx):
    """State of recordings 41..44: computers 2, 3, 5 (no name), 6."""
    ctx.add("Computer", 2, name="ansible-pc-02", comment="bulk")
    ctx.add("Computer", 3, name="ansible-pc-03", serial="SN-0003")
    ctx.add("Computer", 5)
    ctx.add("Computer", 6, name="form-encoded-pc")


def amended(ctx):
    search(ctx)
    ctx.store.update("Computer", 2, {"comment": "bulk\n\namended via massive action"},
                     user_id=2)
    ctx.store.update("Computer", 3, {"comment": "amended via massive action"}, user_id=2)


def document(ctx):
    """Recording 50 replayed through HTTP: Document 1 with apitest.txt."""
    search(ctx)
    boundary = "------------------------1b0476fd7f8cc620"
    manifest = json.dumps({"input": {"name": "Uploaded test doc",
                                     "_filename": ["apitest.txt"]}})
    body = ("--%s\r\nContent-Disposition: form-data; name=\"uploadManifest\"\r\n"
            "Content-Type: application/json\r\n\r\n%s\r\n--%s\r\nContent-Disposition: "
            "form-data; name=\"filename[0]\"; filename=\"apitest.txt\"\r\nContent-Type: "
            "text/plain\r\n\r\nhello from the GLPI API test\nline 2\n\r\n--%s--\r\n"
            % (boundary, manifest, boundary, boundary)).encode()
    reply = send(ctx.emu, "POST", "/apirest.php/Document/",
                 [("Session-Token", ctx.token()),
                  ("Content-Type", "multipart/form-data; boundary=" + boundary)], body)
    assert reply.status == 201, reply.text


def document_linked(ctx):
    document(ctx)
    ctx.add("Document_Item", 1, documents_id=1, itemtype="Computer", items_id=2)


def location1(ctx):
    search(ctx)
    ctx.add("Location", 1, name="Datacenter A", comment="loc via API")


def dropdowns_no_pc(ctx):
    location1(ctx)
    ctx.add("Location", 2, name="Rack 12", locations_id=1)
    ctx.add("State", 1, name="In production")
    ctx.add("Group", 1, name="IT Ops", is_assign=1, is_itemgroup=1)


def dropdowns(ctx):
    """State of recordings 63..64: + computer 7 with dropdowns."""
    dropdowns_no_pc(ctx)
    ctx.add("Computer", 7, name="ansible-pc-dropdowns", locations_id=1, states_id=1,
            groups_id=1, groups_id_tech=1, users_id_tech=2)


def netequip(ctx):
    dropdowns(ctx)
    ctx.add("NetworkEquipment", 1, name="core-sw-01", serial="NE-001", locations_id=1,
            states_id=1)


def monitors(ctx):
    for i in range(60):
        ctx.add("Monitor", i + 1, name="range-mon-%02d" % i)


def _port(ctx, port_id, itemtype, items_id, number, name, mac, netname, ips):
    ctx.add("NetworkPort", port_id, itemtype=itemtype, items_id=items_id,
            logical_number=number, name=name, instantiation_type="NetworkPortEthernet", mac=mac)
    ctx.add("NetworkName", port_id, itemtype="NetworkPort", items_id=port_id, name=netname)
    for ip_id, ip in ips:
        ctx.add("IPAddress", ip_id, itemtype="NetworkName", items_id=port_id, name=ip)


def network(ctx):
    """State of recordings 100..106: net-pc-01 (8) and net-sw-01 (2) with 2 ports each."""
    netequip(ctx)
    ctx.add("Computer", 8, name="net-pc-01", serial="NET-SN-01")
    ctx.add("NetworkEquipment", 2, name="net-sw-01", serial="NET-SW-01")
    _port(ctx, 1, "Computer", 8, 1, "pc-eth1", "02:00:08:00:00:01", "pc-nic1",
          [(1, "192.168.1.9"), (2, "2001:db8::8:1")])
    _port(ctx, 2, "Computer", 8, 2, "pc-eth2", "02:00:08:00:00:02", "pc-nic2",
          [(3, "192.168.2.9")])
    _port(ctx, 3, "NetworkEquipment", 2, 1, "sw-eth1", "02:11:02:00:00:01", "sw-nic1",
          [(4, "192.168.1.3"), (5, "2001:db8::2:1")])
    _port(ctx, 4, "NetworkEquipment", 2, 2, "sw-eth2", "02:11:02:00:00:02", "sw-nic2",
          [(6, "192.168.2.3")])


def network_port5(ctx):
    network(ctx)
    ctx.add("NetworkPort", 5, itemtype="Computer", items_id=8, logical_number=9,
            name="pc-eth9-temp", instantiation_type="NetworkPortEthernet",
            mac="02:00:00:00:00:99")


def network_name5(ctx):
    network_port5(ctx)
    ctx.add("NetworkName", 5, itemtype="NetworkPort", items_id=5, name="pc-tmpname")


def child_entity(ctx):
    ctx.add("Entity", 1, name="Child Co", entities_id=0, comment="child entity")


def entity_same_session(ctx):
    """Recording 110b: the session exists before the child entity is created."""
    ctx.token()
    child_entity(ctx)


def locations_abc(ctx):
    ctx.add("Location", 7, name="Site A", entities_id=0, is_recursive=1)
    ctx.add("Location", 8, name="Building B", locations_id=7, entities_id=0, is_recursive=1)
    ctx.add("Location", 9, name="Room C", locations_id=8, entities_id=0, is_recursive=1)


def entities_base(ctx):
    network(ctx)
    child_entity(ctx)
    ctx.add("Entity", 2, name="Grand Site", entities_id=1)
    locations_abc(ctx)
    ctx.add("Manufacturer", 2, name="Contoso Hardware")
    ctx.add("ComputerModel", 2, name="CX-9000")
    ctx.add("ComputerType", 2, name="Rack server")
    ctx.add("Group", 3, name="Ops team", entities_id=0, is_recursive=1)


def entities(ctx):
    """State of recordings 112..120: ent-pc-01 (9) in Child Co, ent-pc-02 (10) in Grand Site."""
    entities_base(ctx)
    ctx.add("Computer", 9, name="ent-pc-01", entities_id=1, locations_id=9,
            manufacturers_id=2, computermodels_id=2, computertypes_id=2, groups_id=3,
            users_id=4, users_id_tech=2, serial="ENT-SN-01")
    ctx.add("Computer", 10, name="ent-pc-02", entities_id=2, locations_id=8)


def entities_os(ctx):
    entities(ctx)
    ctx.add("OperatingSystem", 2, name="Debian GNU/Linux")
    ctx.add("OperatingSystemVersion", 2, name="12 (bookworm)")
    ctx.add("OperatingSystemArchitecture", 2, name="x86_64")


def software(ctx):
    entities_os(ctx)
    ctx.add("Software", 2, name="nginx", entities_id=0, is_recursive=1, manufacturers_id=2)
    ctx.add("SoftwareVersion", 2, softwares_id=2, name="1.22.1", entities_id=0, is_recursive=1)


def monitor92(ctx):
    software(ctx)
    ctx.add("Monitor", 92, name="ent-mon-01", entities_id=1, locations_id=9, users_id=4,
            groups_id=3)


def relations(ctx):
    """State of recordings 118*: ent-pc-01 with OS, software, disk, note, CPU, contract,
    monitor connection and infocom (in the order of the recording script)."""
    entities_os(ctx)
    ctx.add("Item_OperatingSystem", 1, itemtype="Computer", items_id=9, operatingsystems_id=2,
            operatingsystemversions_id=2, operatingsystemarchitectures_id=2)
    ctx.add("Software", 2, name="nginx", entities_id=0, is_recursive=1, manufacturers_id=2)
    ctx.add("SoftwareVersion", 2, softwares_id=2, name="1.22.1", entities_id=0, is_recursive=1)
    ctx.add("Item_SoftwareVersion", 1, itemtype="Computer", items_id=9, softwareversions_id=2,
            date_install="2024-01-15")
    ctx.add("Item_Disk", 1, itemtype="Computer", items_id=9, name="/", mountpoint="/",
            device="/dev/sda1", totalsize=102400, freesize=51200)
    ctx.add("Notepad", 2, itemtype="Computer", items_id=9, content="a note")
    ctx.add("DeviceProcessor", 2, designation="Xeon Test 2.4GHz", frequency=2400)
    ctx.add("Item_DeviceProcessor", 1, itemtype="Computer", items_id=9, deviceprocessors_id=2,
            frequency=2400, nbcores=8, entities_id=0, is_recursive=1, locations_id=9)
    ctx.add("Contract", 2, name="Support 24x7", entities_id=0, is_recursive=1)
    ctx.add("Contract_Item", 1, contracts_id=2, itemtype="Computer", items_id=9)
    ctx.add("Monitor", 92, name="ent-mon-01", entities_id=1, locations_id=9, users_id=4,
            groups_id=3)
    ctx.add("Computer_Item", 1, computers_id=9, itemtype="Monitor", items_id=92)
    ctx.add("Infocom", 1, itemtype="Computer", items_id=9, buy_date="2024-01-10",
            value="1234.5000")


def bulk(ctx):
    """State of recordings 130..132: 2512 computers (bench-00001..02500 are 11..2510),
    302 network devices."""
    entities(ctx)
    ctx.store.update("Computer", 2, {"comment": "bulk\n\namended via massive action\n\ny"},
                     user_id=2)
    ctx.store.next_id["Computer"] = 11
    ctx.emu.add_bulk_assets(computers=2500, network_equipment=300)
    for i in range(4):
        ctx.add("Computer", 2511 + i, name="zz-extra-%d" % i)


def special(ctx):
    """State before recording 140 (multi-entity, next computer id 2511)."""
    entities(ctx)
    ctx.store.next_id["Computer"] = 2511


def special_created(ctx):
    special(ctx)
    ctx.add("Computer", 2511, name="web<01> & \"db\"", comment="<b>bold</b> & é ü 中文",
            serial="SAN-01")
    ctx.add("Computer", 2512, name="web<02> & \"db\"", comment="<b>bold</b> & é ü 中文",
            serial="SAN-02")


def special_renamed(ctx):
    """After recording 141f (pre-encoded &#34; stored as is)."""
    special_created(ctx)
    ctx.store.update("Computer", 2511, {"name": "web&#60;01&#62; &#38; &#34;db&#34;"},
                     user_id=2)


def ma_pcs(ctx):
    """State of recordings 150..156: ma-pc-01 (2513), ma-pc-02 (2514)."""
    entities(ctx)
    ctx.add("Computer", 2513, name="ma-pc-01")
    ctx.add("Computer", 2514, name="ma-pc-02")


def ma_updated(ctx):
    ma_pcs(ctx)
    for cid in (2513, 2514):
        ctx.store.update("Computer", cid, {"comment": "set by MassiveAction:update",
                                           "locations_id": 9}, user_id=2)


def ma_trashed(ctx):
    ma_updated(ctx)
    ctx.store.trash("Computer", 2513, user_id=2)
    ctx.store.trash("Computer", 2514, user_id=2)


def ma_restored(ctx):
    ma_trashed(ctx)
    ctx.store.restore("Computer", 2513, user_id=2)


def ticket(ctx):
    entities(ctx)
    ctx.call("POST", "/Ticket", {"input": {
        "name": "Disk full on ent-pc-01",
        "content": "The / partition is <b>full</b> & needs cleanup", "type": 1, "urgency": 4}})


def ticket_followup(ctx):
    ticket(ctx)
    ctx.call("POST", "/ITILFollowup", {"input": {
        "itemtype": "Ticket", "items_id": 1, "content": "Cleaned /var/log, 40% free now"}})


def ticket_linked(ctx):
    ticket_followup(ctx)
    ctx.add("Item_Ticket", 1, itemtype="Computer", items_id=9, tickets_id=1)


def errors(ctx):
    """State of recordings 170..177: err-unknown-field (2515)."""
    ticket(ctx)
    ctx.add("Computer", 2515, name="err-unknown-field")


def errors_badloc(ctx):
    errors(ctx)
    ctx.store.update("Computer", 2515, {"locations_id": 999999}, user_id=2)


def postonly_amended(ctx):
    errors_badloc(ctx)
    ctx.call("POST", "/applyMassiveAction/Computer/MassiveAction:amend_comment",
             {"ids": [2515], "input": {"amendment": "x"}}, user="post-only")


def killed_session(ctx):
    token = ctx.token()
    reply = send(ctx.emu, "GET", "/apirest.php/killSession", [("Session-Token", token)])
    assert reply.status == 200


def entities_changed(ctx):
    ctx.call("POST", "/changeActiveEntities/", {"entities_id": 0, "is_recursive": False})


def entities_changed_all(ctx):
    entities_changed(ctx)
    ctx.call("POST", "/changeActiveEntities/", {"entities_id": "all"})


def combine(*steps):
    def setup(ctx):
        for step in steps:
            step(ctx)
    setup.__name__ = "+".join(s.__name__ for s in steps)
    return setup
