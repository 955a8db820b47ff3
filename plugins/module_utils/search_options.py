# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.itsm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Search fields the way people name them: an id (``1``), a uid (``Computer.Location.completename``)
or a display name (``Location``), resolved through listSearchOptions once per itemtype."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib

from ansible_collections.glpi.itsm.plugins.module_utils.errors import GlpiInputError

# listSearchOptions/AllAssets is refused (recording 106c); AllAssets searches use the common
# asset options, which carry the same ids as Computer's.
_OPTIONS_OF = {"allassets": "Computer"}
# Joins through which one item has several values: GLPI groups them into one multi-valued cell.
_MULTI_JOINS = frozenset(("itemtype_item", "mainitemtype_mainitem", "child", "items_id", "itemtypeonly",
                          "itemtype_item_revert"))


def _joins(joinparams):
    while isinstance(joinparams, dict):
        yield joinparams.get("jointype")
        joinparams = (joinparams.get("beforejoin") or {}).get("joinparams")


def _numbered(answer):
    """The options keyed by int id, without GLPI's group headers ('common': {'name': ...})."""
    return dict((int(key), value) for key, value in answer.items() if str(key).isdigit() and isinstance(value, dict))


class SearchOptions(object):
    """The search options of one itemtype, read once, and the resolution of field names."""

    def __init__(self, client, itemtype):
        self.client = client
        self.itemtype = itemtype
        self._options = None
        self._raw = None

    @property
    def source(self):
        return _OPTIONS_OF.get(self.itemtype.lower(), self.itemtype)

    @property
    def options(self):
        """``{id (int): option dict}``, without GLPI's group headers."""
        if self._options is None:
            self._options = _numbered(self.client.list_search_options(self.source))
        return self._options

    def is_multi_valued(self, option_id):
        """Whether a column can hold several values per item (IPs, MACs, groups of a user...):
        GLPI then sends a list, a plain string for one value, or null (recordings 104, 104d)."""
        if self._raw is None:
            self._raw = _numbered(self.client.list_search_options(self.source, raw=True))
        raw = self._raw.get(int(option_id), {})
        return bool(raw.get("forcegroupby")) or any(join in _MULTI_JOINS for join in _joins(raw.get("joinparams")))

    def uid(self, option_id):
        return self.options.get(int(option_id), {}).get("uid") or str(option_id)

    def name(self, option_id):
        return self.options.get(int(option_id), {}).get("name") or str(option_id)

    def resolve(self, field, option="field"):
        """The search option id for an id, a uid or a display name; a clear error otherwise."""
        if isinstance(field, bool) or field is None or field == "":
            raise GlpiInputError("{0} must be a search option id, uid or name, got {1!r}".format(option, field))
        text = str(field).strip()
        if text.isdigit():
            if int(text) in self.options:
                return int(text)
            raise GlpiInputError("{0}: {1} has no search option {2}".format(option, self.itemtype, text))
        by_uid = [i for i, o in self.options.items() if o.get("uid") == text]
        if not by_uid:
            by_uid = [i for i, o in self.options.items() if (o.get("uid") or "").lower() == text.lower()]
        if len(by_uid) == 1:
            return by_uid[0]
        if by_uid:  # GLPI 11 gives some options the same uid (Group and Group in charge)
            raise GlpiInputError("{0}: the uid {1!r} names several {2} search options: {3}; use an id".format(
                option, text, self.itemtype, self._describe(sorted(by_uid))))
        by_name = sorted(i for i, o in self.options.items() if (o.get("name") or "").lower() == text.lower())
        if not by_name:
            raise GlpiInputError("{0}: {1} has no search option {2!r}{3}".format(
                option, self.itemtype, text, self._suggestions(text)))
        nearest = self._nearest(by_name)
        if len(nearest) > 1:
            raise GlpiInputError("{0}: {1!r} names several {2} search options: {3} (as many joins away); "
                                 "use a uid or an id".format(option, text, self.itemtype, self._describe(nearest)))
        return nearest[0]

    def _nearest(self, ids):
        """Of options that share a display name, those reached with the fewest joins from the
        itemtype: its own column (Computer.name), then a table its own foreign key points to
        (Computer.Location.completename) before a table that points back to it (the network ports'
        MAC address). The real lists repeat names (Computer has ten options named Name)."""
        def hops(option_id):  # from the uid, without another request: Computer.Location.completename is 1
            return max((self.options[option_id].get("uid") or "").count(".") - 1, 0)
        fewest = min(hops(i) for i in ids)
        nearest = [i for i in ids if hops(i) == fewest]
        if len(nearest) > 1:
            best = min(self._join_cost(i) for i in nearest)
            nearest = [i for i in nearest if self._join_cost(i) == best]
        return nearest

    def _join_cost(self, option_id):
        """(tables joined, 1 if a join runs from another table back to the item) from the raw option."""
        raw = self.raw_options.get(int(option_id)) or {}
        if raw.get("table") == self.own_table():
            return (0, 0)
        jointypes = list(_joins(raw.get("joinparams")))  # one per table on the way, None for a plain foreign key
        return (max(len(jointypes), 1), 1 if any(jointypes) else 0)

    def _describe(self, ids):
        return ", ".join("{0} (uid {1}, id {2})".format(self.name(i), self.uid(i), i) for i in ids)

    def _suggestions(self, text):
        labels = {}
        for option_id, option in self.options.items():
            for label in (option.get("name"), option.get("uid")):
                if label:
                    labels.setdefault(label.lower(), option_id)
        close = difflib.get_close_matches(text.lower(), list(labels), n=4, cutoff=0.6)
        if not close:
            return ""
        return "; close matches: " + self._describe(sorted(set(labels[label] for label in close)))

    # ------------------------------------------------------------------ database columns
    # Raw options (listSearchOptions?raw) say which column of the item an option stands for:
    # its own ``field`` when its ``table`` is the item's, else the foreign key in ``linkfield``
    # (Location is reached through ``locations_id``). Massive updates need that column.

    @property
    def raw_options(self):
        """``{id (int): raw option dict}`` (with ``linkfield``, ``joinparams``, ``massiveaction``)."""
        if self._raw is None:
            self._raw = _numbered(self.client.list_search_options(self.source, raw=True))
        return self._raw

    def own_table(self):
        """The table of the itemtype's own columns: that of its options whose uid is ``Itemtype.field``."""
        if getattr(self, "_own_table", None) is None:
            counts = {}
            for option in self.options.values():
                if (option.get("uid") or "").count(".") == 1 and option.get("table"):
                    counts[option["table"]] = counts.get(option["table"], 0) + 1
            self._own_table = max(sorted(counts), key=counts.get) if counts else ""
        return self._own_table or None

    def column(self, option_id):
        """The column of the itemtype's records that the option shows: its own field, or the foreign
        key through which it reaches another table; None when it goes through other tables (the IPs,
        the operating system...), which a massive update cannot set."""
        raw = self.raw_options.get(int(option_id)) or {}
        joins = raw.get("joinparams")
        if isinstance(joins, dict) and (joins.get("jointype") or joins.get("beforejoin")):
            return None
        table, field = raw.get("table"), raw.get("field")
        link = raw.get("linkfield") or field
        if not table or not field:
            return None
        if table == self.own_table():
            return field if link == field else None
        foreign_key = link.endswith("_id") or "_id_" in link
        return link if link != field and foreign_key else None

    def options_for_column(self, column):
        """The ids of the options that stand for ``column``; those GLPI offers for massive updates
        (no ``massiveaction: false``) first."""
        ids = [i for i in sorted(self.raw_options) if self.column(i) == column]
        return sorted(ids, key=lambda i: self.raw_options[i].get("massiveaction") is False)

    def columns(self):
        """Every column some option stands for."""
        return sorted(set(c for c in (self.column(i) for i in self.raw_options) if c))
