# -*- coding: utf-8 -*-
"""glpi_document's files on the managed node, also what root cannot meet in the integration
tests (unreadable files, read-only directories): the file to upload, the checks of dest, and the
download that writes a file only when its SHA-1 differs."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import os

import pytest

from ansible_collections.glpi.itsm.plugins.module_utils import local_files
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.modules import glpi_document


def sha1(data):
    return hashlib.sha1(data).hexdigest()


def not_fetched():
    pytest.fail("the content was fetched")


def refuse_to_open(monkeypatch):
    def refuse(path, mode="r"):
        raise IOError(errno.EACCES, "Permission denied", path)
    monkeypatch.setattr(local_files, "open", refuse, raising=False)


# ---------------------------------------------------------------------- the file to upload


def test_read_source_from_a_path_and_inline(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_bytes(b"hello\n")
    read = local_files.read_source(path=str(source))
    assert (read.content, read.filename, read.option, read.sha1) == (b"hello\n", "notes.txt", "path", sha1(b"hello\n"))
    assert local_files.read_source(path=str(source), filename="other.txt").filename == "other.txt"
    inline = local_files.read_source(content=u"é\n", filename="e.txt")
    assert (inline.content, inline.filename, inline.option) == (u"é\n".encode("utf-8"), "e.txt", "content")
    assert local_files.read_source() is None


@pytest.mark.parametrize("name,message", [("missing.txt", "does not exist"), (".", "is a directory, not a file")])
def test_read_source_missing_or_directory(tmp_path, name, message):
    with pytest.raises(GlpiInputError, match="^path: .*" + message):
        local_files.read_source(path=str(tmp_path / name))


def test_read_source_unreadable(tmp_path, monkeypatch):
    source = tmp_path / "secret.txt"
    source.write_bytes(b"secret")
    refuse_to_open(monkeypatch)
    with pytest.raises(GlpiInputError, match="^path: cannot read .*secret.txt: Permission denied"):
        local_files.read_source(path=str(source))


@pytest.mark.parametrize("filename", ["", "  ", "dir/file.txt", "dir\\file.txt"])
def test_bad_file_names(filename):
    with pytest.raises(GlpiInputError, match="^filename: "):
        local_files.read_source(content="x", filename=filename)


# ---------------------------------------------------------------------- dest


def test_dest_directory_missing_or_read_only(tmp_path, monkeypatch):
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope does not exist"):
        local_files.check_dest(str(tmp_path / "nope" / "file.txt"))
    with pytest.raises(GlpiInputError, match="^dest: the directory .*/nope/ does not exist"):
        local_files.check_dest(str(tmp_path / "nope") + "/")
    local_files.check_dest(str(tmp_path / "file.txt"))
    local_files.check_dest(str(tmp_path))
    monkeypatch.setattr(local_files.os, "access", lambda path, mode: False)
    with pytest.raises(GlpiInputError, match="^dest: the directory {0} is not writable".format(tmp_path)):
        local_files.check_dest(str(tmp_path / "file.txt"))


def test_dest_file_and_local_sha1(tmp_path, monkeypatch):
    assert local_files.dest_file(str(tmp_path), "TXT/a.txt") == str(tmp_path / "a.txt")
    assert local_files.dest_file(str(tmp_path), "TXT\\a.txt") == str(tmp_path / "a.txt")
    assert local_files.dest_file(str(tmp_path / "b.txt"), "a.txt") == str(tmp_path / "b.txt")
    assert local_files.local_sha1(str(tmp_path / "none")) is None
    (tmp_path / "b.txt").write_bytes(b"b")
    assert local_files.local_sha1(str(tmp_path / "b.txt")) == sha1(b"b")
    with pytest.raises(GlpiInputError, match="^dest: .* is a directory"):
        local_files.local_sha1(str(tmp_path))
    refuse_to_open(monkeypatch)
    with pytest.raises(GlpiInputError, match="^dest: cannot read .*b.txt: Permission denied"):
        local_files.local_sha1(str(tmp_path / "b.txt"))


def test_write_file_leaves_no_temporary_file(make_module, tmp_path, monkeypatch):
    module = make_module(glpi_document, name="x", dest=str(tmp_path))
    local_files.write_file(module, str(tmp_path / "a.txt"), b"content")
    assert os.listdir(str(tmp_path)) == ["a.txt"] and (tmp_path / "a.txt").read_bytes() == b"content"

    def fail(source, dest, unsafe_writes=False):
        raise OSError(errno.EXDEV, "Invalid cross-device link")
    monkeypatch.setattr(module, "atomic_move", fail)
    with pytest.raises(OSError):
        local_files.write_file(module, str(tmp_path / "a.txt"), b"other")
    assert os.listdir(str(tmp_path)) == ["a.txt"] and (tmp_path / "a.txt").read_bytes() == b"content"


# ---------------------------------------------------------------------- a local copy


def test_a_copy_is_fetched_and_written_when_its_sha1_differs(make_module, tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    copy = local_files.LocalCopy(str(target), sha1(b"new"))
    assert copy.before == sha1(b"old") and copy.outdated
    changed, result = copy.apply(make_module(glpi_document, name="x", dest=str(target), diff=True), lambda: b"new")
    assert changed and target.read_bytes() == b"new"
    assert result == dict(dest=str(target), downloaded=True, checksum=sha1(b"new"), diff=dict(
        before_header=str(target), after_header=str(target),
        before=dict(checksum=sha1(b"old")), after=dict(checksum=sha1(b"new"))))


def test_a_copy_that_is_up_to_date_is_not_fetched(make_module, tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"same")
    copy = local_files.LocalCopy(str(target), sha1(b"same"))
    changed, result = copy.apply(make_module(glpi_document, name="x", dest=str(target)), not_fetched)
    assert not changed and not copy.outdated
    assert result == dict(dest=str(target), downloaded=False, checksum=sha1(b"same"))


def test_check_mode_fetches_and_writes_nothing(make_module, tmp_path):
    target = tmp_path / "a.txt"
    copy = local_files.LocalCopy(str(target), sha1(b"new"))
    changed, result = copy.apply(make_module(glpi_document, check_mode=True, name="x", dest=str(target)), not_fetched)
    assert changed and not target.exists()
    assert result == dict(dest=str(target), downloaded=False, checksum=None)
