# -*- coding: utf-8 -*-
"""Under load: 20 forks writing at once lose and duplicate nothing; parallel inventory pages
return what one worker returns."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import uuid

import pytest

from conftest import HERE

FORKS = 20


def test_twenty_forks_each_writing_its_own_record(glpi, tmp_path):
    run_id = uuid.uuid4().hex[:6]
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(u"[all]\n" + u"".join(u"host%02d\n" % i for i in range(FORKS)) +
                         u"[all:vars]\nansible_connection=local\nansible_python_interpreter=%s\n" % sys.executable)
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", **glpi.env())
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
               "-f", str(FORKS), "-e", "run_id=" + run_id, os.path.join(HERE, "targets", "load.yml")]
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=900, check=False)
    assert process.returncode == 0, process.stdout[-3000:]
    with glpi.client() as client:
        records = [r for r in client.iter_items("Computer", searchText={"name": "-" + run_id}, get_hateoas=False)
                   if r["name"].endswith("-" + run_id)]
        try:
            names = sorted(r["name"] for r in records)
            assert names == sorted("load-host%02d-%s" % (i, run_id) for i in range(FORKS))  # none lost, none twice
            for record in records:
                host = record["name"].split("-")[1]
                assert record["comment"] == "updated by " + host and record["serial"] == "LOAD-" + host
        finally:
            client.delete_items("Computer", [r["id"] for r in records], force_purge=True)
    assert glpi.open_sessions() == 0


def inventory_with(glpi, tmp_path, workers, prefix):
    config = tmp_path / ("w%d.glpi.yml" % workers)
    config.write_text(u"plugin: glpi.itsm.glpi\nitemtypes: [Computer]\npage_size: 3\nmax_workers: %d\n"
                      u"criteria:\n  Computer:\n    - field: Name\n      searchtype: contains\n      value: '^%s'\n"
                      % (workers, prefix))
    process = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", str(config),
                              "--list"], env=dict(os.environ, **glpi.env()), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


@pytest.fixture
def computers(glpi):
    """Fourteen computers of this test, for the inventory to read (the load writes others)."""
    prefix = glpi.unique("itsm-pages") + "-"
    with glpi.client() as client:
        made = client.add_items("Computer", [{"name": "%s%02d" % (prefix, i)} for i in range(14)])
    yield prefix
    with glpi.client() as client:
        client.delete_items("Computer", [m["id"] for m in made], force_purge=True)


def test_parallel_pages_give_what_one_worker_gives_under_load(glpi, computers, tmp_path):
    """Small pages (3 rows) read by 8 workers while 20 forks write: the same inventory as 1 worker."""
    run_id = uuid.uuid4().hex[:6]
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(u"[all]\n" + u"".join(u"host%02d\n" % i for i in range(FORKS)) +
                         u"[all:vars]\nansible_connection=local\nansible_python_interpreter=%s\n" % sys.executable)
    load = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
                             "-f", str(FORKS), "-e", "run_id=" + run_id, os.path.join(HERE, "targets", "load.yml")],
                            env=dict(os.environ, **glpi.env()), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        single = inventory_with(glpi, tmp_path, 1, computers)
        parallel = inventory_with(glpi, tmp_path, 8, computers)
    finally:
        load.wait(timeout=900)
        with glpi.client() as client:
            ids = [r["id"] for r in client.iter_items("Computer", searchText={"name": "-" + run_id})
                   if r["name"].endswith("-" + run_id)]
            if ids:
                client.delete_items("Computer", ids, force_purge=True)
    assert parallel == single
    assert sorted(single["_meta"]["hostvars"]) == ["%s%02d" % (computers, i) for i in range(14)]  # 5 pages
