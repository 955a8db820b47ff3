# -*- coding: utf-8 -*-
"""Every module against bad values for its options: one clean failure naming the option, no
traceback, and no request at all to GLPI when the input alone is wrong."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from conftest import run_task

BAD_ITEMTYPES = ["Computer/1", "../Computer", "..", "Comp%2Fx", "Computer?x=1", "Computer#a", "Com puter",
                 u"Ordinateur\u00e9", "", "1Computer", "Glpi\\", "Computer/../../config"]
ITEMTYPE_MODULES = [
    ("glpi_item", dict(fields=dict(name="x"))),
    ("glpi_item_info", dict(id=1)),
    ("glpi_search", dict()),
    ("glpi_massive_action", dict(action="MassiveAction:delete", ids=[1])),
]
CASES = [(module, dict(args, itemtype=bad), "itemtype") for module, args in ITEMTYPE_MODULES for bad in BAD_ITEMTYPES]
CASES += [
    # wrong types and impossible numbers
    ("glpi_item", dict(itemtype="Computer", id="abc"), "id"),
    ("glpi_item", dict(itemtype="Computer", id=-1, fields=dict(comment="x")), "id"),
    ("glpi_item", dict(itemtype="Computer", id=2 ** 40, fields=dict(comment="x")), "id"),
    ("glpi_item", dict(itemtype="Computer", fields="not-a-dict"), "fields"),
    ("glpi_item", dict(itemtype="Computer", records="nope"), "records"),
    ("glpi_item", dict(itemtype="Computer", records=[dict(comment="x")]), "records[0]"),
    ("glpi_item", dict(itemtype="Computer", fields=dict(name="x"), state="gone"), "state"),
    ("glpi_item", dict(itemtype="Computer", fields=dict(name="x", locations_id=True)), "fields.locations_id"),
    ("glpi_item", dict(itemtype="Computer", fields=dict(name="x"), lookup=["serial"]), "lookup"),
    ("glpi_item_info", dict(itemtype="Computer", id=-5), "id"),
    ("glpi_item_info", dict(itemtype="Computer", id=2 ** 40), "id"),
    ("glpi_item_info", dict(itemtype="Computer", range="10-5"), "range"),
    ("glpi_item_info", dict(itemtype="Computer", range="a-b"), "range"),
    ("glpi_item_info", dict(itemtype="Computer", limit=-1), "limit"),
    ("glpi_item_info", dict(itemtype="Computer", sub_itemtype="Log"), "sub_itemtype"),
    ("glpi_item_info", dict(itemtype="Computer", id=1, sub_itemtype="Log/../x"), "sub_itemtype"),
    ("glpi_item_info", dict(items=[dict(itemtype="Computer", id=-2)]), "items"),
    ("glpi_search", dict(itemtype="Computer", range="5-1"), "range"),
    ("glpi_search", dict(itemtype="Computer", range="0-99999999999999999999999"), "range"),
    ("glpi_search", dict(itemtype="Computer", limit=0), "limit"),
    ("glpi_search", dict(itemtype="Computer", criteria=["not a dict"]), "criteria"),
    ("glpi_search", dict(itemtype="Computer", criteria=[dict(field=1, searchtype="regex", value="x")]),
     "criteria[0].searchtype"),
    ("glpi_search", dict(itemtype="Computer", criteria=[dict(link="XOR", field=1, value="x")]), "criteria[0].link"),
    ("glpi_search", dict(itemtype="Computer", criteria=[dict(criteria=[])]), "criteria[0].criteria"),
    ("glpi_search", dict(itemtype="Computer", criteria=[dict(field="", value="x")]), "criteria[0].field"),
    ("glpi_search", dict(itemtype="Computer", order="UP"), "order"),
    ("glpi_massive_action", dict(itemtype="Computer", action="update", ids=[1]), "action"),
    ("glpi_massive_action", dict(itemtype="Computer", action="MassiveAction:delete", ids=[]), "ids"),
    ("glpi_massive_action", dict(itemtype="Computer", action="MassiveAction:delete", ids=[-3]), "ids"),
    ("glpi_massive_action", dict(itemtype="Computer", action="Massive Action:delete", ids=[1]), "action"),
    ("glpi_document", dict(path="/nonexistent/file.txt", name="x"), "path"),
    ("glpi_document", dict(path="/etc", name="x"), "path"),
    ("glpi_document", dict(content="x"), "filename"),
    ("glpi_document", dict(content="x", filename="../../etc/passwd"), "filename"),
    ("glpi_document", dict(content="x", filename="a.txt", path="/etc/hostname"), "path"),
    ("glpi_document", dict(id=-1, dest="/tmp/x"), "id"),
    ("glpi_document", dict(content="x", filename="a.txt", items=[dict(itemtype="Computer/..", id=1)]), "items"),
    ("glpi_document", dict(content="x", filename="a.txt", items=[dict(itemtype="Computer")]), "items"),
    ("glpi_session", dict(gather=["everything"]), "gather"),
    ("glpi_session", dict(state="absent"), "session_token"),
    ("glpi_session", dict(url="glpi.example.com"), "url"),
    ("glpi_session", dict(url="ftp://glpi.example.com"), "url"),
    ("glpi_session", dict(url="https://glpi.example.com/apirest.php?user_token=leak"), "url"),
    ("glpi_session", dict(timeout="soon"), "timeout"),
    ("glpi_password_reset", dict(email="a@example.com", reset_token="t"), "new_password"),
    ("glpi_password_reset", dict(), "email"),
]


@pytest.mark.parametrize("module,args,option", CASES, ids=["%s-%s-%d" % (c[0], c[2], i) for i, c in enumerate(CASES)])
def test_bad_input_is_refused_before_any_request(ansible_module, glpi_env, module, args, option):
    result = run_task(ansible_module, module, **args)
    assert result.get("failed"), result
    assert option in result["msg"], result["msg"]
    assert "Traceback" not in str(result) and "leak" not in result["msg"].replace("user_token=leak", "")
    assert glpi_env.requests() == [], [(r.method, r.path) for r in glpi_env.requests()]


def test_the_table_covers_every_module():
    import os
    folder = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "modules")
    modules = sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")
    assert sorted(set(case[0] for case in CASES)) == modules
