"""Time one `ritual` command from two checkouts in turns, with Python's own start-up between them.

    python bench/turns.py --base /tmp/ritual-base insights          # 21 rounds at ten years
    python bench/turns.py --base /tmp/ritual-base --rounds 31 --years 60 list --search heron

Make the base checkout with `git worktree add /tmp/ritual-base <commit>` (and remove it after).
Each round runs `python -c pass`, the command from the base checkout and the command from this
one, in an order that alternates, each a fresh process reading the same catalog through a pipe;
the medians are printed with how much each took over Python. Each checkout has a catalog of its own. On a shared machine whose speed
swings from minute to minute, this is how a change's few milliseconds show: two figures of the
same moments, not two runs of `bench/run.py` minutes apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Bench  # noqa: E402  (bench/ is not a package)

CODE = "import sys, ritual_tui.cli as cli; cli.run() if hasattr(cli, \"run\") else sys.exit(cli.main())"  # as the console script runs it


def main() -> None:
    """Parse the arguments, run the rounds, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (a git worktree)")
    parser.add_argument("--rounds", type=int, default=21, help="rounds of three processes (default 21)")
    parser.add_argument("--years", type=int, choices=(10, 60), default=10, help="the generated history to use")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ritual-bench"))
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the ritual command and its arguments")
    args = parser.parse_args()
    data = args.work / f"{args.years}y"
    if not args.command or not (data / "entries").is_dir():
        parser.error(f"give a command, and generate {data} first (python bench/run.py --quick)")
    bench = Bench(args.work, args.rounds)
    env = {**bench.env(data), "PYTHONSAFEPATH": "1"}  # `-c` would put the current folder, and its ritual_tui, first
    checkouts = {"base": args.base.resolve(), "this": HERE.parent}
    # Each checkout keeps its own catalog: two catalog schemas would rebuild one file in turns.
    caches = {name: args.work / "turns" / f"{args.years}y" / name for name in checkouts}  # never in the bench's own cache
    for folder in caches.values():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    envs = {name: {**env, "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(caches[name])} for name, root in checkouts.items()}
    times: dict[str, list[float]] = {"python": [], "base": [], "this": []}
    for name in checkouts:  # once each first: bytecode written, catalog in step
        bench.command([bench.python, "-c", CODE, *args.command], envs[name])
    for round_ in range(args.rounds):
        times["python"].append(bench.command([bench.python, "-c", "pass"], env))
        for name in (("base", "this") if round_ % 2 else ("this", "base")):
            command = [bench.python, "-c", CODE, *args.command]
            times[name].append(bench.command(command, envs[name]))
    python = statistics.median(times["python"])
    print(f"ritual {' '.join(args.command)}, {args.years} years, {args.rounds} rounds; python -c pass {python * 1000:.1f} ms")
    for name in ("base", "this"):
        value = statistics.median(times[name])
        print(f"  {name:<5} {value * 1000:7.1f} ms  (+{(value - python) * 1000:.1f} over Python)  {checkouts[name]}")


if __name__ == "__main__":
    main()
