# -*- coding: utf-8 -*-
"""glpi_document without a GLPI, through its run(): option combinations, the requests each task
sends (and their order when new content replaces a document), check mode, diffs, and the
messages of what GLPI refuses. GLPI's records and links are dicts behind the client mock."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import documents, local_files
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiNotFoundError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.modules import glpi_document

WRITES = ("upload_document", "add_items", "update_items", "delete_items", "restore_items")
ITEMTYPES = ("Document", "Document_Item", "Computer", "Printer", "Monitor", "User", "DocumentCategory")


def sha1(data):
    return hashlib.sha1(data).hexdigest()


class Glpi(object):
    """What GLPI holds, served through the client mock's side effects: records by (itemtype, id),
    Document_Item links, files and pictures. Writes change them as GLPI would."""

    def __init__(self, client):
        self.client = client
        self.records = {}
        self.links = []
        self.files = {}
        self.pictures = {}
        self.keep_files = True  # False: GLPI refuses the file's extension and keeps no file
        self.refused_links = False
        self.refused_restore = False
        for name in ("find_item", "find_items", "get_item", "iter_items", "iter_sub_items", "upload_document",
                     "add_items", "update_items", "delete_items", "restore_items", "download_document",
                     "get_user_picture"):
            getattr(client, name).side_effect = getattr(self, name)

    def add(self, itemtype, *records):
        for record in records:
            self.records[(itemtype, record["id"])] = dict(record)

    def link(self, doc_id, itemtype, items_id):
        self.links.append(dict(id=len(self.links) + 1, documents_id=doc_id, itemtype=itemtype, items_id=items_id))

    def linked(self, doc_id):
        return sorted((link["itemtype"], link["items_id"]) for link in self.links if link["documents_id"] == doc_id)

    def writes(self):
        return [(name, args) for name, args, _kwargs in self.client.mock_calls if name in WRITES]

    # the client's methods

    def find_item(self, itemtype, item_id, **params):
        if itemtype not in ITEMTYPES:
            raise GlpiUnknownItemtypeError("resource not found or not an instance of CommonDBTM",
                                           code="ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", status=400)
        record = self.records.get((itemtype, item_id))
        return dict(record) if record else None

    def find_items(self, items, **params):
        return [self.find_item(itemtype, item_id) for itemtype, item_id in items]

    def get_item(self, itemtype, item_id, **params):
        record = self.find_item(itemtype, item_id)
        if record is None:
            raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
        return record

    def iter_items(self, itemtype, page_size=None, max_workers=1, first=None, **params):
        return [dict(record) for (kind, _id), record in sorted(self.records.items())
                if kind == itemtype and bool(record.get("is_deleted")) == params["is_deleted"]]

    def iter_sub_items(self, itemtype, item_id, sub_itemtype, page_size=None, **params):
        return [dict(link) for link in self.links if link["documents_id"] == item_id]

    def upload_document(self, filename, content, fields=None):
        new_id = max([item_id for kind, item_id in self.records if kind == "Document"] + [0]) + 1
        self.add("Document", dict(fields, id=new_id, filename=filename, is_deleted=0, link=None,
                                  sha1sum=sha1(content) if self.keep_files else None))
        self.files[new_id] = content
        return {"id": new_id, "ok": True, "message": ""}

    def add_items(self, itemtype, records):
        if self.refused_links:
            raise GlpiError("You don't have permission to perform this action.", code="ERROR_GLPI_ADD", status=400)
        for record in records:
            self.link(record["documents_id"], record["itemtype"], record["items_id"])
        return [{"id": self.links[-1]["id"], "ok": True, "message": ""} for _record in records]

    def update_items(self, itemtype, records, item_id=None):
        self.records[(itemtype, item_id)].update(records)
        return [{"id": item_id, "ok": True, "message": ""}]

    def delete_items(self, itemtype, ids, force_purge=False, history=None):
        ids = ids if isinstance(ids, list) else [ids]
        if itemtype == "Document_Item":
            self.links = [link for link in self.links if link["id"] not in ids]
        for item_id in ids:
            if itemtype == "Document" and force_purge:
                del self.records[(itemtype, item_id)]
            elif itemtype == "Document":
                self.records[(itemtype, item_id)]["is_deleted"] = 1
        return [{"id": i, "ok": True, "message": ""} for i in ids]

    def restore_items(self, itemtype, ids):
        if self.refused_restore:
            return [dict(id=i, ok=False, message="You don't have permission to perform this action.") for i in ids]
        for item_id in ids:
            self.records[(itemtype, item_id)]["is_deleted"] = 0
        return [dict(id=i, ok=True, message="") for i in ids]

    def download_document(self, document_id):
        return self.files[document_id], {}

    def get_user_picture(self, user_id):
        return self.pictures.get(user_id)


@pytest.fixture
def glpi(client):
    glpi = Glpi(client)
    glpi.add("Computer", {"id": 11}, {"id": 12})
    glpi.add("Printer", {"id": 12})
    glpi.add("Monitor", {"id": 13})
    return glpi


OLD = {"id": 7, "name": "Wiring", "filename": "wiring.txt", "sha1sum": sha1(b"old\n"), "is_deleted": 0,
       "entities_id": 3, "is_recursive": 1, "documentcategories_id": 5, "comment": "kept", "link": None}


@pytest.fixture
def old(glpi):
    """The document 7 with its file, linked to Computer 11 and Printer 12."""
    glpi.add("Document", OLD)
    glpi.files[7] = b"old\n"
    glpi.link(7, "Computer", 11)
    glpi.link(7, "Printer", 12)
    return glpi


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "wiring.txt"
    path.write_bytes(b"new\n")
    return str(path)


def run(make_module, client, check_mode=False, diff=False, **params):
    return glpi_document.run(make_module(glpi_document, check_mode=check_mode, diff=diff, **params), client)


# ---------------------------------------------------------------------- options


@pytest.mark.parametrize("given,message", [
    (dict(fields=dict(name="x")), "fields: name is set by the module (use the name option)"),
    (dict(fields=dict(filepath="x")), "fields: filepath is set by the module"),
    (dict(state="absent", dest="/tmp/x", name="x"), "dest: cannot be used with state=absent"),
    (dict(state="absent", fields=dict(comment="x"), name="x"), "fields: cannot be used with state=absent"),
    (dict(purge=True, name="x"), "purge: only with state=absent"),
    (dict(state="absent", purge=True, name="x", items=[dict(itemtype="Computer", id=1)]), "purge: with items"),
    (dict(id=3, name="x", dest="/tmp/x"), "name: with id, name only renames"),
    (dict(id=3, name="x", state="absent"), "name: with id, name only renames"),
    (dict(user_picture="glpi", dest="/tmp/x", state="absent"), "state: user_picture only downloads"),
    (dict(name="x", items=[dict(itemtype="Not a type", id=1)]), "items[0].itemtype must be a GLPI itemtype name"),
    (dict(name="x", items=[dict(itemtype="Computer", id=2 ** 40)]), "items[0].id must be between 0 and"),
    (dict(id=-1, dest="/tmp/x"), "id must be between 0 and"),
    (dict(dest="/tmp/x"), "dest: give the id or name of the document to download"),
    (dict(fields=dict(comment="x")), "name: give the name or id of the document (or path or content"),
])
def test_option_combinations_fail_before_any_request(make_module, client, given, message):
    with pytest.raises(GlpiInputError) as failure:
        run(make_module, client, **given)
    assert str(failure.value).startswith(message)
    assert client.mock_calls == []


@pytest.mark.parametrize("given,message", [
    (dict(name="x", path="/tmp/x", content="x", filename="x.txt"), "mutually exclusive: path|content"),
    (dict(name="x", content="x"), "missing parameter(s) required by 'content': filename"),
    (dict(user_picture="glpi", name="x", dest="/tmp/x"), "mutually exclusive: user_picture|name"),
    (dict(user_picture="glpi"), "missing parameter(s) required by 'user_picture': dest"),
    (dict(name="x", dest="/tmp/x", items=[dict(itemtype="Computer", id=1)]), "mutually exclusive: dest|items"),
])
def test_combinations_ansible_refuses(make_module, given, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make_module(glpi_document, **given)


def test_wanted_items_are_deduplicated_whatever_the_case():
    items = [dict(itemtype="Computer", id=1), dict(itemtype="computer", id=1), dict(itemtype="Printer", id=1)]
    assert documents.wanted_items(items) == [(0, dict(itemtype="Computer", id=1)), (2, dict(itemtype="Printer", id=1))]


# ---------------------------------------------------------------------- creation


def test_a_new_document_is_uploaded_and_linked(make_module, client, glpi, source):
    items = [dict(itemtype="Computer", id=11), dict(itemtype="Monitor", id=13)]
    changed, result = run(make_module, client, diff=True, path=source, fields=dict(comment="by ansible"), items=items)
    assert changed and result["action"] == "created" and result["id"] == 1
    assert result["checksum"] == sha1(b"new\n") and result["document"]["sha1sum"] == sha1(b"new\n")
    assert result["links_added"] == items and glpi.linked(1) == [("Computer", 11), ("Monitor", 13)]
    assert glpi.writes()[0] == ("upload_document", ("wiring.txt", b"new\n", {"name": "wiring.txt", "comment": "by ansible"}))
    client.find_items.assert_called_once_with([("Computer", 11), ("Monitor", 13)])
    assert result["diff"] == dict(
        before_header="Document (new)", after_header="Document (new)",
        before=dict(name=None, comment=None, sha1sum=None, links=[]),
        after=dict(name="wiring.txt", comment="by ansible", sha1sum=sha1(b"new\n"),
                   links=["Computer 11", "Monitor 13"]))
    assert result["changes"]["sha1sum"] == dict(before=None, after=sha1(b"new\n"))


def test_check_mode_creation_sends_nothing(make_module, client, glpi, source):
    changed, result = run(make_module, client, check_mode=True, name="Wiring", path=source,
                          items=[dict(itemtype="Computer", id=11)])
    assert changed and result["action"] == "created" and result["id"] is None and result["document"] is None
    assert glpi.writes() == [] and glpi.linked(1) == []


def test_inline_content_is_uploaded_under_its_file_name(make_module, client, glpi):
    changed, result = run(make_module, client, name="Runbook", content=u"é\n", filename="runbook.md")
    assert changed and result["document"]["filename"] == "runbook.md"
    assert glpi.files[1] == u"é\n".encode("utf-8")


@pytest.mark.parametrize("items,message", [
    ([dict(itemtype="Computer", id=11), dict(itemtype="Computer", id=5)], "items[1]: there is no Computer with id 5"),
    ([dict(itemtype="Computer", id=0)], "items[0]: there is no Computer with id 0"),
    ([dict(itemtype="Computer", id=11), dict(itemtype="Rack", id=1)], "items[1].itemtype: GLPI has no itemtype 'Rack'"),
])
def test_records_to_link_must_exist(make_module, client, glpi, source, items, message):
    with pytest.raises(GlpiError) as failure:
        run(make_module, client, name="Wiring", path=source, items=items)
    assert message in str(failure.value)
    assert glpi.writes() == []


def test_records_to_link_are_read_in_one_request(make_module, client, glpi, source):
    """find_items reads them all at once; only when GLPI refuses one is each read alone, to name it."""
    glpi.add("Document", OLD)
    items = [dict(itemtype="Computer", id=11), dict(itemtype="Printer", id=12)]
    run(make_module, client, name="Wiring", path=source, items=items)
    client.find_items.assert_called_once_with([("Computer", 11), ("Printer", 12)])
    assert [c for c in client.find_item.call_args_list if c.args[0] != "Document"] == []


def test_an_unknown_itemtype_is_named_after_its_item(make_module, client, glpi, source):
    client.find_items.side_effect = GlpiUnknownItemtypeError("not an itemtype", code="ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM")
    with pytest.raises(GlpiUnknownItemtypeError) as failure:
        run(make_module, client, name="Wiring", path=source,
            items=[dict(itemtype="Computer", id=11), dict(itemtype="Computer", id=12), dict(itemtype="Rack", id=1)])
    assert failure.value.options == (("items[2].itemtype", "Rack"),)
    assert "items[2].itemtype: GLPI has no itemtype 'Rack'" in str(failure.value)


def test_a_file_glpi_did_not_keep_is_purged_and_reported(make_module, client, glpi):
    glpi.keep_files = False
    with pytest.raises(GlpiInputError, match="^content: GLPI did not keep the file 'run.exe' .*document was purged"):
        run(make_module, client, name="Tool", content="MZ", filename="run.exe")
    assert glpi.writes()[-1] == ("delete_items", ("Document", 1))
    assert client.delete_items.call_args.kwargs == dict(force_purge=True)
    assert ("Document", 1) not in glpi.records


def test_a_field_glpi_ignored_purges_the_new_document(make_module, client, glpi):
    """GLPI drops a field it does not know: the new document is not the one asked for."""
    upload = glpi.upload_document
    client.upload_document.side_effect = lambda filename, content, fields: upload(filename, content, {"name": "x"})
    with pytest.raises(GlpiInputError, match=r"^fields: Document has no field colour: GLPI ignored it, .*\(id 1\)"):
        documents.upload(client, local_files.read_source(content="x", filename="x.txt"), {"name": "x", "colour": "red"})
    client.delete_items.assert_called_once_with("Document", 1, force_purge=True)


def test_glpi_creating_nothing_is_an_error(make_module, client, glpi):
    client.upload_document.side_effect = None
    client.upload_document.return_value = {"id": None, "ok": False, "message": "Upload failed"}
    with pytest.raises(GlpiError, match="GLPI did not create the document: Upload failed"):
        run(make_module, client, name="x", content="x", filename="x.txt")


# ---------------------------------------------------------------------- an existing document


def test_new_content_replaces_the_document_links_first_purge_last(make_module, client, old, source):
    changed, result = run(make_module, client, name="Wiring", path=source,
                          items=[dict(itemtype="computer", id=11), dict(itemtype="Monitor", id=13)])
    assert changed and result["action"] == "replaced" and result["replaced_id"] == 7 and result["id"] == 8
    assert [name for name, _args in old.writes()] == ["upload_document", "add_items", "delete_items"]
    upload, links, purge = [args for _name, args in old.writes()]
    assert upload[2] == {"name": "Wiring", "entities_id": 3, "is_recursive": 1, "documentcategories_id": 5,
                         "comment": "kept"}
    assert [(r["documents_id"], r["itemtype"], r["items_id"]) for r in links[1]] == [
        (8, "Computer", 11), (8, "Printer", 12), (8, "Monitor", 13)]
    assert purge == ("Document", 7) and client.delete_items.call_args.kwargs == dict(force_purge=True)
    assert result["links_added"] == [dict(itemtype="Monitor", id=13)]
    assert result["changes"] == {"sha1sum": dict(before=sha1(b"old\n"), after=sha1(b"new\n"))}
    assert result["document"]["sha1sum"] == sha1(b"new\n") and ("Document", 7) not in old.records


def test_fields_given_win_over_the_old_ones_on_replacement(make_module, client, old, source):
    run(make_module, client, name="Wiring", path=source, fields=dict(comment="new"))
    assert old.writes()[0][1][2]["comment"] == "new"


def test_a_trashed_document_is_replaced_without_a_restore(make_module, client, old, source):
    old.records[("Document", 7)]["is_deleted"] = 1
    changed, result = run(make_module, client, name="Wiring", path=source)
    assert result["action"] == "replaced" and result["changes"]["is_deleted"] == dict(before=1, after=0)
    assert [name for name, _args in old.writes()] == ["upload_document", "add_items", "delete_items"]


def test_a_refused_link_leaves_the_old_document_alone(make_module, client, old, source):
    old.refused_links = True
    with pytest.raises(GlpiError, match="permission"):
        run(make_module, client, name="Wiring", path=source)
    assert [name for name, _args in old.writes()] == ["upload_document", "add_items"]
    assert ("Document", 7) in old.records


def test_a_link_glpi_refused_in_its_answer_fails(make_module, client, old):
    client.add_items.side_effect = None
    client.add_items.return_value = [{"id": None, "ok": False, "message": "no right"}]
    with pytest.raises(GlpiError, match=r"^GLPI did not link Document 7 to Monitor 13 \(no right\)"):
        run(make_module, client, name="Wiring", items=[dict(itemtype="Monitor", id=13)])


def test_check_mode_replacement_sends_nothing(make_module, client, old, source):
    changed, result = run(make_module, client, check_mode=True, diff=True, name="Wiring", path=source)
    assert changed and result["action"] == "replaced" and result["id"] == 7 and old.writes() == []
    assert result["diff"] == dict(before_header="Document 7", after_header="Document 7",
                                  before={"sha1sum": sha1(b"old\n")}, after={"sha1sum": sha1(b"new\n")})


def test_same_content_and_links_is_unchanged(make_module, client, old, tmp_path):
    same = tmp_path / "same.txt"
    same.write_bytes(b"old\n")
    changed, result = run(make_module, client, diff=True, name="Wiring", path=str(same),
                          items=[dict(itemtype="printer", id=12)])
    assert not changed and result["action"] == "unchanged" and old.writes() == []
    assert "diff" not in result and result["document"]["id"] == 7


def test_new_fields_and_links_update_the_document(make_module, client, old):
    changed, result = run(make_module, client, diff=True, id=7, name="Wiring v2", fields=dict(comment="new"),
                          items=[dict(itemtype="Monitor", id=13)])
    assert changed and result["action"] == "updated" and result["id"] == 7
    assert old.writes()[0] == ("update_items", ("Document", {"name": "Wiring v2", "comment": "new", "id": 7}))
    assert result["document"]["name"] == "Wiring v2" and result["links_added"] == [dict(itemtype="Monitor", id=13)]
    assert result["diff"]["before"] == dict(name="Wiring", comment="kept", links=["Computer 11", "Printer 12"])
    assert result["diff"]["after"] == dict(name="Wiring v2", comment="new",
                                           links=["Computer 11", "Monitor 13", "Printer 12"])


def test_a_new_link_alone_is_linked(make_module, client, old):
    changed, result = run(make_module, client, name="Wiring", items=[dict(itemtype="Monitor", id=13)])
    assert changed and result["action"] == "linked" and [n for n, _a in old.writes()] == ["add_items"]
    assert old.linked(7) == [("Computer", 11), ("Monitor", 13), ("Printer", 12)]


def test_a_trashed_document_is_restored(make_module, client, old):
    old.records[("Document", 7)]["is_deleted"] = 1
    changed, result = run(make_module, client, name="Wiring", fields=dict(comment="back"))
    assert changed and result["action"] == "restored"
    assert [n for n, _a in old.writes()] == ["restore_items", "update_items"]
    client.restore_items.assert_called_once_with("Document", [7])
    assert result["document"]["is_deleted"] == 0 and result["document"]["comment"] == "back"


def test_a_refused_restore_fails_with_glpi_s_message(make_module, client, old):
    old.records[("Document", 7)]["is_deleted"] = 1
    old.refused_restore = True
    with pytest.raises(GlpiError, match="^GLPI did not restore Document 7 from the trash bin: You don't have"):
        run(make_module, client, name="Wiring")


def test_a_field_documents_do_not_have_is_refused_before_writing(make_module, client, old):
    with pytest.raises(GlpiInputError, match="^fields: Document has no field colour "):
        run(make_module, client, name="Wiring", fields=dict(colour="red"))
    assert old.writes() == []


def test_a_document_is_found_by_id_or_by_a_unique_name(make_module, client, old):
    with pytest.raises(GlpiInputError, match="^id: there is no Document with id 5$"):
        run(make_module, client, id=5)
    with pytest.raises(GlpiInputError, match="^name: there is no Document named 'Nothing'$"):
        run(make_module, client, name="Nothing")
    old.add("Document", dict(OLD, id=9, is_deleted=1))
    with pytest.raises(GlpiInputError, match=r"^name: 2 documents are named 'Wiring' \(ids 7, 9\); give the id$"):
        run(make_module, client, name="Wiring")


# ---------------------------------------------------------------------- state=absent


def test_absent_on_a_missing_document_is_unchanged(make_module, client, glpi):
    changed, result = run(make_module, client, name="nothing", state="absent", items=[dict(itemtype="Computer", id=1)])
    assert (changed, result) == (False, documents.document_result(None, "unchanged"))
    assert glpi.writes() == []


def test_only_the_links_given_are_removed(make_module, client, old):
    changed, result = run(make_module, client, diff=True, name="Wiring", state="absent",
                          items=[dict(itemtype="COMPUTER", id=11), dict(itemtype="Monitor", id=13)])
    assert changed and result["action"] == "unlinked" and result["links_removed"] == [dict(itemtype="Computer", id=11)]
    assert old.writes() == [("delete_items", ("Document_Item", [1]))] and old.linked(7) == [("Printer", 12)]
    assert result["diff"] == dict(before_header="Document 7", after_header="Document 7",
                                  before=dict(links=["Computer 11", "Printer 12"]), after=dict(links=["Printer 12"]))
    changed, result = run(make_module, client, name="Wiring", state="absent", items=[dict(itemtype="Computer", id=11)])
    assert not changed and result["action"] == "unchanged" and len(old.writes()) == 1


def test_check_mode_unlink_sends_nothing(make_module, client, old):
    changed, result = run(make_module, client, check_mode=True, name="Wiring", state="absent",
                          items=[dict(itemtype="Computer", id=11)])
    assert changed and result["links_removed"] == [dict(itemtype="Computer", id=11)] and old.writes() == []


def test_trash_then_nothing_more(make_module, client, old):
    changed, result = run(make_module, client, diff=True, id=7, state="absent")
    assert changed and result["action"] == "trashed" and result["document"]["is_deleted"] == 1
    assert result["changes"] == {"is_deleted": dict(before=0, after=1)}
    assert result["diff"] == dict(before_header="Document 7", after_header="Document 7",
                                  before=dict(state="present"), after=dict(state="trashed"))
    assert old.writes() == [("delete_items", ("Document", 7))]
    assert client.delete_items.call_args.kwargs == dict(force_purge=False)
    changed, result = run(make_module, client, id=7, state="absent")
    assert not changed and result["action"] == "unchanged" and len(old.writes()) == 1


def test_purge(make_module, client, old):
    changed, result = run(make_module, client, diff=True, name="Wiring", state="absent", purge=True)
    assert changed and result["action"] == "purged" and result["document"] is None and result["id"] == 7
    assert result["diff"]["before"] == dict(state="present") and result["diff"]["after"] == dict(state="purged")
    assert ("Document", 7) not in old.records


def test_check_mode_trash_and_purge_send_nothing(make_module, client, old):
    for purge in (False, True):
        changed, result = run(make_module, client, check_mode=True, name="Wiring", state="absent", purge=purge)
        assert changed and result["action"] == ("purged" if purge else "trashed")
    assert old.writes() == [] and old.records[("Document", 7)]["is_deleted"] == 0


def test_a_refused_trash_fails(make_module, client, old):
    client.delete_items.side_effect = None
    client.delete_items.return_value = [{"id": 7, "ok": False, "message": ""}]
    with pytest.raises(GlpiError, match="^GLPI did not trash Document 7: refused$"):
        run(make_module, client, name="Wiring", state="absent")


# ---------------------------------------------------------------------- downloads


def test_a_download_writes_the_file_once(make_module, client, old, tmp_path):
    changed, result = run(make_module, client, diff=True, name="Wiring", dest=str(tmp_path))
    target = tmp_path / "wiring.txt"
    assert changed and result["action"] == "downloaded" and result["downloaded"] and target.read_bytes() == b"old\n"
    assert result["dest"] == str(target) and result["checksum"] == sha1(b"old\n") and result["id"] == 7
    assert result["diff"] == dict(before_header=str(target), after_header=str(target),
                                  before=dict(checksum=None), after=dict(checksum=sha1(b"old\n")))
    client.download_document.assert_called_once_with(7)
    changed, result = run(make_module, client, id=7, dest=str(target))
    assert not changed and result["action"] == "unchanged" and not result["downloaded"]
    client.download_document.assert_called_once_with(7)
    assert old.writes() == []


def test_check_mode_downloads_nothing(make_module, client, old, tmp_path):
    changed, result = run(make_module, client, check_mode=True, name="Wiring", dest=str(tmp_path / "out.txt"))
    assert changed and result["action"] == "downloaded" and not result["downloaded"] and result["checksum"] is None
    assert not (tmp_path / "out.txt").exists() and not client.download_document.called


def test_a_file_that_is_not_the_one_glpi_records_is_written_with_a_warning(make_module, client, old, tmp_path):
    old.files[7] = b"corrupt\n"
    module = make_module(glpi_document, name="Wiring", dest=str(tmp_path))
    changed, result = glpi_document.run(module, client)
    assert changed and result["checksum"] == sha1(b"corrupt\n")
    assert module.warnings == ["The file GLPI sent for Document 7 has the SHA-1 {0}, not the {1} GLPI records "
                               "for it".format(sha1(b"corrupt\n"), sha1(b"old\n"))]


def test_a_document_without_a_file_cannot_be_downloaded(make_module, client, glpi, tmp_path):
    glpi.add("Document", {"id": 4, "name": "Link only", "filename": "", "sha1sum": None, "is_deleted": 0})
    with pytest.raises(GlpiInputError, match=r"^name: Document 4 \('Link only'\) has no file to download$"):
        run(make_module, client, name="Link only", dest=str(tmp_path))
    with pytest.raises(GlpiInputError, match=r"^id: Document 4"):
        run(make_module, client, id=4, dest=str(tmp_path))


def test_dest_is_checked_before_any_request(make_module, client, tmp_path):
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope does not exist"):
        run(make_module, client, name="Wiring", dest=str(tmp_path / "nope" / "out.txt"))
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope does not exist"):
        run(make_module, client, user_picture="glpi", dest=str(tmp_path / "nope" / "out.png"))
    assert client.mock_calls == []


# ---------------------------------------------------------------------- user pictures


def test_a_user_without_a_picture_gets_nothing_written(make_module, client, glpi, tmp_path):
    glpi.add("User", {"id": 2, "name": "glpi", "is_deleted": 0})
    changed, result = run(make_module, client, user_picture="glpi", dest=str(tmp_path))
    assert (changed, result) == (False, dict(picture=False, user_id=2, dest=str(tmp_path), downloaded=False,
                                             checksum=None))
    assert list(tmp_path.iterdir()) == []


def test_a_picture_is_written_under_its_own_name_once(make_module, client, glpi, tmp_path):
    glpi.add("User", {"id": 2, "name": "glpi", "picture": "3a/2_picture.png", "is_deleted": 0})
    glpi.pictures[2] = b"\x89PNG picture"
    changed, result = run(make_module, client, user_picture="glpi", dest=str(tmp_path))
    target = tmp_path / "2_picture.png"
    assert changed and result == dict(picture=True, user_id=2, dest=str(target), downloaded=True,
                                      checksum=sha1(b"\x89PNG picture"))
    assert target.read_bytes() == b"\x89PNG picture"
    changed, result = run(make_module, client, user_picture="2", dest=str(target))
    assert not changed and not result["downloaded"] and result["checksum"] == sha1(b"\x89PNG picture")


def test_a_picture_without_a_file_name_is_named_after_the_user(make_module, client, glpi, tmp_path):
    glpi.add("User", {"id": 2, "name": "glpi", "picture": None, "is_deleted": 0})
    glpi.pictures[2] = b"picture"
    changed, result = run(make_module, client, check_mode=True, user_picture="2", dest=str(tmp_path))
    assert changed and result["dest"] == str(tmp_path / "user-2-picture") and not result["downloaded"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("user,message", [
    ("987654", "user_picture: there is no User with id 987654"),
    ("nobody", "user_picture: there is no User with login 'nobody'"),
    ("twin", "user_picture: 2 users have the login 'twin'"),
])
def test_the_user_of_a_picture_must_be_one(make_module, client, glpi, tmp_path, user, message):
    glpi.add("User", {"id": 5, "name": "twin", "is_deleted": 0}, {"id": 6, "name": "twin", "is_deleted": 1})
    with pytest.raises(GlpiInputError, match="^" + message):
        run(make_module, client, user_picture=user, dest=str(tmp_path))
