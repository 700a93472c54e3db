"""The exposure ladder's order: how steps sort, and how a reorder moves them without rewriting a step it may not."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ritual_tui.models import LadderStep


def ladder_key(step: LadderStep, position: float | None = None) -> tuple[float, int, str]:
    """How the ladder is ordered, easy to hard: position (or `position` instead), difficulty, name."""
    return (step.position if position is None else position, step.difficulty, step.name.casefold())


def new_step_position(ladder: list[LadderStep], difficulty: int) -> float:
    """Where a new step of `difficulty` goes: after every step as easy or easier, before every
    harder one (halfway between them), so adding a rung rewrites no other step."""
    harder = [step.position for step in ladder if step.difficulty > difficulty]
    easier = [step.position for step in ladder if step.difficulty <= difficulty]
    if harder and easier:
        return (max(easier) + min(harder)) / 2
    if harder:
        return min(harder) - 1
    return max(easier) + 1 if easier else 0.0


def ladder_positions(ordered: list[LadderStep], fixed: set[str]) -> dict[str, float] | None:
    """New positions putting the ladder in the order of `ordered`, rewriting no step whose id is in `fixed`.

    Steps between two fixed ones keep their positions when already in order there, else are
    spread evenly between them (with none fixed: 0, 1, 2, ...). Returns the positions that change,
    or None when the fixed steps leave no room for that order (a step written by a newer ritual
    keeps its place: RELIABILITY.md rule 2).
    """
    positions: dict[str, float] = {}
    run: list[LadderStep] = []
    low: float | None = None
    for step in [*ordered, None]:
        if step is not None and step.id not in fixed:
            run.append(step)
            continue
        high = None if step is None else step.position
        if _already_between([rung.position for rung in run], low, high):
            run = []  # these steps are in order where they are: no file is rewritten
        for index, rung in enumerate(run):
            if low is None and high is None:
                positions[rung.id] = float(index)
            elif high is None:
                positions[rung.id] = low + index + 1
            elif low is None:
                positions[rung.id] = high - len(run) + index
            else:
                positions[rung.id] = low + (high - low) * (index + 1) / (len(run) + 1)
        run, low = [], high
    placed = sorted(ordered, key=lambda s: ladder_key(s, positions.get(s.id)))
    if [s.id for s in placed] != [s.id for s in ordered] or not all(map(math.isfinite, positions.values())):
        return None
    return {s.id: positions[s.id] for s in ordered if s.id in positions and positions[s.id] != s.position}


def _already_between(positions: list[float], low: float | None, high: float | None) -> bool:
    """True when `positions` rise strictly and lie strictly between `low` and `high` (None: no bound)."""
    bounded = [p for p in (low, *positions, high) if p is not None]
    return bool(positions) and all(a < b for a, b in zip(bounded, bounded[1:]))
