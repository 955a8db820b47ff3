# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Files on the managed node: the file a task uploads, and the file a download writes, which is
written only when its SHA-1 differs from the content wanted (and then atomically)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import tempfile

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.records import diff


def sha1_of(data):
    return hashlib.sha1(data).hexdigest()


class Source(object):
    """A file to upload: its bytes, the file name GLPI is to keep, and the option it came from
    (``path`` or ``content``, to name in messages)."""

    def __init__(self, content, filename, option):
        self.content = content
        self.filename = filename
        self.option = option
        self.sha1 = sha1_of(content)


def read_source(path=None, content=None, filename=None):
    """The file to upload: ``content`` (as UTF-8) named ``filename``, or the file at ``path``
    (named ``filename`` or its own name); None when neither is given."""
    if content is not None:
        return Source(content.encode("utf-8"), check_filename(filename), "content")
    if path is None:
        return None
    return Source(read_file(path), check_filename(filename or os.path.basename(path)), "path")


def read_file(path):
    if not os.path.lexists(path):
        raise GlpiInputError("path: {0} does not exist".format(path))
    if os.path.isdir(path):
        raise GlpiInputError("path: {0} is a directory, not a file".format(path))
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError) as error:
        raise GlpiInputError("path: cannot read {0}: {1}".format(path, error.strerror or error))


def check_filename(filename):
    if not filename or not filename.strip():
        raise GlpiInputError("filename: must not be empty")
    if "/" in filename or "\\" in filename:
        raise GlpiInputError("filename: {0!r} must be a file name, without a directory".format(filename))
    return filename


def check_dest(dest):
    """Fail early when ``dest`` cannot be written: its directory is missing or read-only."""
    if dest.endswith(os.sep) and not os.path.isdir(dest):
        directory = dest
    else:
        directory = dest if os.path.isdir(dest) else os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(directory):
        raise GlpiInputError("dest: the directory {0} does not exist".format(directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise GlpiInputError("dest: the directory {0} is not writable".format(directory))


def dest_file(dest, filename):
    """The file to write: ``dest``, or ``filename`` inside it when ``dest`` is a directory."""
    if os.path.isdir(dest):
        return os.path.join(dest, os.path.basename(filename.replace("\\", "/")))
    return dest


def local_sha1(path):
    """The SHA-1 of the file at ``path`` (``dest``), None when there is none."""
    if not os.path.lexists(path):
        return None
    if os.path.isdir(path):
        raise GlpiInputError("dest: {0} is a directory".format(path))
    digest = hashlib.sha1()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(65536), b""):
                digest.update(block)
    except (IOError, OSError) as error:
        raise GlpiInputError("dest: cannot read {0}: {1}".format(path, error.strerror or error))
    return digest.hexdigest()


def write_file(module, path, content):
    """Write ``content`` to ``path`` atomically (a temporary file in the same directory, renamed)."""
    handle, temporary = tempfile.mkstemp(prefix=".glpi_document.", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        module.atomic_move(temporary, path, unsafe_writes=module.params.get("unsafe_writes", False))
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class LocalCopy(object):
    """The file ``target`` is to hold the content whose SHA-1 is ``sha1``; ``before`` is the SHA-1
    of the file there now (None when there is none), so the content is fetched only when it differs."""

    def __init__(self, target, sha1):
        self.target = target
        self.sha1 = sha1
        self.before = local_sha1(target)

    @property
    def outdated(self):
        return self.before != self.sha1

    def apply(self, module, fetch):
        """Write the content ``fetch()`` gives when the file is outdated (never in check mode), and
        set the task's file attributes (mode, owner...) in any case. Returns ``(changed, result)``,
        the result with ``dest``, ``downloaded``, ``checksum`` (and ``diff`` in diff mode)."""
        result = dict(dest=self.target, downloaded=False, checksum=self.before)
        checksums = diff(self.target, {}, before=dict(checksum=self.before), after=dict(checksum=self.sha1))
        if self.outdated and not module.check_mode:
            content = fetch()
            write_file(module, self.target, content)
            result.update(downloaded=True, checksum=sha1_of(content))
        file_args = module.load_file_common_arguments(module.params, path=self.target)
        changed = module.set_fs_attributes_if_different(file_args, self.outdated, diff=checksums)
        if module._diff:
            result["diff"] = checksums
        return changed, result
