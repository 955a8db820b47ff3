#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: glpi_document
short_description: Upload, link, download, trash and purge GLPI documents; download user pictures
version_added: 0.1.0
description:
  - Uploads a file (O(path), or inline O(content) with a O(filename)) as a GLPI Document named
    O(name), with other O(fields), and links it to records (O(items)), idempotently. A document with
    the same name and the same content (SHA-1) is not uploaded again, and a link that exists is not
    added again.
  - Downloads the file of a document to O(dest), only when the content differs from the local file
    (the document's C(sha1sum) is compared with the SHA-1 of O(dest) before anything is downloaded),
    and sets the usual file attributes (O(mode), O(owner), O(group)...).
  - Downloads the profile picture of a user (O(user_picture)) to O(dest) the same way.
  - With O(state=absent), moves the document to the trash bin, purges it (O(purge=true)), or only
    removes its links to the records given in O(items).
author:
  - glpi.itsm contributors (@glpi-itsm)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.files
  - glpi.itsm.connection
options:
  id:
    description:
      - The id of the document. Without it, the document is found by O(name).
    type: int
  name:
    description:
      - The name of the document, which identifies it when O(id) is not given (an exact match,
        where case and spaces count; trashed documents are found too). Several documents with this
        name fail the task and list their ids.
      - When a file is uploaded, defaults to its file name (O(filename), or the base name of O(path)).
      - With O(id) and O(state=present), the new name of the document.
    type: str
  path:
    description:
      - A file on the managed node to upload as the document's file.
      - Excludes O(content) and O(dest).
    type: path
  content:
    description:
      - The document's file content, given inline (written as UTF-8), instead of O(path).
      - Requires O(filename). Excludes O(path) and O(dest).
    type: str
  filename:
    description:
      - The file name GLPI keeps for the uploaded file (the name it is downloaded under). Its
        extension must be one of GLPI's document types (Setup > Dropdowns > Document types).
      - Required with O(content); defaults to the base name of O(path).
      - A different file name alone does not upload the file again (only the content is compared).
    type: str
  fields:
    description:
      - Other fields of the document, such as V(comment), V(documentcategories_id), V(entities_id),
        V(is_recursive), V(link). Foreign keys accept an id or a name (V(documentcategories_id)
        a complete name such as V(Manuals > Servers)).
      - Only the fields given are compared; those that differ are updated.
      - V(name), V(filename), V(filepath), V(sha1sum), V(mime) and V(is_deleted) are set by the
        module and cannot be given here.
    type: dict
  items:
    description:
      - Records the document is linked to (GLPI's C(Document_Item)).
      - With O(state=present), the links that are missing are added; other links are left alone.
      - With O(state=absent), only these links are removed and the document stays.
    type: list
    elements: dict
    suboptions:
      itemtype:
        description: The itemtype of the record (V(Computer), V(Ticket), V(NetworkEquipment)...).
        type: str
        required: true
      id:
        description: The id of the record.
        type: int
        required: true
  dest:
    description:
      - Download the document's file (or, with O(user_picture), the user's picture) to this path on
        the managed node. An existing directory receives the file under its own name.
      - The file is written only when its SHA-1 differs from the document's; the file attributes
        (O(mode), O(owner), O(group)...) are set in any case.
      - The directory must exist and be writable. Excludes O(path), O(content), O(items) and O(fields).
    type: path
  user_picture:
    description:
      - The id or login of a user whose profile picture is downloaded to O(dest) (required).
      - A user without a picture (GLPI answers 204) is reported with RV(picture=false), and nothing
        is written.
    type: str
  state:
    description:
      - V(present) - the document exists with the file, fields and links given (or, with O(dest),
        its file is downloaded).
      - V(absent) - the document is in the trash bin, or purged with O(purge); with O(items), only
        its links to those records are removed.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=absent), purge the document for good (with its links) instead of moving it to
        the trash bin. Cannot be used with O(items).
    type: bool
    default: false
notes:
  - B(New content replaces the document.) GLPI's API cannot replace the file of an existing
    document. PHP reads multipart bodies (the only way the API takes a file) on POST requests only,
    and a POST always creates a new document; GLPI 10 answers a multipart PUT with
    C(ERROR_UPLOAD_FILE_TOO_BIG_POST_MAX_SIZE). So when the content differs, the module uploads
    a new document with the same name and the fields of the old one (entity, category, comment,
    web link, with O(fields) on top), links it to every record the old one was linked to (and to
    O(items)), then purges the old document. The document id changes (RV(id) is the new one and
    RV(replaced_id) the old one), and so do its tag and history; the set of linked records stays
    the same. The old document is purged last, so a failure on the way leaves it untouched.
  - A file whose extension is not an allowed document type is refused by GLPI (it would create a
    document without a file); the module then purges that empty document and fails.
  - Trashed documents are found by O(name) too; O(state=present) takes the document out of the
    trash bin (C(MassiveAction:restore)).
  - In check mode nothing is uploaded, linked, written or removed; downloads are decided from the
    SHA-1 GLPI keeps, so no file is downloaded either (except a user picture, which GLPI gives no
    checksum for and which is read to be compared).
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Upload a PDF as a document and link it to two computers
  glpi.itsm.glpi_document:
    url: https://glpi.example.com
    user_token: "{{ vault_glpi_user_token }}"
    name: Rack 3 wiring
    path: files/rack3-wiring.pdf
    fields:
      documentcategories_id: Manuals > Datacenter
      comment: Managed by Ansible
    items:
      - itemtype: Computer
        id: 42
      - itemtype: NetworkEquipment
        id: 7

- name: A text document given inline
  glpi.itsm.glpi_document:
    name: web-01 runbook
    filename: runbook.md
    content: |
      # web-01
      Restart with `systemctl restart nginx`.

- name: Download a document when it changed
  glpi.itsm.glpi_document:
    name: Rack 3 wiring
    dest: /srv/docs/rack3-wiring.pdf
    mode: "0644"
    owner: www-data

- name: Download a user's picture
  glpi.itsm.glpi_document:
    user_picture: jdoe
    dest: /srv/avatars/jdoe.png
  register: picture

- name: Unlink a document from one computer only (the document stays)
  glpi.itsm.glpi_document:
    name: Rack 3 wiring
    items:
      - itemtype: Computer
        id: 42
    state: absent

- name: Move a document to the trash bin
  glpi.itsm.glpi_document:
    name: Rack 3 wiring
    state: absent

- name: Purge it for good
  glpi.itsm.glpi_document:
    name: Rack 3 wiring
    state: absent
    purge: true
"""

RETURN = r"""
id:
  description:
    - The id of the document (the new one when its content was replaced). Null when there is none,
      and in check mode when it would be created.
  returned: except with O(user_picture)
  type: int
  sample: 12
action:
  description:
    - What the task did to the document (or would do in check mode). With several changes, the
      first of V(created), V(replaced), V(restored), V(updated), V(linked) is given (see
      RV(changes), RV(links_added)).
  returned: except with O(user_picture)
  type: str
  choices: [created, replaced, restored, updated, linked, unlinked, trashed, purged, downloaded, unchanged]
  sample: replaced
document:
  description: The document as GLPI returns it after the task. Null once purged, or when it would be created in check mode.
  returned: except with O(user_picture)
  type: dict
  sample: {"id": 12, "name": "Rack 3 wiring", "filename": "rack3-wiring.pdf", "mime": "application/pdf",
           "sha1sum": "25cb1d6e3307ccacd4790b8b4bc41d71b02ba3bd", "is_deleted": 0}
changes:
  description: The fields of the document that changed (V(sha1sum) for new content), each with its V(before) and V(after).
  returned: except with O(user_picture)
  type: dict
  sample: {"sha1sum": {"before": "25cb1d6e3307ccacd4790b8b4bc41d71b02ba3bd", "after": "f572d396fae9206628714fb2ce00f72e94f2258f"}}
links_added:
  description: The records the document was linked to by the task.
  returned: except with O(user_picture)
  type: list
  elements: dict
  sample: [{"itemtype": "Computer", "id": 42}]
links_removed:
  description: The records the document was unlinked from by the task.
  returned: except with O(user_picture)
  type: list
  elements: dict
  sample: [{"itemtype": "Computer", "id": 42}]
replaced_id:
  description: When new content replaced the document, the id of the old document, which was purged.
  returned: when the content was replaced
  type: int
  sample: 11
checksum:
  description:
    - The SHA-1 of the uploaded content; with O(dest), of the file at O(dest) after the task
      (null when there is none).
  returned: with O(path), O(content) or O(dest)
  type: str
  sample: 25cb1d6e3307ccacd4790b8b4bc41d71b02ba3bd
dest:
  description: The file written (O(dest), or the file in the directory O(dest)).
  returned: with O(dest)
  type: str
  sample: /srv/docs/rack3-wiring.pdf
downloaded:
  description: Whether the file was downloaded and written (never in check mode).
  returned: with O(dest)
  type: bool
  sample: true
picture:
  description: Whether the user has a profile picture (false when GLPI answers 204, and nothing is written).
  returned: with O(user_picture)
  type: bool
  sample: false
user_id:
  description: The id of the user of O(user_picture).
  returned: with O(user_picture)
  type: int
  sample: 2
"""

import hashlib
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, query
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns
from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiError, GlpiInputError, GlpiNotFoundError
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module
from ansible_collections.glpi.itsm.plugins.module_utils.records import changes, find_records, unknown_fields

# Fields the module sets itself: not accepted in `fields`.
MANAGED_FIELDS = ("id", "name", "filename", "filepath", "sha1sum", "mime", "is_deleted")
# Fields of the old document that the replacing one keeps (unless `fields` says otherwise).
KEPT_ON_REPLACE = ("entities_id", "is_recursive", "documentcategories_id", "comment", "link")
# The order in which the main action of a task is reported.
ACTION_ORDER = ("created", "replaced", "restored", "updated", "linked")
ITEMTYPE_ERRORS = ("ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", "ERROR_ITEMTYPE_NOT_FOUND_NOR_COMMONDBTM")


def sha1_of(data):
    return hashlib.sha1(data).hexdigest()


# ---------------------------------------------------------------------- local files


def read_source(params):
    """The content to upload and its file name: ``(bytes, filename, option)``."""
    if params["content"] is not None:
        return params["content"].encode("utf-8"), check_filename(params["filename"]), "content"
    path = params["path"]
    if not os.path.lexists(path):
        raise GlpiInputError("path: {0} does not exist".format(path))
    if os.path.isdir(path):
        raise GlpiInputError("path: {0} is a directory, not a file".format(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except (IOError, OSError) as error:
        raise GlpiInputError("path: cannot read {0}: {1}".format(path, error.strerror or error))
    return data, check_filename(params["filename"] or os.path.basename(path)), "path"


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
    """The SHA-1 of the file at ``path``, None when there is none."""
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


def save(module, path, changed, content_changed, diff):
    """Apply the file attributes; returns whether anything changed."""
    file_args = module.load_file_common_arguments(module.params, path=path)
    return module.set_fs_attributes_if_different(file_args, changed or content_changed, diff=diff)


# ---------------------------------------------------------------------- GLPI records


def link_key(itemtype, items_id):
    return (str(itemtype).lower(), int(items_id))


def wanted_items(items):
    """The ``items`` option without duplicates, in order, each with its index for messages."""
    seen, result = set(), []
    for index, item in enumerate(items or []):
        query.itemtype_segment(item["itemtype"], "items[{0}].itemtype".format(index))
        key = link_key(item["itemtype"], item["id"])
        if key not in seen:
            seen.add(key)
            result.append((index, dict(itemtype=item["itemtype"], id=item["id"])))
    return result


def find_document(client, doc_id, name, required, option=None):
    """The document with ``doc_id``, or the one named ``name``; None (or a failure) when none."""
    if doc_id is not None:
        try:
            return client.get_item("Document", doc_id, get_hateoas=False)
        except GlpiNotFoundError as error:
            if error.code != "ERROR_ITEM_NOT_FOUND":
                raise
            if required:
                raise GlpiInputError("id: there is no Document with id {0}".format(doc_id))
            return None
    found = find_records(client, "Document", {"name": name})
    if len(found) > 1:
        raise GlpiInputError("name: {0} documents are named {1!r} (ids {2}); give the id".format(
            len(found), name, ", ".join(str(d["id"]) for d in found)))
    if not found and required:
        raise GlpiInputError("{0}: there is no Document named {1!r}".format(option or "name", name))
    return found[0] if found else None


def document_links(client, doc_id):
    return list(client.iter_sub_items("Document", doc_id, "Document_Item", get_hateoas=False))


def check_items_exist(client, items):
    """Each record to link must exist: GLPI's refusal would only say 'permission' (and come late)."""
    for index, item in items:
        where = "items[{0}]".format(index)
        try:
            client.get_item(item["itemtype"], item["id"], get_hateoas=False)
        except GlpiInputError as error:
            raise GlpiInputError("{0}.{1}".format(where, error.message))
        except GlpiNotFoundError as error:
            if error.code in ITEMTYPE_ERRORS:
                raise GlpiInputError("{0}.itemtype: GLPI has no itemtype {1!r}".format(where, item["itemtype"]))
            raise GlpiInputError("{0}: there is no {1} with id {2}".format(where, item["itemtype"], item["id"]))


def add_links(client, doc_id, items):
    if not items:
        return
    outcomes = client.add_items("Document_Item", [
        dict(documents_id=doc_id, itemtype=item["itemtype"], items_id=item["id"]) for item in items])
    refused = ["{0} {1} ({2})".format(item["itemtype"], item["id"], outcome["message"] or "refused")
               for item, outcome in zip(items, outcomes) if not outcome["ok"]]
    if refused or len(outcomes) < len(items):
        raise GlpiError("GLPI did not link Document {0} to {1}".format(doc_id, "; ".join(refused) or "every record"))


def remove_links(client, links):
    if not links:
        return
    outcomes = client.delete_items("Document_Item", [link["id"] for link in links], force_purge=True)
    refused = [str(o["id"]) for o in outcomes if not o["ok"]]
    if refused:
        raise GlpiError("GLPI did not remove the link(s) Document_Item {0}".format(", ".join(refused)))


def link_names(items):
    return sorted("{0} {1}".format(i["itemtype"], i["id"]) for i in items)


def upload(client, filename, content, fields, option):
    """Upload a new document and check that GLPI kept the file; returns its record."""
    outcome = client.upload_document(filename, content, fields)
    if not outcome or not outcome["ok"]:
        raise GlpiError("GLPI did not create the document: {0}".format((outcome or {}).get("message") or "no id"))
    record = client.get_item("Document", outcome["id"], get_hateoas=False)
    if record.get("sha1sum") != sha1_of(content):
        # GLPI creates the document without its file when the extension is not an allowed type.
        client.delete_items("Document", outcome["id"], force_purge=True)
        raise GlpiInputError("{0}: GLPI did not keep the file {1!r} (is its extension an allowed document type? "
                             "Setup > Dropdowns > Document types); the empty document was purged".format(option, filename))
    unknown = unknown_fields(fields, record)
    if unknown:
        client.delete_items("Document", outcome["id"], force_purge=True)
        raise GlpiInputError("fields: Document has no field {0}: GLPI ignored it, so the document it created (id {1}) "
                             "was purged again".format(", ".join(unknown), record["id"]))
    return record


def restore(client, doc_id):
    answer = client.apply_massive_action("Document", "MassiveAction:restore", [doc_id])
    if answer.get("ko") or answer.get("noright"):
        raise GlpiError("GLPI did not restore Document {0} from the trash bin: {1}".format(
            doc_id, "; ".join(answer.get("messages") or []) or "refused"))


# ---------------------------------------------------------------------- results


def document_result(doc_id, action, changed_fields, added=(), removed=(), document=None):
    return dict(
        id=doc_id,
        action=action,
        document=document,
        changes=dict((key, dict(before=pair[0], after=pair[1])) for key, pair in sorted(changed_fields.items())),
        links_added=list(added),
        links_removed=list(removed),
    )


def document_diff(doc_id, changed_fields, added=(), removed=(), links=()):
    before = dict((key, pair[0]) for key, pair in changed_fields.items())
    after = dict((key, pair[1]) for key, pair in changed_fields.items())
    if added or removed:
        removed_keys = set(link_key(i["itemtype"], i["id"]) for i in removed)
        before["links"] = link_names(links)
        after["links"] = link_names([i for i in links if link_key(i["itemtype"], i["id"]) not in removed_keys]
                                    + list(added))
    return dict(before_header="Document {0}".format(doc_id if doc_id is not None else "(new)"),
                after_header="Document {0}".format(doc_id if doc_id is not None else "(new)"),
                before=before, after=after)


# ---------------------------------------------------------------------- state=present


def ensure_present(module, client):
    params = module.params
    source = read_source(params) if params["path"] is not None or params["content"] is not None else None
    name = params["name"]
    if name is None and params["id"] is None:
        if source is None:
            raise GlpiInputError("name: give the name or id of the document (or path or content to upload one)")
        name = source[1]
    fields = Dropdowns(client, False, module.check_mode).resolve_fields(params["fields"] or {}, "fields")
    wanted = dict(fields)
    if name is not None:
        wanted["name"] = name
    current = find_document(client, params["id"], name, required=source is None or params["id"] is not None)
    if current is None:
        return create(module, client, source, wanted)
    return update(module, client, current, source, wanted)


def create(module, client, source, wanted):
    content, filename, option = source
    items = wanted_items(module.params["items"])
    check_items_exist(client, items)
    changed_fields = dict((key, (None, value)) for key, value in wanted.items())
    changed_fields["sha1sum"] = (None, sha1_of(content))
    added = [item for _index, item in items]
    result = document_result(None, "created", changed_fields, added)
    if not module.check_mode:
        record = upload(client, filename, content, wanted, option)
        add_links(client, record["id"], added)
        result.update(id=record["id"], document=record)
    result["checksum"] = sha1_of(content)
    if module._diff:
        result["diff"] = document_diff(result["id"], changed_fields, added)
    return True, result


def update(module, client, current, source, wanted):
    doc_id = current["id"]
    unknown = unknown_fields(wanted, current)
    if unknown:
        raise GlpiInputError("fields: Document has no field {0} (GLPI would silently ignore it)".format(", ".join(unknown)))
    links = [dict(itemtype=link["itemtype"], id=link["items_id"], link_id=link["id"]) for link in document_links(client, doc_id)]
    have = set(link_key(link["itemtype"], link["id"]) for link in links)
    items = [(index, item) for index, item in wanted_items(module.params["items"])
             if link_key(item["itemtype"], item["id"]) not in have]
    check_items_exist(client, items)
    added = [item for _index, item in items]
    changed_fields = changes(wanted, current)
    actions = []
    replace = source is not None and current.get("sha1sum") != sha1_of(source[0])
    if replace:
        changed_fields["sha1sum"] = (current.get("sha1sum"), sha1_of(source[0]))
        if current.get("is_deleted"):
            changed_fields["is_deleted"] = (1, 0)
        actions.append("replaced")
    elif current.get("is_deleted"):
        changed_fields["is_deleted"] = (1, 0)
        actions.append("restored")
    if set(changed_fields) - set(("sha1sum", "is_deleted")):
        actions.append("updated")
    if added:
        actions.append("linked")
    action = next((a for a in ACTION_ORDER if a in actions), "unchanged")
    result = document_result(doc_id, action, changed_fields, added, document=current)
    if source is not None:
        result["checksum"] = sha1_of(source[0])
    if module._diff and actions:
        result["diff"] = document_diff(doc_id, changed_fields, added, links=[
            dict(itemtype=link["itemtype"], id=link["id"]) for link in links])
    if module.check_mode or not actions:
        return bool(actions), result
    if replace:
        record = replace_document(client, current, source, wanted, links, added)
        result.update(id=record["id"], replaced_id=doc_id, document=record)
        return True, result
    if current.get("is_deleted"):
        restore(client, doc_id)
    values = dict((key, wanted[key]) for key in changed_fields if key in wanted)
    if values:
        [outcome] = client.update_items("Document", dict(values, id=doc_id), item_id=doc_id)
        if not outcome["ok"]:
            raise GlpiError("GLPI did not update Document {0}: {1}".format(doc_id, outcome["message"] or "refused"))
    add_links(client, doc_id, added)
    result["document"] = client.get_item("Document", doc_id, get_hateoas=False)
    return True, result


def replace_document(client, current, source, wanted, links, added):
    """New content: a new document with the old one's fields and links, then the old one purged
    (GLPI's API cannot replace the file of a document; see the notes)."""
    content, filename, option = source
    fields = dict((key, current[key]) for key in KEPT_ON_REPLACE if current.get(key) is not None)
    fields.update(wanted)
    fields.setdefault("name", current.get("name"))
    record = upload(client, filename, content, fields, option)
    add_links(client, record["id"], [dict(itemtype=link["itemtype"], id=link["id"]) for link in links] + list(added))
    client.delete_items("Document", current["id"], force_purge=True)
    return record


# ---------------------------------------------------------------------- state=absent


def ensure_absent(module, client):
    params = module.params
    current = find_document(client, params["id"], params["name"], required=False)
    if current is None:
        return False, document_result(None, "unchanged", {})
    doc_id = current["id"]
    if params["items"]:
        return unlink(module, client, current)
    if params["purge"]:
        action, changed_fields = "purged", {}
    elif current.get("is_deleted"):
        return False, document_result(doc_id, "unchanged", {}, document=current)
    else:
        action, changed_fields = "trashed", {"is_deleted": (0, 1)}
    result = document_result(doc_id, action, changed_fields, document=current)
    if module._diff:
        result["diff"] = dict(before_header="Document {0}".format(doc_id), after_header="Document {0}".format(doc_id),
                              before=dict(state="trashed" if current.get("is_deleted") else "present"),
                              after=dict(state=action))
    if not module.check_mode:
        [outcome] = client.delete_items("Document", doc_id, force_purge=params["purge"])
        if not outcome["ok"]:
            raise GlpiError("GLPI did not {0} Document {1}: {2}".format(
                "purge" if params["purge"] else "trash", doc_id, outcome["message"] or "refused"))
        result["document"] = None if params["purge"] else client.get_item("Document", doc_id, get_hateoas=False)
    return True, result


def unlink(module, client, current):
    doc_id = current["id"]
    wanted = set(link_key(item["itemtype"], item["id"]) for _index, item in wanted_items(module.params["items"]))
    links = document_links(client, doc_id)
    gone = [link for link in links if link_key(link["itemtype"], link["items_id"]) in wanted]
    removed = [dict(itemtype=link["itemtype"], id=link["items_id"]) for link in gone]
    result = document_result(doc_id, "unlinked" if gone else "unchanged", {}, removed=removed, document=current)
    if module._diff and gone:
        result["diff"] = document_diff(doc_id, {}, removed=removed, links=[
            dict(itemtype=link["itemtype"], id=link["items_id"]) for link in links])
    if gone and not module.check_mode:
        remove_links(client, gone)
    return bool(gone), result


# ---------------------------------------------------------------------- downloads


def download(module, client):
    params = module.params
    if params["id"] is None and params["name"] is None:
        raise GlpiInputError("dest: give the id or name of the document to download")
    check_dest(params["dest"])
    doc = find_document(client, params["id"], params["name"], required=True)
    if not doc.get("sha1sum") or not doc.get("filename"):
        raise GlpiInputError("{0}: Document {1} ({2!r}) has no file to download".format(
            "id" if params["id"] is not None else "name", doc["id"], doc.get("name")))
    target = dest_file(params["dest"], doc["filename"])
    before = local_sha1(target)
    content_changed = before != doc["sha1sum"]
    result = document_result(doc["id"], "downloaded" if content_changed else "unchanged", {}, document=doc)
    result.update(dest=target, downloaded=False, checksum=before)
    diff = dict(before_header=target, after_header=target,
                before=dict(checksum=before), after=dict(checksum=doc["sha1sum"]))
    if content_changed and not module.check_mode:
        content, _headers = client.download_document(doc["id"])
        if sha1_of(content) != doc["sha1sum"]:
            module.warn("The file GLPI sent for Document {0} has the SHA-1 {1}, not the {2} GLPI records for it".format(
                doc["id"], sha1_of(content), doc["sha1sum"]))
        write_file(module, target, content)
        result.update(downloaded=True, checksum=sha1_of(content))
    changed = save(module, target, False, content_changed, diff)
    if module._diff:
        result["diff"] = diff
    return changed, result


def resolve_user(client, user):
    """The User record for an id or a login (``user_picture``)."""
    if user.strip().isdigit():
        try:
            return client.get_item("User", int(user), get_hateoas=False)
        except GlpiNotFoundError as error:
            if error.code != "ERROR_ITEM_NOT_FOUND":
                raise
            raise GlpiInputError("user_picture: there is no User with id {0}".format(user))
    found = find_records(client, "User", {"name": user})
    if len(found) != 1:
        raise GlpiInputError("user_picture: there is no User with login {0!r}".format(user) if not found else
                             "user_picture: {0} users have the login {1!r}".format(len(found), user))
    return found[0]


def download_picture(module, client):
    params = module.params
    check_dest(params["dest"])
    user = resolve_user(client, params["user_picture"])
    picture = client.get_user_picture(user["id"])
    if picture is None:
        return False, dict(picture=False, user_id=user["id"], dest=params["dest"], downloaded=False,
                           checksum=None)
    name = os.path.basename(user.get("picture") or "") or "user-{0}-picture".format(user["id"])
    target = dest_file(params["dest"], name)
    before, after = local_sha1(target), sha1_of(picture)
    content_changed = before != after
    result = dict(picture=True, user_id=user["id"], dest=target, downloaded=False, checksum=before)
    diff = dict(before_header=target, after_header=target, before=dict(checksum=before), after=dict(checksum=after))
    if content_changed and not module.check_mode:
        write_file(module, target, picture)
        result.update(downloaded=True, checksum=after)
    changed = save(module, target, False, content_changed, diff)
    if module._diff:
        result["diff"] = diff
    return changed, result


# ---------------------------------------------------------------------- entry point


def check_options(params):
    """Combinations AnsibleModule's own checks cannot express, named after the option at fault."""
    for field in MANAGED_FIELDS:
        if field in (params["fields"] or {}):
            raise GlpiInputError("fields: {0} is set by the module{1}".format(
                field, " (use the name option)" if field == "name" else ""))
    if params["user_picture"] is not None:
        if params["state"] == "absent" or params["purge"]:
            raise GlpiInputError("state: user_picture only downloads a picture (state=present, no purge)")
        return
    if params["state"] == "absent":
        for option in ("path", "content", "dest", "fields"):
            if params[option] is not None:
                raise GlpiInputError("{0}: cannot be used with state=absent".format(option))
        if params["purge"] and params["items"]:
            raise GlpiInputError("purge: with items, state=absent only removes those links; leave purge out")
    elif params["purge"]:
        raise GlpiInputError("purge: only with state=absent")
    if params["id"] is not None and params["name"] is not None and (params["state"] == "absent" or params["dest"]):
        raise GlpiInputError("name: with id, name only renames a document (state=present); give one of them")
    wanted_items(params["items"])  # itemtypes checked before anything is sent


def run(module, client):
    params = module.params
    check_options(params)
    if params["user_picture"] is not None:
        return download_picture(module, client)
    if params["dest"] is not None:
        return download(module, client)
    if params["state"] == "absent":
        return ensure_absent(module, client)
    return ensure_present(module, client)


def main():
    module = AnsibleModule(
        argument_spec=arguments.get_spec(
            id=dict(type="int"),
            name=dict(type="str"),
            path=dict(type="path"),
            content=dict(type="str"),
            filename=dict(type="str"),
            fields=dict(type="dict"),
            items=dict(type="list", elements="dict", options=dict(
                itemtype=dict(type="str", required=True),
                id=dict(type="int", required=True),
            )),
            dest=dict(type="path"),
            user_picture=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            purge=dict(type="bool", default=False),
        ),
        mutually_exclusive=[
            ("path", "content"), ("path", "dest"), ("content", "dest"), ("dest", "items"), ("dest", "fields"),
            ("user_picture", "id"), ("user_picture", "name"), ("user_picture", "path"), ("user_picture", "content"),
            ("user_picture", "items"), ("user_picture", "fields"),
        ],
        required_by=dict(content="filename", user_picture="dest"),
        add_file_common_args=True,
        supports_check_mode=True,
    )
    run_module(module, run)


if __name__ == "__main__":
    main()
