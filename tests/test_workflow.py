"""The GitHub Pages workflow: valid, built with the README's commands, deployed by the official
Pages actions, and only after the tests and every check passed."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import dev
from publishing.annotations import SUMMARY_VARIABLE
from tests.nodetools import executable
from tests.sitebuild import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_is_valid_by_the_github_workflow_schema():
    schema = ["--builtin-schema", "vendor.github-workflows"]  # shipped in the package: offline
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *schema, str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def readme_commands():
    """Return every line of the README's shell code blocks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    return {line.strip() for block in blocks for line in block.splitlines() if line.strip()}


def steps(workflow, job):
    return workflow["jobs"][job]["steps"]


def action(step):
    return step.get("uses", "").split("@")[0]


def triggers(workflow):
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


def test_the_workflow_runs_on_a_push_to_main(workflow):
    assert triggers(workflow)["push"]["branches"] == ["main"]


def test_the_workflow_runs_every_morning_and_late_every_evening_in_vancouver(workflow):
    times = []
    for schedule in triggers(workflow)["schedule"]:
        minute, hour, *every_day = schedule["cron"].split()
        assert every_day == ["*", "*", "*"]
        times.append((int(hour), int(minute)))
    # 13:00 UTC is 05:00 PST and 06:00 PDT: early morning all year round. 06:30 UTC is 22:30
    # PST and 23:30 PDT: still the same day, so an article dated at any time before it goes
    # live on its own day.
    assert sorted(times) == [(6, 30), (13, 0)]


def deploying_events(condition):
    """Return the events a deploy condition of the form `ref == main && contains([...], event)`
    lets through, or fail when it has another form."""
    match = re.fullmatch(
        r"github\.ref == 'refs/heads/main' && "
        r"contains\(fromJSON\('(\[[^']*\])'\), github\.event_name\)",
        condition.strip(),
    )
    assert match, condition
    return set(json.loads(match[1]))


def test_a_push_a_scheduled_run_and_a_run_by_hand_deploy_main_and_a_pull_request_never(workflow):
    events = deploying_events(workflow["jobs"]["deploy"]["if"])
    assert events == {"push", "schedule", "workflow_dispatch"}
    assert "pull_request" not in events


def test_scheduled_runs_and_pushes_share_one_deployment_queue(workflow):
    # Workflow-wide, keyed on the ref: the daily run and a push to main are refs/heads/main.
    assert workflow["concurrency"] == {
        "group": "publish-${{ github.ref }}",
        "cancel-in-progress": False,
    }
    assert all("concurrency" not in job for job in workflow["jobs"].values())


def commands(workflow, job):
    return [
        line.strip()
        for step in steps(workflow, job)
        for line in step.get("run", "").splitlines()
        if line.strip()
    ]


def test_every_command_that_tests_builds_or_deploys_is_one_the_readme_gives(workflow):
    built = commands(workflow, "build") + commands(workflow, "deploy") + commands(workflow, "check")
    assert built == [
        "bash .ci/run",
        "python3 dev.py invoke publish --target github-pages",
        "python3 dev.py invoke check --publish --annotate",
    ]
    assert set(built) <= readme_commands()


def test_a_pull_request_is_checked_as_the_readme_test_command_checks_content_annotated(workflow):
    # `python3 dev.py test` ends with `invoke check --publish`; a pull request runs that check
    # on its own, sooner than the whole suite, with each problem marked on its line.
    tested = dev.commands_for("test", [])[-1]
    assert [Path(tested[0]).name, *tested[1:]] == ["invoke", "check", "--publish"]
    assert commands(workflow, "check") == ["python3 dev.py invoke check --publish --annotate"]
    assert workflow["jobs"]["check"]["if"] == "github.event_name == 'pull_request'"
    assert workflow["jobs"]["check"]["container"] == workflow["jobs"]["build"]["container"]


def test_the_pull_request_check_may_comment_and_do_nothing_else(workflow):
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "deploy" not in json.dumps(job)


def comment_step(workflow):
    return next(s for s in steps(workflow, "check") if action(s) == "actions/github-script")


def test_the_comment_is_the_checks_summary_posted_only_where_the_token_may_write(workflow):
    check = next(s for s in steps(workflow, "check") if s.get("id") == "check")
    summary_file = check["env"][SUMMARY_VARIABLE]
    comment = comment_step(workflow)
    assert f'"{summary_file}"' in comment["with"]["script"]
    # Pull requests from forks get a token that can only read: they are left out, and a
    # comment refused anyway (Dependabot's) never fails the check.
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert "!cancelled()" in comment["if"]
    assert comment["continue-on-error"] is True


def test_the_comment_is_updated_not_repeated_and_runs_nothing_from_the_pull_request(workflow):
    script = comment_step(workflow)["with"]["script"]
    assert "updateComment" in script
    assert "createComment" in script
    # Nothing of the pull request is pasted into the script: it reads the summary as data.
    assert "${{" not in script
    assert "env" not in comment_step(workflow)


def test_ci_runs_the_readme_test_command():
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "python3 dev.py test" in readme_commands()


def test_the_tests_run_before_the_build_that_is_uploaded(workflow):
    names = [step.get("run") or action(step) for step in steps(workflow, "build")]
    assert names.index("bash .ci/run") < names.index(
        "python3 dev.py invoke publish --target github-pages"
    )
    assert names[-1] == "actions/upload-pages-artifact"


def test_the_built_output_folder_is_uploaded(workflow):
    upload = steps(workflow, "build")[-1]
    assert upload["with"]["path"].rstrip("/") == "output"


def test_the_site_url_comes_from_the_pages_configuration(workflow):
    publish = next(s for s in steps(workflow, "build") if "publish" in s.get("run", ""))
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert "actions/configure-pages" in [action(step) for step in steps(workflow, "build")]


def test_deploy_uses_the_official_pages_action_only_from_main(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [action(step) for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in deploy["if"]


def test_every_action_is_pinned_to_a_version(workflow):
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_the_comment_script_is_javascript_node_can_read(workflow, tmp_path):
    # actions/github-script runs the script as the body of an async function.
    script = tmp_path / "comment.js"
    body = comment_step(workflow)["with"]["script"]
    script.write_text(f"(async function (github, context) {{\n{body}\n}});\n", encoding="utf-8")
    node = executable("node", "nodejs")
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
