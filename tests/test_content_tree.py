"""content/ walked once: whether a path is inside it is answered as resolving every link
would answer, whatever links, `..` and absolute forms the path holds."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.clinic.containment import ContentTree, is_inside


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A content folder with links of every kind: out of it, within it, to its parent, to
    itself, in a loop, dangling; beside it a folder whose name starts as its does."""
    base = tmp_path_factory.mktemp("tree")
    content, outside = base / "content", base / "outside"
    (content / "articles" / "deep").mkdir(parents=True)
    (content / "images").mkdir()
    outside.mkdir()
    (base / "content-other").mkdir()
    (outside / "secret.md").write_text("secret")
    (content / "articles" / "a.md").write_text("a")
    (content / "images" / "i.svg").write_text("<svg/>")
    links = {
        "articles/out.md": outside / "secret.md",
        "out": outside,
        "articles/deep/up": content / "articles",
        "again": content,
        "parent": base,
        "loop": content / "loop",
        "dangling": content / "nothing",
        "images/rel": "../articles",
        "sibling": base / "content-other",
    }
    for name, target in links.items():
        os.symlink(target, content / name)
    return base, content


PARTS = ["articles", "deep", "up", "a.md", "out", "out.md", "again", "parent", "loop", ".."]
PARTS += ["dangling", "images", "rel", "i.svg", "content", "outside", "secret.md", ".", ""]
PARTS += ["content-other", "sibling", "nothing"]


@settings(max_examples=600, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(PARTS), max_size=6), absolute=st.sampled_from(range(4)))
def test_a_walked_tree_answers_as_resolving_every_link_does(site, parts, absolute):
    base, content = site
    tree = ContentTree.walk(content)
    path = "/".join(parts)
    if absolute == 1:
        path = os.path.join(content, path)
    elif absolute == 2:
        path = os.path.join(base, path)
    elif absolute == 3:  # the folder named through a link to it
        path = os.path.join(content, "again", path)
    assert tree.is_inside(path) == is_inside(content, path), path


def test_the_walk_finds_every_link_and_which_lead_out(site):
    _, content = site
    tree = ContentTree.walk(content)
    assert tree.links == {
        "articles/out.md", "out", "articles/deep/up", "again", "parent", "loop", "dangling",
        "images/rel", "sibling",
    }  # fmt: skip
    assert tree.outside_links() == ["articles/out.md", "out", "parent", "sibling"]
