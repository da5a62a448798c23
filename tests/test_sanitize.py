"""FAQ answers for structured data keep only Google's tags, and the text readers see."""

import pytest

from plugins.clinic.sanitize import answer_html, unshown, visible_text

PAGE = "https://example.org/an-article/"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("<p>Plain.</p>", "<p>Plain.</p>"),
        (
            "<h3>Hi</h3><ol><li><b>b</b> <strong>s</strong> <i>i</i> <em>e</em><br></li></ol>",
            "<h3>Hi</h3><ol><li><b>b</b> <strong>s</strong> <i>i</i> <em>e</em><br></li></ol>",
        ),
        ('<div class="note" id="x"><p>Kept</p></div>', "<div><p>Kept</p></div>"),
        (
            '<p><a href="../clinic/" title="t" rel="x">c</a></p>',
            '<p><a href="https://example.org/clinic/">c</a></p>',
        ),
        ('<p><a href="/faq/#q">f</a></p>', '<p><a href="https://example.org/faq/#q">f</a></p>'),
        ('<p><a href="https://other.org/">o</a></p>', '<p><a href="https://other.org/">o</a></p>'),
        ('<p><a href="javascript:alert(1)">j</a></p>', "<p><a>j</a></p>"),
        ("<p>An <code>x</code> and <img src=a.png alt=A> <span>s</span></p>", "<p>An x and  s</p>"),
        ("<p>a</p><script>alert(1)</script><style>p{}</style><!-- c -->", "<p>a</p>"),
        ('<p onclick="x()" title="t" lang="en">On</p>', "<p>On</p>"),
    ],
)
def test_answer_html_keeps_only_what_google_reads(answer, expected):
    assert answer_html(answer, PAGE) == expected


def test_links_stay_root_relative_when_the_site_has_no_address():
    assert answer_html('<a href="../clinic/">c</a>', "/an-article/") == '<a href="/clinic/">c</a>'


def test_visible_text_drops_tags_scripts_and_entities():
    assert visible_text("<p>A &amp; B</p><script>x()</script><p>C&lt;</p>") == "A & BC<"


QUESTION, ANSWER = "Is it safe & sound?", "<p>Yes, <em>when</em> supervised.</p>"


@pytest.mark.parametrize(
    ("page", "missing"),
    [
        (f"<h3>Is it safe &amp; sound?</h3><div>{ANSWER}</div>", []),
        ("<h3>Is it safe &amp; sound?</h3>\n<p>Yes,\n  <em>when</em> supervised.</p>", []),
        ("<h3>Is it safe &amp; sound?</h3><p>Yes.</p>", [(QUESTION, ANSWER)]),
        (f"<div>{ANSWER}</div>", [(QUESTION, ANSWER)]),
        (
            "<h3>Is it safe &amp; sound?</h3><script><p>Yes, when supervised.</p></script>",
            [(QUESTION, ANSWER)],
        ),
        ("", [(QUESTION, ANSWER)]),
    ],
)
def test_unshown_lists_marked_up_entries_the_page_does_not_show(page, missing):
    assert unshown([(QUESTION, ANSWER)], page) == missing
