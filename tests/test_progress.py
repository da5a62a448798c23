"""Long steps show their progress to a person at a terminal, and print nothing elsewhere."""

import io

from publishing.progress import EVERY, with_progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_at_a_terminal_progress_is_redrawn_on_one_line():
    terminal = Terminal()
    items = list(range(EVERY * 2 + 3))
    assert list(with_progress(items, "Precompressing", terminal)) == items
    total = len(items)
    assert terminal.getvalue() == (
        f"\rPrecompressing: {EVERY}/{total}\rPrecompressing: {EVERY * 2}/{total}"
        f"\rPrecompressing: {total}/{total}\n"
    )


def test_in_a_log_or_ci_nothing_is_printed():
    log = io.StringIO()
    assert list(with_progress(range(100), "Minifying", log)) == list(range(100))
    assert log.getvalue() == ""


def test_a_short_step_shows_no_progress():
    terminal = Terminal()
    list(with_progress(range(EVERY - 1), "Minifying", terminal))
    assert terminal.getvalue() == ""
