"""`visible_lines`: many lines made safe for a terminal at once, exactly as one at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ritual_tui.text import UNSAFE, visible_line, visible_lines

LINE = st.text(st.sampled_from([*(chr(code) for code in sorted(UNSAFE - {0x0A})[:200:7]), "a", "é", " ", "\t", "\u200f", "·"]), max_size=12)


@given(st.lists(LINE, max_size=6))
def test_many_lines_are_shown_as_each_line_alone(lines: list[str]) -> None:
    assert visible_lines(lines) == "\n".join(visible_line(line) for line in lines)


def test_a_line_with_nothing_unsafe_is_written_as_it_is() -> None:
    assert visible_lines(["2026-11-25  gratitude  abc  tea · a quiet hour", "x"]) == "2026-11-25  gratitude  abc  tea · a quiet hour\nx"
