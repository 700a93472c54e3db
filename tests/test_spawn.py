"""`catalog.spawn.Spawned`: a child's output and errors, read whole, without the subprocess module."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ritual_tui.catalog.spawn import Spawned


def test_both_streams_are_read_whole_however_much_each_holds():
    # 1 MiB on each stream, written alternately: reading one pipe to its end first would stall.
    program = ("import sys\nfor _ in range(256):\n"
               "    sys.stdout.write('o' * 4096); sys.stdout.flush(); sys.stderr.write('e' * 4096); sys.stderr.flush()\n"
               "sys.exit(3)")
    child = Spawned([sys.executable, "-c", program])
    out, err = child.communicate()
    assert (out, err) == (b"o" * (1 << 20), b"e" * (1 << 20))
    assert child.returncode == 3


def test_a_child_killed_early_is_waited_for_and_leaves_no_open_pipe():
    before = len(os.listdir("/proc/self/fd"))
    child = Spawned([sys.executable, "-c", "import time; time.sleep(60)"])
    child.kill()
    assert child.returncode == -9
    assert len(os.listdir("/proc/self/fd")) == before
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)  # reaped: no zombie left


def test_kill_after_the_end_closes_nothing_twice():
    child = Spawned(["true"])
    assert child.communicate() == (b"", b"")
    spare = os.open(os.devnull, os.O_RDONLY)  # may reuse a number the pipes had
    try:
        child.kill()
        os.fstat(spare)  # still open: kill closed only its own
    finally:
        os.close(spare)
    assert child.returncode == 0


def test_a_program_that_is_not_there_raises_oserror_and_leaks_no_pipe():
    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(OSError):
        Spawned(["ritual-no-such-program-here"])
    assert len(os.listdir("/proc/self/fd")) == before


def test_it_works_when_this_process_runs_with_its_standard_streams_closed():
    # The pipes then get fds 0-2; the child must still write into them, not past them.
    program = ("import os, sys\nsys.path.insert(0, %r)\nos.close(0); os.close(1)\n"
               "from ritual_tui.catalog.spawn import Spawned\n"
               "child = Spawned(['sh', '-c', 'echo out; echo err >&2'])\n"
               "os.write(2, repr((child.communicate(), child.returncode)).encode())") % os.getcwd()
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=30)
    assert done.stderr == repr(((b"out\n", b"err\n"), 0)).encode()
