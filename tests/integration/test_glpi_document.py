# -*- coding: utf-8 -*-
"""glpi_document: upload, links, download, replacement, unlink, trash and purge as tasks (check
mode through the ansible command line, which pytest-ansible cannot switch), user pictures, bad
input, and the playbook of targets/glpi_document.yml.

Everything runs unchanged on a real GLPI (GLPI_TEST_URL): the tests create their own computers,
users and documents and purge them. Request counts (zero writes, no download) are read from the
counting proxy in front of the GLPI of the tests, on the emulator and on a real GLPI alike.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import random
import re

import pytest

from conftest import adhoc_output, run_adhoc, run_playbook, run_task

DOWNLOAD_PATH = re.compile(r"^/?Document/\d+/?$")


def sha1(data):
    return hashlib.sha1(data).hexdigest()


class Server(object):
    """What the tests ask GLPI directly, and the request log of the counting proxy."""

    def __init__(self, glpi):
        self.glpi = glpi

    def clear(self):
        self.glpi.clear()

    def writes(self):
        """The write requests since clear(), as (method, path)."""
        return self.glpi.write_paths()

    def no_writes(self):
        return self.writes() == []

    def downloads(self):
        return [r for r in self.glpi.requests(DOWNLOAD_PATH.pattern, "GET")
                if r.header("Accept") == "application/octet-stream"]

    def document(self, doc_id):
        from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiNotFoundError
        with self.glpi.client() as client:
            try:
                return client.get_item("Document", doc_id, get_hateoas=False)
            except GlpiNotFoundError:
                return None

    def links(self, doc_id):
        with self.glpi.client() as client:
            rows = client.iter_sub_items("Document", doc_id, "Document_Item", get_hateoas=False)
            return sorted((row["itemtype"], row["items_id"]) for row in rows)

    def named(self, name):
        from ansible_collections.glpi.itsm.plugins.module_utils.records import find_records
        with self.glpi.client() as client:
            return find_records(client, "Document", {"name": name})


@pytest.fixture
def server(glpi):
    return Server(glpi)


@pytest.fixture
def suffix(glpi):
    return "%s-%06d" % (glpi.run_id, random.randint(0, 999999))


@pytest.fixture
def computers(glpi, suffix):
    """Two computers of this test (a real GLPI has no sample data), purged afterwards."""
    with glpi.client() as client:
        made = client.add_items("Computer", [{"name": "itsm-doc-pc-%s-a" % suffix},
                                             {"name": "itsm-doc-pc-%s-b" % suffix}])
    ids = [outcome["id"] for outcome in made]
    assert all(ids), made
    yield ids
    with glpi.client() as client:
        client.delete_items("Computer", ids, force_purge=True)


@pytest.fixture
def doc_name(glpi, suffix, server):
    """A document name of this test; every document with it is purged afterwards."""
    name = "itsm-doc-%s" % suffix
    yield name
    left = [d["id"] for d in server.named(name)]
    if left:
        with glpi.client() as client:
            client.delete_items("Document", left, force_purge=True)


def test_upload_link_download_and_replace(ansible_module, glpi_env, server, computers, doc_name, tmp_path):
    pc_a, pc_b = computers
    source = tmp_path / "wiring.txt"
    source.write_bytes(b"first version\n")
    server.clear()

    created = run_task(ansible_module, "glpi_document", name=doc_name, path=str(source),
                       fields=dict(comment="by ansible"))
    assert created["changed"] and created["action"] == "created", created
    doc_id = created["id"]
    assert created["document"]["sha1sum"] == created["checksum"] == sha1(b"first version\n")
    assert created["document"]["filename"] == "wiring.txt" and created["document"]["comment"] == "by ansible"
    assert server.writes() == [("POST", "Document")]

    # Same name, same content: nothing is uploaded again.
    server.clear()
    again = run_task(ansible_module, "glpi_document", name=doc_name, path=str(source),
                     fields=dict(comment="by ansible"))
    assert not again["changed"] and again["action"] == "unchanged" and again["id"] == doc_id
    assert server.no_writes()
    assert len(server.named(doc_name)) == 1

    # Linked to a computer, once.
    server.clear()
    linked = run_task(ansible_module, "glpi_document", name=doc_name, path=str(source),
                      items=[dict(itemtype="Computer", id=pc_a)])
    assert linked["changed"] and linked["action"] == "linked"
    assert linked["links_added"] == [dict(itemtype="Computer", id=pc_a)]
    assert server.writes() == [("POST", "Document_Item")]
    server.clear()
    relinked = run_task(ansible_module, "glpi_document", name=doc_name, items=[dict(itemtype="Computer", id=pc_a)])
    assert not relinked["changed"] and relinked["links_added"] == []
    assert server.no_writes()
    assert server.links(doc_id) == [("Computer", pc_a)]

    # Downloaded once; the second time nothing is downloaded nor written.
    dest = tmp_path / "copy.txt"
    server.clear()
    downloaded = run_task(ansible_module, "glpi_document", name=doc_name, dest=str(dest))
    assert downloaded["changed"] and downloaded["downloaded"] and downloaded["action"] == "downloaded"
    assert dest.read_bytes() == b"first version\n" and downloaded["checksum"] == sha1(b"first version\n")
    assert len(server.downloads()) == 1
    mtime = dest.stat().st_mtime_ns
    server.clear()
    second = run_task(ansible_module, "glpi_document", id=doc_id, dest=str(dest))
    assert not second["changed"] and not second["downloaded"]
    assert dest.stat().st_mtime_ns == mtime
    assert server.downloads() == [] and server.no_writes()

    # File attributes alone: changed, nothing downloaded.
    attributes = run_task(ansible_module, "glpi_document", name=doc_name, dest=str(dest), mode="0600")
    assert attributes["changed"] and not attributes["downloaded"] and attributes["mode"] == "0600"
    assert oct(dest.stat().st_mode & 0o777) == "0o600"

    # An existing directory receives the file under its own name.
    into_dir = run_task(ansible_module, "glpi_document", name=doc_name, dest=str(tmp_path))
    assert into_dir["dest"] == str(tmp_path / "wiring.txt") and not into_dir["changed"]

    # New content replaces the document: same name, fields and links, new sha1.
    source.write_bytes(b"second version\n")
    server.clear()
    replaced = run_task(ansible_module, "glpi_document", name=doc_name, path=str(source),
                        items=[dict(itemtype="Computer", id=pc_b)])
    assert replaced["changed"] and replaced["action"] == "replaced", replaced
    assert replaced["replaced_id"] == doc_id and replaced["id"] != doc_id
    assert replaced["changes"]["sha1sum"] == dict(before=sha1(b"first version\n"), after=sha1(b"second version\n"))
    assert replaced["document"]["sha1sum"] == sha1(b"second version\n")
    assert replaced["document"]["comment"] == "by ansible" and replaced["document"]["name"] == doc_name
    assert server.links(replaced["id"]) == sorted([("Computer", pc_a), ("Computer", pc_b)])
    assert server.document(doc_id) is None
    assert server.writes() == [("POST", "Document"), ("POST", "Document_Item"), ("DELETE", "Document/%d" % doc_id)]
    assert [d["id"] for d in server.named(doc_name)] == [replaced["id"]]

    # The download follows the new content.
    server.clear()
    refreshed = run_task(ansible_module, "glpi_document", name=doc_name, dest=str(dest))
    assert refreshed["changed"] and dest.read_bytes() == b"second version\n"
    assert oct(dest.stat().st_mode & 0o777) == "0o600"  # the file was replaced, its mode kept

    # Inline content with a file name.
    inline = run_task(ansible_module, "glpi_document", name=doc_name, content="second version\n", filename="wiring.txt")
    assert not inline["changed"] and inline["id"] == replaced["id"]


def test_unlink_trash_restore_and_purge(ansible_module, glpi_env, server, computers, doc_name):
    pc_a, pc_b = computers
    both = [dict(itemtype="Computer", id=pc_a), dict(itemtype="Computer", id=pc_b)]
    created = run_task(ansible_module, "glpi_document", name=doc_name, content="unlink me\n", filename="unlink.txt",
                       items=both)
    assert created["action"] == "created" and created["links_added"] == both
    doc_id = created["id"]
    assert server.links(doc_id) == sorted([("Computer", pc_a), ("Computer", pc_b)])

    server.clear()
    unlinked = run_task(ansible_module, "glpi_document", name=doc_name, items=[dict(itemtype="Computer", id=pc_a)],
                        state="absent")
    assert unlinked["changed"] and unlinked["action"] == "unlinked"
    assert unlinked["links_removed"] == [dict(itemtype="Computer", id=pc_a)]
    assert server.links(doc_id) == [("Computer", pc_b)]
    assert server.document(doc_id)["is_deleted"] == 0  # the document stays
    assert server.writes() == [("DELETE", "Document_Item")]
    server.clear()
    unlinked_again = run_task(ansible_module, "glpi_document", name=doc_name,
                              items=[dict(itemtype="Computer", id=pc_a)], state="absent")
    assert not unlinked_again["changed"] and server.no_writes()

    trashed = run_task(ansible_module, "glpi_document", name=doc_name, state="absent")
    assert trashed["changed"] and trashed["action"] == "trashed" and trashed["document"]["is_deleted"] == 1
    server.clear()
    trashed_again = run_task(ansible_module, "glpi_document", id=doc_id, state="absent")
    assert not trashed_again["changed"] and server.no_writes()
    assert server.links(doc_id) == [("Computer", pc_b)]

    restored = run_task(ansible_module, "glpi_document", name=doc_name, content="unlink me\n", filename="unlink.txt")
    assert restored["changed"] and restored["action"] == "restored" and restored["id"] == doc_id
    assert restored["document"]["is_deleted"] == 0

    purged = run_task(ansible_module, "glpi_document", name=doc_name, state="absent", purge=True)
    assert purged["changed"] and purged["action"] == "purged" and purged["document"] is None
    assert server.document(doc_id) is None
    server.clear()
    purged_again = run_task(ansible_module, "glpi_document", name=doc_name, state="absent", purge=True)
    assert not purged_again["changed"] and purged_again["id"] is None and server.no_writes()


def test_check_mode_writes_nothing(glpi, server, computers, doc_name, tmp_path):
    pc_a, pc_b = computers
    source = tmp_path / "check.txt"
    source.write_bytes(b"check mode\n")
    upload = dict(name=doc_name, path=str(source))

    server.clear()
    would_create = run_adhoc(glpi, "glpi_document", check=True, **upload)
    assert would_create["changed"] and would_create["action"] == "created" and would_create["id"] is None
    assert server.no_writes() and server.named(doc_name) == []

    doc_id = run_adhoc(glpi, "glpi_document", **upload)["id"]
    server.clear()
    would_link = run_adhoc(glpi, "glpi_document", check=True, items=[dict(itemtype="Computer", id=pc_a)], **upload)
    assert would_link["changed"] and would_link["links_added"] == [dict(itemtype="Computer", id=pc_a)]
    assert server.no_writes() and server.links(doc_id) == []

    run_adhoc(glpi, "glpi_document", items=[dict(itemtype="Computer", id=pc_a), dict(itemtype="Computer", id=pc_b)],
              **upload)
    source.write_bytes(b"check mode, changed\n")
    server.clear()
    would_replace = run_adhoc(glpi, "glpi_document", check=True, **upload)
    assert would_replace["changed"] and would_replace["action"] == "replaced" and would_replace["id"] == doc_id
    assert would_replace["changes"]["sha1sum"]["after"] == sha1(b"check mode, changed\n")
    assert server.no_writes() and server.document(doc_id)["sha1sum"] == sha1(b"check mode\n")

    dest = tmp_path / "out.txt"
    server.clear()
    would_download = run_adhoc(glpi, "glpi_document", check=True, name=doc_name, dest=str(dest))
    assert would_download["changed"] and not would_download["downloaded"] and not dest.exists()
    assert server.downloads() == []

    server.clear()
    would_unlink = run_adhoc(glpi, "glpi_document", check=True, name=doc_name, state="absent",
                             items=[dict(itemtype="Computer", id=pc_a)])
    assert would_unlink["changed"] and would_unlink["links_removed"] == [dict(itemtype="Computer", id=pc_a)]
    would_trash = run_adhoc(glpi, "glpi_document", check=True, name=doc_name, state="absent")
    assert would_trash["changed"] and would_trash["action"] == "trashed"
    would_purge = run_adhoc(glpi, "glpi_document", check=True, name=doc_name, state="absent", purge=True)
    assert would_purge["changed"] and would_purge["action"] == "purged"
    assert server.no_writes()
    assert server.links(doc_id) == sorted([("Computer", pc_a), ("Computer", pc_b)])
    assert server.document(doc_id)["is_deleted"] == 0


def test_diff_shows_checksums(glpi, doc_name, tmp_path):
    source = tmp_path / "diff.txt"
    source.write_bytes(b"diff\n")
    run_adhoc(glpi, "glpi_document", name=doc_name, path=str(source))
    source.write_bytes(b"diff, changed\n")
    command_output = adhoc_output(glpi, "glpi_document", "--check", "--diff", name=doc_name, path=str(source))
    assert '-    "sha1sum": "%s"' % sha1(b"diff\n") in command_output, command_output
    assert '+    "sha1sum": "%s"' % sha1(b"diff, changed\n") in command_output
    dest = tmp_path / "local.txt"
    dest.write_bytes(b"local\n")
    command_output = adhoc_output(glpi, "glpi_document", "--check", "--diff", name=doc_name, dest=str(dest))
    assert '-    "checksum": "%s"' % sha1(b"local\n") in command_output, command_output
    assert '+    "checksum": "%s"' % sha1(b"diff\n") in command_output


@pytest.fixture
def user_without_picture(glpi, suffix):
    login = "itsm-doc-user-%s" % suffix
    with glpi.client() as client:
        [made] = client.add_items("User", {"name": login})
    assert made["ok"], made
    yield made["id"], login
    with glpi.client() as client:
        client.delete_items("User", made["id"], force_purge=True)


def test_user_without_picture(ansible_module, glpi_env, server, user_without_picture, tmp_path):
    user_id, login = user_without_picture
    dest = tmp_path / "picture.png"
    for who in (login, str(user_id)):
        server.clear()
        result = run_task(ansible_module, "glpi_document", user_picture=who, dest=str(dest))
        assert not result.get("failed"), result
        assert result["picture"] is False and not result["changed"] and result["user_id"] == user_id
        assert not dest.exists() and server.no_writes()
        assert [r.status for r in server.glpi.requests(r"^/?User/%d/Picture" % user_id)] == [204]


@pytest.mark.emulator_only("GLPI's API cannot give a user a picture (only its web form can upload one); "
                           "the emulator's store can")
def test_user_picture_is_downloaded_once(ansible_module, glpi_env, emulator, tmp_path):
    """The emulator can be given a picture without HTTP (GLPI's API cannot upload one)."""
    user = emulator.store.get("User", 2)
    picture = b"\x89PNG\r\n\x1a\n" + os.urandom(64)
    saved = user.get("picture"), emulator.store.pictures.get(2)
    user["picture"] = "3a/2_picture.png"
    emulator.store.pictures[2] = (picture, "image/png")
    try:
        first = run_task(ansible_module, "glpi_document", user_picture="glpi", dest=str(tmp_path))
        assert first["changed"] and first["picture"] and first["downloaded"]
        assert first["dest"] == str(tmp_path / "2_picture.png")
        assert (tmp_path / "2_picture.png").read_bytes() == picture
        mtime = (tmp_path / "2_picture.png").stat().st_mtime_ns
        second = run_task(ansible_module, "glpi_document", user_picture="2", dest=str(tmp_path / "2_picture.png"))
        assert not second["changed"] and not second["downloaded"] and second["checksum"] == sha1(picture)
        assert (tmp_path / "2_picture.png").stat().st_mtime_ns == mtime
    finally:
        user["picture"] = saved[0]
        if saved[1] is None:
            emulator.store.pictures.pop(2, None)
        else:
            emulator.store.pictures[2] = saved[1]


BAD_INPUT = [
    (dict(name="x", path="{tmp}/missing.txt"), "path: {tmp}/missing.txt does not exist"),
    (dict(name="x", path="{tmp}"), "path: {tmp} is a directory"),
    (dict(name="x", dest="{tmp}/no/such/dir/file.txt"), "dest: the directory {tmp}/no/such/dir does not exist"),
    (dict(name="x", path="{tmp}/file.txt", content="x", filename="x.txt"), "mutually exclusive: path|content"),
    (dict(name="x", content="no file name"), "missing parameter(s) required by 'content': filename"),
    (dict(name="x", content="x", filename="a/b.txt"), "filename: 'a/b.txt' must be a file name"),
    (dict(name="itsm-doc-no-such-document", dest="{tmp}/out.txt"), "name: there is no Document named 'itsm-doc-no-such-document'"),
    (dict(id=987654, dest="{tmp}/out.txt"), "id: there is no Document with id 987654"),
    (dict(dest="{tmp}/out.txt"), "dest: give the id or name of the document"),
    (dict(name="x", path="{tmp}/file.txt", items=[dict(id=1)]), "missing required arguments: itemtype found in items"),
    (dict(name="x", path="{tmp}/file.txt", items=[dict(itemtype="Computer")]), "missing required arguments: id found in items"),
    (dict(name="x", path="{tmp}/file.txt", items=[dict(itemtype="Computer", id=987654)]), "items[0]: there is no Computer with id 987654"),
    (dict(name="x", path="{tmp}/file.txt", items=[dict(itemtype="NotAnItemtype", id=1)]), "items[0].itemtype: GLPI has no itemtype"),
    (dict(name="x", path="{tmp}/file.txt", fields=dict(sha1sum="0" * 40)), "fields: sha1sum is set by the module"),
    (dict(name="x", state="absent", purge=True, items=[dict(itemtype="Computer", id=1)]), "purge: with items"),
    (dict(name="x", path="{tmp}/file.txt", purge=True), "purge: only with state=absent"),
    (dict(name="x", path="{tmp}/file.txt", state="absent"), "path: cannot be used with state=absent"),
    (dict(user_picture="itsm-doc-no-such-login", dest="{tmp}/p.png"), "user_picture: there is no User with login"),
    (dict(user_picture="987654", dest="{tmp}/p.png"), "user_picture: there is no User with id 987654"),
    (dict(user_picture="glpi"), "missing parameter(s) required by 'user_picture': dest"),
]


@pytest.mark.parametrize("args,message", BAD_INPUT, ids=[m.split(":")[0] + "-%d" % i for i, (a, m) in enumerate(BAD_INPUT)])
def test_bad_input_fails_cleanly_without_writing(ansible_module, glpi_env, server, tmp_path, args, message):
    (tmp_path / "file.txt").write_bytes(b"x\n")
    args = json.loads(json.dumps(args).replace("{tmp}", str(tmp_path)))
    server.clear()
    result = run_task(ansible_module, "glpi_document", **args)
    assert result.get("failed"), result
    assert message.replace("{tmp}", str(tmp_path)) in result["msg"], result["msg"]
    assert server.no_writes()
    assert server.glpi.open_sessions() == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes whatever the mode bits say")
def test_unreadable_path_and_read_only_dest(ansible_module, glpi_env, server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret\n")
    secret.chmod(0)
    failed = run_task(ansible_module, "glpi_document", name="x", path=str(secret))
    assert failed.get("failed") and "path: cannot read %s" % secret in failed["msg"], failed
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    failed = run_task(ansible_module, "glpi_document", name="x", dest=str(locked / "out.txt"))
    assert failed.get("failed") and "dest: the directory %s is not writable" % locked in failed["msg"], failed
    assert server.no_writes()


def test_document_playbook(glpi, tmp_path):
    """targets/glpi_document.yml: the url comes from module_defaults only, which proves that the
    module belongs to the action group."""
    code, output, recap = run_playbook("glpi_document.yml", glpi, "-e", "glpi_url=" + glpi.url,
                                       "-e", "workdir=" + str(tmp_path), GLPI_URL="http://127.0.0.1:9/apirest.php")
    assert code == 0, output
    assert recap["failed"] == 0 and recap["changed"] >= 8, output
    assert glpi.open_sessions() == 0
