"""The search engine behind /search/<itemtype> and listSearchOptions.

The options are GLPI's real ones (searchoptions.py). A column's values are found the way GLPI's
Search::addLeftJoin() builds its SQL: from the searched item, through the option's "beforejoin"
tables, to the option's table, with the same join types (standard foreign key, child,
itemtype_item, mainitemtype_mainitem...) and join conditions, over the in-memory store. An option
whose table the emulator does not store simply has no value. Criteria follow Search::addWhere():
LIKE-style 'contains' with ^/$ anchors, 'equals' on the joined row's id (or on the field for own
columns and searchequalsonfield options), 'under' on trees, numbers and dates compared as such;
multi-valued cells (IP addresses, MACs, groups...) come back as JSON arrays.
"""

import json
import os
import re

from .itemtypes import ASSET_TYPES, TABLE_TO_ITEMTYPE, fk_for_itemtype
from .searchoptions import ALL_ASSETS, ASSET_TABLE, search_options, table_for_itemtype
from .util import decode_fetched, php_intval, php_list, php_truthy, unsanitize_search_value

NUMBER_TYPES = {"count", "mio", "number", "integer", "decimal", "timestamp", "progressbar",
                "bool"}
DATE_TYPES = {"datetime", "date", "date_delay"}


def list_search_options(version, itemtype, raw=False):
    """The body of listSearchOptions/<itemtype> (?raw for the raw form)."""
    return search_options(version, itemtype).body(raw)


_COLUMNS = {}


def default_columns(version, itemtype):
    """The columns of a search without forcedisplay: GLPI's default display preferences
    (data/<version>/search_columns.json, as a real server shows them; [1] when unknown)."""
    if version.key not in _COLUMNS:
        with open(os.path.join(version.data_dir, "search_columns.json"), encoding="utf-8") as fh:
            _COLUMNS[version.key] = json.load(fh)
    return list(_COLUMNS[version.key].get(itemtype) or [1])


class SearchError(Exception):
    """Raised with (message, http status, error code, add documentation suffix)."""

    def __init__(self, message, status=400, code="ERROR", doc=True, sql=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.doc = doc
        self.sql = sql


# =========================================================================== values (joins)


def _fk_for_table(table):
    """getForeignKeyFieldForTable(): glpi_networkports -> networkports_id."""
    return table[len("glpi_"):] + "_id" if table.startswith("glpi_") else table + "_id"


def _join_steps(opt):
    """[(table, linkfield, joinparams)] from the searched item to the option's table, in the
    order of Search::addLeftJoin(): nested beforejoin tables first."""
    steps = []

    def before(joinparams):
        tabs = joinparams.get("beforejoin") if isinstance(joinparams, dict) else None
        if isinstance(tabs, dict):
            tabs = [tabs] if "table" in tabs else list(tabs.values())
        for tab in tabs or ():
            if not isinstance(tab, dict) or "table" not in tab:
                continue
            inner = tab.get("joinparams") if isinstance(tab.get("joinparams"), dict) else {}
            before(inner)
            steps.append((tab["table"], tab.get("linkfield") or _fk_for_table(tab["table"]),
                          inner))

    before(opt.joinparams)
    steps.append((opt.table, opt.linkfield, opt.joinparams))
    return steps


def _condition_ok(row, condition):
    """Join conditions written as arrays ({"NEWTABLE.is_deleted": 0, "NOT": {...}})."""
    if not isinstance(condition, dict):
        return True      # SQL text (entity restrictions...): not modelled
    for key, value in condition.items():
        if key == "NOT":
            if isinstance(value, dict) and _condition_ok(row, value):
                return False
        elif key == "OR":
            if isinstance(value, dict) and not any(
                    _condition_ok(row, {k: v}) for k, v in value.items()):
                return False
        elif isinstance(key, str) and key.startswith("NEWTABLE."):
            actual = row.get(key[len("NEWTABLE."):])
            if isinstance(value, (list, dict)) or str(actual) != str(value):
                return False
    return True


class Joiner:
    """Rows reached by an option's joins, for one searched item."""

    def __init__(self, store):
        self.store = store

    def _join(self, search_itemtype, ref_table, refs, table, linkfield, joinparams):
        store = self.store
        new_type = TABLE_TO_ITEMTYPE.get(table)
        if new_type is None or new_type not in store.items:
            return []
        jointype = joinparams.get("jointype") or "standard"
        used = joinparams.get("specific_itemtype") or search_itemtype
        condition = joinparams.get("condition")
        out = {}
        for ref in refs:
            if jointype == "child":
                fk = joinparams.get("linkfield") or _fk_for_table(ref_table)
                found = [r for r in store.items[new_type].values() if r.get(fk) == ref["id"]]
            elif jointype in ("itemtype_item", "mainitemtype_mainitem"):
                found = sorted(store.children_of(used, ref["id"], new_type,
                                                 main=jointype == "mainitemtype_mainitem"),
                               key=lambda r: r["id"])
            elif jointype == "itemtype_item_revert":
                found = [store.get(new_type, ref.get("items_id"))] \
                    if ref.get("itemtype") == used else []
            elif jointype in ("item_item", "item_item_revert", "itemtypeonly"):
                found = []          # links between items of one type: not stored
            else:
                found = [store.get(new_type, ref.get(linkfield))] \
                    if ref.get(linkfield) not in (None, "") else []
            for row in found:
                if row is not None and row["id"] not in out and _condition_ok(row, condition):
                    out[row["id"]] = row
        return list(out.values())

    @staticmethod
    def _plan(itemtype, opt):
        """How to reach the option's rows from an item of itemtype (computed once):
        ("own",) the item itself, ("parent", fk) a tree parent, ("fk", fk, type) a plain
        foreign key, ("joins", steps) anything else."""
        plans = opt.__dict__.setdefault("_plans", {})
        plan = plans.get(itemtype)
        if plan is None:
            own = table_for_itemtype(itemtype)
            steps = _join_steps(opt)
            target = TABLE_TO_ITEMTYPE.get(opt.table)
            if opt.table == ASSET_TABLE or (opt.table == own and not (
                    opt.linkfield and opt.linkfield != opt.field
                    and opt.linkfield.endswith("_id"))):
                plan = ("own",)
            elif opt.table == own:
                plan = ("parent", opt.linkfield)
            elif len(steps) == 1 and (opt.joinparams.get("jointype") or "standard") \
                    == "standard" and not opt.joinparams.get("condition") and target:
                plan = ("fk", opt.linkfield, target)
            else:
                plan = ("joins", steps)
            plans[itemtype] = plan
        return plan

    def rows(self, itemtype, item, opt):
        """The rows of opt.table reached from the item ([item] for its own columns)."""
        plan = self._plan(itemtype, opt)
        kind = plan[0]
        if kind == "own":
            return [item]
        if kind in ("parent", "fk"):
            value = item.get(plan[1])
            if value in (None, ""):
                return []
            target = self.store.get(itemtype if kind == "parent" else plan[2], value)
            return [target] if target is not None and target is not item else []
        ref_table, refs = table_for_itemtype(itemtype), [item]
        for table, linkfield, joinparams in plan[1]:
            refs = self._join(itemtype, ref_table, refs, table, linkfield, joinparams)
            if not refs:
                return []
            ref_table = table
        return refs

    def values(self, itemtype, item, opt):
        """[(key, value)]: key is what 'equals' compares (the joined row's id, or the value)."""
        plans = opt.__dict__.get("_plans")
        if plans and plans.get(itemtype) == ("own",):       # the fast, common case
            if opt.field not in item:
                return []
            value = item[opt.field]
            return [(item["id"] if opt.equals_on_id else value, value)]
        rows = self.rows(itemtype, item, opt)
        if opt.datatype == "count":
            return [(len(rows), len(rows))]
        out, seen = [], set()
        for row in rows:
            value = row.get(opt.field)
            if value is None and opt.field not in row:
                continue
            marker = value if not isinstance(value, (list, dict)) else repr(value)
            if marker in seen:
                continue
            seen.add(marker)
            out.append((row.get("id") if opt.equals_on_id else value, value))
        return out


# =========================================================================== related items (meta)


def related_items(store, itemtype, item, meta_itemtype):
    """Items of meta_itemtype linked to item (meta criteria / meta columns)."""
    if meta_itemtype in ("Software", "SoftwareVersion"):
        out = []
        for inst in store.children_of(itemtype, item["id"], "Item_SoftwareVersion"):
            ver = store.get("SoftwareVersion", inst["softwareversions_id"])
            target = ver if meta_itemtype == "SoftwareVersion" or ver is None else \
                store.get("Software", ver["softwares_id"])
            if target is not None and target not in out:
                out.append(target)
        return out
    if itemtype == "Computer" and meta_itemtype in ("Monitor", "Printer", "Peripheral", "Phone"):
        return [store.get(meta_itemtype, link["items_id"])
                for link in store.all_items("Computer_Item")
                if link["computers_id"] == item["id"] and link["itemtype"] == meta_itemtype
                and store.get(meta_itemtype, link["items_id"]) is not None]
    if meta_itemtype == "Computer" and itemtype in ("Monitor", "Printer", "Peripheral", "Phone"):
        return [store.get("Computer", link["computers_id"])
                for link in store.all_items("Computer_Item")
                if link["itemtype"] == itemtype and link["items_id"] == item["id"]
                and store.get("Computer", link["computers_id"]) is not None]
    if meta_itemtype == "Ticket":
        return [store.get("Ticket", link["tickets_id"])
                for link in store.children_of(itemtype, item["id"], "Item_Ticket")
                if store.get("Ticket", link["tickets_id"]) is not None]
    fk = fk_for_itemtype(meta_itemtype)
    if fk in item:
        target = store.get(meta_itemtype, item[fk]) if item[fk] else None
        return [target] if target else []
    return sorted(store.children_of(itemtype, item["id"], meta_itemtype), key=lambda r: r["id"])


# =========================================================================== criteria


def like_regex(pattern):
    """Search::makeTextSearchValue() as a regex: None means IS NULL. '^'/'$' anchor the value,
    '%' is a wildcard, '_' is not (GLPI escapes it), case-insensitive as MySQL's collation."""
    if pattern in ("NULL", "null"):
        return None
    value = pattern.strip()
    if value == "^":
        return re.compile(r"^.*$", re.S)
    if value in ("", "^$", "$"):
        return re.compile(r"^$")
    begin = value.startswith("^")
    if begin:
        value = value[1:].lstrip()
    end = value.endswith("$")
    if end:
        value = value[:-1].rstrip()
    body = ".*".join(re.escape(part) for part in value.split("%"))
    return re.compile(("^" if begin else "") + body + ("$" if end else ""), re.I | re.S)


_LIKE_CACHE = {}


def _like(pattern):
    if pattern not in _LIKE_CACHE:
        _LIKE_CACHE[pattern] = like_regex(pattern)
    return _LIKE_CACHE[pattern]


def _text(value):
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _number(value):
    """MySQL's cast of a string to a number: its leading numeric part (0 when none)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    match = re.match(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", str(value or ""))
    return float(match.group(0)) if match else 0


def _php_equals_zero(value):
    """PHP 8's $val == 0 for a search value."""
    text = str(value).strip()
    return re.fullmatch(r"[+-]?0*(\.0*)?", text) is not None and text not in ("", ".")


def _compare(a, b):
    try:
        return (float(a) > float(b)) - (float(a) < float(b))
    except (TypeError, ValueError):
        sa, sb = str(a), str(b)
        return (sa > sb) - (sa < sb)


class Predicate:
    """One criterion (Search::addWhere) over the values of one option."""

    NUMERIC_OP = re.compile(r"([<>])(=?)\s*(-?)\s*([0-9]+(\.[0-9]+)?)")

    def __init__(self, store, opt, searchtype, value):
        self.store = store
        self.opt = opt
        self.searchtype = (searchtype or "contains").lower()
        text = _text(value) if value is not None else ""
        if store.glpi.sanitize_input:
            text = unsanitize_search_value(text)     # values are compared with stored ones
        self.value = text

    # ---- text (makeTextCriteria) ------------------------------------------------------------
    def _text_ok(self, value, negate):
        rx = _like(self.value)
        if rx is None:                                   # "NULL": IS [NOT] NULL (or '')
            empty = value is None or value == ""
            return not empty if negate else empty
        if value is None:                                # "OR field IS NULL" cases
            return self.value not in ("NULL", "null", "^$") if negate else self.value == "^$"
        found = rx.search(_text(value)) is not None
        return not found if negate else found

    # ---- numbers and dates ------------------------------------------------------------------
    def _numeric_ok(self, value, negate):
        """None when the value is not a number search (then it is a text search)."""
        match = self.NUMERIC_OP.search(self.value)
        if match:
            op = match.group(1)
            if negate:
                op = ">" if op == "<" else "<"
            limit = float(match.group(3) + match.group(4))
            if value is None:
                return False
            c = _compare(_number(value), limit)
            return c < 0 or (match.group(2) and c == 0) if op == "<" else \
                c > 0 or (match.group(2) and c == 0)
        if re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*", self.value) and not (
                self.opt.datatype == "decimal" and not negate):
            if value is None:
                return False                 # NULL = x and NULL <> x are both false
            equal = float(_number(value)) == float(self.value)
            return not equal if negate else equal
        return None

    def _date_ok(self, value, op):
        if value is None:
            return False
        c = _compare(str(value), self.value.strip().lstrip("<>="))
        return c < 0 if op == "<" else c > 0

    # ---- equals on ids ----------------------------------------------------------------------
    def _id_equals(self, key, negate):
        if key is None:                      # no joined row: matches "= 0"
            return _php_equals_zero(self.value) != negate
        equal = _number(key) == _number(self.value)
        return not equal if negate else equal

    def _under(self, key, negate):
        root = php_intval(self.value)
        target = TABLE_TO_ITEMTYPE.get(self.opt.table) or self.opt.itemtype
        sons = self.store.sons_of(target, root, cache=True)
        if key is None:
            return False
        inside = php_intval(key) in sons
        return not inside if negate else inside

    def value_ok(self, key, value):
        st = self.searchtype
        datatype = self.opt.datatype
        negate = st in ("notcontains", "notequals", "notunder")
        if st == "empty":
            return value in (None, "") or (self.opt.equals_on_id and key in (None, 0))
        if st in ("under", "notunder"):
            return self._under(key, negate)
        if st in ("lessthan", "morethan"):
            if value is None:
                return False
            if datatype in NUMBER_TYPES:
                c = _compare(_number(value), _number(self.value))
            else:                            # dates (and text) compare as strings
                c = _compare(str(value), self.value.strip().lstrip("<>="))
            return c < 0 if st == "lessthan" else c > 0
        if st in ("equals", "notequals"):
            if datatype in DATE_TYPES:
                text = re.sub(r":00$", "", self.value)
                saved, self.value = self.value, "^" + text
                try:
                    return self._text_ok(value, negate)
                finally:
                    self.value = saved
            if datatype in NUMBER_TYPES and datatype != "bool" and not self.opt.equals_on_id:
                result = self._numeric_ok(value, negate)
                if result is not None:
                    return result
            if self.opt.equals_on_id:
                return self._id_equals(key, negate)
            if value is None:
                return negate
            equal = _text(value).rstrip().casefold() == self.value.rstrip().casefold()
            return not equal if negate else equal
        # contains / notcontains
        if datatype in NUMBER_TYPES:
            result = self._numeric_ok(value, negate)
            if result is not None:
                return result
        if datatype in DATE_TYPES:
            match = re.match(r"\s*([<>])=?(.+)$", self.value)
            if match:
                return self._date_ok(value, match.group(1)) != negate
        return self._text_ok(value, negate)

    def matches(self, values):
        if not values:
            values = [(None, None)]          # LEFT JOIN: one row of NULLs
        return any(self.value_ok(k, v) for k, v in values)


# =========================================================================== engine


class SearchEngine:
    def __init__(self, store, session, itemtype, params):
        self.store = store
        self.glpi = store.glpi
        self.session = session
        self.itemtype = itemtype
        self.params = params
        self.soptions = search_options(self.glpi, itemtype)
        self.joiner = Joiner(store)

    def options_of(self, itemtype):
        return search_options(self.glpi, itemtype)

    def values(self, itemtype, item, opt):
        """Values of a column for an item: AllAssets rows use their own type's joins."""
        return self.joiner.values(itemtype, item, opt)

    # ---- validation -------------------------------------------------------------------
    def _check_criteria(self, criteria):
        for crit in criteria:
            if not isinstance(crit, dict):
                return "Malformed search criteria"
            if "criteria" in crit:
                return self._check_criteria(php_list(crit["criteria"]))
            if "field" not in crit or "searchtype" not in crit or "value" not in crit:
                return "Malformed search criteria"
            field = str(crit["field"])
            if not field.isdigit() or int(field) not in self.soptions:
                return "Bad field ID in search criteria"
            if self.soptions.get(field).nosearch:
                return "Forbidden field ID in search criteria"
        return True

    # ---- candidates -------------------------------------------------------------------
    def _candidates(self, is_deleted):
        types = ASSET_TYPES if self.itemtype == ALL_ASSETS else [self.itemtype]
        out = []
        for itemtype in types:
            d = self.store.itemtypes[itemtype]
            for item in sorted(self.store.all_items(itemtype), key=lambda r: r["id"]):
                if d.has_is_deleted and item.get("is_deleted", 0) != is_deleted:
                    continue
                if d.template and item.get("is_template"):
                    continue
                if not self.session.can_see_item(self.store, itemtype, item):
                    continue
                out.append((itemtype, item))
        return out

    # ---- criteria evaluation ----------------------------------------------------------
    def _compile(self, criteria):
        """-> [(link, node)], node = ('crit', predicate, meta_itemtype, field) | ('group', [..])"""
        compiled = []
        for crit in criteria:
            if not isinstance(crit, dict):
                continue
            link = str(crit.get("link", "AND")).upper().strip() or "AND"
            if "criteria" in crit:
                sub = self._compile(php_list(crit["criteria"]))
                if sub:
                    compiled.append((link, ("group", sub)))
                continue
            value = crit.get("value")
            if value is None or _text(value) == "":
                continue
            try:
                field = int(str(crit.get("field")))
            except ValueError:
                continue
            meta_itemtype = None
            if php_truthy(crit.get("meta")) and crit.get("itemtype"):
                meta_itemtype = self.store.itemtypes.resolve(crit.get("itemtype"))
                if meta_itemtype is None:
                    continue
                opt = self.options_of(meta_itemtype).get(field)
            else:
                opt = self.soptions.get(field)
            if opt is None:
                continue
            pred = Predicate(self.store, opt, crit.get("searchtype"), value)
            compiled.append((link, ("crit", pred, meta_itemtype, field)))
        return compiled

    def _meta_values(self, itemtype, item, meta_itemtype, opt):
        out = []
        for rel in related_items(self.store, itemtype, item, meta_itemtype):
            for pair in self.values(meta_itemtype, rel, opt):
                if pair not in out:
                    out.append(pair)
        return out

    def _eval_node(self, node, itemtype, item):
        if node[0] == "group":
            return self._eval(node[1], itemtype, item)
        _unused, pred, meta_itemtype, _field = node
        if meta_itemtype:
            values = self._meta_values(itemtype, item, meta_itemtype, pred.opt)
        else:
            values = self.values(itemtype, item, pred.opt)
        return pred.matches(values)

    def _eval(self, compiled, itemtype, item):
        """AND binds tighter than OR, as in SQL; 'AND NOT' / 'OR NOT' negate their term."""
        groups = [[]]
        for index, (link, node) in enumerate(compiled):
            value = self._eval_node(node, itemtype, item)
            if "NOT" in link:
                value = not value
            if index > 0 and link.startswith("OR"):
                groups.append([])
            groups[-1].append(value)
        return any(all(g) for g in groups if g)

    # ---- parameters -------------------------------------------------------------------
    def _forced_columns(self):
        forced = self.params.get("forcedisplay")
        if forced is None:
            return []
        if not isinstance(forced, (list, dict)):
            forced = [php_intval(forced)]
        ids = []
        for value in php_list(forced):
            try:
                fid = int(str(value))
            except ValueError:
                continue
            if fid not in ids:
                ids.append(fid)
        for fid in ids:
            opt = self.soptions.get(fid)
            if opt is not None and opt.nodisplay:
                raise SearchError("ID is forbidden along with 'forcedisplay' parameter.")
        return ids

    def _range(self):
        if "range" not in self.params:
            return 0, 19
        rng = str(self.params["range"])
        if not re.fullmatch(r"[0-9]+-[0-9]+", rng):
            raise SearchError("range must be in format : [start-end] with integers")
        start, end = (int(x) for x in rng.split("-"))
        if end - start + 1 > 2 ** 63 - 1 or end > 2 ** 63 - 1:
            msg = ("You have an error in your SQL syntax; check the manual that corresponds "
                   "to your MariaDB server version for the right syntax to use near "
                   "'-9223372036854775808' at line 32")
            raise SearchError("Unexpected SQL Error : " + msg, 500, "ERROR_SQL", False, sql=msg)
        return start, end

    def _columns(self, forced_ids, criteria):
        toview = [1] + forced_ids if forced_ids else default_columns(self.glpi, self.itemtype)
        entity_check = self.itemtype == ALL_ASSETS or \
            self.store.itemtypes[self.itemtype].has_entity
        if self.store.multi_entities_mode() and entity_check and self.itemtype != "Entity":
            toview.insert(toview.index(1) + 1 if 1 in toview else 0, 80)
        meta_cols = []

        def collect(crits):
            for c in crits:
                if not isinstance(c, dict):
                    continue
                if "criteria" in c:
                    collect(php_list(c["criteria"]))
                    continue
                try:
                    field = int(str(c.get("field")))
                except ValueError:
                    continue
                if php_truthy(c.get("meta")) and c.get("itemtype"):
                    mt = self.store.itemtypes.resolve(c.get("itemtype"))
                    if mt and (mt, field) not in meta_cols and field in self.options_of(mt):
                        meta_cols.append((mt, field))
                elif field not in toview:
                    toview.append(field)

        collect(criteria)
        cols = []
        for fid in toview:
            if fid in self.soptions and fid not in cols:
                cols.append(fid)
        return cols, meta_cols

    def _sort(self, rows):
        sort_param = self.params.get("sort")
        if sort_param is None or sort_param == "":
            sort_id = self.glpi.default_search_sort     # 10: the name; 11: none (by id)
            echo = self.glpi.sort_value(None)
        else:
            sort_id = php_intval(sort_param)
            echo = self.glpi.sort_value(sort_id)
        order = str(self.params.get("order", "ASC")).upper()
        if order not in ("ASC", "DESC"):
            order = "ASC"
        rows.sort(key=lambda r: (ASSET_TYPES.index(r[0]) if self.itemtype == ALL_ASSETS
                                 else 0, r[1]["id"]))
        sort_opt = self.soptions.get(sort_id) if sort_id is not None else None
        if sort_opt is not None:
            def sort_key(row):
                vals = [v for _unused, v in self.values(row[0], row[1], sort_opt)
                        if v is not None]
                if not vals:
                    return (0, 0, "")
                v = vals[0] if len(vals) == 1 else "$$##$$".join(str(x) for x in vals)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    return (1, v, "")
                return (2, 0, str(v).casefold())
            rows.sort(key=sort_key, reverse=(order == "DESC"))
        elif order == "DESC":
            rows.reverse()
        return echo, order

    def _restrictions(self, compiled):
        """Positive top-level criteria filter the joined rows a multi-valued cell shows (the
        WHERE clause applies to the joined rows before GROUP_CONCAT)."""
        restrict = {}
        if any(link.startswith("OR") for link, _unused in compiled[1:]):
            return restrict
        for link, node in compiled:
            if node[0] == "crit" and node[2] is None and "NOT" not in link \
                    and node[1].searchtype in ("contains", "equals", "lessthan", "morethan",
                                               "under"):
                restrict.setdefault(node[3], []).append(node[1])
        return restrict

    # ---- main -------------------------------------------------------------------------
    def run(self):
        p = self.params
        criteria = php_list(p.get("criteria")) if isinstance(p.get("criteria"), (list, dict)) \
            else []
        if isinstance(p.get("criteria"), (list, dict)):
            result = self._check_criteria(criteria)
            if result is not True:
                raise SearchError(result)
        forced_ids = self._forced_columns()
        start, end = self._range()
        limit = end - start + 1
        cols, meta_cols = self._columns(forced_ids, criteria)

        is_deleted = 1 if php_truthy(p.get("is_deleted")) else 0
        rows = self._candidates(is_deleted)
        compiled = self._compile(criteria)
        if compiled:
            rows = [(t, i) for t, i in rows if self._eval(compiled, t, i)]
        legacy_meta = isinstance(p.get("metacriteria"), (list, dict)) and \
            bool(php_list(p.get("metacriteria")))
        sort_echo, order = self._sort(rows)

        total = len(rows)
        if start > total:
            raise SearchError("Provided range exceed total count of data: %d" % total, 400,
                              "ERROR_RANGE_EXCEED_TOTAL")
        page = rows[start:start + limit] if limit > 0 else []
        restrict = self._restrictions(compiled)

        uid_mode = "uid_cols" in p
        with_html = "giveItems" in p
        data, html = [], []
        for itemtype, item in page:
            line, html_line = self._line(itemtype, item, cols, meta_cols, restrict, uid_mode,
                                         legacy_meta, with_html)
            data.append((item["id"], line))
            html.append((item["id"], html_line))

        out = {"totalcount": total, "count": len(page), "sort": sort_echo, "order": [order]}
        indexed = "withindexes" in p
        if data:
            out["data"] = {str(i): line for i, line in data} if indexed else \
                [line for _unused, line in data]
        if "giveItems" in p:
            out["data_html"] = {str(i): line for i, line in html} if indexed else \
                [line for _unused, line in html]
        if php_truthy(p.get("rawdata")):
            out["rawdata"] = self._rawdata(cols, meta_cols, start, end, total, data, sort_echo)
        out["content-range"] = "%d-%d/%d" % (start, min(end, total - 1), total)
        return out

    def _cell(self, shown):
        if not shown:
            return None
        return shown[0] if len(shown) == 1 else shown

    def _shown(self, values):
        if self.glpi.decode_legacy_on_read:
            return [decode_fetched(v) for _unused, v in values]
        return [v for _unused, v in values]

    def _line(self, itemtype, item, cols, meta_cols, restrict, uid_mode, legacy_meta,
              with_html):
        opts = self.options_of(itemtype) if self.itemtype != ALL_ASSETS else self.soptions
        line, html_line = {}, {}
        for fid in cols:
            opt = opts.get(fid) or self.soptions.get(fid)
            values = self.values(itemtype, item, opt)
            if fid in restrict:
                values = [kv for kv in values if all(pr.value_ok(*kv) for pr in restrict[fid])]
            shown = self._shown(values)
            cell = [] if legacy_meta and fid == 1 else self._cell(shown)
            line[self._uid(fid) if uid_mode else str(fid)] = cell
            if with_html:
                html_line[str(fid)] = self._html(itemtype, item, opt, shown)
        for mt, fid in meta_cols:
            mopt = self.options_of(mt).get(fid)
            shown = self._shown(self._meta_values(itemtype, item, mt, mopt))
            line[mopt.uid if uid_mode else str(fid)] = self._cell(shown)
            html_line[str(fid)] = "#LBBR#".join("" if v is None else str(v) for v in shown)
        if self.itemtype == ALL_ASSETS:
            line["id"] = item["id"]
            line["itemtype"] = itemtype
        return line, html_line

    # ---- presentation -----------------------------------------------------------------
    def _uid(self, fid):
        return self.soptions.get(fid).uid

    def _html(self, itemtype, item, opt, shown):
        """Search::giveItem()'s HTML for the few forms the recordings show."""
        if opt.datatype == "itemlink" and opt.id == 1 and opt.field == "name":
            name = shown[0] if shown else ""
            return "<a id='%s_%d_%d' href='/front/%s.form.php?id=%d'>%s</a>" % (
                itemtype, item["id"], item["id"], itemtype.lower(), item["id"],
                "" if name is None else name)
        if opt.field == "id" and opt.own_table:
            return "<span class='text-nowrap'>%s</span>" % item["id"]
        if opt.table == "glpi_entities" and opt.field == "completename" and shown \
                and shown[0] is not None:
            parts = str(shown[0]).split(" > ")
            inner = '<i class="fas fa-caret-right mx-1"></i>'.join(
                '<span class="text-nowrap">%s</span>' % p for p in parts)
            return '<span class="glpi-badge" title="%s">%s</span>' % (
                str(shown[0]).replace(">", "&gt;"), inner)
        if opt.is_tree and opt.field == "completename":
            separator = self.glpi.html_tree_separator
            return "#LBBR#".join("" if v is None else str(v).replace(" > ", separator)
                                 for v in shown)
        return "#LBBR#".join("" if v is None else str(v) for v in shown)

    def _rawdata(self, cols, meta_cols, start, end, total, data, sort_echo):
        search = {k: v for k, v in self.params.items() if k not in ("session_token", "app_token")}
        search.update({"start": start, "is_deleted": 1 if php_truthy(
            self.params.get("is_deleted")) else 0, "list_limit": 20, "range": [start, end],
            "reset": "reset", "sort": sort_echo})
        search.setdefault("criteria", [])
        search.setdefault("metacriteria", [])
        return {
            "search": search,
            "itemtype": self.itemtype,
            "data": {
                "execution_time": 0.001 if self.glpi.float_execution_time else "0.001",
                "totalcount": total, "begin": start, "end": min(end, total - 1),
                "cols": [{"itemtype": self.itemtype, "id": fid,
                          "name": self.soptions.get(fid).name, "meta": 0,
                          "searchopt": self.soptions.get(fid).raw} for fid in cols]
                + [{"itemtype": mt, "id": fid, "name": self.options_of(mt).get(fid).name,
                    "meta": 1, "searchopt": self.options_of(mt).get(fid).raw}
                   for mt, fid in meta_cols],
                "rows": [{"id": i, "raw": line} for i, line in data],
            },
            "sql": {"search": "(emulated search engine: no SQL)"},
        }
