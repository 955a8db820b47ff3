# -*- coding: utf-8 -*-
"""A create whose answer is lost is never sent twice: glpi_item looks the record up instead.
The faults are injected by the counting proxy in front of the GLPI of the tests."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from conftest import run_task

# The client's timeout in the tests of a slow answer: a real GLPI under load takes more than a
# second to open a session now and then; the proxy delays the create by more than this.
TIMEOUT = 3


def computers_named(glpi, name):
    with glpi.client() as client:
        return [r for r in client.iter_items("Computer", searchText={"name": name}, get_hateoas=False)
                if r["name"] == name]


def computer_writes(glpi):
    return [r.method for r in glpi.requests() if r.path.strip("/") == "Computer" and r.method != "GET"]


def test_answer_lost_after_the_create_was_applied(ansible_module, glpi_env):
    name = glpi_env.unique("lost-answer")
    glpi_env.add_fault("drop_mid_body", times=1, method="POST", path="^/?Computer/?$")
    result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name, serial="LA-1"))
    assert not result.get("failed"), result.get("msg")
    assert result["action"] == "created" and len(computers_named(glpi_env, name)) == 1
    assert computer_writes(glpi_env) == ["POST"]
    assert any("looking the record(s) up" in w for w in result.get("warnings", []))
    run_task(ansible_module, "glpi_item", itemtype="Computer", id=result["id"], state="absent")


def test_create_applied_but_answered_too_late(ansible_module, glpi_env, monkeypatch):
    name = glpi_env.unique("slow-answer")
    monkeypatch.setenv("GLPI_TIMEOUT", str(TIMEOUT))
    glpi_env.add_fault("delay", times=1, method="POST", path="^/?Computer/?$", seconds=TIMEOUT + 2, when="after")
    result = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name))
    assert not result.get("failed"), result.get("msg")
    assert result["action"] == "created"
    assert computer_writes(glpi_env) == ["POST"]
    assert len(computers_named(glpi_env, name)) == 1
    time.sleep(2.5)
    monkeypatch.setenv("GLPI_TIMEOUT", "30")
    run_task(ansible_module, "glpi_item", itemtype="Computer", id=result["id"], state="absent")


def test_create_timed_out_before_glpi_applied_it_is_not_sent_again(ansible_module, glpi_env, monkeypatch):
    name = glpi_env.unique("slow-create")
    monkeypatch.setenv("GLPI_TIMEOUT", str(TIMEOUT))
    glpi_env.add_fault("delay", times=1, method="POST", path="^/?Computer/?$", seconds=TIMEOUT + 2.5, when="before")
    failed = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name))
    assert failed["failed"] and "nothing was sent again" in failed["msg"] and "Run the task again" in failed["msg"]
    assert computer_writes(glpi_env) == ["POST"]
    time.sleep(3)  # the slow request ends (refused: the task had closed its session meanwhile)
    monkeypatch.setenv("GLPI_TIMEOUT", "30")
    again = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=name))
    assert again["action"] in ("created", "unchanged")
    assert len(computers_named(glpi_env, name)) == 1
    run_task(ansible_module, "glpi_item", itemtype="Computer", id=again["id"], state="absent")


def test_refused_connection_on_create_is_certain(ansible_module, glpi_env, monkeypatch):
    monkeypatch.setenv("GLPI_URL", "http://127.0.0.1:9/apirest.php")
    failed = run_task(ansible_module, "glpi_item", itemtype="Computer", fields=dict(name=glpi_env.unique("never-sent")))
    assert failed["failed"] and "could not connect" in failed["msg"] and "may have applied" not in failed["msg"]
