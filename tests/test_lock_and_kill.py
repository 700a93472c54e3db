"""One writer per data folder, and kill -9 in the middle of saves."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from ritual_tui.store import AlreadyOpenError, Store, WriterLock

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    from ritual_tui.models import LetterEntry
    from ritual_tui.store import Store, WriterLock
    root = Path(sys.argv[1])
    with WriterLock(Path(sys.argv[2])):
        store = Store(root)
        store.scan()
        entries = [LetterEntry(id=f"kill{n:06d}", day=date(2026, 11, 25), week="2026-W48", body="x") for n in range(5)]
        for e in entries:
            store.save(e)
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            e = entries[n % 5]
            store.save(e.model_copy(update={"body": f"version {n}\\n" + "words " * (n % 500)}))
    """
)


def test_second_writer_is_refused_and_lock_frees_after_kill(tmp_path: Path) -> None:
    lock_file = tmp_path / "locks" / "w.lock"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / "data"), str(lock_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(AlreadyOpenError, match="already open"):
            WriterLock(lock_file).acquire()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with WriterLock(lock_file) as lock:
        assert lock.held


def test_kill_9_during_saves_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    data, lock_file = tmp_path / "data", tmp_path / "w.lock"
    rng = random.Random(7)
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(lock_file)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        files = list((data / "entries").rglob("*.toml"))
        assert len(files) == 5
        for path in files:
            tomllib.loads(path.read_text("utf-8"))
        scan = Store(data).scan()
        assert len(scan.entries) == 5 and not scan.problems
        assert all(not p.name.endswith(".toml") for p in scan.temp_files)
