"""A pull request's check marks every problem of the strict build on its file and line (GitHub's
workflow commands) and sums them up in plain words for the pull request."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.clinic.problems import Problem, parse_problem

# Paths as the build names them: no colon, no line break, not starting with a space.
PATHS = st.from_regex(r"[^\s:][^:\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]{0,30}", fullmatch=True)
LINE_TEXT = st.text(
    alphabet=st.characters(exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
)
KINDS = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


@given(
    PATHS,
    st.integers(min_value=1, max_value=10**6),
    LINE_TEXT.filter(lambda message: not message.startswith("warning: ")),
    KINDS,
    st.sampled_from(["error", "warning"]),
)
def test_a_printed_problem_is_read_back_as_the_same_problem(path, line, message, kind, severity):
    problem = Problem(path, line, message, kind, severity)
    assert parse_problem(str(problem)) == problem


@pytest.mark.parametrize(
    "line",
    [
        "clinic: 5 problems in 2 files: 3 errors, 2 warnings",
        "error: check failed: the problems are listed above; nothing was published",
        "Done: Processed 1 article, 0 drafts, 0 hidden articles, 2 pages, 0 hidden pages",
        "",
    ],
)
def test_the_other_lines_of_a_check_are_no_problems(line):
    assert parse_problem(line) is None
