"""The chat assistant stays small, and its matcher's node unit tests pass."""

import shutil
import subprocess

from bench.chat_size import BUDGET, LAZY_BUDGET, lazy_sizes, sizes
from tests.sitebuild import ROOT


def test_chat_script_and_style_fit_in_6_kb_compressed():
    assert sum(packed for _, packed in sizes().values()) <= BUDGET


def test_crisis_matcher_and_lists_loaded_on_first_open_fit_in_8_kb_compressed():
    assert sum(packed for _, packed in lazy_sizes().values()) <= LAZY_BUDGET


def test_the_chat_is_loaded_deferred_with_no_inline_code(site):
    page = site.page("ketamine-vs-antidepressants/")
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert [s["src"].rsplit("/", 1)[1] for s in scripts] == ["chat.js"]
    assert all(s.get("type") == "module" or s.has_attr("defer") for s in scripts)
    assert all(not s.get_text(strip=True) for s in scripts)
    assert not page.select("dialog[data-chat] [style]")


def test_matcher_unit_tests_pass_under_node():
    node = shutil.which("node")
    assert node, "node is missing: install Node.js 18+ (apt-get install nodejs)"
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
