"""Today: the ritual day, each ritual's state, reflections waiting, and a gentle look back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from ritual_tui.journal import RitualState
from ritual_tui.text import one_line

_MARKS = {"due": "●", "done": "✓", "open": "○", "not today": "·"}
_KEYS = {"strengths": "s", "gratitude": "g", "exposure": "e", "letter": "l"}


def greeting(hour: int) -> str:
    """A calm greeting for the time of day."""
    if 4 <= hour < 12:
        return "Good morning."
    if 12 <= hour < 18:
        return "Good afternoon."
    return "Good evening."


class RitualRow(Horizontal):
    """One ritual on Today: mark, name, state and its key."""

    def __init__(self, state: RitualState) -> None:
        super().__init__(classes=f"ritual-row state-{state.state.replace(' ', '-')}")
        self.state = state

    def compose(self) -> ComposeResult:
        state = self.state
        yield Label(_MARKS[state.state], classes="mark")
        yield Label(state.name, classes="name")
        yield Label(state.state + (f" · {state.hint}" if state.hint else ""), classes="state")
        yield Label(_KEYS[state.kind], classes="key")


class TodayScreen(Screen[None]):
    """The first screen: what today's practice looks like."""

    BINDINGS = [
        Binding("s", "open('strengths')", "Strengths", id="today.strengths"),
        Binding("g", "open('gratitude')", "Gratitude", id="today.gratitude"),
        Binding("e", "open('exposure')", "Exposure", id="today.exposure"),
        Binding("l", "open('letter')", "Letter", id="today.letter"),
        Binding("b", "open('browse')", "Browse", id="today.browse"),
        Binding("o", "on_this_day", "On this day", show=False, id="today.onthisday"),
        Binding("c", "calendar", "Calendar", show=False, id="today.calendar"),
        Binding("question_mark", "app.help", "Help", id="today.help"),
        Binding("q", "app.quit", "Quit", id="today.quit"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="today"):
            with Horizontal(id="today-header"):
                yield Label("ritual", id="app-name")
                yield Label("", id="today-date")
            yield Label("", id="greeting")
            yield Vertical(id="rituals")
            yield Vertical(id="today-waiting")
            yield Static("", id="consistency")
            yield Static("", id="memory")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_today()

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.refresh_today()

    def on_screen_resume(self) -> None:
        """Back from a ritual: show the new state."""
        self.refresh_today()

    def refresh_today(self) -> None:
        """Redraw everything from the journal."""
        journal = self.app.journal
        today = journal.today()
        self.query_one("#today-date", Label).update(f"{today:%A %-d %B %Y}")
        self.query_one("#greeting", Label).update(greeting(journal.clock().hour))
        rituals = self.query_one("#rituals", Vertical)
        rituals.remove_children()
        rituals.mount_all(RitualRow(state) for state in journal.states())
        waiting = self.query_one("#today-waiting", Vertical)
        waiting.remove_children()
        plans = journal.awaiting_reflection()
        if plans:
            waiting.mount(Label("Waiting for your reflection (e):", classes="section"))
            waiting.mount_all(
                Label(f"  {one_line(p.title(), 60)} · planned {p.day:%a %-d %b}", classes="waiting-plan")
                for p in plans[:4]
            )
        self.query_one("#consistency", Static).update(journal.consistency_line())
        memory = journal.memory_line()
        self.query_one("#memory", Static).update(one_line(memory, 200) if memory else "")
        self.query_one("#memory", Static).display = bool(memory)

    def action_on_this_day(self) -> None:
        """Entries from this day in past weeks, months and years."""
        from ritual_tui.screens.history import OnThisDayScreen

        self.app.push_screen(OnThisDayScreen())

    def action_calendar(self) -> None:
        """The year of practice at a glance."""
        from ritual_tui.screens.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen())

    def action_open(self, kind: str) -> None:
        """Open a ritual (or tell kindly that it is switched off)."""
        if kind != "browse" and not self.app.settings.ritual_enabled(kind):
            self.notify(f"The {kind} ritual is switched off in config.toml.", severity="warning")
            return
        self.app.open_ritual(kind)
