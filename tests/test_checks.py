"""Checks of the built site: local links resolve, and pages hold nothing the CSP blocks."""

import pytest

from plugins.speed.store import Store
from plugins.speed.table import KeptTable
from publishing import checks
from publishing.checks import (
    csp_problems,
    foreign_problems,
    local_target,
    read_page,
    site_problems,
)

SITE = "https://clinic.example"


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("../clinic/", "ketamine/index.html", "clinic/index.html"),
        ("./theme/css/site.css", "index.html", "theme/css/site.css"),
        ("/images/room.svg", "a/b/index.html", "images/room.svg"),
        ("https://clinic.example/clinic/", "index.html", "clinic/index.html"),
        ("https://clinic.example/", "index.html", "index.html"),
        ("../clinic/#booking", "ketamine/index.html", "clinic/index.html"),
        ("https://elsewhere.example/clinic/", "index.html", None),
        ("#main", "index.html", None),
        ("mailto:[Email address]", "index.html", None),
        ("tel:[Phone number]", "index.html", None),
    ],
)
def test_local_target(url, page, expected):
    assert local_target(url, page, SITE) == expected


def test_a_site_under_a_subpath_resolves_its_absolute_links():
    assert local_target("/clinic-site/clinic/", "index.html", "https://u.example/clinic-site") == (
        "clinic/index.html"
    )


def problems_in(html):
    return [p.message for p in csp_problems(read_page("page.html", html), html)]


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="module">import "./x.js"</script>',
        "<style>p { color: red }</style>",
        '<p style="color: red">text</p>',
        '<button onclick="go()">Go</button>',
        '<a href="javascript:go()">Go</a>',
    ],
)
def test_what_the_csp_blocks_is_a_problem(html):
    assert len(problems_in(html)) == 1


@pytest.mark.parametrize(
    "html",
    [
        '<script type="application/ld+json">{"@type": "FAQPage"}</script>',
        '<script src="/assets/js/search.0123456789.js" defer></script>',
        '<link rel="stylesheet" href="/assets/css/site.css">',
    ],
)
def test_what_the_csp_allows_is_not(html):
    assert problems_in(html) == []


def test_problems_name_the_page_and_line(tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html>\n<p>\n<a href="missing/">x</a>\n')
    [problem] = site_problems(tmp_path, SITE)
    assert str(problem) == "index.html:3: a href='missing/': no such file in the build"


@pytest.mark.parametrize(
    ("html", "line"),
    [
        ('<p>\n</p></p>\n<a href="missing/">x</a>', 3),  # stray </p>
        ('<div><p><span>\n<ul><li>a\n<li><a href="missing/">x</a>', 3),  # never closed
        ('<table><tr><td>\n<a href="missing/">x</a>\n</table>', 2),
        ('<p>one\n<script>if (a < b) { x("</p>") }\n</script>\n<a href="missing/">x</a>', 4),
        ('<a\n  class="x"\n  href="missing/"\n>x</a>', 1),  # a start tag over several lines
        ('<a href="ok/"\n>x</a><a href="missing/">y</a>', 2),
        ('<a href="missing/"\n>x</a><a href="missing/">y</a>', 1),  # the first of two alike
        ('<p\n  style="color: red">x</p>', 1),
        ('<IMG\n  SRC="missing.png" ALT="">', 1),  # names in capitals
        ("\n" * 70_000 + '<a href="missing/">x</a>', 70_001),  # past libxml2's count of 65,535
    ],
)
def test_a_problem_names_the_line_its_tag_begins_on_however_broken_the_page(tmp_path, html, line):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("<p>Fine.</p>")
    (tmp_path / "index.html").write_text(f"<!doctype html>\n{html}")
    assert [problem.line for problem in site_problems(tmp_path, SITE)][:1] == [line + 1]


def test_each_of_two_alike_links_is_named_at_its_own_line(tmp_path):
    (tmp_path / "index.html").write_text('<a href="gone/"\n>x</a> <a href="gone/">y</a>\n')
    assert [problem.line for problem in site_problems(tmp_path, SITE)] == [1, 2]


def test_a_link_inside_a_textarea_is_text_not_a_link(tmp_path):
    (tmp_path / "index.html").write_text('<textarea>\n<a href="gone/">x</a>\n</textarea>')
    assert site_problems(tmp_path, SITE) == []


def test_a_stylesheet_url_naming_no_file_is_a_problem(tmp_path):
    (tmp_path / "assets" / "css").mkdir(parents=True)
    (tmp_path / "assets" / "icons").mkdir()
    (tmp_path / "assets" / "icons" / "menu.svg").write_text("<svg/>")
    stylesheet = tmp_path / "assets" / "css" / "site.0123456789.css"
    stylesheet.write_text(
        ".menu { background: url(../icons/menu.svg); }\n"
        ".logo { background: url('../img/logo.svg'); }\n"
        '@import "print.css";\n'
        ".dot { background: url(data:image/gif;base64,R0lGOD); }\n"
    )
    assert [str(problem) for problem in site_problems(tmp_path, SITE)] == [
        "assets/css/site.0123456789.css:2: url('../img/logo.svg'): no such file in the build",
        "assets/css/site.0123456789.css:3: url('print.css'): no such file in the build",
    ]


def test_the_fixture_site_has_no_problems(site):
    assert [str(problem) for problem in site_problems(site.root)] == []


def kept_problems(site, site_url, cache):
    """Check a site with the page readings kept in a store in `cache`, as a build does."""
    readings = KeptTable(Store(cache, "code version"), "checks", "page readings")
    problems = site_problems(site, site_url, readings)
    readings.save()
    return problems


def test_kept_readings_parse_only_changed_pages_and_find_the_same_problems(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "index.html").write_text('<p>\n<a href="a.html#top">a</a>\n<a href="gone/">x</a>\n')
    (site / "a.html").write_text('<h1 id="top">A</h1>\n<p style="color: red">a</p>\n')
    (site / "b.html").write_text('<a href="a.html">a</a>\n')
    first = kept_problems(site, SITE, cache)
    parsed = []
    reading = checks.read_page
    monkeypatch.setattr(checks, "read_page", lambda *page: parsed.append(page[0]) or reading(*page))
    # The anchor index.html links to goes, and a page it links to appears: found across pages.
    (site / "a.html").write_text('<h1 id="other">A</h1>\n<p style="color: red">a</p>\n')
    (site / "gone").mkdir()
    (site / "gone" / "index.html").write_text("<p>here</p>\n")
    second = kept_problems(site, SITE, cache)
    assert sorted(parsed) == ["a.html", "gone/index.html"]
    assert second == site_problems(tmp_path / "site", SITE) != first
    assert [str(problem) for problem in second] == [
        "a.html:2: the Content-Security-Policy blocks style attribute: use a class instead",
        "index.html:2: a href='a.html#top': no such anchor on that page",
    ]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A built site's folder, a cache folder, and the pages parsed and URLs resolved so far."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    seen = {"parsed": [], "resolved": []}
    reading, resolving = checks.read_page, checks.local_target

    def read_page(path, text, site_url=""):
        seen["parsed"].append(path)
        return reading(path, text, site_url)

    def local_target(url, page, site_url):
        seen["resolved"].append(url)
        return resolving(url, page, site_url)

    monkeypatch.setattr(checks, "read_page", read_page)
    monkeypatch.setattr(checks, "local_target", local_target)
    return site, cache, seen


def write(site, files):
    """Write {site path: text} into a built site's folder; None deletes the file."""
    for name, text in files.items():
        if text is None:
            (site / name).unlink()
            continue
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)


def checked(site, cache, seen, site_url=SITE):
    """Check the site with kept readings, counting; assert a check keeping nothing agrees."""
    fresh = [str(problem) for problem in site_problems(site, site_url)]
    seen["parsed"].clear()
    seen["resolved"].clear()
    found = [str(problem) for problem in kept_problems(site, site_url, cache)]
    assert found == fresh
    return found


def test_an_unchanged_page_names_a_link_whose_file_went_and_forgets_it_when_it_is_back(kept):
    site, cache, seen = kept
    prices = "<h1>Prices</h1>\n"
    write(site, {"index.html": '<p>\n<a href="prices/">a</a>\n', "prices/index.html": prices})
    assert checked(site, cache, seen) == []
    write(site, {"prices/index.html": None})
    assert checked(site, cache, seen) == [
        "index.html:2: a href='prices/': no such file in the build"
    ]
    assert seen["parsed"] == []
    write(site, {"prices/index.html": prices})
    assert checked(site, cache, seen) == []
    assert seen["parsed"] == ["prices/index.html"]  # only the page that is back


def test_an_unchanged_page_names_an_anchor_its_target_page_lost(kept):
    site, cache, seen = kept
    write(site, {"index.html": '<p>\n\n<a href="a.html#fees">a</a>\n', "a.html": '<p id="fees">'})
    assert checked(site, cache, seen) == []
    write(site, {"a.html": '<p id="costs">'})
    assert checked(site, cache, seen) == [
        "index.html:3: a href='a.html#fees': no such anchor on that page"
    ]
    assert seen["parsed"] == ["a.html"]


def test_a_file_renamed_elsewhere_leaves_every_page_unparsed_and_its_links_unresolved(kept):
    site, cache, seen = kept
    pages = {
        f"a-{n}/index.html": f'<a href="../a-{(n + 1) % 5}/#top" id="top">next</a>'
        for n in range(5)
    }
    pages["search/index.html"] = '<a href="/pagefind/pagefind-entry.json">index</a>'
    pages["draft/index.html"] = '<p>\n<a href="../gone/">gone</a>'
    fragment = "pagefind/fragment/en_30d53ca.pf_fragment"
    write(site, {**pages, fragment: "x", "pagefind/pagefind-entry.json": "{}"})
    first = checked(site, cache, seen)
    assert first == ["draft/index.html:2: a href='../gone/': no such file in the build"]
    # Pagefind names its files by their content: an edit elsewhere renames some.
    (site / fragment).rename(site / "pagefind/fragment/en_66feef9.pf_fragment")
    assert checked(site, cache, seen) == first
    # Only the page with a dead link has its links resolved again, to name their lines.
    assert seen == {"parsed": [], "resolved": ["../gone/"]}


def test_another_siteurl_reads_every_page_again(kept):
    site, cache, seen = kept
    write(site, {"index.html": '<a href="https://clinic.example/fees/">fees</a>', "a.html": ""})
    assert checked(site, cache, seen) == [
        "index.html:1: a href='https://clinic.example/fees/': no such file in the build"
    ]
    assert checked(site, cache, seen, "https://elsewhere.example") == []
    assert sorted(seen["parsed"]) == ["a.html", "index.html"]
    assert checked(site, cache, seen, "https://elsewhere.example") == []
    assert seen["parsed"] == []


def test_pages_alike_but_for_their_newlines_are_read_alike(kept):
    site, cache, seen = kept
    (site / "index.html").write_bytes(b'<p>\r\n\r\n<a href="gone/">x</a>\r\n')
    assert checked(site, cache, seen) == ["index.html:3: a href='gone/': no such file in the build"]


@pytest.mark.parametrize(
    "tag",
    [
        '<a href="https://other.example/study">a link to another site</a>',
        '<link rel="canonical" href="https://other.example/">',
        '<link rel="alternate" type="application/atom+xml" href="https://feeds.example/all">',
        '<link rel="stylesheet" href="https://example.org/theme/css/site.css">',
        '<script src="/theme/js/chat.js" type="module"></script>',
        '<img src="//example.org/images/a.png" alt="">',
        '<input type="search" name="q">',
        '<form class="chat-form" method="dialog"></form>',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
    ],
)
def test_the_sites_own_files_and_plain_links_are_not_foreign(tag):
    text = f"<html><body>{tag}</body></html>"
    assert foreign_problems(read_page("a/index.html", text, "https://example.org"), text) == []


@pytest.mark.parametrize(
    ("tag", "what"),
    [
        ('<script src="https://example.org.cdn.example/x.js"></script>', "a script"),
        ('<img src="http://example.org/a.png" alt="">', "an image"),  # another scheme, origin
        ('<img src="https://cdn.example/a.png" alt="">', "an image"),
        ('<link rel="preconnect" href="https://fonts.example">', "a file"),
        ('<a href="/" ping="https://count.example/">home</a>', "tells another host"),
        ('<button formaction="https://forms.example/">Send</button>', "sends the form"),
    ],
)
def test_what_the_browser_fetches_from_another_host_is_foreign(tag, what):
    text = f"<html><body>\n{tag}</body></html>"
    [problem] = foreign_problems(read_page("a/index.html", text, "https://example.org"), text)
    assert (problem.line, problem.kind) == (2, "foreign-content")
    assert what in problem.message


def test_without_siteurl_every_host_is_another():
    text = '<html><body><img src="https://example.org/a.png" alt=""></body></html>'
    assert len(foreign_problems(read_page("a/index.html", text, ""), text)) == 1
