"""Editing the exposure ladder from its screen: rename and re-rate a step, archive and restore it,
the next three rungs only, and the gentle offer of the next rung."""

from __future__ import annotations

from typing import Any

from ritual_tui.insights import next_rung_offer, next_three
from ritual_tui.models import LadderStep
from ritual_tui.text import one_line, visible


def archived_steps(journal: Any) -> list[LadderStep]:
    """The archived rungs, by name."""
    return sorted((s for s in journal.of_kind("step") if s.archived), key=lambda s: (s.name.casefold(), s.id))


def shown_steps(screen: Any) -> list[LadderStep]:
    """The rungs the ladder shows now: the archived ones, the next three, or the whole ladder."""
    journal = screen.app.journal
    if getattr(screen, "showing_archived", False):
        return archived_steps(journal)
    ladder = journal.ladder()
    if getattr(screen, "next_three_only", False):
        rule = screen.app.settings.exposure
        return next_three(ladder, journal.attempts, rule.suggest_after, rule.suggest_below)
    return ladder


def ladder_heading(screen: Any) -> str:
    """The ladder's heading, saying which rungs are shown."""
    if getattr(screen, "showing_archived", False):
        return "Archived · x restores · v the ladder"
    if getattr(screen, "next_three_only", False):
        return "The next three rungs · 3 shows all"
    return "Ladder, easy to hard · shift+↑↓ moves"


def offer_line(screen: Any) -> str:
    """The offer of the next rung, when the last attempts on a step stayed under the threshold ("" otherwise)."""
    journal = screen.app.journal
    rule = screen.app.settings.exposure
    offer = next_rung_offer(journal.ladder(), journal.attempts, rule.suggest_after, rule.suggest_below)
    if offer is None or getattr(screen, "showing_archived", False):
        return ""
    step, harder = offer
    return visible(f"Your last {rule.suggest_after} attempts on “{one_line(step.name, 40)}” peaked under {rule.suggest_below}. "
                   f"When you feel ready, and only then, the next rung is “{one_line(harder.name, 40)}”.")


def edit_step(screen: Any, step: LadderStep) -> None:
    """Rename and re-rate `step` in the step dialog; saved when the dialog returns."""
    from ritual_tui.screens.step_editor import StepEditor, forget_step_draft

    def edited(result: tuple[str, int] | None) -> None:
        if result is None:
            return
        name, difficulty = result
        if (name, difficulty) == (step.name, step.difficulty):
            forget_step_draft(screen.app, step)
        elif screen.save_step(step.model_copy(update={"name": name, "difficulty": difficulty})):
            forget_step_draft(screen.app, step)
            screen.notify("Step saved. Its attempts keep their history.", timeout=3)
        screen.refresh_lists(select=step.id)

    screen.app.push_screen(StepEditor(step), edited)


def archive_or_restore(screen: Any, step: LadderStep) -> None:
    """Archive a rung (its attempts stay in the history and in insights), or restore an archived one."""
    archived = not step.archived
    if screen.save_step(step.model_copy(update={"archived": archived})):
        if archived:
            screen.notify(f"Archived “{one_line(visible(step.name), 40)}”. v shows archived steps to restore one.", timeout=5, markup=False)
        else:
            screen.notify(f"Restored “{one_line(visible(step.name), 40)}” to the ladder.", timeout=4, markup=False)
    screen.refresh_lists()
