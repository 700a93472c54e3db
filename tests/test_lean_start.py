"""Commands start lean: the user's folders without platformdirs, SHA-256 without OpenSSL, no typing,
threading or json, and the program's exit that skips the last collections; the same answers as before."""

from __future__ import annotations

import subprocess
import sys

import platformdirs
import pytest

from ritual_tui import xdg
from ritual_tui.errors import UsageError

KINDS = ("data", "config", "cache", "state")
VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.mark.parametrize(
    ("home", "value"),
    [
        ("/home/ada", None),  # unset: under the home folder
        ("/home/ada/", ""),  # empty, and a home written with a trailing slash
        ("/home/ada", "relative/folder"),  # relative: ignored, as the spec says
        ("/home/ada", "~/tilde"),  # not absolute either
        ("/home/ada", "/srv/x dg/"),  # absolute, with a space and a trailing slash
        ("/", None),  # home at the root
    ],
)
def test_each_folder_is_the_one_platformdirs_gives(monkeypatch, home, value):
    monkeypatch.setenv("HOME", home)
    for variable in VARIABLES:
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    for kind in KINDS:
        expected = getattr(platformdirs, f"user_{kind}_dir")("ritual-tui", appauthor=False)
        assert xdg.user_folder(kind, "ritual-tui") == expected, kind


def test_a_relative_home_falls_back_to_the_password_database(monkeypatch):
    monkeypatch.setenv("HOME", "not/absolute")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert xdg.user_folder("data", "ritual-tui") == platformdirs.user_data_dir("ritual-tui", appauthor=False)


def test_no_home_at_all_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("HOME", "")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr("pwd.getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    with pytest.raises(UsageError, match="home folder"):
        xdg.user_folder("data", "ritual-tui")


@pytest.mark.parametrize("command", [["due", "-q"], ["list", "--search", "quiet"], ["insights"], ["export", "--format", "json"]])
def test_a_command_imports_nothing_it_does_not_use(locations, command):
    """Why xdg.py and records.py exist: a command (`ritual due` runs at every login) starts without
    platformdirs (and the tempfile, shutil, bz2 and lzma it brings), typing, threading or json (the
    catalog's export writes its documents' bytes as they are), and `due` without OpenSSL (a
    catalog's full walk, as here just after a save, needs hashlib's digest); the catalog's commands
    read the day's settings without Today's rules (`quick_settings`)."""
    from ritual_tui.models import GratitudeEntry
    from ritual_tui.store import Store
    from tests.conftest import DAY, run_cli

    Store(locations.data_dir).save(GratitudeEntry(day=DAY, items=["a quiet walk"]))
    assert run_cli(*command).returncode in (0, 1)  # the first run builds the catalog
    probe = (
        f"import sys; sys.argv = ['ritual', *{command!r}]\n"
        "from ritual_tui.cli import main\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "unwanted = ('platformdirs', 'tempfile', 'shutil', 'bz2', 'lzma', 'typing', 'threading', 'json', 'tomli_w')\n"
        f"unwanted += ('hashlib',) if {command[0] == 'due'} else ('ritual_tui.quick', 'ritual_tui.queries')\n"
        "print(sorted(m for m in unwanted if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_folder_key_is_sha256_of_the_real_path(tmp_path):
    """The key names caches, locks, login state and spare drafts: it must never change between versions."""
    import hashlib
    import os

    from ritual_tui.paths import folder_key

    for name in ("plain", "with space", "ünïcode", "x" * 200):
        folder = tmp_path / name
        real = os.path.realpath(folder)
        assert folder_key(folder) == hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def test_the_program_ends_a_command_whole_through_a_pipe(locations):
    """`run` (the console script) freezes a command's objects before exiting: the output still
    arrives whole, and the exit code is kept."""
    from ritual_tui.models import GratitudeEntry
    from ritual_tui.store import Store
    from tests.conftest import DAY, run_cli

    store = Store(locations.data_dir)
    for number in range(300):
        store.save(GratitudeEntry(day=DAY, items=[f"thing {number}"]))
    listed = run_cli("list", "--kind", "gratitude")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 300
    assert run_cli("due", "-q").returncode in (0, 1)
    assert run_cli("list", "--kind", "nonsense").returncode == 2
