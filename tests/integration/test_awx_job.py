# -*- coding: utf-8 -*-
"""A job run the way AWX (Automation Controller) runs one, with ansible-runner.

AWX renders the GLPI credential type (awx/credential_type.yml, as installed with the collection)
into environment variables, writes them to the private data dir's env/envvars, runs an inventory
update (ansible-inventory on a *.glpi.yml source) and then the job's playbook from project/ on
the inventory it stored. Here the same happens against the test GLPI (emulator or real): the
credential reaches the collection only through the injected variables, and no secret may
appear in the runner's output or artifacts.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import random
import shutil
import stat
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import awx_job_environment, plain

ansible_runner = pytest.importorskip("ansible_runner")

PLAYBOOK = """\
- name: A job template's playbook
  hosts: all
  gather_facts: false
  module_defaults:
    group/glpi.itsm.glpi:
      timeout: 60
      session_token: "{{ session_token | default(omit, true) }}"
  tasks:
    - name: Work in GLPI in one session
      block:
        - name: Open one session for the job
          ansible.builtin.include_role:
            name: glpi.itsm.session

        - name: Who the credential logs in as
          glpi.itsm.glpi_session:
            gather: [active_profile]
          register: session
          run_once: true
          delegate_to: localhost

        - name: Mark each host of the inventory in GLPI
          glpi.itsm.glpi_item:
            itemtype: Computer
            id: "{{ glpi_id }}"
            fields:
              comment: "{{ comment }}"
          delegate_to: localhost

        - name: Again (nothing to change)
          glpi.itsm.glpi_item:
            itemtype: Computer
            id: "{{ glpi_id }}"
            fields:
              comment: "{{ comment }}"
          delegate_to: localhost
          register: again

        - name: The second task changed nothing
          ansible.builtin.assert:
            that:
              - again is not changed
              - session.active_profile.name | length > 0
      always:
        - name: Close the session
          ansible.builtin.include_role:
            name: glpi.itsm.session
            tasks_from: close
"""


def installed_collection():
    for root in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
        path = os.path.join(root, "ansible_collections", "glpi", "itsm")
        if os.path.isdir(path):
            return path
    pytest.skip("ANSIBLE_COLLECTIONS_PATH has no installed glpi.itsm (run through `make integration`)")


def inject(credential_type, inputs):
    """The environment AWX gives a job for a credential: its injectors rendered as AWX does
    (only non-empty inputs are defined; a boolean left out is false; the rest renders empty)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    namespace = dict((k, v) for k, v in inputs.items() if isinstance(v, bool) or v)
    for field in credential_type["inputs"]["fields"]:
        if field["type"] == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in credential_type["injectors"]["env"].items())


def files_under(path):
    for folder, _dirs, names in os.walk(path):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                yield os.path.join(folder, name), handle.read().decode("utf-8", "replace")


@pytest.fixture
def computers(glpi):
    """Two computers for the job, named so that the inventory source selects only them."""
    prefix = glpi.unique("awx") + "-"
    with glpi.client() as client:
        made = client.add_items("Computer", [{"name": prefix + "1"}, {"name": prefix + "2"}])
    try:
        yield prefix, dict((prefix + str(i), m["id"]) for i, m in enumerate(made, start=1))
    finally:
        with glpi.client() as client:
            client.delete_items("Computer", [m["id"] for m in made], force_purge=True)


def test_a_job_as_awx_runs_it(glpi, computers, tmp_path, monkeypatch):
    prefix, ids = computers
    collection = installed_collection()
    with open(os.path.join(collection, "awx", "credential_type.yml")) as handle:
        credential_type = yaml.safe_load(handle)
    # Whatever the tests' own environment holds, the job sees GLPI only through the credential;
    # ansible-runner runs ansible-playbook from PATH, as in an execution environment.
    awx_job_environment(monkeypatch)

    # The credential as a user fills it in. With a user token, a password is given too (it is
    # never used, but must not leak either).
    password = glpi.password if (glpi.password and not glpi.user_token) else "pw-%032x" % random.getrandbits(128)
    inputs = dict(url=glpi.url, user_token=glpi.user_token or "", app_token=glpi.app_token or "",
                  username=glpi.username or "", password=password, verify_ssl=True)
    secrets = [s for s in (glpi.user_token, password, glpi.app_token) if s]
    injected = inject(credential_type, inputs)
    assert set(injected) == {"GLPI_URL", "GLPI_USER_TOKEN", "GLPI_APP_TOKEN", "GLPI_USERNAME", "GLPI_PASSWORD",
                             "GLPI_VALIDATE_CERTS"}
    assert injected["GLPI_VALIDATE_CERTS"] == "True"

    # The private data dir, laid out as AWX lays it out.
    private = tmp_path / "private_data_dir"
    for folder in ("env", "inventory", "project", "artifacts"):
        (private / folder).mkdir(parents=True)
    envvars = dict(injected, ANSIBLE_COLLECTIONS_PATH=os.environ["ANSIBLE_COLLECTIONS_PATH"],
                   ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="1", ANSIBLE_NOCOLOR="1")
    (private / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    source = private / "inventory" / "awx.glpi.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "glpi.itsm.glpi",
        "itemtypes": ["Computer"],
        "criteria": {"Computer": [{"field": "Name", "searchtype": "contains", "value": "^" + prefix}]},
        "ansible_host": "none",
    }))
    (private / "project" / "job.yml").write_text(PLAYBOOK)

    # 1. The inventory update: ansible-inventory on the source, as AWX's inventory update runs it.
    listed = private / "inventory_update.json"
    executable = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    response, error, rc = ansible_runner.run_command(
        executable_cmd=executable, cmdline_args=["-i", str(source), "--list", "--output", str(listed)],
        private_data_dir=str(private), ident="inventory_update", suppress_env_files=True, quiet=True)
    assert rc == 0, (response, error)
    inventory = plain(json.loads(listed.read_text()))
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(ids)
    assert dict((name, v["glpi_id"]) for name, v in hostvars.items()) == ids

    # AWX keeps the result and gives the job a script that prints it.
    script = private / "inventory" / "hosts"
    script.write_text("#!{0}\nimport json, sys\nprint(json.dumps({1!r} if '--list' in sys.argv else {{}}))\n".format(
        sys.executable, inventory))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)

    # 2. The job: the playbook of the project on the stored inventory.
    glpi.clear()
    comment = "Seen by an AWX job " + prefix
    runner = ansible_runner.run(private_data_dir=str(private), playbook="job.yml", inventory=str(script),
                                extravars={"comment": comment}, ident="job", suppress_env_files=True, quiet=True)
    stdout = runner.stdout.read()
    assert runner.status == "successful" and runner.rc == 0, stdout
    stats = [e for e in runner.events if e["event"] == "playbook_on_stats"][0]["event_data"]
    assert stats["failures"] == {} and stats["dark"] == {}
    assert stats["changed"] == dict((name, 1) for name in ids), stats  # the first glpi_item task only
    assert sorted(stats["ok"]) == sorted(ids)
    ok_tasks = [e for e in runner.events if e["event"] == "runner_on_ok"]
    assert {e["event_data"]["task"] for e in ok_tasks} >= {"Mark each host of the inventory in GLPI"}
    # one login for the whole job (the session role), closed at the end
    assert len(glpi.requests("^/?initSession")) == 1
    assert glpi.open_sessions() == 0
    session_tokens = glpi.session_tokens()
    assert len(session_tokens) == 1
    secrets += list(session_tokens)
    with glpi.client() as client:
        for item_id in ids.values():
            assert client.get_item("Computer", item_id)["comment"] == comment

    # 3. No secret in what the runner printed or kept: output, events, status. The one exception
    # is ansible-runner's own record of each process's environment, artifacts/<ident>/command,
    # which holds every variable of env/envvars whatever suppress_env_files says (so it does in
    # AWX, which removes the private data dir after the job).
    artifacts = list(files_under(str(private / "artifacts")))
    assert any(path.endswith(os.path.join("job", "stdout")) for path, _unused in artifacts)
    assert any("job_events" in path for path, _unused in artifacts)
    for secret in secrets:
        assert secret not in stdout
        assert secret not in response
        for path, content in artifacts:
            if os.path.basename(path) != "command":
                assert secret not in content, path
        for event in runner.events:
            assert secret not in json.dumps(event)


# ------------------------------------------------------------------ execution environment

BUILDER = "ansible-builder==3.2.0"

CHECK_EE = textwrap.dedent("""\
    import json, os, subprocess, sys
    import yaml
    from ansible_builder.ee_schema import validate_schema
    from ansible_builder.user_definition import UserDefinition
    from ansible_builder._target_scripts.introspect import process_collection

    collection, workdir = sys.argv[1], sys.argv[2]
    with open(os.path.join(collection, "meta", "execution-environment.yml")) as handle:
        raw = yaml.safe_load(handle)
    validate_schema(raw)                      # ansible-builder's own JSON schema (version 3)
    # What ansible-builder reads from every collection it installs into an EE.
    python, system = process_collection(collection)
    # The file as an EE definition at the root of the collection: validated, then a build context.
    definition = UserDefinition(os.path.join(collection, "execution-environment.yml"))
    definition.validate()
    context = os.path.join(workdir, "context")
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-builder"), "create", "-f",
                    os.path.join(collection, "execution-environment.yml"), "--context", context,
                    "--output-filename", "Containerfile"], check=True, cwd=collection)
    with open(os.path.join(context, "Containerfile")) as handle:
        containerfile = handle.read()
    build = os.path.join(context, "_build")
    files = dict((name, open(os.path.join(build, name)).read()) for name in os.listdir(build)
                 if os.path.isfile(os.path.join(build, name)))
    print(json.dumps(dict(version=raw["version"], python=python, system=system,
                          containerfile=containerfile, files=files)))
""")


def builder_python():
    """A Python with ansible-builder: this one, or a scratch venv made once with pip."""
    try:
        import ansible_builder  # noqa: F401 pylint: disable=unused-import
        return sys.executable
    except ImportError:
        pass
    cache = os.environ.get("GLPI_ITSM_TEST_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "glpi.itsm-tests")
    venv = os.path.join(cache, BUILDER.replace("==", "-"))
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(os.path.join(venv, ".installed")):
        shutil.rmtree(venv, ignore_errors=True)
        made = subprocess.run([sys.executable, "-m", "venv", venv], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        if made.returncode != 0:
            pytest.skip("no venv for ansible-builder: " + made.stdout[-500:])
        pip = subprocess.run([python, "-m", "pip", "install", "-q", BUILDER], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True, timeout=600, check=False)
        if pip.returncode != 0:
            pytest.skip("cannot install {0} (no package index?): {1}".format(BUILDER, pip.stdout[-500:]))
        open(os.path.join(venv, ".installed"), "w").close()
    return python


def test_execution_environment_definition(tmp_path):
    """meta/execution-environment.yml passes ansible-builder's own validation, gives `requests` to
    any EE that installs the collection, and makes a build context (no container engine needed)."""
    collection = tmp_path / "collection"
    shutil.copytree(installed_collection(), str(collection))
    shutil.copy(str(collection / "meta" / "execution-environment.yml"), str(collection / "execution-environment.yml"))
    process = subprocess.run([builder_python(), "-c", CHECK_EE, str(collection), str(tmp_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                             timeout=300, check=False)
    assert process.returncode == 0, process.stderr + process.stdout
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result["version"] == 3
    assert result["python"] == ["requests>=2.25"] and result["system"] == []
    assert 'ARG EE_BASE_IMAGE="docker.io/redhat/ubi9:latest"' in result["containerfile"]
    assert "ansible-core" in result["containerfile"] and "ansible-runner" in result["containerfile"]
    assert "requests>=2.25" in result["files"]["requirements.txt"]
    assert yaml.safe_load(result["files"]["requirements.yml"]) == {"collections": [{"name": "glpi.itsm"}]}
