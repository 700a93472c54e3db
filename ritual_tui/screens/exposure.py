"""Exposure practice: the ladder of steps, and the plans waiting for a reflection."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from ritual_tui.ladder import ladder_positions, new_step_position
from ritual_tui.models import LadderStep, Outcome
from ritual_tui.queries import planned_day
from ritual_tui.screens.ladder_edit import archive_or_restore, edit_step, ladder_heading, offer_line, shown_steps
from ritual_tui.screens.step_editor import StepEditor, forget_step_draft
from ritual_tui.store import StoreError
from ritual_tui.text import one_line, visible
from ritual_tui.widgets import PickList, ScreenTitle

READ_ONLY_STEP_NOTICE = (
    "A newer ritual wrote that step, so it is read-only here and keeps its place; "
    "move the steps around it instead."
)


class ExposureScreen(Screen[None]):
    """The ladder (easy to hard) beside the plans that wait for a reflection."""

    CSS_PATH = "screens.tcss"
    DEFAULT_CSS = """
    ExposureScreen {
        #exposure-intro {
            padding: 0 4 1 4;
            color: $text-muted;
        }
        #exposure-panes {
            padding: 0 2;
        }
        #ladder-pane {
            width: 3fr;
            padding-right: 1;
        }
        #waiting-pane {
            width: 2fr;
        }
        #ladder, #waiting {
            height: 1fr;
            border: round $panel;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #ladder:focus, #waiting:focus {
            border: round $primary;
        }
    }
    """

    BINDINGS = [
        Binding("a", "add_step", "Add step", id="exposure.add"),
        Binding("p", "plan", "Plan", id="exposure.plan"),
        Binding("r", "reflect", "Reflect", id="exposure.reflect"),
        Binding("h", "history", "History", id="exposure.history"),
        Binding("c", "change_step", "Change step", show=False, id="exposure.change"),
        Binding("x", "archive_step", "Archive / restore", show=False, id="exposure.archive"),
        Binding("v", "show_archived", "Archived steps", show=False, id="exposure.archived"),
        Binding("3", "next_three", "Next three rungs", show=False, id="exposure.nextthree"),
        # Named beside the ladder's heading: at 80 columns the footer keeps room for "esc Back".
        Binding("shift+up", "move(-1)", "Easier", show=False, id="exposure.easier"),
        Binding("shift+down", "move(1)", "Harder", show=False, id="exposure.harder"),
        Binding("escape", "back", "Back", id="exposure.back"),
        Binding("f1,question_mark", "app.help", "Help", id="exposure.help"),
    ]

    def compose(self) -> ComposeResult:
        yield ScreenTitle("Exposure practice")
        yield Static(visible(self.app.settings.prompts.exposure_intro), id="exposure-intro", markup=False)
        with Horizontal(id="exposure-panes"):
            with Vertical(id="ladder-pane"):
                yield Label("Ladder, easy to hard · shift+↑↓ moves", classes="section", id="ladder-heading")
                yield OptionList(id="ladder", markup=False)
                yield Static("", id="next-rung", classes="note", markup=False)
            with Vertical(id="waiting-pane"):
                yield Label("Waiting for a reflection  (r)", classes="section")
                yield PickList(id="waiting")
        yield Footer()

    showing_archived = False
    next_three_only: bool | None = None

    def on_mount(self) -> None:
        if self.next_three_only is None:
            self.next_three_only = self.app.settings.exposure.next_three_only
        self.refresh_lists()
        self.query_one("#ladder", OptionList).focus()
        self.call_after_refresh(self.refresh_lists)  # the ladder has its width now: names cut to fit it

    def on_resize(self) -> None:
        """A new width: the ladder's names are cut again to fit it."""
        self.refresh_lists()

    def _name_width(self, after: str, rows: int) -> int:
        """Cells a step's name may take on its row so that what follows it ("· tried 3×") stays whole,
        beside a scrollbar when the `rows` are more than the ladder shows; 48 before it has a width."""
        ladder = self.query_one("#ladder", OptionList)
        width = ladder.content_region.width
        if rows > ladder.content_region.height:
            width -= ladder.styles.scrollbar_size_vertical
        return max(12, min(120, width - 5 - len(after))) if width > 0 else 48

    def history_loaded(self) -> None:
        """The whole journal is read: redraw."""
        self.refresh_lists()

    def on_screen_resume(self) -> None:
        """Back from a plan or a reflection."""
        self.refresh_lists()

    def refresh_lists(self, select: str | None = None) -> None:
        """Redraw the ladder and the waiting plans from the journal."""
        journal = self.app.journal
        ladder = self.query_one("#ladder", OptionList)
        highlighted = select or (ladder.highlighted_option.id if ladder.highlighted_option else None)
        ladder.clear_options()
        read_only = journal.read_only_ids("step")
        self.query_one("#ladder-heading", Label).update(ladder_heading(self))
        offer = offer_line(self)
        self.query_one("#next-rung", Static).update(offer)
        self.query_one("#next-rung", Static).display = bool(offer)
        steps = shown_steps(self)
        for step in steps:
            attempts = [a for a in journal.attempts(step.id) if Outcome(a.outcome).is_attempt]
            tried = f" · tried {len(attempts)}×" if attempts else ""
            mark = " · read-only" if step.id in read_only else ""
            ladder.add_option(Option(f"{step.difficulty:>3}  {one_line(step.name, self._name_width(tried + mark, len(steps)))}{tried}{mark}", id=step.id))
        if ladder.option_count == 0:
            empty = "No archived steps." if self.showing_archived else "No steps yet: a adds a first, small one."
            ladder.add_option(Option(empty, id="_empty", disabled=True))
        elif highlighted:
            try:
                ladder.highlighted = ladder.get_option_index(highlighted)
            except Exception:  # noqa: BLE001 - the option is gone
                ladder.highlighted = 0
        if ladder.highlighted is None and ladder.option_count:
            ladder.highlighted = 0
        waiting = self.query_one("#waiting", OptionList)
        kept = waiting.highlighted_option.id if waiting.highlighted_option else None  # a resize or a reload keeps the row
        waiting.clear_options()
        for plan in journal.awaiting_reflection():
            waiting.add_option(Option(f"{plan.day:%a %-d %b}  {one_line(plan.title(), 44)}", id=plan.id))
        for plan in journal.planned_ahead():  # not waiting yet; a reflection may still come early
            waiting.add_option(Option(f"for {planned_day(plan):%a %-d %b}  {one_line(plan.title(), 40)}", id=plan.id))
        if waiting.option_count == 0:
            waiting.add_option(Option("Nothing waiting.", id="_none", disabled=True))
        elif kept is not None:
            try:
                waiting.highlighted = waiting.get_option_index(kept)
            except Exception:  # noqa: BLE001 - reflected on since, or gone: the list highlights its own
                pass

    def selected_step(self) -> LadderStep | None:
        """The highlighted ladder step."""
        option = self.query_one("#ladder", OptionList).highlighted_option
        if option is None or option.id is None or option.id.startswith("_"):
            return None
        return next((s for s in shown_steps(self) if s.id == option.id), None)

    def action_add_step(self) -> None:
        """Add a rung to the ladder."""

        def added(result: tuple[str, int] | None) -> None:
            if result is None:
                return
            name, difficulty = result
            position = new_step_position(self.app.journal.ladder(), difficulty)
            step = LadderStep(day=self.app.journal.today(), name=name, difficulty=difficulty, position=position)
            if self._save_step(step):
                forget_step_draft(self.app)
            self.refresh_lists(select=step.id)

        self.app.push_screen(StepEditor(), added)

    def action_change_step(self) -> None:
        """Rename and re-rate the highlighted step."""
        step = self._editable_step()
        if step is not None:
            edit_step(self, step)

    def action_archive_step(self) -> None:
        """Archive the highlighted step (or, among the archived, restore it)."""
        step = self._editable_step()
        if step is not None:
            archive_or_restore(self, step)

    def action_show_archived(self) -> None:
        """Show the archived steps (to restore one), or the ladder again."""
        self.showing_archived = not self.showing_archived
        self.refresh_lists()

    def action_next_three(self) -> None:
        """Show only the next three rungs, or the whole ladder."""
        self.next_three_only = not self.next_three_only
        self.refresh_lists()

    def _editable_step(self) -> LadderStep | None:
        step = self._step_or_say()
        if step is not None and step.id in self.app.journal.read_only_ids("step"):
            self.notify("A newer ritual wrote that step, so it is read-only here.", severity="warning", timeout=6)
            return None
        return step

    def save_step(self, step: LadderStep) -> bool:
        """Save a step (True), or say why it was not saved."""
        return self._save_step(step)

    def _save_step(self, step: LadderStep) -> bool:
        try:
            self.app.journal.save(step)
        except OSError as error:
            self.notify(f"The step was not saved: {error.strerror}.", severity="error", timeout=3600)
            return False
        except StoreError as error:  # e.g. a newer ritual rewrote the file since it was read
            self.notify(f"The step was not saved: {visible(str(error))}", severity="warning", timeout=12, markup=False)
            return False
        return True

    def action_move(self, direction: int) -> None:
        """Move the highlighted step one rung easier (-1) or harder (+1); steps of a newer ritual stay put."""
        step = self.selected_step()
        ladder = self.app.journal.ladder()
        if step is None or step.archived:
            return
        index = [s.id for s in ladder].index(step.id)
        other_index = index + direction
        if not 0 <= other_index < len(ladder):
            return
        read_only = self.app.journal.read_only_ids("step")
        ordered = ladder[:]
        ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
        positions = None if step.id in read_only else ladder_positions(ordered, read_only)
        if positions is None:
            self.notify(READ_ONLY_STEP_NOTICE, severity="warning", timeout=8)
            return
        for rung in ordered:
            if rung.id in positions and not self._save_step(rung.model_copy(update={"position": positions[rung.id]})):
                break
        self.refresh_lists(select=step.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter: plan on a ladder step, reflect on a waiting plan."""
        if event.option_list.id == "ladder":
            self.action_plan()
        else:
            self.action_reflect()

    def action_plan(self) -> None:
        """Plan the next attempt on the highlighted step."""
        from ritual_tui.screens.plan import PlanScreen

        step = self.selected_step()
        if step is None:
            self.notify("Add a step first (a), then plan an attempt on it.", severity="warning")
            return
        self.app.push_screen(PlanScreen(step))

    def action_reflect(self) -> None:
        """Reflect on the highlighted waiting plan (or the oldest one)."""
        from ritual_tui.screens.reflect import ReflectScreen

        plans = self.app.journal.awaiting_reflection() + self.app.journal.planned_ahead()
        if not plans:
            self.notify("No plan is waiting for a reflection.", severity="information")
            return
        option = self.query_one("#waiting", OptionList).highlighted_option
        chosen = next((p for p in plans if option is not None and p.id == option.id), plans[0])
        self.app.push_screen(ReflectScreen(chosen))

    def action_history(self) -> None:
        """Every attempt on the highlighted step, as a chart and a table."""
        from ritual_tui.screens.history import StepHistoryScreen

        step = self._step_or_say()
        if step is not None:
            self.app.push_screen(StepHistoryScreen(step))

    def _step_or_say(self) -> LadderStep | None:
        """The highlighted step; with none (an empty ladder, or no archived step), say so instead of doing nothing."""
        step = self.selected_step()
        if step is None:
            self.notify("No step here yet: a adds one." if not self.showing_archived else "No archived step here: v shows the ladder.",
                        severity="information", timeout=4)
        return step

    def action_back(self) -> None:
        """Back to Today."""
        self.dismiss()
