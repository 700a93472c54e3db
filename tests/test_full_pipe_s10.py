"""Every command's output reaches a full non-blocking pipe or terminal whole, and a reader that
has gone ends a command quietly (session 10).

A pipe or terminal another program made non-blocking (the mode belongs to the shared file
description) refuses writes while it is full. Python's own streams then lost the rest of the text:
`ritual show`, `insights` and `doctor` ended with exit 120 and "Exception ignored ...
BlockingIOError" after the first 4 KiB (or, under `python -u`, with exit 0 and the rest silently
gone), and a reader gone (`ritual due | head -0`) gave exit 120 and "Exception ignored ...
BrokenPipeError". `output.wait_on_full_output` now puts both standard streams on a file that waits.

Each pipe here is one page, made full before the command starts, and drained late by a reader
thread: every write of the command meets a full pipe. The commands of a test run at the same
time, so one wait serves them all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from ritual_tui.models import NoteEntry
from ritual_tui.models.exposure import ExposureEntry, LadderStep, Outcome
from ritual_tui.models.reframe import ReframeEntry
from ritual_tui.paths import Locations
from ritual_tui.store import Store
from tests.conftest import DAY, run_cli

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="F_SETPIPE_SZ and the pty's size are Linux's")

BUFFERED = {"PYTHONUNBUFFERED": ""}
"""How a user runs ritual: the streams buffered (Python reads an empty PYTHONUNBUFFERED as unset)."""

UNBUFFERED = {"PYTHONUNBUFFERED": "1"}
"""`python -u`, as some environments (and this one's tests) set it: no buffer below the text."""

LATE = 0.4
"""How long a reader waits before it drains: the commands start and find the pipe full meanwhile."""


def _full_pipe() -> tuple[int, int, int]:
    """A one-page pipe whose write end is non-blocking and already full: (read end, write end,
    the bytes put in to fill it)."""
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: one page
    os.set_blocking(write_end, False)
    filled = 0
    try:
        while True:
            filled += os.write(write_end, b"." * 4096)
    except BlockingIOError:
        pass
    return read_end, write_end, filled


def _drain_late(read_end: int, filled: int, got: list[bytes]) -> threading.Thread:
    """A reader that waits LATE seconds, then reads everything and keeps what came after the filling."""

    def drain() -> None:
        time.sleep(LATE)
        with os.fdopen(read_end, "rb") as reader:
            got.append(reader.read()[filled:])

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    return reader


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}


def _through_full_pipes(commands: list[list[str]], into: str, env: dict[str, str]) -> list[tuple[int, bytes, bytes]]:
    """Run the commands at once, their stdout and stderr each a full non-blocking pipe drained
    late (`into` "each"), or both one such pipe ("both"); (exit code, stdout, stderr) of each
    ("both": all in the second, stderr empty), in order."""
    started = []
    for args in commands:
        pipes = []
        for _ in range(2 if into == "each" else 1):
            read_end, write_end, filled = _full_pipe()
            got: list[bytes] = []
            pipes.append((write_end, _drain_late(read_end, filled, got), got))
        child = subprocess.Popen([sys.executable, "-m", "ritual_tui", *args], env=_env(env), stdin=subprocess.DEVNULL,
                                 stdout=pipes[0][0], stderr=pipes[-1][0])
        for write_end, _, _ in pipes:
            os.close(write_end)
        started.append((child, pipes))
    results = []
    for child, pipes in started:
        code = child.wait(timeout=60)
        for _, reader, _ in pipes:
            reader.join(timeout=60)
        results.append((code, pipes[0][2][0], pipes[1][2][0]) if into == "each" else (code, b"", pipes[0][2][0]))
    return results


def _plainly(args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([sys.executable, "-m", "ritual_tui", *args], env=_env(env), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def _assert_whole(commands: list[list[str]], env: dict[str, str], into: tuple[str, ...] = ("each", "both")) -> list[tuple[int, bytes, bytes]]:
    """Each command gives, through full pipes, exactly what it gives through plain ones; returns
    what the plain runs gave."""
    expected = [_plainly(args, env) for args in commands]
    for where in into:
        for args, (code, out, err), (got_code, got_out, got_err) in zip(commands, expected, _through_full_pipes(commands, where, env)):
            assert b"Traceback" not in got_out + got_err and b"Exception ignored" not in got_out + got_err, (args, where)
            assert got_code == code, (args, where)
            if where == "each":
                assert (got_out, got_err) == (out, err), (args, where)
            else:  # stdout's blocks and stderr's lines interleave, each whole
                assert len(got_err) == len(out) + len(err), (args, where)
                for line in err.splitlines(keepends=True):
                    assert line in got_err, (args, where)
                    got_err = got_err.replace(line, b"", 1)
                assert got_err == out, (args, where)
    return expected


def _history(locations: Locations) -> None:
    """A long note, reframes (their patterns block), a ladder of attempts (insights), broken files (doctor)."""
    store = Store(locations.data_dir)
    lines = [f"line {n} " + "word " * 28 for n in range(600)]
    store.save(NoteEntry(id="longnote01", day=DAY - timedelta(days=1), title="long", body="\n".join(lines)))
    for n in range(20):
        store.save(ReframeEntry(day=DAY - timedelta(days=n * 2), what_happened=f"moment {n}",
                                traps=["labelling", "mind-reading"], intensity_before=80, intensity_after=30 + n % 40))
    for s in range(15):
        step = LadderStep(day=DAY - timedelta(days=120), name=f"step {s} " + "x" * 40, difficulty=s * 3, position=float(s))
        store.save(step)
        for attempt in range(2):
            store.save(ExposureEntry(day=DAY - timedelta(days=attempt + 1), step=step.name, step_id=step.id,
                                     predicted_discomfort=60, discomfort_peak=40, outcome=Outcome.DONE, feared_happened="no"))
    broken = locations.entries_dir / "note" / "broken"
    broken.mkdir(parents=True)
    for n in range(200):
        (broken / f"broken-{n:04d}-{'n' * 60}.toml").write_text("not = = toml\n")


@pytest.mark.parametrize(("env", "into"), [(BUFFERED, ("each", "both")), (UNBUFFERED, ("each",))], ids=["buffered", "python -u"])
def test_long_outputs_reach_a_full_pipe_whole(locations: Locations, env: dict[str, str], into: tuple[str, ...]) -> None:
    """show of a long entry, insights (text and JSON), doctor's many problems, the reframes'
    patterns block after their list: every byte, the right exit code, the warnings on stderr."""
    _history(locations)
    assert run_cli("list").returncode == 0  # the catalog is built
    commands = [["show", "longnote01"], ["insights"], ["insights", "--json"], ["doctor"], ["list", "--kind", "reframe"]]
    sizes = [len(out) for _, out, _ in _assert_whole(commands, env, into)]
    assert min(sizes) > 1000 and sizes[0] > 64 * 1024 and sizes[3] > 64 * 1024, sizes


def test_short_outputs_and_errors_reach_a_full_pipe_whole(locations: Locations) -> None:
    """The login script's `due`, `--help`, paths, themes, config, sync's status, a list with
    nothing, and errors on stderr: a usage error, an unknown id."""
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="today", body="x"))
    commands = [["due"], ["--help"], ["paths"], ["themes"], ["config", "show"], ["sync", "status"],
                ["list", "--kind", "letter"], ["list", "--bogus"], ["show", "nothere"]]
    _assert_whole(commands, BUFFERED, ("each",))


def test_many_warnings_reach_a_full_standard_error_whole(locations: Locations) -> None:
    """Two hundred theme files that fail, each a line on stderr, with the themes on stdout."""
    locations.user_themes_dir.mkdir(parents=True)
    for n in range(200):
        (locations.user_themes_dir / f"broken-{n:04d}-{'t' * 60}.toml").write_text("not = = toml\n")
    code, out, err = _plainly(["themes"], BUFFERED)
    assert code == 1 and len(err) > 16 * 1024 and out
    _assert_whole([["themes"]], BUFFERED)


def test_a_full_non_blocking_terminal_gets_every_byte(locations: Locations) -> None:
    """A terminal another program made non-blocking: `show` of a long entry waits while it is full."""
    import pty

    _history(locations)
    expected = _plainly(["show", "longnote01"], BUFFERED)
    assert len(expected[1]) > 16 * 1024
    controller, terminal = pty.openpty()
    os.set_blocking(terminal, False)
    child = subprocess.Popen([sys.executable, "-m", "ritual_tui", "show", "longnote01"], env=_env(BUFFERED),
                             stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    time.sleep(LATE)  # the terminal's buffer fills meanwhile
    seen = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child has gone and everything was read
            break
        if not chunk:
            break
        seen += chunk
    code, err = child.wait(timeout=60), child.stderr.read()
    os.close(controller)
    assert (code, bytes(seen).replace(b"\r\n", b"\n"), err) == expected


def test_ctrl_c_while_a_full_pipe_waits_ends_the_command(locations: Locations) -> None:
    """A reader that never reads: Ctrl+C ends the waiting command at once, exit 130, no traceback
    (the rest of its output is dropped, not waited for again at exit)."""
    import signal

    _history(locations)
    read_end, write_end, _ = _full_pipe()
    child = subprocess.Popen([sys.executable, "-m", "ritual_tui", "doctor"], env=_env(BUFFERED),
                             stdin=subprocess.DEVNULL, stdout=write_end, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as from a terminal,
    os.close(write_end)  # even when the tests run as a background job (which ignores Ctrl+C, and so would the child)
    try:
        deadline = time.monotonic() + 30
        while not any(word in Path(f"/proc/{child.pid}/wchan").read_text() for word in ("poll", "select")):
            if time.monotonic() > deadline:
                pytest.skip("this kernel does not say where a process waits")
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=10) == 130
        assert child.stderr.read() == b""
    finally:
        child.kill()
        child.wait()
        os.close(read_end)


def _reader_gone(args: list[str], env: dict[str, str] = BUFFERED, *, stream: str = "out") -> tuple[int, bytes]:
    """Run a command with its stdout (or stderr) a pipe whose reader closed before it started:
    (exit code, what the other stream got)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    other = subprocess.PIPE
    done = subprocess.run([sys.executable, "-m", "ritual_tui", *args], env=_env(env), timeout=60,
                          stdout=write_end if stream == "out" else other, stderr=write_end if stream == "err" else other)
    os.close(write_end)
    return done.returncode, done.stderr if stream == "out" else done.stdout


@pytest.mark.parametrize("env", [BUFFERED, UNBUFFERED], ids=["buffered", "python -u"])
def test_a_reader_gone_ends_each_command_quietly(locations: Locations, env: dict[str, str]) -> None:
    """EPIPE (Python ignores SIGPIPE): no traceback and no "Exception ignored"; a command cut short
    exits 0, one that had finished keeps its own code (an unknown id, a usage error)."""
    _history(locations)
    cases = [(["show", "longnote01"], 0), (["--help"], 0), (["show", "nothere"], 1)]
    if env is BUFFERED:  # and their final flush at exit
        cases += [(["doctor"], 0), (["insights"], 0), (["list", "--kind", "reframe"], 0), (["due"], 0), (["--version"], 0),
                  (["paths"], 0), (["config", "show"], 0), (["list", "--bogus"], 2)]
    Store(locations.data_dir).save(NoteEntry(day=DAY, title="today", body="x"))
    for args, code in cases:
        got_code, err = _reader_gone(args, env)
        assert b"Traceback" not in err and b"Exception ignored" not in err and b"Broken pipe" not in err, args
        assert got_code == code, args


def test_show_piped_into_head_ends_quietly(locations: Locations) -> None:
    """`ritual show X | head -1`, as a user types it."""
    _history(locations)
    script = f"'{sys.executable}' -m ritual_tui show longnote01 | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(script, shell=True, executable="/bin/bash", capture_output=True, timeout=60, env=_env(BUFFERED))
    assert done.stdout.count(b"\n") == 1
    assert done.returncode == 0 and b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_a_standard_error_whose_reader_has_gone_costs_the_output_nothing(locations: Locations) -> None:
    """The warning for the broken files cannot be delivered: the list still comes whole, exit 0
    (it printed nothing and exited 120)."""
    _history(locations)
    code, out, err = _plainly(["list"], BUFFERED)
    assert code == 0 and b"need a look" in err
    assert _reader_gone(["list"], stream="err") == (0, out)
    assert _reader_gone(["show", "nothere"], stream="err") == (1, b"")


def test_the_standard_streams_keep_their_settings() -> None:
    """Below the text, only the file changes: encoding, errors and line buffering are as Python set them."""
    probe = (
        "import sys\n"
        "before = [(s.encoding, s.line_buffering, s.write_through) for s in (sys.stdout, sys.stderr)]\n"
        "from ritual_tui.output import wait_on_full_output\n"
        "wait_on_full_output()\n"
        "after = [(s.encoding, s.line_buffering, s.write_through) for s in (sys.stdout, sys.stderr)]\n"
        "print(before == after, type(sys.stdout.buffer.raw).__name__, sys.stdout.errors)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env({**BUFFERED, "PYTHONIOENCODING": "latin-1:strict"}))
    assert done.stdout == "True PatientFile strict\n" and done.stderr == ""


def test_no_command_imports_select_unless_it_waits(locations: Locations) -> None:
    """`ritual due` at every login: the waiting costs no import while nothing is full."""
    probe = (
        "import sys; sys.argv = ['ritual', 'due']\n"
        "from ritual_tui.cli import main\n"
        "main()\n"
        "print('select' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=_env(BUFFERED))
    assert done.stderr.splitlines()[-1] == "False"


def test_a_closed_standard_output_is_still_one_line(locations: Locations) -> None:
    done = subprocess.run(f"'{sys.executable}' -m ritual_tui paths >&-", shell=True, capture_output=True, text=True, timeout=60, env=_env(BUFFERED))
    assert (done.returncode, done.stderr) == (1, "ritual: cannot write: the standard output is closed.\n")


def test_an_import_from_a_non_blocking_input_waits_for_all_of_it(locations: Locations) -> None:
    """`ritual import -` reads a pipe another program made non-blocking whole, however slowly the
    writer gives it (it used to read None, or what had arrived so far)."""
    Store(locations.data_dir).save(NoteEntry(day=DAY, note_title="kept", body="a note to bring along"))
    exported = run_cli("export", "--format", "json").stdout
    other = locations.data_dir.parent / "other"
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    process = subprocess.Popen([sys.executable, "-m", "ritual_tui", "--data-dir", str(other), "import", "-"],
                               stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env({}))
    os.close(read_end)
    data = exported.encode()
    for start in range(0, len(data), 7):  # a slow writer: the reader finds the pipe empty between pieces
        os.write(write_end, data[start:start + 7])
        time.sleep(0.001)
    os.close(write_end)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "kept" in run_cli("--data-dir", str(other), "list").stdout


def test_an_import_from_a_closed_input_is_one_line(locations: Locations) -> None:
    done = subprocess.run([sys.executable, "-m", "ritual_tui", "import", "-"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=_env({}), timeout=60)
    closed = subprocess.run([sys.executable, "-c", "import os, runpy, sys; os.close(0); sys.argv = ['ritual', 'import', '-']; "
                             "runpy.run_module('ritual_tui', run_name='__main__')"],
                            capture_output=True, text=True, env=_env({}), timeout=60)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert closed.returncode == 1 and len(closed.stderr.splitlines()) == 1
    assert closed.stderr.startswith("ritual: cannot read - (") and "Traceback" not in closed.stderr
