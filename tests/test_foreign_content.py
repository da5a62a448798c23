"""Nothing from another host, and nothing inline: each element or attribute that would load,
embed or run what is not the site's own fails the strict build, named with its file and line,
and leaves the previous output/ as it was. Ordinary links to other sites stay allowed."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.badsites import build, built_good_site, copy_site, problems, write_files
from tests.projectcopy import snapshot
from tests.test_bad_inputs import Case, article, faq

A = "content/articles/bad.md"
CDN = "https://cdn.example.com"
BASICS = "content/faq/basics.md"  # the FAQ the good site's article shows
IFRAME = '<iframe src="https://www.youtube.com/embed/x"></iframe>'


def html(*lines):
    """Return a bad article whose body, from line 4 on, is `lines` of HTML in the Markdown."""
    return {A: article(body="\n".join(lines))}


def foreign(name, files, line=4, path=A):
    return Case(name, files, path, line, "foreign-content")


CASES = [
    foreign("script from a CDN", html(f'<script src="{CDN}/lib.js"></script>')),
    Case("inline script", html("<script>document.title = 'x'</script>"), A, 4, "blocked-by-csp"),
    foreign("base to another site", html('<base href="https://other.example/">')),
    foreign("iframe embed", html('<iframe src="https://www.youtube.com/embed/x"></iframe>')),
    foreign("iframe srcdoc", html('<p>Text.</p>\n\n<iframe srcdoc="<p>Hi</p>"></iframe>'), 6),
    foreign("frame", html('<frame src="https://other.example/frame">')),
    foreign("object with a data: URL", html('<object data="data:text/html;base64,PHA+"></object>')),
    foreign("embed", html(f'<embed src="{CDN}/movie.swf">')),
    foreign("form to another host", html('<form action="https://forms.example.com/send"></form>')),
    foreign(
        "meta refresh", html('<meta http-equiv="refresh" content="0; url=https://x.example/">')
    ),
    Case("event handler", html('<p onclick="go()">Click.</p>'), A, 4, "blocked-by-csp"),
    Case("javascript: link", html('<a href="javascript:go()">Go</a>'), A, 4, "blocked-by-csp"),
    foreign("data: link", html('<a href="data:text/html,hello">Open</a>')),
    foreign("hot-linked Markdown image", html(f"![A treatment room.]({CDN}/room.png)")),
    foreign("hot-linked HTML image", html(f'<img src="{CDN}/room.png" alt="A room.">')),
    foreign(
        "srcset on another host",
        html(f'<img src="/images/dot.svg" srcset="{CDN}/big.png 2x" alt="">'),
    ),
    foreign("data: image", html('<img src="data:image/png;base64,iVBORw0KGgo=" alt="A dot.">')),
    foreign("video from another host", html(f'<video src="{CDN}/talk.mp4"></video>')),
    foreign("video poster", html(f'<p>Watch.</p>\n\n<video poster="{CDN}/still.jpg"></video>'), 6),
    foreign("audio from another host", html(f'<audio src="{CDN}/talk.mp3"></audio>')),
    foreign(
        "source on another host", html("<video>", f'<source src="{CDN}/a.webm">', "</video>"), 5
    ),
    foreign("track on another host", html("<video>", f'<track src="{CDN}/a.vtt">', "</video>"), 5),
    foreign(
        "stylesheet from another host", html('<link rel="stylesheet" href="//fonts.example/">')
    ),
    foreign("image button", html(f'<input type="image" src="{CDN}/go.png" alt="Go">')),
    foreign("FAQ answer with an iframe", {BASICS: faq(f"## Q?\n\nSee:\n\n{IFRAME}\n")}, 7, BASICS),
    foreign("summary with an image", {A: article(f'Summary: <img src="{CDN}/a.png" alt="A.">')}, 3),
]
# What stays allowed: a link to another site, an image of the site's own.
GOOD = {
    A: article(
        body='[A study](https://other.example/study) and <a href="https://x.example/">this</a>.\n\n'
        # The alt of its entry in alt-text.toml: HTML is published as written.
        '<img src="/images/dot.svg" alt="A small grey rectangle standing in for an illustration."'
        ' width="40" height="20">'
    )
}


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The good tiny site, built: every case starts from its output/."""
    return built_good_site(tmp_path_factory.mktemp("good") / "site")


def broken(previous, folder, files):
    """Copy the built good site into `folder`, change `files`; return (before, build, after)."""
    site = copy_site(previous, folder / "site")
    before = snapshot(site / "output")
    write_files(site, files)
    return before, build(site), snapshot(site / "output")


@pytest.fixture(scope="module")
def outcomes(previous, tmp_path_factory):
    """Build a broken copy of the good site for each case, two at a time."""

    def run(case):
        return broken(previous, tmp_path_factory.mktemp("case"), case.files)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((c.name for c in CASES), pool.map(run, CASES), strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_is_named_with_its_file_line_and_kind(outcomes, case):
    _, result, _ = outcomes[case.name]
    listed = problems(result.stderr)
    assert (case.path, case.line, case.kind) in listed, result.stderr
    assert {path for path, _, _ in listed} == {case.path}, result.stderr


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_fails_the_build_and_keeps_the_previous_output(outcomes, case):
    before, result, after = outcomes[case.name]
    assert result.returncode != 0
    assert result.stderr.rstrip().endswith("is unchanged"), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert after == before


def test_each_message_says_what_to_do_instead(outcomes):
    for case in CASES:
        stderr = outcomes[case.name][1].stderr
        lines = [t for t in stderr.splitlines() if t.startswith(f"{case.path}:{case.line}:")]
        assert lines, stderr
        for line in lines:
            assert re.search(r": .+ \(.+\) \[[a-z-]+\]$", line), line


def test_a_link_to_another_site_and_an_image_of_the_site_pass(previous, tmp_path):
    _, result, after = broken(previous, tmp_path, GOOD)
    assert result.returncode == 0, result.stderr
    assert problems(result.stderr) == []
    assert "https://other.example/study" in after["t/index.html"].decode()
