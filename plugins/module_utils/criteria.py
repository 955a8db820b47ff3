# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Search criteria as people write them (fields by id, uid or display name, nested groups, meta
criteria) turned into GLPI's, checked entry by entry. Shared by glpi_search and the inventory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError
from ansible_collections.glpi.itsm.plugins.module_utils.search_options import SearchOptions

SEARCHTYPES = ("contains", "notcontains", "equals", "notequals", "lessthan", "morethan", "under", "notunder")
LINKS = ("AND", "OR", "AND NOT", "OR NOT")
CRITERION_KEYS = frozenset(("link", "field", "searchtype", "value", "meta", "itemtype", "criteria"))


class Fields(object):
    """Search options of the searched itemtype and of the itemtypes of meta criteria."""

    def __init__(self, client, itemtype):
        self.client = client
        self.itemtype = itemtype
        self._by_itemtype = {}

    def of(self, itemtype=None):
        itemtype = itemtype or self.itemtype
        key = itemtype.lower()
        if key not in self._by_itemtype:
            self._by_itemtype[key] = SearchOptions(self.client, itemtype)
        return self._by_itemtype[key]


def build_criteria(fields, criteria, option):
    """GLPI's criteria with every field resolved to its id, checked entry by entry."""
    built = []
    for index, criterion in enumerate(criteria):
        where = "{0}[{1}]".format(option, index)
        if not isinstance(criterion, dict):
            raise GlpiInputError("{0} must be a dict, got {1!r}".format(where, criterion))
        unknown = sorted(set(criterion) - CRITERION_KEYS)
        if unknown:
            raise GlpiInputError("{0}: unknown key(s) {1}; a criterion has {2}".format(
                where, ", ".join(unknown), ", ".join(sorted(CRITERION_KEYS))))
        entry = {}
        if "link" in criterion:
            link = str(criterion["link"]).upper()
            if link not in LINKS:
                raise GlpiInputError("{0}.link must be one of {1}, got {2!r}".format(where, ", ".join(LINKS), criterion["link"]))
            entry["link"] = link
        if criterion.get("criteria") is not None:
            if not isinstance(criterion["criteria"], list) or not criterion["criteria"]:
                raise GlpiInputError("{0}.criteria must be a non-empty list of criteria".format(where))
            entry["criteria"] = build_criteria(fields, criterion["criteria"], where + ".criteria")
            built.append(entry)
            continue
        meta_itemtype = criterion.get("itemtype") if criterion.get("meta") else None
        if criterion.get("meta") and not meta_itemtype:
            raise GlpiInputError("{0}: a meta criterion needs the itemtype it searches".format(where))
        searchtype = criterion.get("searchtype", "contains")
        if searchtype not in SEARCHTYPES:
            raise GlpiInputError("{0}.searchtype must be one of {1}, got {2!r}".format(where, ", ".join(SEARCHTYPES), searchtype))
        if "field" not in criterion:
            raise GlpiInputError("{0}: field is required".format(where))
        entry["field"] = fields.of(meta_itemtype).resolve(criterion["field"], where + ".field")
        entry["searchtype"] = searchtype
        entry["value"] = "" if criterion.get("value") is None else criterion["value"]
        if meta_itemtype:
            entry.update(meta=1, itemtype=meta_itemtype)
        built.append(entry)
    return built


def build_metacriteria(fields, metacriteria):
    """Legacy metacriteria as meta criteria: GLPI 10 ignores them as such (recording 120e)."""
    built = []
    for index, criterion in enumerate(metacriteria):
        where = "metacriteria[{0}]".format(index)
        if not isinstance(criterion, dict) or not criterion.get("itemtype"):
            raise GlpiInputError("{0} must be a dict with the itemtype it searches".format(where))
        [entry] = build_criteria(fields, [dict(criterion, meta=True, link=criterion.get("link", "AND"))], where)
        built.append(entry)
    return built
