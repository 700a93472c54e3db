"""A hard moment: pause and breathe, reframe it, then the anchor (mission, values, recent wins).

Any hour, never due. The breathing guide comes first and never holds the keyboard (enter or the
first typed key goes straight to writing); the form asks only for what happened; ctrl+s saves at
any point and opens the anchor.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Footer, RadioButton, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ritual_tui.models import EntryBase, ReframeEntry, parse_entry
from ritual_tui.patterns import FEEDBACK_KINDS, THINKING_TRAPS, patterns
from ritual_tui.screens.base import RitualScreen
from ritual_tui.text import visible
from ritual_tui.widgets import Prompt, RatingInput, SafeInput, ScreenTitle, long_text
from ritual_tui.widgets.breathing import BreathingGuide

_TEXTS = ("what_happened", "story", "other_explanations", "outside_control", "to_a_friend")
_LINES = ("perspective_from", "next_step")
_RATINGS = ("intensity_before", "intensity_after")

QUESTIONS = {
    "what_happened": "What happened? Just the facts, as a camera would have seen them.",
    "intensity_before": "How intense does it feel right now? 0 is calm, 100 the most you can imagine.",
    "story": "The story I told myself about it",
    "traps": "Thinking traps I notice (space ticks one; none is fine)",
    "other_explanations": "What else could explain it? Context, timing, fit, the other person's day.",
    "outside_control": "What here was outside my control?",
    "feedback": "Was it criticism meant to help me grow, an attack, or unclear?",
    "to_a_friend": "What would I say to a friend this happened to?",
    "perspective_from": "Who could give me perspective (not a verdict)?",
    "next_step": "One small next step",
    "intensity_after": "And now, having looked at it again: how intense, 0–100?",
}
"""The form's questions, in the app's own words."""


def breathing_is_text_only(app: Any) -> bool:
    """True under NO_COLOR or with reduce_motion in config.toml: the guide then moves nothing."""
    return bool(getattr(app, "no_color", False)) or app.settings.reframe.reduce_motion


class ReframeScreen(RitualScreen):
    """Breathe, then reframe one hard moment; saving opens the anchor."""

    slot = "reframe"

    DEFAULT_CSS = """
    ReframeScreen #reframe-steps { height: 1fr; }  /* leaves the form's notice its line below */
    ReframeScreen #breathe { height: 1fr; }
    ReframeScreen BreathingGuide { margin: 1 0; }
    ReframeScreen #traps { height: auto; border: none; background: $background; }
    ReframeScreen #feedback { border: none; background: $background; }
    ReframeScreen #patterns { margin-top: 1; }
    ReframeScreen .urgent-help { color: $text-muted; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        calm = self.app.settings.reframe
        breathe = self.editing is None and calm.breathing_seconds > 0
        self.FIRST_FIELD = "BreathingGuide" if breathe else "#what_happened"
        with ContentSwitcher(initial="breathe" if breathe else "reframe-form", id="reframe-steps"):
            with Vertical(id="breathe", classes="ritual-form"):
                text_only = breathing_is_text_only(self.app)
                yield ScreenTitle("A hard moment · first, breathe")
                yield Static(
                    f"Nothing to do yet but follow the {'count' if text_only else 'bar'}. "
                    "When you are ready, press enter or just start typing.",
                    classes="form-hint",
                )
                if breathe:
                    yield BreathingGuide(calm.breathing, calm.breathing_seconds, text_only=text_only)
                yield Static(visible(calm.urgent_help), classes="urgent-help", markup=False)
            with VerticalScroll(id="reframe-form", classes="ritual-form"):
                yield ScreenTitle(f"Reframe · {self.day_heading()}")
                yield from self._questions()
                yield Static(self._patterns_text(), id="patterns", classes="note", markup=False)
                yield Static("ctrl+s saves at any point; only what happened is needed · escape goes back (a draft is kept)", classes="form-hint")
        yield Footer()

    def _questions(self) -> ComposeResult:
        yield Prompt(QUESTIONS["what_happened"])
        yield long_text(id="what_happened")
        yield Prompt(QUESTIONS["intensity_before"])
        yield RatingInput(id="intensity_before")
        yield Prompt(QUESTIONS["story"])
        yield long_text(id="story")
        yield Prompt(QUESTIONS["traps"])
        yield SelectionList[str](
            *(Selection(f"{name}: {line}", trap, id=trap) for trap, (name, line) in THINKING_TRAPS.items()), id="traps", compact=True
        )
        yield Prompt(QUESTIONS["other_explanations"])
        yield long_text(id="other_explanations")
        yield Prompt(QUESTIONS["outside_control"])
        yield long_text(id="outside_control", height=2)
        yield Prompt(QUESTIONS["feedback"])
        with RadioSet(id="feedback", compact=True):
            for value, words in FEEDBACK_KINDS.items():
                yield RadioButton(words, name=value)
        yield Prompt(QUESTIONS["to_a_friend"])
        yield long_text(id="to_a_friend")
        yield Prompt(QUESTIONS["perspective_from"])
        yield SafeInput(id="perspective_from", compact=True)
        yield Prompt(QUESTIONS["next_step"])
        yield SafeInput(id="next_step", compact=True)
        yield Prompt(QUESTIONS["intensity_after"])
        with Horizontal(classes="ratings"):
            yield RatingInput(id="intensity_after")

    def _patterns_text(self) -> str:
        """The last months' patterns in a few plain lines (or how they will appear)."""
        journal = self.app.journal
        lines = patterns(journal.of_kind("reframe"), journal.today()).lines()
        if not lines:
            return "Patterns: once you have reframed a few moments, the thinking traps you notice are counted here by month."
        return "Patterns of the last six months\n" + "\n".join(lines)

    # -- the breathing step ---------------------------------------------------------------------
    def on_breathing_guide_finished(self, message: BreathingGuide.Finished) -> None:
        """The guide ran its course: on to writing."""
        self._start_writing("")

    def on_breathing_guide_skipped(self, message: BreathingGuide.Skipped) -> None:
        """enter or a typed key: on to writing, keeping the key that was typed."""
        self._start_writing(message.character)

    def _start_writing(self, character: str) -> None:
        area = self.query_one("#what_happened", TextArea)
        steps = self.query_one("#reframe-steps", ContentSwitcher)
        if steps.current != "reframe-form":
            steps.current = "reframe-form"
            area.focus(scroll_visible=False)
        if character:
            area.insert(character)

    # -- the form -------------------------------------------------------------------------------
    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        """A trap ticked or unticked reaches the draft keeper."""
        self._show_marks()
        self.remember_change()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """The feedback choice reaches the draft keeper."""
        self._show_marks()
        self.remember_change()

    def _show_marks(self) -> None:
        """Under NO_COLOR a ticked box looks like an empty one (only colour tells them apart): say it with ✓."""
        if not getattr(self.app, "no_color", False):
            return
        traps = self.query_one("#traps", SelectionList)
        for trap, (name, line) in THINKING_TRAPS.items():
            traps.replace_option_prompt(trap, f"{'✓' if trap in traps.selected else ' '} {name}: {line}")
        for button in self.query("#feedback RadioButton").results(RadioButton):
            button.label = f"{'✓' if button.value else ' '} {FEEDBACK_KINDS.get(button.name or '', '')}"

    def _feedback(self) -> str:
        # The buttons' own values (see ReflectScreen._outcome): the set's pressed button lags a message.
        pressed = [b.name for b in self.query("#feedback RadioButton").results(RadioButton) if b.value and b.name]
        return pressed[0] if pressed else ""

    def collect_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {name: self.query_one(f"#{name}", TextArea).text for name in _TEXTS}
        fields.update({name: self.query_one(f"#{name}", SafeInput).value for name in (*_LINES, *_RATINGS)})
        fields["traps"] = [trap for trap in THINKING_TRAPS if trap in self.query_one("#traps", SelectionList).selected]
        fields["feedback"] = self._feedback()
        return fields

    def apply_fields(self, fields: dict[str, Any]) -> None:
        for name in _TEXTS:
            self.query_one(f"#{name}", TextArea).text = str(fields.get(name, "") or "")
        for name in (*_LINES, *_RATINGS):
            value = fields.get(name)
            self.query_one(f"#{name}", SafeInput).value = "" if value is None else str(value)
        traps = self.query_one("#traps", SelectionList)
        traps.deselect_all()
        for trap in fields.get("traps") or ():
            if isinstance(trap, str) and trap in THINKING_TRAPS:
                traps.select(trap)
        for button in self.query("#feedback RadioButton").results(RadioButton):
            button.value = button.name == fields.get("feedback")
        self._show_marks()

    def fields_of(self, entry: EntryBase) -> dict[str, Any]:
        return {key: value for key, value in entry.to_document().items() if key in (*_TEXTS, *_LINES, *_RATINGS, "traps", "feedback")}

    def build_entry(self, fields: dict[str, Any]) -> EntryBase:
        document = self.editing.to_document() if self.editing else {"kind": "reframe", "day": self.app.journal.today()}
        document.update({name: fields.get(name, "") for name in (*_TEXTS, *_LINES)})
        document["traps"] = list(fields.get("traps") or [])
        for name in ("feedback", *_RATINGS):
            raw = str(fields.get(name) or "").strip()
            document.pop(name, None)
            if raw:
                document[name] = int(raw) if name in _RATINGS and raw.isdigit() else raw
        return parse_entry(document)

    def after_save(self, entry: EntryBase) -> None:
        """A new reframe opens the anchor; an edited one goes back where it came from."""
        if self.editing is not None:
            super().after_save(entry)
            return
        from ritual_tui.screens.mission import AnchorScreen

        assert isinstance(entry, ReframeEntry)
        self.app.switch_screen(AnchorScreen(saved=entry))
