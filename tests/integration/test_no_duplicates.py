# -*- coding: utf-8 -*-
"""A create whose answer is lost is never sent twice: glpi_item looks the record up instead."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time


def run(ansible_module, **args):
    [result] = getattr(ansible_module, "glpi.itsm.glpi_item")(**args).contacted.values()
    return result


def computers_named(glpi, name):
    with glpi.client() as client:
        return [r for r in client.iter_items("Computer", searchText={"name": name}, get_hateoas=False)
                if r["name"] == name]


def test_answer_lost_after_the_create_was_applied(ansible_module, glpi_env, emulator):
    emulator.add_fault("drop_mid_body", times=1, method="POST", path="^/?Computer/?$")
    result = run(ansible_module, itemtype="Computer", fields=dict(name="lost-answer-1", serial="LA-1"))
    assert not result.get("failed"), result.get("msg")
    assert result["action"] == "created" and len(computers_named(glpi_env, "lost-answer-1")) == 1
    assert [r.method for r in emulator.requests if r.path.strip("/") == "Computer" and r.method != "GET"] == ["POST"]
    assert any("looking the record(s) up" in w for w in result.get("warnings", []))
    run(ansible_module, itemtype="Computer", id=result["id"], state="absent")


def test_create_applied_but_answered_too_late(ansible_module, glpi_env, emulator, monkeypatch):
    monkeypatch.setenv("GLPI_TIMEOUT", "1")
    emulator.add_fault("delay", times=1, method="POST", path="^/?Computer/?$", seconds=2, when="after")
    result = run(ansible_module, itemtype="Computer", fields=dict(name="slow-answer-1"))
    assert not result.get("failed"), result.get("msg")
    assert result["action"] == "created"
    assert [r.method for r in emulator.requests if r.path.strip("/") == "Computer" and r.method != "GET"] == ["POST"]
    assert len(computers_named(glpi_env, "slow-answer-1")) == 1
    time.sleep(1.5)
    monkeypatch.setenv("GLPI_TIMEOUT", "30")
    run(ansible_module, itemtype="Computer", id=result["id"], state="absent")


def test_create_timed_out_before_glpi_applied_it_is_not_sent_again(ansible_module, glpi_env, emulator, monkeypatch):
    monkeypatch.setenv("GLPI_TIMEOUT", "1")
    emulator.add_fault("delay", times=1, method="POST", path="^/?Computer/?$", seconds=2.5, when="before")
    failed = run(ansible_module, itemtype="Computer", fields=dict(name="slow-create-1"))
    assert failed["failed"] and "nothing was sent again" in failed["msg"] and "Run the task again" in failed["msg"]
    assert [r.method for r in emulator.requests if r.path.strip("/") == "Computer" and r.method != "GET"] == ["POST"]
    time.sleep(2.5)  # the slow request ends (refused: the task had closed its session meanwhile)
    monkeypatch.setenv("GLPI_TIMEOUT", "30")
    again = run(ansible_module, itemtype="Computer", fields=dict(name="slow-create-1"))
    assert again["action"] in ("created", "unchanged")
    assert len(computers_named(glpi_env, "slow-create-1")) == 1
    run(ansible_module, itemtype="Computer", id=again["id"], state="absent")


def test_refused_connection_on_create_is_certain(ansible_module, glpi_env, monkeypatch):
    monkeypatch.setenv("GLPI_URL", "http://127.0.0.1:9/apirest.php")
    failed = run(ansible_module, itemtype="Computer", fields=dict(name="never-sent"))
    assert failed["failed"] and "could not connect" in failed["msg"] and "may have applied" not in failed["msg"]
