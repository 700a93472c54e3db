"""Today: the ritual day, each ritual's state, reflections waiting, and a gentle look back."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Static

from ritual_tui.patterns import newest_mission
from ritual_tui.queries import RitualState, planned_day
from ritual_tui.rituals import BY_KIND, RITUALS
from ritual_tui.screens.keys import default_keys, footer_key
from ritual_tui.sealing import sealed_until
from ritual_tui.sync_app import SyncLine
from ritual_tui.text import one_line
from ritual_tui.widgets.quiet_footer import QuietFooter

_MARKS = {"due": "●", "done": "✓", "open": "○", "not today": "·"}
WAITING_SHOWN = 4


def _state_text(state: RitualState, width: int = 200) -> str:
    """The state and its hint in `width` cells; when both do not fit, the hint alone (the mark shows the state)."""
    full = state.state + (f" · {state.hint}" if state.hint else "")
    if len(full) > width and state.hint and len(state.hint) <= width:
        return state.hint
    return one_line(full, width)


def greeting(hour: int) -> str:
    """A calm greeting for the time of day."""
    if 4 <= hour < 12:
        return "Good morning."
    if 12 <= hour < 18:
        return "Good afternoon."
    return "Good evening."


class RitualRow(Widget):
    """One ritual on Today: mark, name, state and its key, drawn as one line (one widget, not five)."""

    def __init__(self, state: RitualState, key: str) -> None:
        super().__init__(classes="ritual-row")
        self.state = state
        self.key = key

    def render(self) -> Content:
        """Columns of 3, 24, the rest, and 3 cells; colours from the theme's ritual variables."""
        state = self.state
        # The row's own colour is the muted one (app.tcss); names and the day's states stand out.
        colour = {"due": "$ritual-due", "done": "$ritual-done"}.get(state.state, "")
        width = max(0, self.size.width - 30)
        text = _state_text(state, width - 1) if width > 1 else ""  # a space always stands before the key
        return Content.assemble(
            (f"{_MARKS[state.state]:<3}", colour),
            (f"{state.name:<24}", "" if state.state == "not today" else "$foreground"),
            (f"{text:<{width}}", colour),
            (f"{self.key:<3}", "$primary bold"),
        )

    def show(self, state: RitualState) -> None:
        """Show a (new) state."""
        if state != self.state:
            self.state = state
            self.refresh()


class TodayHeader(Label):
    """The app's name on the left and the day on the right, drawn as one line (one widget, not three)."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.day = ""

    def render(self) -> Content:
        """The name in what the day leaves (as a one-fraction column and an auto one would share the line)."""
        name_width = max(0, self.size.width - len(self.day))
        name = "ritual"[:name_width]
        padding = " " * (name_width - len(name))  # in the name's style, as the name's column would pad it
        return Content.assemble((name, "$primary bold"), (padding, "$primary bold"), self.day)  # the day in the line's own (muted) colour

    def show(self, day: str) -> None:
        """Show the day (a new one only when it changed)."""
        if day != self.day:
            self.day = day
            self.refresh()


class BelongingLine(Static):
    """A gentle line when the month's steps all fell in one circle (or none), else the keys to
    circles and boundaries (the rule is `belonging.nudge`)."""

    DEFAULT_CSS = "BelongingLine { margin-bottom: 1; }"

    def show(self, today: TodayScreen, journal) -> None:
        """Draw the line for `journal`, with the keys as bound now (pydantic is not loaded for it
        before the whole journal is: Today's first frame stays quick)."""
        enabled = today.app.day_settings.ritual_enabled
        line = None
        if enabled("contact") and getattr(journal, "complete", False):
            from ritual_tui.belonging import today_line

            line = today_line(journal)
        key = {kind: today.key_for(BY_KIND[kind].binding_id) for kind in ("contact", "held")} | {"step": today.key_for("today.step")}
        if line:
            self.display = True
            self.update(Content.assemble((one_line(line, 300), "$secondary"), (f"  ({key['step']} logs a step)", "$primary")))
            return
        hints = [f"{key[kind]} {words}" for kind, words in
                 (("contact", "your circles"), ("step", "a step in one"), ("held", "your boundaries"))
                 if enabled("contact" if kind == "step" else kind)]
        self.display = bool(hints)
        self.update(Content.assemble((" · ".join(hints), "$foreground-muted")))


class TodayScreen(Screen[None]):
    """The first screen: what today's practice looks like."""

    AUTO_FOCUS = ""  # none (None would mean the app's "*"): every key here belongs to the screen, and a focus costs a restyle

    DEFAULT_CSS = """
    TodayScreen #anchor-line { color: $text-muted; margin-top: 1; }
    TodayScreen #drafts-waiting { display: none; height: auto; margin-bottom: 1; }
    """

    BINDINGS = [
        # Each ritual's key (declared in rituals.py) is printed on its row, so the footer keeps to the rest.
        *(Binding(ritual.key, f"open({ritual.kind!r})", ritual.label, show=False, id=ritual.binding_id) for ritual in RITUALS if ritual.key),
        Binding("b", "open('browse')", "Browse", id="today.browse"),
        Binding("t", "log_step", "Log a step in a circle", show=False, id="today.step"),
        Binding("o", "on_this_day", "On this day", show=False, id="today.onthisday"),
        Binding("c", "calendar", "Calendar", show=False, id="today.calendar"),
        Binding("i", "insights", "Insights", show=False, id="today.insights"),
        Binding("z", "later", "Later", show=False, id="today.later"),
        Binding("comma", "settings", "Settings", show=False, id="today.settings"),
        Binding("L", "open_letter", "Read letter", show=False, id="today.openletter"),
        Binding("up", "scroll('up')", "Scroll up", show=False),
        Binding("down", "scroll('down')", "Scroll down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("question_mark", "app.help", "Help", id="today.help"),
        Binding("q", "app.quit", "Quit", id="today.quit"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="today"):
            yield TodayHeader(id="today-header")
            yield Label("", id="greeting")
            yield Static("", id="letter-opening")
            with Vertical(id="rituals"):
                keys = self._ritual_keys()
                for state in self.app.today_source.states():
                    yield RitualRow(state, keys.get(state.kind, ""))
            yield Static("", id="today-waiting")
            yield Static("", id="drafts-waiting")
            yield BelongingLine("", id="belonging-line")
            yield Static("", id="consistency", markup=False)
            yield Static("", id="memory", markup=False)
            yield Static("", id="anchor-line")
            yield SyncLine("", id="sync-line")
        yield QuietFooter()  # not built again each time another screen covers Today or leaves it

    def _ritual_keys(self) -> dict[str, str]:
        """Each ritual's key as bound (config.toml's keymap may have changed it)."""
        return {ritual.kind: self.key_for(ritual.binding_id) for ritual in RITUALS if ritual.key}

    def key_for(self, binding_id: str) -> str:
        """One of Today's keys as bound now, as the footer shows keys."""
        return footer_key(self.app, binding_id, default_keys(self.BINDINGS)[binding_id])

    _drawn_once = False
    """True once Today's first frame is drawn: the drafts' code and folder are never read for it."""

    def on_mount(self) -> None:
        self.refresh_today()
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        self._drawn_once = True
        if not self.app.background_load:  # else once the history is in (`history_loaded`)
            self.show_drafts_waiting()

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.refresh_today()
        self.show_drafts_waiting()

    def on_screen_resume(self) -> None:
        """Back from a ritual: show the new state."""
        self.refresh_today()
        self.show_drafts_waiting()

    def show_drafts_waiting(self) -> None:
        """Name the forms whose unsaved words wait on disk, so none is forgotten."""
        if not self._drawn_once:
            return  # Textual resumes a screen as it is first shown, and a history may come before
        from ritual_tui.waiting_drafts import forms_waiting

        line = self.query_one("#drafts-waiting", Static)
        keeper = self.app.keeper
        keeper.flush()  # a form just left may still hold its last change (words cleared: no draft)
        # Only words a form offers back: one over a draft it cannot read opened empty ("ritual doctor" names that file)
        named = forms_waiting([slot for slot in keeper.store.slots() if keeper.on_offer(slot) is not None])
        line.display = bool(named)
        if named:
            how = ". Open it to finish or let go; `ritual doctor` says where it is." if len(named) == 1 else (
                ". Open each to finish or let go; `ritual doctor` says where each is.")
            line.update(Content.assemble(("Unsaved words wait in: ", "$secondary bold"), ", ".join(named), how))

    def refresh_today(self) -> None:
        """Redraw everything from the journal (nothing to do when nothing changed since the last draw)."""
        if not self.is_mounted:
            return  # drawn on mount
        journal = self.app.today_source
        today = journal.today()
        drawn = (id(journal), journal.version, today, id(journal.day_settings), journal.clock().hour)
        if drawn == getattr(self, "_drawn", None):
            return
        self._drawn = drawn
        self.query_one(TodayHeader).show(f"{today:%A %-d %B %Y}")
        self.query_one("#greeting", Label).update(greeting(journal.clock().hour))
        opening = journal.letters_opening()
        self.query_one("#letter-opening").display = bool(opening)
        if opening:
            self.query_one("#letter-opening", Static).update(
                Content(  # plain text: the key comes from config.toml
                    f"✉  A letter you sealed on {opening[0].day:%-d %B %Y} is ready to open. "
                    f"Press {self.key_for('today.openletter')} to read it."
                )
            )
        states = {state.kind: state for state in journal.states()}
        for row in self.query(RitualRow).results(RitualRow):
            row.show(states.get(row.state.kind, row.state))
        plans = journal.awaiting_reflection()
        waiting = self.query_one("#today-waiting", Static)
        waiting.display = bool(plans)
        if plans:
            # 46: with " · planned Wed 30 Sep" a line fits 80 columns (at 60 its day wrapped to the margin)
            lines = [f"\n  {one_line(plan.title(), 46)} · planned {planned_day(plan):%a %-d %b}" for plan in plans[:WAITING_SHOWN]]
            key = self.key_for(BY_KIND["exposure"].binding_id)
            waiting.update(Content.assemble((f"Waiting for your reflection ({key}):", "$secondary bold"), *lines))
        self.query_one("#belonging-line", BelongingLine).show(self, journal)
        self.query_one("#consistency", Static).update(journal.consistency_line())
        memory = journal.memory_line()
        self.query_one("#memory", Static).update(Content(one_line(memory, 200) if memory else ""))  # words, never markup
        self.query_one("#memory", Static).display = bool(memory)
        self.query_one("#anchor-line", Static).update(self._anchor_line(journal))

    def _anchor_line(self, journal) -> Content:
        """The quiet last lines: the newest mission (when config.toml asks for it), and where a hard moment goes."""
        enabled = self.app.day_settings.ritual_enabled
        keys = [(self.key_for(BY_KIND[kind].binding_id), words) for kind, words in
                (("reframe", "a hard moment: breathe and reframe"), ("mission", "your mission and values")) if enabled(kind)]
        hint = Content(" · ").join(Content.assemble((key, "$primary bold"), f" {words}") for key, words in keys)
        mission = None
        # Only the full settings have the option: Today's first frame never waits for them.
        if getattr(getattr(journal.day_settings, "reframe", None), "mission_on_today", False):
            mission = newest_mission(journal.of_kind("mission"))
        if mission is None:
            return hint
        return Content.assemble((one_line(f"Your anchor: {mission.statement}", 72), "italic"), "\n", hint)

    def action_scroll(self, where: str) -> None:
        """Scroll Today in a small terminal (nothing on Today takes the focus, so the screen does it)."""
        getattr(self.query_one("#today", VerticalScroll), f"scroll_{where}")(animate=False)

    def action_on_this_day(self) -> None:
        """Entries from this day in past weeks, months and years."""
        from ritual_tui.screens.history import OnThisDayScreen

        self.app.push_screen(OnThisDayScreen())

    def action_open_letter(self) -> None:
        """Read the sealed letter whose day has come (or all letters)."""
        from ritual_tui.screens.letters import LettersScreen

        opening = self.app.today_source.letters_opening()
        self.app.push_screen(LettersScreen(opening[0].id if opening else None))

    def action_settings(self) -> None:
        """The settings screen."""
        self.app.action_settings()

    def action_later(self) -> None:
        """Not now: keep the login greeting away for a few hours, then close."""
        self.app.snooze_and_quit()

    def action_calendar(self) -> None:
        """The year of practice at a glance."""
        from ritual_tui.screens.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen(), self.browse_day)

    def action_insights(self) -> None:
        """What the practice teaches: predicted against peak per ladder step, the months of practice."""
        from ritual_tui.screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen())

    def browse_day(self, day: date | None) -> None:
        """The browser at a day the calendar picked (nothing when it was left with escape)."""
        if day is not None:
            self.app.open_ritual("browse", day)

    def action_log_step(self) -> None:
        """A small step in one of your circles, straight from Today."""
        if not self.app.settings.ritual_enabled("contact"):
            self.notify("Circles are switched off in config.toml (rituals: contact).", severity="warning")
            return
        from ritual_tui.screens.circle_step import log_a_step

        log_a_step(self.app)

    def action_open(self, kind: str) -> None:
        """Open a ritual (or tell kindly that it is switched off)."""
        if kind != "browse" and not self.app.settings.ritual_enabled(kind):
            self.notify(f"The {kind} ritual is switched off in config.toml.", severity="warning")
            return
        if kind == "letter" and (opens := self._sealed_letter()):
            self.notify(f"This week's letter is sealed until {opens:%A %-d %B %Y}. Today will offer it then.")
            return
        self.app.open_ritual(kind)

    def _sealed_letter(self) -> date | None:
        """The day this week's letter opens, when it is sealed (its words are not to be opened)."""
        journal = self.app.journal
        letter = journal.this_weeks_letter()
        return sealed_until(letter, journal.today()) if letter is not None else None
