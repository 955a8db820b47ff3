"""Emulator states reproducing what the GLPI 11.0.2 recording script (record11.py) had built
before each exchange of tests/conformance/recordings-11.0.2/.

The recorded server was seeded first (500 bench-* computers, sw-* switches, net-pc-01...), then
the script made its rec11-* items; 129_setup_log lists the calls made outside the recorded
exchanges. The states below follow the recordings' timeline (their Date headers), each one
built on the previous one, with the recorded ids.
"""

from replay_helpers import FIXTURE_FILES
from scenarios import Ctx as _Ctx
from scenarios import itil_dropdowns_state  # noqa: F401 pylint: disable=unused-import
from scenarios import itsm_state as _itsm_state
# test_recordings_11.py uses combine through this module
from scenarios import combine  # noqa: F401 pylint: disable=unused-import

USER_TOKEN = "realusertoken0123456789abcdefghijklmnopqr"   # the glpi user's token there


class Ctx(_Ctx):
    def add(self, _itemtype, _id=None, history=True, **fields):
        if _id is not None:
            fields["id"] = _id
        return self.store.add(_itemtype, fields, user_id=2, history=history)

    def update(self, itemtype, item_id, **fields):
        self.store.update(itemtype, item_id, fields, user_id=2)

    def next_ids(self, **ids):
        self.store.next_id.update(ids)


# ---------------------------------------------------------------------------- the seed

SEEDED = "2026-11-30 13:31:42"         # before record11.py: older than its items
LOCATIONS = ((1, "Datacenter A", 0), (2, "Rack 12", 1), (3, "Site A", 0), (4, "Building B", 3),
             (5, "Room C", 4))
BENCH_LOCATIONS = (5, 1, 4, 2)          # bench-00001 in Room C, 00002 in Datacenter A...


def seed(ctx):
    """The server before record11.py: locations, states, groups, 500 bench computers,
    51 sw-* switches, net-pc-01 (501) with its IP addresses, acc-... (508)."""
    store = ctx.store
    store.auth[2]["user_token"] = USER_TOKEN
    for loc_id, name, parent in LOCATIONS:
        ctx.add("Location", loc_id, history=False, name=name, locations_id=parent)
    ctx.add("State", 1, history=False, name="In production")
    for group_id in (1, 2):
        ctx.add("Group", group_id, history=False, name="seed-group-%d" % group_id)
    for n in range(1, 501):
        ctx.add("Computer", n, history=False, name="bench-%05d" % n,
                serial="SN-BENCH-%05d" % n, locations_id=BENCH_LOCATIONS[(n - 1) % 4],
                states_id=1, date_creation=SEEDED, date_mod=SEEDED)
    for n in range(1, 52):
        ctx.add("NetworkEquipment", n, history=False, name="sw-%03d" % n,
                locations_id=BENCH_LOCATIONS[(n - 1) % 4], states_id=1)
    ctx.add("Computer", 501, history=False, name="net-pc-01", locations_id=2, states_id=1,
            date_creation="2026-11-30 13:31:47", date_mod="2026-11-30 13:31:47")
    ctx.add("NetworkPort", 2, history=False, itemtype="Computer", items_id=501,
            logical_number=1, name="eth0", instantiation_type="NetworkPortEthernet")
    ctx.add("NetworkName", 2, history=False, itemtype="NetworkPort", items_id=2,
            name="net-pc-01")
    for ip_id, address in ((3, "192.168.1.9"), (4, "2001:db8::8:1"), (5, "192.168.2.9")):
        ctx.add("IPAddress", ip_id, history=False, itemtype="NetworkName", items_id=2,
                name=address)
    ctx.add("Computer", 508, history=False, name="acc-1796046154350948725",
            serial="S-1796046154350948725", comment='web<01> & "db" é 中文', locations_id=2,
            states_id=1, date_creation="2026-11-30 13:42:37", date_mod="2026-11-30 13:42:43")
    ctx.next_ids(Computer=525, Location=9, State=3, Group=3, NetworkEquipment=52, Monitor=61,
                 User=8, Document=4, Document_Item=4, Ticket=2, ITILFollowup=2, Item_Ticket=2,
                 Computer_Item=2, NetworkPort=4, NetworkName=3, IPAddress=6)
    for itemtype in ("Software", "SoftwareVersion", "Item_SoftwareVersion", "OperatingSystem",
                     "OperatingSystemVersion", "OperatingSystemArchitecture",
                     "Item_OperatingSystem", "Item_Disk", "DeviceProcessor",
                     "Item_DeviceProcessor", "Contract", "Contract_Item", "Infocom", "Problem",
                     "Item_Problem", "Change", "Change_Item"):
        ctx.next_ids(**{itemtype: 2})
    ctx.next_ids(Notepad=3)


# ---------------------------------------------------------------------------- the timeline


def pcs(ctx):
    """After 20 and 21: rec11-pc-01 (525) .. rec11-pc-04 (528)."""
    seed(ctx)
    ctx.add("Computer", 525, name="rec11-pc-01", serial="REC11-SN-0001",
            comment="created by API")
    ctx.add("Computer", 526, name="rec11-pc-02")
    ctx.add("Computer", 527, name="rec11-pc-03", serial="REC11-SN-0003")
    ctx.add("Computer", 528, name="rec11-pc-04")


def pcs_updated(ctx):
    """After 26, 26b, 26c, 26d."""
    pcs(ctx)
    ctx.update("Computer", 525, comment="updated by API", serial="REC11-SN-0001-B")
    ctx.update("Computer", 525, otherserial="INV-1")
    ctx.update("Computer", 526, comment="bulk")
    ctx.update("Computer", 525, comment="patched")


def pc_trashed(ctx):
    """After 27: 525 in the trash."""
    pcs_updated(ctx)
    ctx.store.trash("Computer", 525, user_id=2)


def pc_restored(ctx):
    """After 27d (PUT is_deleted=0) and 27f (528 trashed without history)."""
    pc_trashed(ctx)
    ctx.store.restore("Computer", 525, user_id=2)


def pc528_trashed(ctx):
    pc_restored(ctx)
    ctx.store.trash("Computer", 528, user_id=2, history=False)


def pcs_purged(ctx):
    """After 28 and 28c: 525 and 528 purged."""
    pc528_trashed(ctx)
    ctx.store.purge("Computer", 525, user_id=2)
    ctx.store.purge("Computer", 528, user_id=2)


def empty_pcs(ctx):
    """After 30e and 30f: 529 (no name), rec11-form-encoded-pc (530)."""
    pcs_purged(ctx)
    ctx.add("Computer", 529)
    ctx.add("Computer", 530, name="rec11-form-encoded-pc")


def dropdowns(ctx):
    """After 60, 60b, 61, 62: rec11-loc-A (9) > rec11-loc-A1 (10), rec11-state (3), groups
    rec11-grp-A (3) and rec11-grp-B (4)."""
    empty_pcs(ctx)
    ctx.add("Location", 9, name="rec11-loc-A", comment="loc via API")
    ctx.add("Location", 10, name="rec11-loc-A1", locations_id=9)
    ctx.add("State", 3, name="rec11-state")
    ctx.add("Group", 3, name="rec11-grp-A", is_assign=1, is_itemgroup=1)
    ctx.add("Group", 4, name="rec11-grp-B", is_assign=1, is_itemgroup=1)


def dropdown_pc(ctx):
    """After 63: rec11-pc-dropdowns (531)."""
    dropdowns(ctx)
    ctx.add("Computer", 531, name="rec11-pc-dropdowns", locations_id=10, states_id=3,
            groups_id=3, groups_id_tech=3, users_id_tech=2)


def groups_pc(ctx):
    """After 63b: rec11-pc-groups (532) with groups [3, 4], in charge [4]."""
    dropdown_pc(ctx)
    ctx.add("Computer", 532, name="rec11-pc-groups", groups_id=[3, 4], groups_id_tech=[4])


def monitors(ctx):
    """After 70 (rec11-sw-01, 52) and the 60 monitors rec11-mon-01.. (61-120)."""
    groups_pc(ctx)
    ctx.add("NetworkEquipment", 52, name="rec11-sw-01", serial="REC11-NE-001", locations_id=1,
            states_id=1)
    for n in range(1, 61):
        ctx.add("Monitor", 60 + n, name="rec11-mon-%02d" % n)


def rel_pc(ctx):
    """After 112: rec11-pc-rel (533)."""
    monitors(ctx)
    ctx.add("Computer", 533, name="rec11-pc-rel", serial="REC11-REL-01",
            otherserial="REC11-INV-REL", locations_id=5, states_id=1, users_id=2,
            users_id_tech=2, groups_id=[3], uuid="0f1e2d3c-0000-4000-8000-rec11rel0001",
            comment="relations target")


def relations(ctx):
    """After the setup of the relations target (in the order of 129_setup_log): OS, software,
    disk, monitor connection (117f), processor, port with its name and addresses, contract,
    infocom, note, problem, change."""
    rel_pc(ctx)
    ctx.add("OperatingSystem", 2, name="rec11-Debian")
    ctx.add("OperatingSystemVersion", 2, name="rec11-12")
    ctx.add("OperatingSystemArchitecture", 2, name="rec11-x86_64")
    ctx.add("Item_OperatingSystem", 2, itemtype="Computer", items_id=533, operatingsystems_id=2,
            operatingsystemversions_id=2, operatingsystemarchitectures_id=2)
    ctx.add("Software", 2, name="rec11-nginx", entities_id=0, is_recursive=1)
    ctx.add("SoftwareVersion", 2, softwares_id=2, name="1.22.1", entities_id=0, is_recursive=1)
    ctx.add("Item_SoftwareVersion", 2, itemtype="Computer", items_id=533, softwareversions_id=2,
            date_install="2024-01-15")
    ctx.add("Item_Disk", 2, itemtype="Computer", items_id=533, name="/", mountpoint="/",
            device="/dev/sda1", totalsize=102400, freesize=51200)
    ctx.add("Computer_Item", 2, computers_id=533, itemtype="Monitor", items_id=61)
    ctx.add("DeviceProcessor", 2, designation="rec11-cpu", nbcores_default=4)
    ctx.add("Item_DeviceProcessor", 2, itemtype="Computer", items_id=533, deviceprocessors_id=2,
            frequency=2400, nbcores=4, locations_id=5)
    ctx.add("NetworkPort", 4, itemtype="Computer", items_id=533, entities_id=0,
            instantiation_type="NetworkPortEthernet", name="rec11-eth0", logical_number=0,
            mac="02:00:11:00:00:01")
    ctx.add("NetworkName", 3, itemtype="NetworkPort", items_id=4, name="rec11-pc-rel",
            history=False)
    ctx.add("IPAddress", 6, itemtype="NetworkName", items_id=3, name="10.11.0.5", history=False)
    ctx.add("IPAddress", 7, itemtype="NetworkName", items_id=3, name="2001:db8::11:5",
            history=False)
    ctx.add("Contract", 2, name="rec11-contract", num="REC11-C-1", begin_date="2024-01-01",
            duration=12)
    ctx.add("Contract_Item", 2, contracts_id=2, itemtype="Computer", items_id=533)
    ctx.add("Infocom", 2, itemtype="Computer", items_id=533, buy_date="2024-01-10",
            value="999.9000", order_number="REC11-PO-1")
    ctx.add("Notepad", 3, itemtype="Computer", items_id=533,
            content="rec11 note on the relations target")
    ctx.add("Problem", 2, name="rec11-problem", content="rec11 problem")
    ctx.add("Item_Problem", 2, problems_id=2, itemtype="Computer", items_id=533)
    ctx.add("Change", 2, name="rec11-change", content="rec11 change")
    ctx.add("Change_Item", 2, changes_id=2, itemtype="Computer", items_id=533)


APITEST = b"hello from the GLPI API test\nline 2\n"


def _document(ctx, doc_id, name, link_id=None):
    described = ctx.store.store_file("apitest.txt", APITEST)
    ctx.add("Document", doc_id, name=name, tag="25e1d2f3-72633518-6b0d810c4d5db8.42900315",
            **described)
    if link_id:
        ctx.add("Document_Item", link_id, documents_id=doc_id, itemtype="Computer",
                items_id=533)


def documents(ctx):
    """After 50, 50b and 53: rec11-doc (4) and rec11-doc-linked (5), both linked to 533."""
    relations(ctx)
    _document(ctx, 4, "rec11-doc")
    _document(ctx, 5, "rec11-doc-linked", link_id=4)
    ctx.add("Document_Item", 5, documents_id=4, itemtype="Computer", items_id=533)


PICTURE_UPLOAD = "6b0d810d480f00.20866239rec11-pic.png"


def picture_user(ctx):
    """After 160c: user rec11-picuser (8), its picture still in GLPI's tmp."""
    documents(ctx)
    ctx.store.add_user("rec11-picuser", "x", user_id=8, realname="Rec11", firstname="Picture")
    ctx.store.uploads[PICTURE_UPLOAD] = (PNG, "image/png")


def picture_set(ctx):
    """After 160d: the picture is the user's (stored as 9b/8_6b0d810d6049b.png)."""
    picture_user(ctx)
    ctx.store.pictures[8] = (PNG, "image/png")
    ctx.store.update("User", 8, {"picture": "9b/8_6b0d810d6049b.png"})


def ticket(ctx):
    """After 161 and 161b: ticket 2 and its followup."""
    picture_set(ctx)
    ctx.call("POST", "/Ticket", {"input": {
        "name": "rec11 Disk full on rec11-pc-rel",
        "content": "The / partition is <b>full</b> & needs cleanup", "type": 1, "urgency": 4}})
    ctx.add("ITILFollowup", 2, itemtype="Ticket", items_id=2,
            content="Cleaned /var/log, 40% free now")


def ticket_linked(ctx):
    """After 162: the ticket linked to 533."""
    ticket(ctx)
    ctx.add("Item_Ticket", 2, itemtype="Computer", items_id=533, tickets_id=2)


SPECIAL_NAME = 'rec11-web<01> & "db"'
SPECIAL_COMMENT = "<b>bold</b> & é ü 中文"


def special(ctx):
    """After 140 and 140d: 534 and 535 with special characters (stored as given)."""
    ticket_linked(ctx)
    ctx.add("Computer", 534, name=SPECIAL_NAME, comment=SPECIAL_COMMENT, serial="REC11-SAN-01")
    ctx.add("Computer", 535, name='rec11-web<02> & "db"', comment=SPECIAL_COMMENT,
            serial="REC11-SAN-02")


def special_encoded(ctx):
    """After 141f: 534 renamed with GLPI 10's encoded form (stored byte for byte)."""
    special(ctx)
    ctx.update("Computer", 534, name="rec11-web&#60;01&#62; &#38; &#34;db&#34;")


def special_restored(ctx):
    """After 141 and 141j: the raw name again."""
    special_encoded(ctx)
    ctx.update("Computer", 534, name=SPECIAL_NAME)


def amended(ctx):
    """After 44, 44c, 44e (the massive actions of 13:58:50) and the ma-pcs 536, 537."""
    special_restored(ctx)
    ctx.add("Computer", 536, name="rec11-ma-01")
    ctx.add("Computer", 537, name="rec11-ma-02")
    ctx.update("Computer", 526, comment="bulk\n\namended via massive action")
    ctx.update("Computer", 527, comment="amended via massive action")
    ctx.add("Notepad", 4, itemtype="Computer", items_id=526, content="note via MA")
    ctx.update("Computer", 526, comment="bulk\n\namended via massive action\n\ny")


def ma_updated(ctx):
    """After 151 and 151b."""
    amended(ctx)
    for cid in (536, 537):
        ctx.update("Computer", cid, comment="set by MassiveAction:update", locations_id=10)


def ma_trashed(ctx):
    """After 152."""
    ma_updated(ctx)
    ctx.store.trash("Computer", 536, user_id=2)
    ctx.store.trash("Computer", 537, user_id=2)


def ma_restored(ctx):
    """After 154."""
    ma_trashed(ctx)
    ctx.store.restore("Computer", 536, user_id=2)


def ma_done(ctx):
    """After 155 and 155b: 536 and 537 purged."""
    ma_restored(ctx)
    ctx.store.purge("Computer", 536, user_id=2)
    ctx.store.purge("Computer", 537, user_id=2)


def errors(ctx):
    """After 170, 170c and 171: rec11-err-unknown-field (538) with a missing location."""
    ma_done(ctx)
    ctx.add("Computer", 538, name="rec11-err-unknown-field")
    ctx.update("Computer", 538, locations_id=999999)


def errors_badloc(ctx):
    """After 171c: rec11-err-bad-loc (539)."""
    errors(ctx)
    ctx.add("Computer", 539, name="rec11-err-bad-loc", locations_id=999999)


def supplementary(ctx):
    """The supplementary run: rec11-trash-01 (540) in the trash."""
    errors_badloc(ctx)
    ctx.add("Computer", 540, name="rec11-trash-01")
    ctx.store.trash("Computer", 540, user_id=2)


def entity_texts(ctx):
    """After 141k: 541 and 542 with HTML entities in their text (stored byte for byte)."""
    supplementary(ctx)
    ctx.add("Computer", 541, name="rec11-ent-a &#60;b&#62; &#38; x", comment="a &lt;i&gt; b")
    ctx.add("Computer", 542, name="rec11-ent-b <raw> &#60;kept&#62;",
            comment="AT&amp;T &quot;q&quot; &#34;")


def killed_session(ctx):
    token = ctx.token()
    ctx.call("GET", "/killSession")
    assert ctx.emu.open_sessions() == 0, token


PNG = FIXTURE_FILES["rec11-pic.png"]


# ---------------------------------------------------------------------------- ITSM (180-191)
# The same script as on 10.0.12 (scenarios.ITSM_WRITES), with the same ids; 11.0.2 answered
# otherwise to one write: it links a change to a computer that does not exist.
ITSM_OVERRIDES = {"190g_post_change_item_missing_computer": (201, 2)}


def itsm(recording):
    return _itsm_state(recording, ITSM_OVERRIDES)
