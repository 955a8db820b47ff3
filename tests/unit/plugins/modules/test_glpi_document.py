# -*- coding: utf-8 -*-
"""glpi_document's logic without a GLPI: local file checks (also those root cannot meet in the
integration tests: unreadable files, read-only directories), option combinations, and the order
of the requests that replace a document's content."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError, GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.modules import glpi_document as doc

OPTIONS = ("id", "name", "path", "content", "filename", "fields", "items", "dest", "user_picture")


def params(**given):
    values = dict((name, None) for name in OPTIONS)
    values.update(state="present", purge=False)
    values.update(given)
    return values


class FakeModule(object):
    def __init__(self, check_mode=False, diff=False, **given):
        self.params = params(**given)
        self.check_mode = check_mode
        self._diff = diff


class FakeClient(object):
    """Documents and links in dicts; every write is recorded in ``calls``."""

    def __init__(self, documents=None, links=None, keep_files=True, refuse_links=False):
        self.documents = dict((d["id"], dict(d)) for d in documents or [])
        self.links = list(links or [])
        self.keep_files = keep_files
        self.refuse_links = refuse_links
        self.calls = []

    def get_item(self, itemtype, item_id, **query):
        if itemtype == "Document":
            if item_id not in self.documents:
                raise GlpiNotFoundError("Item not found", code="ERROR_ITEM_NOT_FOUND", status=404)
            return dict(self.documents[item_id])
        return {"id": item_id}

    def iter_sub_items(self, itemtype, item_id, sub_itemtype, **query):
        return [dict(link) for link in self.links if link["documents_id"] == item_id]

    def upload_document(self, filename, content, fields=None):
        new_id = max(list(self.documents) + [0]) + 1
        self.calls.append(("upload", filename, dict(fields)))
        self.documents[new_id] = dict(fields, id=new_id, filename=filename, is_deleted=0, link=None,
                                      sha1sum=hashlib.sha1(content).hexdigest() if self.keep_files else None)
        return {"id": new_id, "ok": True, "message": ""}

    def add_items(self, itemtype, records):
        self.calls.append(("add", itemtype, [(r["documents_id"], r["itemtype"], r["items_id"]) for r in records]))
        if self.refuse_links:
            raise GlpiError("You don't have permission to perform this action.", code="ERROR_GLPI_ADD", status=400)
        return [{"id": 100 + i, "ok": True, "message": ""} for i, _r in enumerate(records)]

    def delete_items(self, itemtype, ids, force_purge=False, history=None):
        self.calls.append(("delete", itemtype, ids, force_purge))
        ids = ids if isinstance(ids, list) else [ids]
        if itemtype == "Document" and force_purge:
            for item_id in ids:
                self.documents.pop(item_id, None)
        return [{"id": i, "ok": True, "message": ""} for i in ids]


OLD = {"id": 7, "name": "Wiring", "filename": "wiring.txt", "sha1sum": "0" * 40, "is_deleted": 0,
       "entities_id": 3, "is_recursive": 1, "documentcategories_id": 5, "comment": "kept", "link": None}
LINKS = [{"id": 1, "documents_id": 7, "itemtype": "Computer", "items_id": 11},
         {"id": 2, "documents_id": 7, "itemtype": "Printer", "items_id": 12}]


# ---------------------------------------------------------------------- local files


def test_read_source_from_a_path_and_inline(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_bytes(b"hello\n")
    assert doc.read_source(params(path=str(source))) == (b"hello\n", "notes.txt", "path")
    assert doc.read_source(params(path=str(source), filename="other.txt"))[1] == "other.txt"
    assert doc.read_source(params(content=u"é\n", filename="e.txt")) == (u"é\n".encode("utf-8"), "e.txt", "content")


@pytest.mark.parametrize("name,message", [("missing.txt", "does not exist"), (".", "is a directory")])
def test_read_source_missing_or_directory(tmp_path, name, message):
    with pytest.raises(GlpiInputError, match="^path: .*" + message):
        doc.read_source(params(path=str(tmp_path / name)))


def test_read_source_unreadable(tmp_path, monkeypatch):
    source = tmp_path / "secret.txt"
    source.write_bytes(b"secret")

    def refuse(path, mode="r"):
        raise IOError(errno.EACCES, "Permission denied", path)
    monkeypatch.setattr(doc, "open", refuse, raising=False)
    with pytest.raises(GlpiInputError, match="^path: cannot read .*secret.txt: Permission denied"):
        doc.read_source(params(path=str(source)))


@pytest.mark.parametrize("filename", ["", "  ", "dir/file.txt", "dir\\file.txt"])
def test_bad_file_names(filename):
    with pytest.raises(GlpiInputError, match="^filename: "):
        doc.read_source(params(content="x", filename=filename))


def test_dest_directory_missing_or_read_only(tmp_path, monkeypatch):
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope does not exist"):
        doc.check_dest(str(tmp_path / "nope" / "file.txt"))
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope/ does not exist"):
        doc.check_dest(str(tmp_path / "nope") + "/")
    doc.check_dest(str(tmp_path / "file.txt"))
    monkeypatch.setattr(doc.os, "access", lambda path, mode: False)
    with pytest.raises(GlpiInputError, match="^dest: the directory {0} is not writable".format(tmp_path)):
        doc.check_dest(str(tmp_path / "file.txt"))


def test_dest_file_and_local_sha1(tmp_path):
    assert doc.dest_file(str(tmp_path), "TXT/a.txt") == str(tmp_path / "a.txt")
    assert doc.dest_file(str(tmp_path / "b.txt"), "a.txt") == str(tmp_path / "b.txt")
    assert doc.local_sha1(str(tmp_path / "none")) is None
    (tmp_path / "b.txt").write_bytes(b"b")
    assert doc.local_sha1(str(tmp_path / "b.txt")) == hashlib.sha1(b"b").hexdigest()
    with pytest.raises(GlpiInputError, match="^dest: .* is a directory"):
        doc.local_sha1(str(tmp_path))


# ---------------------------------------------------------------------- options


@pytest.mark.parametrize("given,message", [
    (dict(fields=dict(name="x")), "fields: name is set by the module (use the name option)"),
    (dict(fields=dict(filepath="x")), "fields: filepath is set by the module"),
    (dict(state="absent", dest="/tmp/x", name="x"), "dest: cannot be used with state=absent"),
    (dict(state="absent", fields=dict(comment="x"), name="x"), "fields: cannot be used with state=absent"),
    (dict(purge=True, name="x"), "purge: only with state=absent"),
    (dict(state="absent", purge=True, name="x", items=[dict(itemtype="Computer", id=1)]), "purge: with items"),
    (dict(id=3, name="x", dest="/tmp/x"), "name: with id, name only renames"),
    (dict(user_picture="glpi", dest="/tmp/x", state="absent"), "state: user_picture only downloads"),
])
def test_option_combinations(given, message):
    with pytest.raises(GlpiInputError) as failure:
        doc.check_options(params(**given))
    assert str(failure.value).startswith(message)


def test_wanted_items_are_deduplicated_whatever_the_case():
    items = [dict(itemtype="Computer", id=1), dict(itemtype="computer", id=1), dict(itemtype="Printer", id=1)]
    assert doc.wanted_items(items) == [(0, dict(itemtype="Computer", id=1)), (2, dict(itemtype="Printer", id=1))]


# ---------------------------------------------------------------------- writes


def test_new_content_replaces_the_document_links_first_purge_last():
    client = FakeClient([OLD], LINKS)
    module = FakeModule(items=[dict(itemtype="Computer", id=11), dict(itemtype="Monitor", id=13)])
    changed, result = doc.update(module, client, dict(OLD), (b"new\n", "wiring.txt", "path"), {"name": "Wiring"})
    assert changed and result["action"] == "replaced" and result["replaced_id"] == 7 and result["id"] == 8
    assert [c[0] for c in client.calls] == ["upload", "add", "delete"]
    upload = client.calls[0][2]
    assert upload == {"name": "Wiring", "entities_id": 3, "is_recursive": 1, "documentcategories_id": 5,
                      "comment": "kept"}
    assert client.calls[1][2] == [(8, "Computer", 11), (8, "Printer", 12), (8, "Monitor", 13)]
    assert client.calls[2] == ("delete", "Document", 7, True)
    assert result["links_added"] == [dict(itemtype="Monitor", id=13)]


def test_fields_given_win_over_the_old_ones_on_replacement():
    client = FakeClient([OLD], LINKS)
    doc.update(FakeModule(), client, dict(OLD), (b"new\n", "w.txt", "path"), {"name": "Wiring", "comment": "new"})
    assert client.calls[0][2]["comment"] == "new"


def test_a_refused_link_leaves_the_old_document_alone():
    client = FakeClient([OLD], LINKS, refuse_links=True)
    with pytest.raises(GlpiError, match="permission"):
        doc.update(FakeModule(), client, dict(OLD), (b"new\n", "wiring.txt", "path"), {"name": "Wiring"})
    assert [c[0] for c in client.calls] == ["upload", "add"]
    assert 7 in client.documents


def test_check_mode_replacement_sends_nothing():
    client = FakeClient([OLD], LINKS)
    changed, result = doc.update(FakeModule(check_mode=True, diff=True), client, dict(OLD),
                                 (b"new\n", "wiring.txt", "path"), {"name": "Wiring"})
    assert changed and result["action"] == "replaced" and result["id"] == 7 and client.calls == []
    assert result["diff"]["before"] == {"sha1sum": "0" * 40}
    assert result["diff"]["after"] == {"sha1sum": hashlib.sha1(b"new\n").hexdigest()}


def test_same_content_and_links_is_unchanged():
    same = dict(OLD, sha1sum=hashlib.sha1(b"same").hexdigest())
    client = FakeClient([same], LINKS)
    module = FakeModule(items=[dict(itemtype="printer", id=12)])
    changed, result = doc.update(module, client, dict(same), (b"same", "wiring.txt", "path"), {"name": "Wiring"})
    assert not changed and result["action"] == "unchanged" and client.calls == []


def test_a_file_glpi_did_not_keep_is_purged_and_reported():
    client = FakeClient(keep_files=False)
    with pytest.raises(GlpiInputError, match="^filename: GLPI did not keep the file 'run.exe'"):
        doc.upload(client, "run.exe", b"MZ", {"name": "Tool"}, "filename")
    assert client.calls[-1] == ("delete", "Document", 1, True) and client.documents == {}


def test_absent_on_a_missing_document_is_unchanged():
    client = FakeClient()
    module = FakeModule(name="nothing", state="absent", items=[dict(itemtype="Computer", id=1)])
    client.iter_items = lambda itemtype, **query: []
    assert doc.ensure_absent(module, client) == (False, doc.document_result(None, "unchanged", {}))
    assert client.calls == []
