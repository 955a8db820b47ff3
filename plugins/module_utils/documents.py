# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""GLPI documents (glpi_document): finding a document, its links to records (Document_Item),
uploading a file and checking that GLPI kept it, replacing a document's content, and the plan of
each task, decided before anything is written (check mode stops there)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.glpi.itsm.plugins.module_utils import query
from ansible_collections.glpi.itsm.plugins.module_utils.dropdowns import Dropdowns
from ansible_collections.glpi.itsm.plugins.module_utils.errors import (
    GlpiError,
    GlpiInputError,
    GlpiUnknownItemtypeError,
)
from ansible_collections.glpi.itsm.plugins.module_utils.local_files import (
    LocalCopy,
    check_dest,
    dest_file,
    read_source,
    sha1_of,
)
from ansible_collections.glpi.itsm.plugins.module_utils.records import (
    changes,
    changes_result,
    diff,
    find_records,
    unknown_fields,
)

# Fields the module sets itself: not accepted in `fields`.
MANAGED_FIELDS = ("id", "name", "filename", "filepath", "sha1sum", "mime", "is_deleted")
# Fields of the old document that the replacing one keeps (unless `fields` says otherwise).
KEPT_ON_REPLACE = ("entities_id", "is_recursive", "documentcategories_id", "comment", "link")


# ---------------------------------------------------------------------- options


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
    if params["id"] is not None:
        query.item_id(params["id"])
    wanted_items(params["items"])  # itemtypes and ids checked before anything is sent


def wanted_items(items):
    """The ``items`` option without duplicates, in order, each with its index for messages."""
    seen, result = set(), []
    for index, item in enumerate(items or []):
        query.itemtype_segment(item["itemtype"], "items[{0}].itemtype".format(index))
        query.item_id(item["id"], "items[{0}].id".format(index))
        record = dict(itemtype=item["itemtype"], id=item["id"])
        if link_key(record) not in seen:
            seen.add(link_key(record))
            result.append((index, record))
    return result


# ---------------------------------------------------------------------- finding


def find_document(client, doc_id, name, required):
    """The document with ``doc_id``, or the one named ``name``; None (or a failure) when none."""
    if doc_id is not None:
        document = client.find_item("Document", doc_id)
        if document is None and required:
            raise GlpiInputError("id: there is no Document with id {0}".format(doc_id))
        return document
    found = find_records(client, "Document", {"name": name})
    if len(found) > 1:
        raise GlpiInputError("name: {0} documents are named {1!r} (ids {2}); give the id".format(
            len(found), name, ", ".join(str(d["id"]) for d in found)))
    if not found and required:
        raise GlpiInputError("name: there is no Document named {0!r}".format(name))
    return found[0] if found else None


def find_user(client, user):
    """The User record for an id or a login (``user_picture``)."""
    if user.strip().isdigit():
        record = client.find_item("User", int(user))
        if record is None:
            raise GlpiInputError("user_picture: there is no User with id {0}".format(user))
        return record
    found = find_records(client, "User", {"name": user})
    if len(found) != 1:
        raise GlpiInputError("user_picture: there is no User with login {0!r}".format(user) if not found else
                             "user_picture: {0} users have the login {1!r}".format(len(found), user))
    return found[0]


# ---------------------------------------------------------------------- links


def link_key(record):
    """What identifies a linked record: itemtypes are compared whatever their case, as GLPI does."""
    return (str(record["itemtype"]).lower(), int(record["id"]))


def document_links(client, doc_id):
    """The document's links: the record linked (``itemtype``, ``id``) and ``link_id``, the id of
    the Document_Item."""
    rows = client.iter_sub_items("Document", doc_id, "Document_Item", get_hateoas=False)
    return [dict(itemtype=row["itemtype"], id=row["items_id"], link_id=row["id"]) for row in rows]


def linked_records(links):
    return [dict(itemtype=link["itemtype"], id=link["id"]) for link in links]


def link_names(records):
    return sorted("{0} {1}".format(record["itemtype"], record["id"]) for record in records)


def check_items_exist(client, items):
    """Each record to link must exist: GLPI's refusal would only say 'permission' (and come late)."""
    try:
        records = client.find_items([(item["itemtype"], item["id"]) for _index, item in items])
    except GlpiUnknownItemtypeError:
        # GLPI does not say which itemtype it does not know: read the items one by one to name it.
        records = (_find_item_to_link(client, index, item) for index, item in items)
    for (index, item), record in zip(items, records):
        if record is None:
            raise GlpiInputError("items[{0}]: there is no {1} with id {2}".format(index, item["itemtype"], item["id"]))


def _find_item_to_link(client, index, item):
    try:
        return client.find_item(item["itemtype"], item["id"])
    except GlpiUnknownItemtypeError as error:
        raise error.naming(("items[{0}].itemtype".format(index), item["itemtype"]))


def add_links(client, doc_id, records):
    if not records:
        return
    outcomes = client.add_items("Document_Item", [
        dict(documents_id=doc_id, itemtype=record["itemtype"], items_id=record["id"]) for record in records])
    refused = ["{0} {1} ({2})".format(record["itemtype"], record["id"], outcome["message"] or "refused")
               for record, outcome in zip(records, outcomes) if not outcome["ok"]]
    if refused or len(outcomes) < len(records):
        raise GlpiError("GLPI did not link Document {0} to {1}".format(doc_id, "; ".join(refused) or "every record"))


def remove_links(client, links):
    outcomes = client.delete_items("Document_Item", [link["link_id"] for link in links], force_purge=True)
    refused = [str(outcome["id"]) for outcome in outcomes if not outcome["ok"]]
    if refused:
        raise GlpiError("GLPI did not remove the link(s) Document_Item {0}".format(", ".join(refused)))


# ---------------------------------------------------------------------- writes


def upload(client, source, fields):
    """Upload ``source`` (a local_files.Source) as a new document with ``fields``; returns its
    record. A document that is not what was asked for is purged again, and the task fails."""
    outcome = client.upload_document(source.filename, source.content, fields)
    if not outcome or not outcome["ok"]:
        raise GlpiError("GLPI did not create the document: {0}".format((outcome or {}).get("message") or "no id"))
    record = client.get_item("Document", outcome["id"], get_hateoas=False)
    problem = _upload_problem(source, fields, record)
    if problem:
        client.delete_items("Document", record["id"], force_purge=True)
        raise GlpiInputError(problem)
    return record


def _upload_problem(source, fields, record):
    if record.get("sha1sum") != source.sha1:
        # GLPI creates the document without its file when the extension is not an allowed type.
        return ("{0}: GLPI did not keep the file {1!r} (is its extension an allowed document type? "
                "Setup > Dropdowns > Document types); the empty document was purged".format(source.option,
                                                                                            source.filename))
    unknown = unknown_fields(fields, record)
    if unknown:
        return ("fields: Document has no field {0}: GLPI ignored it, so the document it created (id {1}) "
                "was purged again".format(", ".join(unknown), record["id"]))
    return None


def replace(client, current, source, wanted, records):
    """New content: a new document with the old one's fields, ``wanted`` on top, linked to
    ``records``; then the old one purged, last, so that a failure leaves it untouched (GLPI's API
    cannot replace the file of a document; see the module's notes). Returns the new record."""
    fields = dict((key, current[key]) for key in KEPT_ON_REPLACE if current.get(key) is not None)
    fields.update(wanted)
    fields.setdefault("name", current.get("name"))
    record = upload(client, source, fields)
    add_links(client, record["id"], records)
    client.delete_items("Document", current["id"], force_purge=True)
    return record


def restore(client, doc_id):
    [outcome] = client.restore_items("Document", [doc_id])
    if not outcome["ok"]:
        raise GlpiError("GLPI did not restore Document {0} from the trash bin: {1}".format(doc_id, outcome["message"]))


def update_fields(client, doc_id, values):
    [outcome] = client.update_items("Document", dict(values, id=doc_id), item_id=doc_id)
    if not outcome["ok"]:
        raise GlpiError("GLPI did not update Document {0}: {1}".format(doc_id, outcome["message"] or "refused"))


def delete(client, doc_id, purge):
    [outcome] = client.delete_items("Document", doc_id, force_purge=purge)
    if not outcome["ok"]:
        raise GlpiError("GLPI did not {0} Document {1}: {2}".format(
            "purge" if purge else "trash", doc_id, outcome["message"] or "refused"))


# ---------------------------------------------------------------------- plans of state=present and absent


def document_result(document, action, field_changes=None, added=(), removed=()):
    """The keys of every task on a document (not of a user's picture)."""
    return dict(
        id=document["id"] if document else None,
        action=action,
        document=document,
        changes=changes_result(field_changes or {}),
        links_added=list(added),
        links_removed=linked_records(removed),
    )


class Plan(object):
    """What a task does to one document: ``current``, the document found (None when there is
    none); ``action``, what the result reports; ``field_changes``, ``{field: (before, after)}``;
    ``source``, the file to upload, and ``wanted``, the fields asked for; ``links``, the links it
    has; ``added``, the records to link; ``removed``, the links to remove."""

    def __init__(self, current, action="unchanged", field_changes=None, source=None, wanted=None,
                 links=(), added=(), removed=()):
        self.current = current
        self.action = action
        self.field_changes = field_changes or {}
        self.source = source
        self.wanted = wanted or {}
        self.links = list(links)
        self.added = list(added)
        self.removed = list(removed)

    @property
    def changed(self):
        return self.action != "unchanged"

    def result(self, with_diff=False):
        result = document_result(self.current, self.action, self.field_changes, self.added, self.removed)
        if self.source is not None:
            result["checksum"] = self.source.sha1
        if with_diff and self.changed:
            result["diff"] = self.diff()
        return result

    def diff(self):
        header = "Document {0}".format(self.current["id"] if self.current else "(new)")
        if self.action in ("trashed", "purged"):
            state = "trashed" if self.current.get("is_deleted") else "present"
            return diff(header, {}, before=dict(state=state), after=dict(state=self.action))
        if not (self.added or self.removed):
            return diff(header, self.field_changes)
        linked = linked_records(self.links)
        removed = set(link_key(link) for link in self.removed)
        kept = [record for record in linked if link_key(record) not in removed]
        return diff(header, self.field_changes, before=dict(links=link_names(linked)),
                    after=dict(links=link_names(kept + self.added)))

    def apply(self, client):
        """Carry out the plan; returns the keys of the result that the writes change."""
        return _APPLY[self.action](client, self)


def plan_present(client, params, check_mode):
    """state=present: upload a new document, or bring the one found to the file, fields and links
    asked for (its content replaced, restored from the trash bin, updated, linked)."""
    source = read_source(params["path"], params["content"], params["filename"])
    name = params["name"]
    if name is None and params["id"] is None:
        if source is None:
            raise GlpiInputError("name: give the name or id of the document (or path or content to upload one)")
        name = source.filename
    wanted = dict(Dropdowns(client, False, check_mode).resolve_fields(params["fields"] or {}, "fields"))
    if name is not None:
        wanted["name"] = name
    current = find_document(client, params["id"], name, required=source is None or params["id"] is not None)
    items = wanted_items(params["items"])
    if current is None:
        return _plan_creation(client, source, wanted, items)
    return _plan_update(client, current, source, wanted, items)


def _plan_creation(client, source, wanted, items):
    check_items_exist(client, items)
    field_changes = dict((key, (None, value)) for key, value in wanted.items())
    field_changes["sha1sum"] = (None, source.sha1)
    return Plan(None, "created", field_changes, source, wanted, added=[item for _index, item in items])


def _plan_update(client, current, source, wanted, items):
    unknown = unknown_fields(wanted, current)
    if unknown:
        raise GlpiInputError("fields: Document has no field {0} (GLPI would silently ignore it)".format(", ".join(unknown)))
    links = document_links(client, current["id"])
    linked = set(link_key(link) for link in links)
    missing = [(index, item) for index, item in items if link_key(item) not in linked]
    check_items_exist(client, missing)
    field_changes = changes(wanted, current)
    if source is not None and current.get("sha1sum") != source.sha1:
        field_changes["sha1sum"] = (current.get("sha1sum"), source.sha1)
    if current.get("is_deleted"):
        field_changes["is_deleted"] = (1, 0)
    added = [item for _index, item in missing]
    return Plan(current, _update_action(field_changes, added), field_changes, source, wanted, links, added)


def _update_action(field_changes, added):
    """The main change, reported as the action: new content first, then a restore, new field
    values, new links."""
    if "sha1sum" in field_changes:
        return "replaced"
    if "is_deleted" in field_changes:
        return "restored"
    if field_changes:
        return "updated"
    return "linked" if added else "unchanged"


def plan_absent(client, params):
    """state=absent: remove the links to ``items``, or trash the document, or purge it."""
    current = find_document(client, params["id"], params["name"], required=False)
    if current is None:
        return Plan(None)
    if params["items"]:
        return _plan_unlink(client, current, params["items"])
    if params["purge"]:
        return Plan(current, "purged")
    if current.get("is_deleted"):
        return Plan(current)
    return Plan(current, "trashed", {"is_deleted": (0, 1)})


def _plan_unlink(client, current, items):
    unwanted = set(link_key(item) for _index, item in wanted_items(items))
    links = document_links(client, current["id"])
    removed = [link for link in links if link_key(link) in unwanted]
    return Plan(current, "unlinked" if removed else "unchanged", links=links, removed=removed)


def _create(client, plan):
    record = upload(client, plan.source, plan.wanted)
    add_links(client, record["id"], plan.added)
    return dict(id=record["id"], document=record)


def _replace(client, plan):
    record = replace(client, plan.current, plan.source, plan.wanted, linked_records(plan.links) + plan.added)
    return dict(id=record["id"], replaced_id=plan.current["id"], document=record)


def _update(client, plan):
    doc_id = plan.current["id"]
    if plan.current.get("is_deleted"):
        restore(client, doc_id)
    values = dict((key, plan.wanted[key]) for key in plan.field_changes if key in plan.wanted)
    if values:
        update_fields(client, doc_id, values)
    add_links(client, doc_id, plan.added)
    return dict(document=client.get_item("Document", doc_id, get_hateoas=False))


def _unlink(client, plan):
    remove_links(client, plan.removed)
    return {}


def _trash(client, plan):
    delete(client, plan.current["id"], purge=False)
    return dict(document=client.get_item("Document", plan.current["id"], get_hateoas=False))


def _purge(client, plan):
    delete(client, plan.current["id"], purge=True)
    return dict(document=None)


_APPLY = dict(created=_create, replaced=_replace, restored=_update, updated=_update, linked=_update,
              unlinked=_unlink, trashed=_trash, purged=_purge)


# ---------------------------------------------------------------------- plans of downloads


def plan_download(client, params):
    """The document whose file goes to ``dest`` (by ``id`` or ``name``), and its LocalCopy there."""
    if params["id"] is None and params["name"] is None:
        raise GlpiInputError("dest: give the id or name of the document to download")
    check_dest(params["dest"])
    document = find_document(client, params["id"], params["name"], required=True)
    if not document.get("sha1sum") or not document.get("filename"):
        raise GlpiInputError("{0}: Document {1} ({2!r}) has no file to download".format(
            "id" if params["id"] is not None else "name", document["id"], document.get("name")))
    return document, LocalCopy(dest_file(params["dest"], document["filename"]), document["sha1sum"])


def document_file(client, document, warn):
    """The file of ``document``, as GLPI sends it; ``warn`` says when it is not the one GLPI
    records (its SHA-1 differs)."""
    content, _headers = client.download_document(document["id"])
    if sha1_of(content) != document["sha1sum"]:
        warn("The file GLPI sent for Document {0} has the SHA-1 {1}, not the {2} GLPI records for it".format(
            document["id"], sha1_of(content), document["sha1sum"]))
    return content


def plan_picture(client, params):
    """The user of ``user_picture``, their picture (None when they have none) and its LocalCopy at
    ``dest`` (None without a picture). GLPI keeps no checksum of pictures: it is read to compare."""
    check_dest(params["dest"])
    user = find_user(client, params["user_picture"])
    picture = client.get_user_picture(user["id"])
    if picture is None:
        return user, None, None
    name = os.path.basename(user.get("picture") or "") or "user-{0}-picture".format(user["id"])
    return user, picture, LocalCopy(dest_file(params["dest"], name), sha1_of(picture))
