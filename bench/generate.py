"""Generate a seeded, synthetic history of every kind, written through ritual's own store.

    python bench/generate.py --years 10 --out /tmp/ritual-bench/10y     # about 15,000 files

The words are made up from a small vocabulary; sizes follow what people write: gratitude items of
a few words, strengths notes of a sentence or two, exposure plans and reflections of a few
sentences, weekly letters of a few hundred words.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ritual_tui.models import (  # noqa: E402
    VIA_STRENGTHS,
    ExposureEntry,
    GratitudeEntry,
    LadderStep,
    LetterEntry,
    StrengthsEntry,
    iso_week,
)
from ritual_tui.store import Store  # noqa: E402

WORDS = (
    "morning tea friend walk river neighbour colleague bus laugh quiet meeting lunch book rain sun "
    "garden call message hallway question coffee kitchen music class team smile door bread market "
    "letter sister brother park bench evening window train lesson choir club volunteer dog cat "
    "bicycle library note card song heron canal snow leaf street corner shop baker teacher"
).split()
STEPS = [
    ("Say hello to a neighbour", 15),
    ("Ask a shop assistant for help", 20),
    ("Make a phone call to book something", 30),
    ("Sit with colleagues at lunch", 40),
    ("Ask a question in a meeting", 55),
    ("Join a club evening", 65),
    ("Invite someone for coffee", 75),
    ("Give a short talk", 90),
]
OUTCOMES = ["done", "done", "partly-done", "used-exit", "postponed"]


def words(rng: random.Random, low: int, high: int) -> str:
    """A made-up sentence of `low`..`high` words."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def generate(out: Path, years: float, seed: int = 20261125) -> int:
    """Write about four entries a day for `years` years ending today; return how many files."""
    rng = random.Random(seed)
    store = Store(out)
    tz = timezone(timedelta(hours=1))
    end = date.today()
    start = end - timedelta(days=int(365.25 * years))
    steps = []
    for position, (name, difficulty) in enumerate(STEPS):
        step = LadderStep(day=start, name=name, difficulty=difficulty, position=float(position),
                          created=datetime.combine(start, time(9), tz), updated=datetime.combine(start, time(9), tz))
        store.save(step)
        steps.append(step)
    count = len(steps)
    day = start
    while day <= end:
        at = datetime.combine(day, time(7, 30), tz)
        stamp = {"created": at, "updated": at}
        if rng.random() < 0.97:
            store.save(StrengthsEntry(day=day, strength=rng.choice(VIA_STRENGTHS), where_it_showed=words(rng, 8, 30),
                                      use_today=words(rng, 6, 20), **stamp))
            count += 1
        for _ in range(1 if rng.random() < 0.5 else 2):
            store.save(GratitudeEntry(day=day, items=[words(rng, 3, 12) for _ in range(3)], **stamp))
            count += 1
        for _ in range(rng.choice([1, 1, 1, 2, 2])):
            step = rng.choice(steps)
            predicted = min(100, max(0, step.difficulty + rng.randint(-15, 15)))
            outcome = rng.choice(OUTCOMES)
            store.save(ExposureEntry(
                day=day, step=step.name, step_id=step.id, situation=words(rng, 5, 15), small_step=words(rng, 4, 10),
                predicted_discomfort=predicted, fear=words(rng, 5, 20), exit_strategy=words(rng, 5, 15),
                grounding=words(rng, 2, 6), outcome=outcome, discomfort_before=max(0, predicted - 10),
                discomfort_peak=min(100, max(0, predicted + rng.randint(-20, 10))), discomfort_after=max(0, predicted - 30),
                what_happened=words(rng, 10, 40), what_helped=words(rng, 4, 15), adjust_next_time=words(rng, 4, 15),
                reflected=at + timedelta(hours=10), **stamp))
            count += 1
        if day.weekday() == 6:
            body = "\n\n".join(words(rng, 40, 90) for _ in range(rng.randint(2, 5)))
            store.save(LetterEntry(day=day, week=iso_week(day), body="Dear me,\n\n" + body, wins=[words(rng, 3, 8)], **stamp))
            count += 1
        day += timedelta(days=1)
    return count


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=float, default=10, help="how much history (0.085 is about a month)")
    parser.add_argument("--out", type=Path, required=True, help="the data folder to fill (must not exist)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    total = generate(args.out, args.years, args.seed)
    print(f"wrote {total} entry files to {args.out}")


if __name__ == "__main__":
    main()
