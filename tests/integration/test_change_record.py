# -*- coding: utf-8 -*-
"""The role glpi.itsm.change_record in a job run the way AWX runs one (ansible-runner, the GLPI
credential injected as GLPI_* environment variables, AWX's extra vars awx_job_id,
awx_job_template_name and awx_user_name), against the GLPI of the tests (the emulator, or a real
GLPI with GLPI_TEST_URL) behind the counting proxy.

The job opens its Change, works on three hosts (one may be told to fail) and records the outcome:
a failed job leaves the Change open with a follow-up counting the hosts, a successful one solves
it, the same job again writes nothing, and check mode writes nothing. Every test makes its own
computers and job (unique names and ids) and purges what it made.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import random
import sys

import pytest
import yaml

from conftest import awx_job_environment, find_exact

ansible_runner = pytest.importorskip("ansible_runner")

PLAYBOOK = """\
- name: A job template's playbook that changes production
  hosts: all
  gather_facts: false
  module_defaults:
    group/glpi.itsm.glpi:
      timeout: 60
      session_token: "{{ session_token | default(omit, true) }}"
  tasks:
    - name: The job's work, recorded as a GLPI Change
      block:
        - name: One API session for the job
          ansible.builtin.include_role:
            name: glpi.itsm.session

        - name: Open the job's Change
          ansible.builtin.include_role:
            name: glpi.itsm.change_record
            tasks_from: open

        - name: Every host knows its Change
          ansible.builtin.assert:
            that: change_record_id is not none or ansible_check_mode

        - name: The deployment
          ansible.builtin.fail:
            msg: "The deployment failed on {{ inventory_hostname }}"
          when: inventory_hostname in fail_hosts | default([])
      always:
        - name: Record the outcome
          ansible.builtin.include_role:
            name: glpi.itsm.change_record
            tasks_from: close

        - name: Close the session
          ansible.builtin.include_role:
            name: glpi.itsm.session
            tasks_from: close
"""

SOLVED, CLOSED = 5, 6


class Job(object):
    """Three hosts whose computers this test made, and the AWX job that works on them."""

    def __init__(self, glpi, tmp_path, monkeypatch):
        self.glpi = glpi
        prefix = glpi.unique("cr") + "-"
        self.hosts = [prefix + str(i) for i in (1, 2, 3)]
        with glpi.client() as client:
            made = client.add_items("Computer", [{"name": name} for name in self.hosts])
        self.computers = dict((name, m["id"]) for name, m in zip(self.hosts, made))
        self.job_id = random.randint(10 ** 8, 10 ** 9)
        self.template = glpi.unique("Deploy web")
        self.name = "AWX job {0}: {1}".format(self.job_id, self.template)
        self.private = tmp_path / "private_data_dir"
        self.runs = 0
        # The job sees GLPI only through the credential's variables, as under AWX.
        awx_job_environment(monkeypatch)
        for folder in ("env", "inventory", "project", "artifacts"):
            (self.private / folder).mkdir(parents=True)
        envvars = dict(glpi.env(), ANSIBLE_COLLECTIONS_PATH=os.environ["ANSIBLE_COLLECTIONS_PATH"], ANSIBLE_NOCOLOR="1")
        (self.private / "env" / "envvars").write_text(yaml.safe_dump(envvars))
        # Two hosts as the glpi.itsm.glpi inventory plugin gives them (glpi_itemtype, glpi_id),
        # the third known by its name only.
        lines = ["[web]"]
        for name in self.hosts[:2]:
            lines.append("{0} glpi_itemtype=Computer glpi_id={1}".format(name, self.computers[name]))
        lines += [self.hosts[2], "", "[web:vars]", "ansible_connection=local",
                  "ansible_python_interpreter=" + sys.executable]
        (self.private / "inventory" / "hosts").write_text("\n".join(lines) + "\n")
        (self.private / "project" / "job.yml").write_text(PLAYBOOK)

    def run(self, fail_hosts=(), check=False, job_id=None, **extravars):
        """The job, as AWX runs it: returns (runner, stats, output); the proxy counts its requests."""
        self.runs += 1
        variables = dict(awx_job_id=job_id or self.job_id, awx_job_template_name=self.template,
                         awx_user_name="awx-admin", fail_hosts=list(fail_hosts))
        variables.update(extravars)
        self.glpi.clear()
        runner = ansible_runner.run(private_data_dir=str(self.private), playbook="job.yml",
                                    inventory=str(self.private / "inventory" / "hosts"), extravars=variables,
                                    cmdline="--check" if check else None, ident="job%d" % self.runs,
                                    suppress_env_files=True, quiet=True)
        output = runner.stdout.read()
        stats = [e for e in runner.events if e["event"] == "playbook_on_stats"][0]["event_data"]
        return runner, stats, output

    def changes(self, client, name=None):
        return find_exact(client, "Change", name=name or self.name)

    def purge(self):
        with self.glpi.client() as client:
            for change in self.changes(client):
                client.delete_items("Change", change["id"], force_purge=True)
            client.delete_items("Computer", list(self.computers.values()), force_purge=True)


@pytest.fixture
def job(glpi, tmp_path, monkeypatch):
    made = Job(glpi, tmp_path, monkeypatch)
    try:
        yield made
    finally:
        made.purge()


def changed_tasks(runner):
    return sorted(set(e["event_data"]["task"] for e in runner.events
                      if e["event"] == "runner_on_ok" and e["event_data"]["res"].get("changed")))


def test_change_record_failed_then_successful_then_the_same_job_again(job):
    glpi = job.glpi
    # 1. One host fails: the Change is opened, the hosts linked, the outcome added, not solved.
    runner, stats, output = job.run(fail_hosts=[job.hosts[2]])
    assert runner.status == "failed", output
    assert stats["failures"] == {job.hosts[2]: 1} and stats["dark"] == {}, output
    assert "Open the Change, with its actors and the play's hosts" in changed_tasks(runner), output
    assert glpi.open_sessions() == 0
    with glpi.client() as client:
        [change] = job.changes(client)
        assert str(job.job_id) in change["name"]
        assert change["status"] not in (SOLVED, CLOSED)
        assert job.template in change["content"] and "awx-admin" in change["content"]
        for host in job.hosts:
            assert host in change["content"]
        links = list(client.iter_sub_items("Change", change["id"], "Change_Item"))
        assert sorted((link["itemtype"], link["items_id"]) for link in links) \
            == sorted(("Computer", i) for i in job.computers.values())
        [followup] = list(client.iter_sub_items("Change", change["id"], "ITILFollowup"))
        assert str(job.job_id) in followup["content"]
        assert "failed on 1 of 3 hosts" in followup["content"]
        assert "Ok: 2; failed: 1 ({0}); unreachable: 0.".format(job.hosts[2]) in followup["content"]
        assert list(client.iter_sub_items("Change", change["id"], "ITILSolution")) == []

    # 2. The same job again, every host succeeds: the same Change, solved.
    runner, stats, output = job.run()
    assert runner.status == "successful", output
    assert ("POST", "Change") not in glpi.write_paths()  # no second Change
    with glpi.client() as client:
        [again] = job.changes(client)
        assert again["id"] == change["id"]
        assert again["status"] == SOLVED
        followups = [f["content"] for f in client.iter_sub_items("Change", change["id"], "ITILFollowup")]
        assert len(followups) == 2
        assert "successful on all 3 hosts. Ok: 3; failed: 0; unreachable: 0." in followups[-1]
        [solution] = list(client.iter_sub_items("Change", change["id"], "ITILSolution"))
        assert "succeeded on all 3 hosts" in solution["content"]
        assert len(list(client.iter_sub_items("Change", change["id"], "Change_Item"))) == 3

    # 3. And again: nothing to write, nothing reported changed.
    runner, stats, output = job.run()
    assert runner.status == "successful", output
    assert glpi.writes() == [], glpi.write_paths()
    assert stats["changed"] == {}, (changed_tasks(runner), output)
    with glpi.client() as client:
        assert len(list(client.iter_sub_items("Change", change["id"], "ITILFollowup"))) == 2
        assert len(list(client.iter_sub_items("Change", change["id"], "ITILSolution"))) == 1


def test_change_record_closes_on_success_when_told(job):
    runner, stats, output = job.run(change_record_close_on_success=True)
    assert runner.status == "successful", output
    with job.glpi.client() as client:
        [change] = job.changes(client)
        assert change["status"] == CLOSED
    runner, stats, output = job.run(change_record_close_on_success=True)
    assert runner.status == "successful", output
    assert job.glpi.writes() == [], job.glpi.write_paths()
    assert stats["changed"] == {}, (changed_tasks(runner), output)


def test_change_record_check_mode_writes_nothing(job):
    # A job whose Change does not exist yet: it would be created, nothing is written.
    runner, stats, output = job.run(check=True)
    assert runner.status == "successful", output
    assert job.glpi.writes() == [], job.glpi.write_paths()
    assert "Open the Change, with its actors and the play's hosts" in changed_tasks(runner)
    with job.glpi.client() as client:
        assert job.changes(client) == []

    # A Change that exists, with one host failing this time: the follow-up would be added.
    runner, stats, output = job.run(fail_hosts=[job.hosts[0]])
    assert runner.status == "failed", output
    runner, stats, output = job.run(check=True)
    assert job.glpi.writes() == [], job.glpi.write_paths()
    assert "Record the outcome in the Change" in changed_tasks(runner), output
    with job.glpi.client() as client:
        [change] = job.changes(client)
        assert change["status"] not in (SOLVED, CLOSED)
        assert len(list(client.iter_sub_items("Change", change["id"], "ITILFollowup"))) == 1


def test_change_record_hosts_unknown_to_glpi(job):
    """A host GLPI does not have is left out of the Change by default; with
    change_record_skip_unknown_hosts=false the job fails before writing anything."""
    with job.glpi.client() as client:
        client.delete_items("Computer", job.computers.pop(job.hosts[2]), force_purge=True)
    runner, stats, output = job.run(change_record_skip_unknown_hosts=False)
    assert runner.status == "failed"
    assert "change_record_skip_unknown_hosts is false" in output and job.hosts[2] in output, output
    assert job.glpi.writes() == [], job.glpi.write_paths()

    runner, stats, output = job.run()
    assert runner.status == "successful", output
    with job.glpi.client() as client:
        [change] = job.changes(client)
        links = list(client.iter_sub_items("Change", change["id"], "Change_Item"))
        assert sorted(link["items_id"] for link in links) == sorted(job.computers.values())
        assert "Not in GLPI, not linked: {0} (no Computer of that name)".format(job.hosts[2]) in change["content"]


def test_change_record_validates_its_variables(job):
    runner, stats, output = job.run(change_record_link_hosts="perhaps")
    assert runner.status == "failed"
    assert "change_record_link_hosts" in output and "Validating arguments" in output, output
    assert job.glpi.writes() == []
