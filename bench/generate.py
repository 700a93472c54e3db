"""Generate a seeded, synthetic history of every kind, in the files ritual's own store would write.

    python bench/generate.py --years 10 --out /tmp/ritual-bench/10y     # about 14,700 files
    python bench/generate.py --years 60 --out /tmp/ritual-bench/60y     # about 88,000 files

Every file is the bytes of `store.codec.encode_entry` (serialised, re-parsed and re-validated, as a
save does) at the entry's own place, 0600 in 0700 folders. The files are written directly rather
than through `Store.save`: its two fsyncs per file would make sixty years take many minutes, and
a benchmark folder need not survive a power cut.

The words are made up from a small vocabulary, with a long tail of rarer words (about one word in
a hundred), as people write; sizes follow what people write: gratitude items of a few words,
strengths notes of a sentence or two, exposure plans and reflections of a few sentences, weekly
letters of a few hundred words. A search for `COMMON_WORD` matches about half the entries, one for
`RARE_WORD` a few in a thousand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ritual_tui.clock import now  # noqa: E402
from ritual_tui.models import (  # noqa: E402
    VIA_STRENGTHS,
    EntryBase,
    ExposureEntry,
    GratitudeEntry,
    LadderStep,
    LetterEntry,
    StrengthsEntry,
    iso_week,
)
from ritual_tui.store.codec import encode_entry  # noqa: E402

GENERATOR_VERSION = 2
"""Raised whenever the generated files change: a cached folder of another version is made again."""

WORDS = (
    "morning tea friend walk river neighbour colleague bus laugh quiet meeting lunch book rain sun "
    "garden call message hallway question coffee kitchen music class team smile door bread market "
    "letter sister brother park bench evening window train lesson choir club volunteer dog cat "
    "bicycle library note card song heron canal snow leaf street corner shop baker teacher"
).split()
RARE_WORDS = (
    "kingfisher lighthouse harmonica origami marmalade telescope accordion lantern quince tapestry "
    "juniper meringue sextant thimble walrus zeppelin archipelago bagpipe cathedral dandelion "
    "eclipse fjord gondola hazelnut iceberg jasmine kaleidoscope labyrinth mandolin nectarine "
    "observatory pelican quartz rhubarb saffron trombone umbrella vineyard wisteria xylophone "
    "yodel zucchini anemone bonfire cardamom driftwood elderflower foxglove glacier hedgehog "
    "inkwell jellyfish kiln lagoon moth nutmeg otter porcupine quill reindeer sundial thistle "
    "toadstool violet woodpecker yarrow apricot barnacle chestnut dormouse emerald fennel "
    "gooseberry heather ivy kestrel lavender magpie nightingale oyster puffin raven sorrel "
    "tortoise urchin vole wren almond buttercup clover damson egret fiddle gorse hawthorn"
).split()
COMMON_WORD = "heron"
RARE_WORD = "kingfisher"
RARE_SHARE = 0.01
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
META_FILE = "bench-meta.json"


def words(rng: random.Random, low: int, high: int) -> str:
    """A made-up sentence of `low`..`high` words, about one in a hundred of them rare."""
    chosen = (rng.choice(RARE_WORDS) if rng.random() < RARE_SHARE else rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return " ".join(chosen).capitalize() + "."


class Writer:
    """Writes entries where the store keeps them: `entries/<kind>/<YYYY>/<day>-<id>.toml`, 0600."""

    def __init__(self, data_dir: Path) -> None:
        self.entries_dir = data_dir / "entries"
        self.folders: set[Path] = set()
        self.count = 0

    def save(self, entry: EntryBase) -> None:
        """Encode (checked both ways, as a save does) and write, without fsync."""
        folder = self.entries_dir / entry.kind / f"{entry.day:%Y}"
        if folder not in self.folders:
            for part in (self.entries_dir.parent, self.entries_dir, folder.parent, folder):
                part.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(part, 0o700)
            self.folders.add(folder)
        path = folder / f"{entry.day.isoformat()}-{entry.id}.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, encode_entry(entry))
        finally:
            os.close(fd)
        self.count += 1


def generate(out: Path, years: float, seed: int = 20261125) -> int:
    """Write about four entries a day for `years` years ending today; return how many files."""
    rng = random.Random(seed)
    writer = Writer(out)
    tz = timezone(timedelta(hours=1))
    end = now().date()
    start = end - timedelta(days=int(365.25 * years))
    steps = []
    for position, (name, difficulty) in enumerate(STEPS):
        step = LadderStep(day=start, name=name, difficulty=difficulty, position=float(position),
                          created=datetime.combine(start, time(9), tz), updated=datetime.combine(start, time(9), tz))
        writer.save(step)
        steps.append(step)
    day = start
    while day <= end:
        at = datetime.combine(day, time(7, 30), tz)
        stamp = {"created": at, "updated": at}
        if rng.random() < 0.97:
            writer.save(StrengthsEntry(day=day, strength=rng.choice(VIA_STRENGTHS), where_it_showed=words(rng, 8, 30),
                                       use_today=words(rng, 6, 20), **stamp))
        for _ in range(1 if rng.random() < 0.5 else 2):
            writer.save(GratitudeEntry(day=day, items=[words(rng, 3, 12) for _ in range(3)], **stamp))
        for _ in range(rng.choice([1, 1, 1, 2, 2])):
            step = rng.choice(steps)
            predicted = min(100, max(0, step.difficulty + rng.randint(-15, 15)))
            outcome = rng.choice(OUTCOMES)
            writer.save(ExposureEntry(
                day=day, step=step.name, step_id=step.id, situation=words(rng, 5, 15), small_step=words(rng, 4, 10),
                predicted_discomfort=predicted, fear=words(rng, 5, 20), exit_strategy=words(rng, 5, 15),
                grounding=words(rng, 2, 6), outcome=outcome, discomfort_before=max(0, predicted - 10),
                discomfort_peak=min(100, max(0, predicted + rng.randint(-20, 10))), discomfort_after=max(0, predicted - 30),
                what_happened=words(rng, 10, 40), what_helped=words(rng, 4, 15), adjust_next_time=words(rng, 4, 15),
                reflected=at + timedelta(hours=10), **stamp))
        if day.weekday() == 6:
            body = "\n\n".join(words(rng, 40, 90) for _ in range(rng.randint(2, 5)))
            writer.save(LetterEntry(day=day, week=iso_week(day), body="Dear me,\n\n" + body, wins=[words(rng, 3, 8)], **stamp))
        day += timedelta(days=1)
    return writer.count


def cached(out: Path, years: float, seed: int = 20261125) -> int:
    """The number of files in `out`, generating it first unless a folder of the same years, seed
    and generator version is there already (a folder of another one is replaced)."""
    wanted = {"years": years, "seed": seed, "version": GENERATOR_VERSION}
    meta = out / META_FILE
    try:
        found = json.loads(meta.read_text("utf-8"))
        if {k: found.get(k) for k in wanted} == wanted:
            return int(found["files"])
    except (OSError, ValueError, KeyError):
        pass
    if out.exists() and any(out.iterdir()):
        if not meta.exists():  # never someone's own journal: only a folder this script made is replaced
            raise SystemExit(f"{out} is not empty and was not made by bench/generate.py; choose another folder")
        import shutil

        shutil.rmtree(out)
    print(f"generating {years:g} years into {out} (once; cached for later runs) ...", flush=True)
    files = generate(out, years, seed)
    out.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps({**wanted, "files": files, "end": now().date().isoformat()}), "utf-8")
    return files


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=float, default=10, help="how much history (0.085 is about a month)")
    parser.add_argument("--out", type=Path, help="the data folder to fill (default: /tmp/ritual-bench/<years>y); "
                        "kept when it holds the same generation already, else replaced")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    out = args.out or Path("/tmp/ritual-bench") / f"{args.years:g}y"
    total = cached(out, args.years, args.seed)
    print(f"{total} entry files in {out}")


if __name__ == "__main__":
    main()
