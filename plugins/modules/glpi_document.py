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

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.glpi.itsm.plugins.module_utils import arguments, documents
from ansible_collections.glpi.itsm.plugins.module_utils.module import run_module


def ensure_present(module, client):
    return carry_out(module, client, documents.plan_present(client, module.params, module.check_mode))


def ensure_absent(module, client):
    return carry_out(module, client, documents.plan_absent(client, module.params))


def carry_out(module, client, plan):
    result = plan.result(with_diff=module._diff)
    if plan.changed and not module.check_mode:
        result.update(plan.apply(client))
    return plan.changed, result


def download(module, client):
    document, copy = documents.plan_download(client, module.params)
    changed, result = copy.apply(module, lambda: documents.document_file(client, document, module.warn))
    result.update(documents.document_result(document, "downloaded" if copy.outdated else "unchanged"))
    return changed, result


def download_picture(module, client):
    user, picture, copy = documents.plan_picture(client, module.params)
    if picture is None:
        return False, dict(picture=False, user_id=user["id"], dest=module.params["dest"], downloaded=False,
                           checksum=None)
    changed, result = copy.apply(module, lambda: picture)
    result.update(picture=True, user_id=user["id"])
    return changed, result


def run(module, client):
    params = module.params
    documents.check_options(params)
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
            arguments.ITEMS_SPEC,
            id=dict(type="int"),
            name=dict(type="str"),
            path=dict(type="path"),
            content=dict(type="str"),
            filename=dict(type="str"),
            fields=dict(type="dict"),
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
