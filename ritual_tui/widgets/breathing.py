"""A paced breathing guide drawn in the terminal: a bar that fills as you breathe in, stays while
you hold, and empties as you breathe out, with the words and a gentle count.

It never holds the keyboard: enter skips it, and any other key that types a character skips it
too and hands that character on (`Skipped.character`), so a person who starts writing at once
loses nothing. With `text_only` (NO_COLOR, or reduce_motion in config.toml) nothing moves: only
the words and the count change, once a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

PHASE_WORDS = ("Breathe in", "Hold", "Breathe out", "Hold")
"""What each part of a breath is called, in the order config.toml's `breathing` gives seconds."""

_EIGHTHS = " ▏▎▍▌▋▊▉"
TICK = 0.1
"""Seconds between two frames of the moving guide (the text-only pace ticks once a second)."""


@dataclass(frozen=True)
class Moment:
    """Where the guide is: the phase's words, the count within it, the bar's fullness, the round."""

    words: str
    count: int
    of: int
    fullness: float
    round: int
    rounds: int


class BreathPlan:
    """The phases of one breath (in, hold, out, hold; parts of 0 seconds left out) and how many rounds."""

    def __init__(self, pattern: Sequence[int], total_seconds: int) -> None:
        self.phases = [(index, seconds) for index, seconds in enumerate(pattern[:4]) if seconds > 0]
        self.cycle = sum(seconds for _, seconds in self.phases) or 1
        self.rounds = max(1, round(total_seconds / self.cycle)) if total_seconds > 0 else 0
        self.length = self.rounds * self.cycle
        """Seconds the whole guide lasts (0: no guide)."""

    def at(self, elapsed: float) -> Moment:
        """The moment `elapsed` seconds into the guide."""
        elapsed = min(max(elapsed, 0.0), self.length - 1e-9) if self.length else 0.0
        done, within = divmod(elapsed, self.cycle)
        fullness = 0.0
        for index, seconds in self.phases:
            if within < seconds:
                part = within / seconds
                if index == 0:
                    fullness = part
                elif index == 2:
                    fullness = 1.0 - part
                else:
                    fullness = 1.0 if index == 1 else 0.0
                return Moment(PHASE_WORDS[index], int(within) + 1, seconds, fullness, int(done) + 1, self.rounds)
            within -= seconds
            fullness = 1.0 if index in (0, 1) else 0.0
        index, seconds = self.phases[-1]
        return Moment(PHASE_WORDS[index], seconds, seconds, fullness, int(done) + 1, self.rounds)


def bar(fullness: float, width: int) -> str:
    """A bar `width` cells wide, filled from the left to `fullness` (0..1), to an eighth of a cell."""
    eighths = round(max(0.0, min(1.0, fullness)) * width * 8)
    full, part = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[part] if part and full < width else "")
    return drawn.ljust(width)


class BreathingGuide(Widget, can_focus=True):
    """The breathing guide. Posts `Finished` after its rounds and `Skipped` when a key ends it early."""

    DEFAULT_CSS = """
    BreathingGuide { height: 7; width: 1fr; text-align: center; content-align: center middle; }
    BreathingGuide:focus { background-tint: $foreground 0%; }
    """

    BINDINGS = [Binding("enter", "skip", "Skip to writing", id="breathing.skip")]

    class Finished(Message):
        """The guide ran its rounds to the end."""

    class Skipped(Message):
        """A key ended the guide early; `character` is what it typed ("" for enter)."""

        def __init__(self, character: str = "") -> None:
            super().__init__()
            self.character = character

    def __init__(self, pattern: Sequence[int], total_seconds: int, *, text_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = BreathPlan(pattern, total_seconds)
        self.text_only = text_only
        self.elapsed = 0.0
        self.over = False

    def on_mount(self) -> None:
        """Start the pace: ten frames a second, or one a second when nothing may move."""
        step = 1.0 if self.text_only else TICK
        self._timer = self.set_interval(step, lambda: self.advance(step))

    def advance(self, seconds: float) -> None:
        """Move the guide on by `seconds` (the timer's tick; tests call it directly)."""
        if self.over:
            return
        before = self._frame()
        self.elapsed += seconds
        if self.elapsed >= self.plan.length:
            self._end(self.Finished())
        if self._frame() != before:
            self.refresh()

    def _frame(self) -> tuple:
        """What a frame shows: redrawn only when it changes (a hold draws nothing new)."""
        moment = self.plan.at(self.elapsed)
        width = max(4, min(40, self.size.width - 4))
        return (moment.words, moment.count, moment.round, 0 if self.text_only else round(moment.fullness * width * 8))

    def hold_at(self, elapsed: float) -> None:
        """Stop the pace at `elapsed` seconds and draw that frame (a still picture, for snapshots)."""
        self._timer.stop()
        self.elapsed = elapsed
        self.refresh()

    def action_skip(self) -> None:
        """enter: straight to writing."""
        self._end(self.Skipped())

    def on_key(self, event: events.Key) -> None:
        """Typing is never blocked: a printable key ends the guide and its character is passed on."""
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if self.over:  # typed quicker than the form could take the focus: still passed on, in order
                self.post_message(self.Skipped(event.character))
            else:
                self._end(self.Skipped(event.character))

    def _end(self, message: Message) -> None:
        if self.over:
            return
        self.over = True
        self._timer.stop()
        self.post_message(message)

    def render(self) -> Content:
        """The words and count, the bar (unless text only), and the round."""
        moment = self.plan.at(self.elapsed)
        count = " ".join(str(n) for n in range(1, moment.count + 1))
        heading = f"{moment.words} · {count}"
        footer = f"round {moment.round} of {moment.rounds} · enter to start writing"
        if self.text_only:
            return Content.assemble((heading, "bold"), "\n\n", (footer, "$foreground-muted"))
        width = max(4, min(40, self.size.width - 4))
        return Content.assemble(
            (heading, "bold"), "\n\n",
            ("▕", "$foreground-muted"), (bar(moment.fullness, width), "$accent"), ("▏", "$foreground-muted"), "\n\n",
            (footer, "$foreground-muted"),
        )
