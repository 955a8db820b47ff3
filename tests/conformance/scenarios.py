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


# ---------------------------------------------------------------------------- ITSM (180-191)
# The ITSM recording script (recordings 180-191, made on fresh 10.0.12 and 11.0.2 servers with
# the same requests and ids): its writes in order, with the answer each got (status, id or ids
# made). The state "before <recording>" replays, through the API, the writes made before it
# and checks that each one gets the recorded status and id.
ITSM_WRITES = [
    ('180_post_group_network', 'POST', '/Group', 201, 1,
     {'input': {'name': 'Network'}}),
    ('180b_post_group_helpdesk', 'POST', '/Group', 201, 2,
     {'input': {'name': 'Helpdesk'}}),
    ('180c_post_group_helpdesk_child', 'POST', '/Group', 201, 3,
     {'input': {'name': 'Level 2', 'groups_id': 2}}),
    ('180d_post_supplier_acme', 'POST', '/Supplier', 201, 1,
     {'input': {'name': 'Acme'}}),
    ('180e_post_supplier_globex', 'POST', '/Supplier', 201, 2,
     {'input': {'name': 'Globex'}}),
    ('180f_post_computer_itsm_pc_01', 'POST', '/Computer', 201, 1,
     {'input': {'name': 'itsm-pc-01'}}),
    ('180g_post_computer_itsm_pc_02', 'POST', '/Computer', 201, 2,
     {'input': {'name': 'itsm-pc-02'}}),
    ('181_post_ticket_actor_login', 'POST', '/Ticket', 201, 1,
     {'input': {'name': 'Printer jam on floor 2',
                'content': 'The printer says <b>jam</b>',
                '_users_id_requester': 'glpi'}}),
    ('181c_post_ticket_actors', 'POST', '/Ticket', 201, 2,
     {'input': {'name': 'Mail server unreachable',
                'content': '<p>Nobody gets mail</p>',
                '_users_id_requester': [2, 4],
                '_users_id_assign': 4,
                '_groups_id_assign': [1],
                '_suppliers_id_assign': 1,
                '_users_id_observer': [2],
                '_groups_id_requester': 2}}),
    ('182_post_ticket_user', 'POST', '/Ticket_User', 201, 5,
     {'input': {'tickets_id': 2, 'users_id': 5, 'type': 1}}),
    ('182b_post_ticket_user_duplicate', 'POST', '/Ticket_User', 400, None,
     {'input': {'tickets_id': 2, 'users_id': 5, 'type': 1}}),
    ('182c_delete_ticket_user', 'DELETE', '/Ticket_User/5', 200, None,
     None),
    ('182d_post_group_ticket', 'POST', '/Group_Ticket', 201, 3,
     {'input': {'tickets_id': 2, 'groups_id': 3, 'type': 3}}),
    ('182e_post_group_ticket_duplicate', 'POST', '/Group_Ticket', 400, None,
     {'input': {'tickets_id': 2, 'groups_id': 3, 'type': 3}}),
    ('182f_delete_group_ticket', 'DELETE', '/Group_Ticket/3', 200, None,
     None),
    ('182g_post_supplier_ticket', 'POST', '/Supplier_Ticket', 201, 2,
     {'input': {'tickets_id': 2, 'suppliers_id': 2, 'type': 2}}),
    ('182h_post_supplier_ticket_duplicate', 'POST', '/Supplier_Ticket', 400, None,
     {'input': {'tickets_id': 2, 'suppliers_id': 2, 'type': 2}}),
    ('182i_delete_supplier_ticket', 'DELETE', '/Supplier_Ticket/2', 200, None,
     None),
    ('182j_post_ticket_user_bulk', 'POST', '/Ticket_User', 201, [6, 7],
     {'input': [{'tickets_id': 2, 'users_id': 5, 'type': 3},
                {'tickets_id': 2, 'users_id': 3, 'type': 3}]}),
    ('182k_delete_ticket_user_bulk_body', 'DELETE', '/Ticket_User', 200, None,
     {'input': [{'id': 6}, {'id': 7}]}),
    ('183_post_problem_actors', 'POST', '/Problem', 201, 1,
     {'input': {'name': 'Recurring mail outage',
                'content': '<p>Mail stops every night</p>',
                '_users_id_requester': 2,
                '_users_id_assign': 4,
                '_groups_id_assign': [1],
                '_suppliers_id_assign': 1,
                '_users_id_observer': [5],
                '_groups_id_requester': 2}}),
    ('183f_post_problem_user', 'POST', '/Problem_User', 201, 4,
     {'input': {'problems_id': 1, 'users_id': 5, 'type': 2}}),
    ('183g_delete_problem_user', 'DELETE', '/Problem_User/4', 200, None,
     None),
    ('183h_post_group_problem', 'POST', '/Group_Problem', 201, 3,
     {'input': {'problems_id': 1, 'groups_id': 3, 'type': 3}}),
    ('183i_delete_group_problem', 'DELETE', '/Group_Problem/3', 200, None,
     None),
    ('183j_post_problem_supplier', 'POST', '/Problem_Supplier', 201, 2,
     {'input': {'problems_id': 1, 'suppliers_id': 2, 'type': 2}}),
    ('183k_delete_problem_supplier', 'DELETE', '/Problem_Supplier/2', 200, None,
     None),
    ('184_post_change_actors', 'POST', '/Change', 201, 1,
     {'input': {'name': 'Move mail to new server',
                'content': '<p>Migrate the mailboxes</p>',
                '_users_id_requester': 2,
                '_users_id_assign': 4,
                '_groups_id_assign': [1],
                '_suppliers_id_assign': 1,
                '_users_id_observer': [5],
                '_groups_id_requester': 2}}),
    ('184f_post_change_user', 'POST', '/Change_User', 201, 4,
     {'input': {'changes_id': 1, 'users_id': 5, 'type': 2}}),
    ('184g_delete_change_user', 'DELETE', '/Change_User/4', 200, None,
     None),
    ('184h_post_change_group', 'POST', '/Change_Group', 201, 3,
     {'input': {'changes_id': 1, 'groups_id': 3, 'type': 3}}),
    ('184i_delete_change_group', 'DELETE', '/Change_Group/3', 200, None,
     None),
    ('184j_post_change_supplier', 'POST', '/Change_Supplier', 201, 2,
     {'input': {'changes_id': 1, 'suppliers_id': 2, 'type': 2}}),
    ('184k_delete_change_supplier', 'DELETE', '/Change_Supplier/2', 200, None,
     None),
    ('185_post_followup_ticket', 'POST', '/ITILFollowup', 201, 1,
     {'input': {'itemtype': 'Ticket',
                'items_id': 2,
                'content': '<p>Job 42 <b>ok</b> & done</p>'}}),
    ('185b_post_followup_problem', 'POST', '/ITILFollowup', 201, 2,
     {'input': {'itemtype': 'Problem',
                'items_id': 1,
                'content': '<p>Job 42 <b>ok</b> & done</p>'}}),
    ('185c_post_followup_change', 'POST', '/ITILFollowup', 201, 3,
     {'input': {'itemtype': 'Change',
                'items_id': 1,
                'content': '<p>Job 42 <b>ok</b> & done</p>'}}),
    ('186_post_tickettask', 'POST', '/TicketTask', 201, 1,
     {'input': {'tickets_id': 2,
                'content': '<p>Check the <b>MX</b> records</p>',
                'state': 1,
                'actiontime': 3600}}),
    ('186b_put_tickettask_done', 'PUT', '/TicketTask/1', 200, None,
     {'input': {'state': 2}}),
    ('186d_post_problemtask', 'POST', '/ProblemTask', 201, 1,
     {'input': {'problems_id': 1,
                'content': '<p>Read the cron logs</p>',
                'state': 1,
                'actiontime': 3600}}),
    ('186f_post_changetask', 'POST', '/ChangeTask', 201, 1,
     {'input': {'changes_id': 1,
                'content': '<p>Copy the mailboxes</p>',
                'state': 1,
                'actiontime': 3600}}),
    ('187_post_ticketvalidation', 'POST', '/TicketValidation', 201, 1,
     {'input': {'tickets_id': 2,
                'users_id_validate': 2,
                'comment_submission': 'Please approve the new MX'}}),
    ('187d_post_changevalidation', 'POST', '/ChangeValidation', 201, 1,
     {'input': {'changes_id': 1,
                'users_id_validate': 2,
                'comment_submission': 'Approve the migration'}}),
    ('188_post_ticket_for_status', 'POST', '/Ticket', 201, 3,
     {'input': {'name': 'VPN gateway down', 'content': '<p>No VPN since 8:00</p>'}}),
    ('188b_post_itilsolution_ticket', 'POST', '/ITILSolution', 201, 1,
     {'input': {'itemtype': 'Ticket', 'items_id': 3, 'content': '<p>Rebooted the gateway</p>'}}),
    ('188e_post_itilsolution_again', 'POST', '/ITILSolution', 400, None,
     {'input': {'itemtype': 'Ticket', 'items_id': 3, 'content': '<p>Second try</p>'}}),
    ('188f_put_ticket_close', 'PUT', '/Ticket/3', 200, None,
     {'input': {'status': 6}}),
    ('188h_put_closed_ticket_rename', 'PUT', '/Ticket/3', 400, None,
     {'input': {'name': 'renamed'}}),
    ('188i_put_ticket_reopen', 'PUT', '/Ticket/3', 200, None,
     {'input': {'status': 2}}),
    ('188k_put_ticket_status_99', 'PUT', '/Ticket/3', 200, None,
     {'input': {'status': 99}}),
    ('189_post_ticket_no_solution', 'POST', '/Ticket', 201, 4,
     {'input': {'name': 'Printer toner low', 'content': '<p>Toner at 5%</p>'}}),
    ('189b_put_ticket_status_solved', 'PUT', '/Ticket/4', 200, None,
     {'input': {'status': 5}}),
    ('189d_post_change_for_solution', 'POST', '/Change', 201, 2,
     {'input': {'name': 'Upgrade core switch firmware', 'content': '<p>Firmware 9.3</p>'}}),
    ('189e_post_itilsolution_change', 'POST', '/ITILSolution', 201, 2,
     {'input': {'itemtype': 'Change', 'items_id': 2, 'content': '<p>Firmware upgraded</p>'}}),
    ('190_post_item_problem', 'POST', '/Item_Problem', 201, 1,
     {'input': {'problems_id': 1, 'itemtype': 'Computer', 'items_id': 1}}),
    ('190c_post_change_item', 'POST', '/Change_Item', 201, 1,
     {'input': {'changes_id': 1, 'itemtype': 'Computer', 'items_id': 1}}),
    ('190f_post_change_item_duplicate', 'POST', '/Change_Item', 400, None,
     {'input': {'changes_id': 1, 'itemtype': 'Computer', 'items_id': 1}}),
    ('190g_post_change_item_missing_computer', 'POST', '/Change_Item', 400, None,
     {'input': {'changes_id': 1, 'itemtype': 'Computer', 'items_id': 999999}}),
    ('190h_delete_change_item', 'DELETE', '/Change_Item/1', 200, None,
     None),
    ('190i_post_item_ticket', 'POST', '/Item_Ticket', 201, 1,
     {'input': {'tickets_id': 2, 'itemtype': 'Computer', 'items_id': 2}}),
    ('190k_delete_item_ticket', 'DELETE', '/Item_Ticket/1', 200, None,
     None),
]
# what the user list of a fresh GLPI 10.0/11.0 has beyond the emulator's users (recording 191b)
GLPI_SYSTEM_USER = {"name": "glpi-system", "realname": "Support", "highcontrast_css": 0,
                    "default_central_tab": 0}
GLPI_SYSTEM_USER_10 = {"timeline_action_btn_layout": 0, "timeline_date_format": 0}


def itsm_state(recording, overrides=None):
    """The state before an ITSM recording: the glpi-system user (6) of a fresh server, then the
    script's writes made before the recording (overrides: {write: (status, ids)} where the
    version answered otherwise)."""
    overrides = overrides or {}

    def setup(ctx):
        user = dict(GLPI_SYSTEM_USER, id=6)
        if ctx.store.glpi.key == "10.0":
            user.update(GLPI_SYSTEM_USER_10)
        ctx.store.add("User", user, history=False)
        ctx.store.items["User"][6].update(date_creation=None, date_mod=None)
        for name, method, path, status, ids, body in ITSM_WRITES:
            if name >= recording:
                break
            status, ids = overrides.get(name, (status, ids))
            reply = ctx.call(method, path, body)
            assert reply.status == status, (name, reply.status, reply.text)
            if ids is not None:
                made = reply.json()
                made = [r["id"] for r in made] if isinstance(made, list) else made["id"]
                assert made == ids, (name, made, ids)
    setup.__name__ = "itsm_before_" + recording
    return setup


# ------------------------------------------------------------- ITIL dropdowns (192-192u)
# Recordings 192..192u (ITILCategory, SolutionType, TaskCategory, and a ticket, followup, task
# and solution pointing at them) were made later on the 180-191 servers, which other tests had
# used meanwhile: the ids the servers gave are not 1... Each state sets the emulator's next ids
# to the server's counters of then, and replays the script's writes made before the recording.
ITIL_DROPDOWN_NEXT_IDS = {
    "10.0": {"ITILCategory": 8, "Ticket": 34, "ITILFollowup": 34, "TicketTask": 7,
             "ITILSolution": 16},
    "11.0": {"ITILCategory": 3, "Ticket": 16, "ITILFollowup": 14, "TicketTask": 4,
             "ITILSolution": 7},
}
# the ids the writes got (the same on both versions for SolutionType and TaskCategory)
ITIL_DROPDOWN_IDS = {
    "10.0": {"root": 8, "child": 9, "st": 1, "tc1": 1, "tc2": 2, "t": 34, "f": 34, "k": 7,
             "s": 16},
    "11.0": {"root": 3, "child": 4, "st": 1, "tc1": 1, "tc2": 2, "t": 16, "f": 14, "k": 4,
             "s": 7},
}
# (recording, path, key of the id made, input made of the ids made before)
ITIL_DROPDOWN_WRITES = [
    ("192_post_itilcategory_root", "/ITILCategory", "root",
     lambda i: {"name": "rec192-hardware", "comment": "Hardware incidents"}),
    ("192b_post_itilcategory_child", "/ITILCategory", "child",
     lambda i: {"name": "rec192-printers", "itilcategories_id": i["root"]}),
    ("192g_post_solutiontype", "/SolutionType", "st",
     lambda i: {"name": "rec192-workaround", "comment": "Temporary fix"}),
    ("192i_post_taskcategory_root", "/TaskCategory", "tc1",
     lambda i: {"name": "rec192-diagnosis"}),
    ("192j_post_taskcategory_child", "/TaskCategory", "tc2",
     lambda i: {"name": "rec192-remote", "taskcategories_id": i["tc1"]}),
    ("192m_post_ticket_with_category", "/Ticket", "t",
     lambda i: {"name": "rec192 printer offline", "content": "<p>The printer is offline</p>",
                "itilcategories_id": i["child"]}),
    ("192p_post_followup_requesttype", "/ITILFollowup", "f",
     lambda i: {"itemtype": "Ticket", "items_id": i["t"], "content": "<p>Called the user</p>",
                "requesttypes_id": 3}),
    ("192r_post_tickettask_category", "/TicketTask", "k",
     lambda i: {"tickets_id": i["t"], "content": "<p>Remote check</p>",
                "taskcategories_id": i["tc2"]}),
    ("192t_post_itilsolution_type", "/ITILSolution", "s",
     lambda i: {"itemtype": "Ticket", "items_id": i["t"],
                "content": "<p>Restarted the spooler</p>", "solutiontypes_id": i["st"]}),
]


def itil_dropdowns_state(recording):
    """The state before an ITIL dropdown recording (192..192u) of either version."""

    def setup(ctx):
        version = ctx.store.glpi.key
        ctx.store.next_id.update(ITIL_DROPDOWN_NEXT_IDS[version])
        ids = ITIL_DROPDOWN_IDS[version]
        for name, path, key, make in ITIL_DROPDOWN_WRITES:
            if name >= recording:
                break
            reply = ctx.call("POST", path, {"input": make(ids)})
            assert reply.status == 201, (name, reply.status, reply.text)
            assert reply.json()["id"] == ids[key], (name, reply.text)
    setup.__name__ = "itil_dropdowns_before_" + recording
    return setup
