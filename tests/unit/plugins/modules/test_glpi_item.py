# -*- coding: utf-8 -*-
"""glpi_item against a GLPI kept in dicts behind the client mock: which records a task finds,
the writes it sends (one request per kind of change, none in check mode or when nothing
changes), what it reports per record, and the ITIL parts wired around a ticket's plan."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.client import Page
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiConnectionError, GlpiInputError, GlpiNotFoundError)
from ansible_collections.glpi.itsm.plugins.modules import glpi_item

# The columns GLPI shows of each itemtype: it drops any other field it is sent without a word.
COLUMNS = {
    "Computer": ("id", "name", "serial", "comment", "locations_id", "is_deleted", "is_template"),
    "Location": ("id", "name", "completename", "locations_id", "comment"),
    "PhoneType": ("id", "name", "comment"),
    "Ticket": ("id", "name", "content", "status", "is_deleted"),
    "ITILFollowup": ("id", "itemtype", "items_id", "content"),
}
WRITES = ("add_items", "update_items", "delete_items", "restore_items", "apply_massive_action")


class Glpi(object):
    """Records per itemtype, served through the side effects of the ``client`` mock."""

    def __init__(self, client, **rows):
        self.client = client
        self.tables = dict((itemtype, {}) for itemtype in COLUMNS)
        for itemtype, records in rows.items():
            for record in records:
                self.tables[itemtype][record["id"]] = self._stored(itemtype, record)
        self.refuse = {}  # (method, id) -> GLPI's message
        for method in ("get_items", "iter_items", "iter_sub_items", "find_item", "find_items", "get_item",
                       "add_items", "update_items", "delete_items", "restore_items"):
            getattr(client, method).side_effect = getattr(self, method)

    @staticmethod
    def _stored(itemtype, fields):
        record = dict((column, 0 if column.startswith("is_") or column.endswith("_id") else None)
                      for column in COLUMNS[itemtype])
        record.update((key, value) for key, value in fields.items() if key in COLUMNS[itemtype])
        return record

    def _rows(self, itemtype, is_deleted=False):
        return [dict(r) for r in self.tables[itemtype].values() if bool(r.get("is_deleted")) == bool(is_deleted)]

    def get_items(self, itemtype, start=0, end=None, **params):
        rows = self._rows(itemtype, params.get("is_deleted"))
        return Page(rows[start:None if end is None else end + 1], len(rows))

    def iter_items(self, itemtype, page_size=None, max_workers=1, first=None, **params):
        return iter(self._rows(itemtype, params.get("is_deleted")))

    def iter_sub_items(self, itemtype, item_id, sub_itemtype, page_size=None, **params):
        return iter([dict(r) for r in self.tables[sub_itemtype].values()
                     if (r.get("itemtype"), r.get("items_id")) == (itemtype, item_id)])

    def find_item(self, itemtype, item_id, **params):
        record = self.tables[itemtype].get(item_id)
        return dict(record) if record else None

    def find_items(self, items, **params):
        return [self.find_item(itemtype, item_id) for itemtype, item_id in items]

    def get_item(self, itemtype, item_id, **params):
        record = self.find_item(itemtype, item_id)
        if record is None:
            raise GlpiNotFoundError("not found", code="ERROR_ITEM_NOT_FOUND")
        return record

    def add_items(self, itemtype, records):
        outcomes = []
        for record in records if isinstance(records, list) else [records]:
            message = self.refuse.get(("add", record.get("name")))
            if message:
                outcomes.append(dict(id=None, ok=False, message=message))
                continue
            new_id = max(list(self.tables[itemtype]) + [100]) + 1
            self.tables[itemtype][new_id] = self._stored(itemtype, dict(record, id=new_id))
            outcomes.append(dict(id=new_id, ok=True, message=""))
        return outcomes

    def update_items(self, itemtype, records, item_id=None):
        records = [dict(records, id=item_id)] if item_id is not None else records
        return [self._write(itemtype, "update", record["id"], record) for record in records]

    def delete_items(self, itemtype, ids, force_purge=False, history=None):
        return [self._write(itemtype, "purge" if force_purge else "trash", i) for i in ids]

    def restore_items(self, itemtype, ids):
        return [self._write(itemtype, "restore", i) for i in ids]

    def _write(self, itemtype, method, item_id, values=None):
        if (method, item_id) in self.refuse:
            return dict(id=item_id, ok=False, message=self.refuse[(method, item_id)])
        if method == "purge":
            del self.tables[itemtype][item_id]
        else:
            changed = dict(trash={"is_deleted": 1}, restore={"is_deleted": 0}).get(method, values)
            self.tables[itemtype][item_id].update((k, v) for k, v in changed.items() if k in COLUMNS[itemtype])
        return dict(id=item_id, ok=True, message="")


def writes(client):
    """The write calls sent, as (method, args, kwargs)."""
    return [(name, call.args[1:], call.kwargs) for name in WRITES for call in getattr(client, name).call_args_list]


def web(number, **fields):
    return dict(dict(id=number, name="web-%02d" % number, serial="S%02d" % number, comment="old"), **fields)


@pytest.fixture
def item(make_module, client):
    """``item(check_mode=False, diff=False, **params)``: (changed, result) of one run of glpi_item."""
    def run(check_mode=False, diff=False, **params):
        return glpi_item.run(make_module(glpi_item, check_mode=check_mode, diff=diff, **params), client)
    return run


# ---------------------------------------------------------------------- finding the records


def test_one_record_with_nothing_to_change_is_found_and_left_alone(item, client):
    Glpi(client, Computer=[web(1)])
    changed, result = item(itemtype="Computer", fields=dict(name="web-01", comment="old"))
    assert not changed and result["action"] == "unchanged" and result["id"] == 1
    assert result["record"]["comment"] == "old" and result["changes"] == {}
    assert writes(client) == [] and not client.get_item.called


def test_a_record_by_id_is_read_with_the_names_of_its_foreign_keys(item, client):
    Glpi(client, Computer=[web(1)], Location=[dict(id=4, name="Lab", completename="Lab")])
    changed, result = item(itemtype="Computer", id=1, fields=dict(locations_id="Lab"))
    assert changed and result["changes"] == {"locations_id": {"before": 0, "after": 4}}
    client.find_item.assert_called_once_with("Computer", 1, add_keys_names=["locations_id"])


def test_an_id_that_does_not_exist_fails_before_writing(item, client):
    Glpi(client, Computer=[web(1)])
    with pytest.raises(GlpiInputError, match="^id: there is no Computer with id 9$"):
        item(itemtype="Computer", id=9, fields=dict(comment="x"))
    with pytest.raises(GlpiInputError, match=r"records\[1\].id: there is no Computer with id 9"):
        item(itemtype="Computer", records=[dict(id=1), dict(id=9, comment="x")])
    assert writes(client) == []


@pytest.mark.parametrize("params,message", [
    (dict(id=-4, fields=dict(comment="x")), r"^id must be between 0 and \d+, got -4$"),
    (dict(records=[dict(id=1), dict(id="abc")]), r"^records\[1\].id must be a whole number, got 'abc'$"),
    (dict(records=[dict(id=True)]), r"^records\[0\].id must be a whole number, got True$"),
])
def test_an_id_that_cannot_be_one_is_refused_before_any_request(item, client, params, message):
    with pytest.raises(GlpiInputError, match=message):
        item(itemtype="Computer", **params)
    assert client.method_calls == []


def test_ids_given_as_text_name_the_records_of_those_numbers(item, client):
    Glpi(client, Computer=[web(1), web(2), web(3)])
    changed, result = item(itemtype="Computer", records=[dict(id="1", comment="new"), dict(id="2"), dict(id=3)])
    assert [(r["id"], r["action"]) for r in result["records"]] == [(1, "updated"), (2, "unchanged"), (3, "unchanged")]


def test_a_tree_dropdown_is_identified_under_its_parent(item, client):
    Glpi(client, Location=[dict(id=1, name="Paris", completename="Paris"), dict(id=2, name="Lyon", completename="Lyon"),
                           dict(id=3, name="Building A", completename="Paris > Building A", locations_id=1),
                           dict(id=4, name="Building A", completename="Lyon > Building A", locations_id=2)])
    changed, result = item(itemtype="Location", fields=dict(name="Building A", locations_id="Lyon", comment="new"))
    assert changed and result["id"] == 4 and result["action"] == "updated"
    with pytest.raises(GlpiInputError, match=r"fields: 2 Location records match \{'name': 'Building A'\}: ids 3, 4"):
        item(itemtype="Location", lookup=["name"], fields=dict(name="Building A", comment="new"))


def test_a_lookup_field_missing_from_the_fields_is_named(item, client):
    Glpi(client)
    with pytest.raises(GlpiInputError, match=r"^lookup: fields must give serial \(or an id\) to identify the record$"):
        item(itemtype="Computer", lookup=["serial"], fields=dict(name="web-01"))
    with pytest.raises(GlpiInputError, match=r"^lookup: records\[1\] must give name, serial"):
        item(itemtype="Computer", lookup=["name", "serial"], records=[dict(name="a", serial="1"), dict(comment="x")])
    assert client.method_calls == []


def test_two_entries_naming_the_same_record_fail_before_any_request(item, client):
    Glpi(client)
    with pytest.raises(GlpiInputError, match=r"records\[2\]: identifies the same record as records\[0\]"):
        item(itemtype="Computer", records=[dict(name="a"), dict(name="b"), dict(name="a", comment="x")])
    with pytest.raises(GlpiInputError, match=r"records\[1\]: identifies the same record as records\[0\] \(id 4\)"):
        item(itemtype="Computer", records=[dict(id=4), dict(id=4, comment="x")])
    assert client.method_calls == []


# ---------------------------------------------------------------------- writing


def test_each_kind_of_change_is_one_request_for_all_the_records(item, client):
    glpi = Glpi(client, Computer=[web(1), web(2), web(3, is_deleted=1), web(4), web(5)])
    changed, result = item(itemtype="Computer", records=[
        dict(name="web-01", comment="new"), dict(name="web-02", comment="new"),  # updated
        dict(name="web-03"),                                                    # restored
        dict(name="web-06"), dict(name="web-07", serial="S07"),                 # created
        dict(name="web-04", comment="old")])                                    # unchanged
    assert changed
    assert [r["action"] for r in result["records"]] == ["updated", "updated", "restored", "created", "created",
                                                        "unchanged"]
    new_ids = [r["id"] for r in result["records"][3:5]]
    assert writes(client) == [
        ("add_items", ([{"name": "web-06"}, {"name": "web-07", "serial": "S07"}],), {}),
        ("update_items", ([{"comment": "new", "id": 1}, {"comment": "new", "id": 2}],), {}),
        ("restore_items", ([3],), {}),
    ]
    assert sorted(new_ids) == [101, 102] and glpi.tables["Computer"][3]["is_deleted"] == 0
    assert result["changes"] == {"0": {"comment": {"before": "old", "after": "new"}},
                                 "1": {"comment": {"before": "old", "after": "new"}},
                                 "2": {"is_deleted": {"before": 1, "after": 0}},
                                 "3": {"name": {"before": None, "after": "web-06"}},
                                 "4": {"name": {"before": None, "after": "web-07"},
                                       "serial": {"before": None, "after": "S07"}}}


def test_purges_and_trashings_are_deletions_with_and_without_force_purge(item, client):
    glpi = Glpi(client, Computer=[web(1), web(2), web(3, is_deleted=1)])
    changed, result = item(itemtype="Computer", records=[dict(name="web-01"), dict(name="web-03"), dict(name="web-09")],
                           state="absent", history=False)
    assert changed and [r["action"] for r in result["records"]] == ["purged", "purged", "unchanged"]
    client.delete_items.assert_called_once_with("Computer", [1, 3], force_purge=True, history=False)
    client.reset_mock()
    changed, result = item(itemtype="Computer", records=[dict(name="web-02"), dict(name="web-04")], state="trashed")
    assert [r["action"] for r in result["records"]] == ["trashed", "created"]
    client.delete_items.assert_called_once_with("Computer", [2, 101], force_purge=False, history=None)
    assert glpi.tables["Computer"][101]["is_deleted"] == 1


def test_a_restored_record_gets_its_changed_fields_after_the_restoration(item, client):
    glpi = Glpi(client, Computer=[web(3, is_deleted=1)])
    changed, result = item(itemtype="Computer", fields=dict(name="web-03", comment="back"))
    assert result["action"] == "restored"
    assert [(name, args) for name, args, _kwargs in client.method_calls if name in WRITES] == [
        ("restore_items", ("Computer", [3])), ("update_items", ("Computer", [{"comment": "back", "id": 3}]))]
    assert glpi.tables["Computer"][3]["comment"] == "back" and result["record"]["is_deleted"] == 0


def test_special_inputs_go_with_the_write_but_are_never_compared(item, client):
    Glpi(client, Computer=[web(1)])
    changed, result = item(itemtype="Computer", fields=dict(name="web-01", comment="old", _no_history=True))
    assert not changed and writes(client) == []
    item(itemtype="Computer", fields=dict(name="web-01", comment="new", _no_history=True))
    client.update_items.assert_called_once_with("Computer", [{"comment": "new", "id": 1, "_no_history": True}])


def test_refused_writes_are_reported_per_record_and_fail_the_task(item, client):
    glpi = Glpi(client, Computer=[web(1), web(2)])
    glpi.refuse = {("add", "web-05"): "Duplicate serial", ("update", 2): "", ("purge", 1): "no right"}
    with pytest.raises(Exception) as failed:
        item(itemtype="Computer", records=[dict(name="web-01", comment="new"), dict(name="web-02", comment="new"),
                                           dict(name="web-05"), dict(name="web-06")])
    assert failed.value.msg == ("GLPI refused 2 of 4 change(s): record 2 (id None): Duplicate serial; "
                                "record 1 (id 2): GLPI did not do it")
    result = failed.value.result
    assert result["changed"] and [r.get("error") for r in result["records"]] == [
        None, "GLPI did not do it", "Duplicate serial", None]
    assert result["records"][3]["action"] == "created" and result["records"][3]["id"] == 101
    with pytest.raises(Exception) as failed:
        item(itemtype="Computer", fields=dict(name="web-01"), state="absent")
    assert failed.value.msg == "GLPI refused 1 of 1 change(s): Computer 1: no right"
    assert failed.value.result["action"] == "purged" and "record" not in failed.value.result


def test_a_refused_restoration_is_named_and_the_record_not_written_again(item, client):
    glpi = Glpi(client, Computer=[web(3, is_deleted=1)])
    glpi.refuse = {("restore", 3): "You don't have permission to perform this action."}
    with pytest.raises(Exception) as failed:
        item(itemtype="Computer", fields=dict(name="web-03", comment="back"))
    assert failed.value.msg == ("GLPI refused 1 of 1 change(s): Computer 3: MassiveAction:restore failed: "
                                "You don't have permission to perform this action.")
    assert not client.update_items.called


def test_a_creation_whose_answer_is_lost_is_looked_up_not_sent_again(make_module, client):
    glpi = Glpi(client, Computer=[web(1)])
    applied = glpi.add_items

    def lost_answer(itemtype, records):
        applied(itemtype, records)
        raise GlpiConnectionError("connection reset", uncertain=True, method="POST", url="https://glpi/Computer")

    client.add_items.side_effect = lost_answer
    module = make_module(glpi_item, itemtype="Computer", records=[dict(name="web-05"), dict(name="web-06")])
    changed, result = glpi_item.run(module, client)
    assert changed and [(r["action"], r["id"]) for r in result["records"]] == [("created", 101), ("created", 102)]
    assert client.add_items.call_count == 1
    assert module.warnings == ["no answer to the creation (connection reset (POST https://glpi/Computer)); "
                               "looking the record(s) up"]


def test_a_creation_lost_before_glpi_applied_it_fails_without_sending_it_again(make_module, client):
    Glpi(client)
    client.add_items.side_effect = GlpiConnectionError("timed out", uncertain=True)
    with pytest.raises(GlpiConnectionError, match="timed out; GLPI does not show the record.s. 0 .yet.: nothing was "
                                                  "sent again, so that nothing is created twice"):
        glpi_item.run(make_module(glpi_item, itemtype="Computer", fields=dict(name="web-05")), client)
    assert client.add_items.call_count == 1


def test_a_creation_lost_before_any_byte_was_sent_is_an_error_as_is(item, client):
    Glpi(client)
    client.add_items.side_effect = GlpiConnectionError("connection refused", uncertain=False)
    with pytest.raises(GlpiConnectionError, match="^connection refused$"):
        item(itemtype="Computer", fields=dict(name="web-05"))


# ---------------------------------------------------------------------- check mode and idempotency


@pytest.mark.parametrize("state,fields,action", [
    ("present", dict(name="web-09"), "created"),
    ("present", dict(name="web-01", comment="new"), "updated"),
    ("present", dict(name="web-03"), "restored"),
    ("trashed", dict(name="web-01"), "trashed"),
    ("trashed", dict(name="web-09"), "created"),
    ("absent", dict(name="web-01"), "purged"),
])
def test_check_mode_reports_the_action_and_sends_no_write(item, client, state, fields, action):
    Glpi(client, Computer=[web(1), web(3, is_deleted=1)])
    changed, result = item(check_mode=True, itemtype="Computer", fields=fields, state=state)
    assert changed and result["action"] == action
    assert writes(client) == [] and not client.get_item.called
    if action == "created":
        assert result["id"] is None and result["record"] is None


def test_the_second_run_of_a_task_sends_no_write(item, client):
    Glpi(client, Computer=[web(1)], Location=[dict(id=4, name="Lab", completename="Lab")])
    records = [dict(name="web-01", comment="new", locations_id="Lab"), dict(name="web-02", serial="S02"),
               dict(name="web-03", locations_id=4)]
    first, _result = item(itemtype="Computer", records=records)
    assert first and client.add_items.called and client.update_items.called
    client.reset_mock()
    again, result = item(itemtype="Computer", records=records)
    assert not again and [r["action"] for r in result["records"]] == ["unchanged"] * 3 and result["changes"] == {}
    assert writes(client) == []


# ---------------------------------------------------------------------- diff and fields


def test_the_diff_shows_each_changed_record_by_id_or_as_new(item, client):
    Glpi(client, Computer=[web(1), web(2)])
    _changed, result = item(diff=True, check_mode=True, itemtype="Computer", records=[
        dict(name="web-01", comment="new"), dict(name="web-02", comment="old"), dict(name="web-09", serial="S09")])
    assert result["diff"] == [
        {"before_header": "Computer 1", "after_header": "Computer 1",
         "before": {"comment": "old"}, "after": {"comment": "new"}},
        {"before_header": "Computer (new)", "after_header": "Computer (new)",
         "before": {"name": None, "serial": None}, "after": {"name": "web-09", "serial": "S09"}},
    ]
    _changed, result = item(itemtype="Computer", fields=dict(name="web-02", comment="old"))
    assert "diff" not in result


def test_an_unknown_field_is_refused_before_writing(item, client):
    Glpi(client, Computer=[web(1)])
    with pytest.raises(GlpiInputError, match=r"^fields: Computer has no field colour \(GLPI would silently ignore it\)"):
        item(itemtype="Computer", fields=dict(name="web-01", colour="red"))
    with pytest.raises(GlpiInputError, match=r"^records\[1\]: Computer has no field colour, size"):
        item(itemtype="Computer", records=[dict(name="web-01"), dict(name="web-09", colour="red", size=2)])
    assert writes(client) == []


def test_a_creation_with_a_field_glpi_ignored_is_purged_again(item, client):
    glpi = Glpi(client)  # no PhoneType yet shows the fields of the itemtype
    with pytest.raises(GlpiInputError, match=r"^fields: PhoneType has no field colour: GLPI ignored it, so the "
                                             r"PhoneType it created \(id 101\) was purged again$"):
        item(itemtype="PhoneType", fields=dict(name="desk", colour="red"))
    assert [name for name, _args, kwargs in writes(client)] == ["add_items", "delete_items"]
    client.delete_items.assert_called_once_with("PhoneType", [101], force_purge=True)
    assert glpi.tables["PhoneType"] == {}


def test_trashing_an_itemtype_without_trash_bin_fails_without_writing(item, client):
    Glpi(client, Location=[dict(id=1, name="Paris", completename="Paris")])
    for name in ("Paris", "Lyon"):
        with pytest.raises(GlpiInputError, match="state=trashed: Location records have no trash bin"):
            item(itemtype="Location", fields=dict(name=name), state="trashed")
    assert writes(client) == []


# ---------------------------------------------------------------------- tickets


def test_a_ticket_is_created_then_gets_its_followups(item, client):
    glpi = Glpi(client)
    changed, result = item(itemtype="Ticket", fields=dict(name="Disk full", content="/ is full", status="new"),
                           followups=["Cleanup started"])
    assert changed and result["action"] == "created" and result["added"]["followups"] == [101]
    assert [call.args[0] for call in client.add_items.call_args_list] == ["Ticket", "ITILFollowup"]
    assert client.add_items.call_args_list[0].args[1] == [{"name": "Disk full", "content": "/ is full", "status": 1}]
    assert glpi.tables["ITILFollowup"][101]["items_id"] == 101 and result["record"]["status"] == 1


def test_a_ticket_with_only_a_new_followup_is_updated_and_read_again(item, client):
    Glpi(client, Ticket=[dict(id=7, name="Disk full", content="x", status=2)],
         ITILFollowup=[dict(id=1, itemtype="Ticket", items_id=7, content="<p>First</p>")])
    changed, result = item(itemtype="Ticket", fields=dict(name="Disk full"), followups=["First", "Second"])
    assert changed and result["action"] == "updated"
    assert result["changes"] == {"followups": {"before": None, "after": ["Second"]}}
    assert [call.args[1] for call in client.add_items.call_args_list] == [
        [{"content": "Second", "itemtype": "Ticket", "items_id": 7}]]
    client.get_item.assert_called_once_with("Ticket", 7, get_hateoas=False)
    client.reset_mock()
    again, result = item(itemtype="Ticket", fields=dict(name="Disk full"), followups=["First", "Second"])
    assert not again and result["action"] == "unchanged" and writes(client) == []


def test_itil_options_are_refused_with_many_records_before_any_request(item, client):
    with pytest.raises(GlpiInputError, match="followups: give one record"):
        item(itemtype="Ticket", records=[dict(name="a")], followups=["x"])
    with pytest.raises(GlpiInputError, match=r"records\[0\].status: 'nope' is not a status of Ticket"):
        item(itemtype="Ticket", records=[dict(name="a", status="nope")])
    assert client.method_calls == []
