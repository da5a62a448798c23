"""Preview deploys: Netlify (netlify.toml) and Cloudflare Pages (its settings, in docs/editor.md)
build every pull request with the project's own command, into the folder they publish, each
preview linking to its own address; the headers are the tested deploy/_headers
(tests/test_policy.py)."""

import re
import shlex
import subprocess
import tomllib

import pytest
import yaml
from bs4 import BeautifulSoup

import dev
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import ROOT

NETLIFY = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
SETTING_ROW = re.compile(r"^\| (?P<setting>[^|`]+?) \| `(?P<value>[^`]+)` \|$", re.MULTILINE)
# The project's build as it will be deployed: publish settings, strict, precompressed.
PREVIEW = ["python3", "dev.py", "invoke", "preview"]


def cloudflare_settings():
    """Return {setting: value} of the Cloudflare Pages table in docs/editor.md."""
    guide = (ROOT / "docs" / "editor.md").read_text(encoding="utf-8")
    section = guide.split("### Cloudflare Pages", 1)[1].split("\n#", 1)[0]
    return {row["setting"]: row["value"] for row in SETTING_ROW.finditer(section)}


CLOUDFLARE = cloudflare_settings()
COMMANDS = {
    "netlify deploy preview": NETLIFY["build"]["command"],
    "netlify production": NETLIFY["context"]["production"]["command"],
    "cloudflare pages": CLOUDFLARE["Build command"],
}


def split(command):
    """Return (the environment assignments before the command, the command's words)."""
    words = shlex.split(command)
    count = next(i for i, word in enumerate(words) if not re.match(r"\w+=", word))
    return words[:count], words[count:]


@pytest.mark.parametrize("host", COMMANDS)
def test_each_host_builds_with_the_projects_own_preview_command(host):
    assignments, command = split(COMMANDS[host])
    assert command == PREVIEW
    assert dev.commands_for("invoke", command[3:]) is not None
    assert [assignment.split("=")[0] for assignment in assignments] == ["SITEURL"]


def site_url(command, env):
    """Return the SITEURL the command's assignments give, run by a shell as the hosts run it."""
    assignments = command[: command.index(" python3 ")]
    result = subprocess.run(
        ["bash", "-c", f"{assignments} printenv SITEURL"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


HOSTS_ENV = {
    "DEPLOY_PRIME_URL": "https://deploy-preview-7--clinic.netlify.app",
    "URL": "https://clinic.netlify.app",
    "CF_PAGES_URL": "https://1a2b3c4d.clinic.pages.dev",
}


@pytest.mark.parametrize(
    ("host", "env", "address"),
    [
        ("netlify deploy preview", HOSTS_ENV, HOSTS_ENV["DEPLOY_PRIME_URL"]),
        ("netlify production", HOSTS_ENV, HOSTS_ENV["URL"]),
        ("cloudflare pages", HOSTS_ENV, HOSTS_ENV["CF_PAGES_URL"]),
        (
            "cloudflare pages",
            {**HOSTS_ENV, "SITEURL": "https://clinic.example"},
            "https://clinic.example",
        ),
    ],
)
def test_each_build_links_to_its_own_address(host, env, address):
    assert site_url(COMMANDS[host], env) == address


def test_the_hosts_publish_the_folder_the_build_writes():
    output = "output"  # pelicanconf.OUTPUT_PATH, relative to the project's root
    assert NETLIFY["build"]["publish"] == output
    assert CLOUDFLARE["Build output directory"] == output
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    assert f'OUTPUT_PATH = "{output}"' in settings


def test_the_hosts_build_with_the_python_of_ci():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    image = workflow["jobs"]["build"]["container"]
    version = NETLIFY["build"]["environment"]["PYTHON_VERSION"]
    assert image == f"python:{version}-bookworm"
    assert CLOUDFLARE["PYTHON_VERSION (environment variable)"] == version


@pytest.fixture(scope="module")
def preview_build(tmp_path_factory):
    """A project copy built as a Netlify deploy preview builds it (less dev.py's install)."""
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    address = site_url(COMMANDS["netlify deploy preview"], HOSTS_ENV)
    result = invoke(project, *PREVIEW[3:], env={"SITEURL": address})
    assert result.returncode == 0, result.stdout + result.stderr
    return project / NETLIFY["build"]["publish"]


def test_a_preview_links_to_the_preview_not_the_live_site(preview_build):
    page = preview_build / "ketamine-vs-antidepressants" / "index.html"
    canonical = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(
        "link", rel="canonical"
    )
    assert canonical["href"] == f"{HOSTS_ENV['DEPLOY_PRIME_URL']}/ketamine-vs-antidepressants/"
