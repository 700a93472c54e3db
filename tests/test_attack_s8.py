"""Session 8's faster start-up, attacked on purpose: each test is a difference found against the
code before it (platformdirs, typing.NamedTuple, a Python loop over the practice days)."""

from __future__ import annotations

import pwd
import subprocess
import sys
from datetime import date

import platformdirs
import pytest

from ritual_tui import xdg
from ritual_tui.paths import Locations


def test_every_name_a_module_exports_exists_at_run_time() -> None:
    """Names only type checkers see (`rituals.Due`, `rituals.Opens`, behind TYPE_CHECKING = False)
    must not be promised by `__all__`, or `from ritual_tui.rituals import *` (and pydoc) fails."""
    probe = ("import importlib, pkgutil, ritual_tui\n"
             "for found in pkgutil.walk_packages(ritual_tui.__path__, 'ritual_tui.'):\n"
             "    if not found.name.endswith('__main__'):\n"
             "        module = importlib.import_module(found.name)\n"
             "        for name in getattr(module, '__all__', ()):\n"
             "            getattr(module, name)\n"
             "from ritual_tui.rituals import *\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("home", [None, "", "not/absolute"])
def test_an_empty_home_in_the_password_database_is_the_root_as_platformdirs_says(monkeypatch, home) -> None:
    """os.path.expanduser (so platformdirs) reads an empty home field as "/": not an error."""
    entry = pwd.struct_passwd(("someone", "x", 4242, 4242, "", "", "/bin/sh"))
    monkeypatch.setattr("pwd.getpwuid", lambda uid: entry)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    for kind in ("data", "config", "cache", "state"):
        monkeypatch.delenv(f"XDG_{kind.upper()}_HOME", raising=False)
        expected = getattr(platformdirs, f"user_{kind}_dir")("ritual-tui", appauthor=False)
        assert xdg.user_folder(kind, "ritual-tui") == expected


def test_an_android_build_of_python_is_left_to_platformdirs(monkeypatch) -> None:
    """platformdirs looks for an Android app whenever Python is built for Android, whatever the
    environment says: xdg.py must not answer for it."""
    monkeypatch.setattr(sys, "getandroidapilevel", lambda: 34, raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.delenv("ANDROID_ROOT", raising=False)
    assert not xdg._answers_here()


@pytest.mark.parametrize("day", [date(300, 3, 1), date(100, 3, 1), date(1, 1, 1), date(999, 12, 31),
                                 date(1582, 10, 15), date(1900, 3, 1), date(2000, 2, 29), date(9999, 12, 31)])
def test_practice_months_from_the_catalog_are_the_files_months(locations: Locations, day: date) -> None:
    """SQLite's date() names 0300-03-01 "0300-02-29": the practice days of a month must be
    counted as the entries' own days say (as `insights.insights` does without a catalog)."""
    from ritual_tui.insights import entry_day_kinds, insights
    from ritual_tui.insights_catalog import insights_of_catalog
    from ritual_tui.models import GratitudeEntry
    from tests.conftest import DAY
    from tests.test_insights import cataloged

    entries = [GratitudeEntry(day=day, items=["tea"]), GratitudeEntry(day=DAY, items=["a walk"])]
    catalog, _ = cataloged(locations, entries)
    assert insights_of_catalog(catalog, DAY).practice_days == insights(entries, entry_day_kinds(entries), DAY).practice_days


def test_names_holding_nul_and_controls_come_from_the_catalog_whole(locations: Locations) -> None:
    """SQLite's json_extract ends a string at an escaped NUL (`\\u0000`): a step's or a circle's
    name must still come out whole, as the files give it."""
    from datetime import timedelta

    from ritual_tui.insights import entry_day_kinds, insights
    from ritual_tui.insights_catalog import insights_of_catalog
    from ritual_tui.models import CircleEntry, ContactEntry, ExposureEntry, LadderStep
    from tests.conftest import DAY
    from tests.test_insights import cataloged

    step = LadderStep(id="stepnul001", day=DAY - timedelta(days=9), name="Say\x00 hello \x85 \u202e first 🎉")
    circle = CircleEntry(id="circnul001", day=DAY - timedelta(days=9), circle="Choir\x00 of friends")
    entries = [step, circle,
               ContactEntry(day=DAY - timedelta(days=2), circle_id="circnul001", circle="old"),
               ContactEntry(day=DAY - timedelta(days=1), circle_id="circgone01", circle="Gone\x00 circle"),
               ExposureEntry(day=DAY - timedelta(days=1), step=step.name, step_id=step.id, predicted_discomfort=60,
                             discomfort_peak=30, outcome="done")]
    catalog, _ = cataloged(locations, entries)
    expected = insights(entries, entry_day_kinds(entries), DAY)
    found = insights_of_catalog(catalog, DAY)
    assert [s.name for s in found.steps] == [s.name for s in expected.steps] == [step.name]
    assert found.to_json() == expected.to_json()


def test_odd_documents_give_the_catalog_the_files_answers(locations: Locations) -> None:
    """Each field is now json_extract's own SQL value (true is 1, a table is JSON text): fields of
    the wrong type kept as extras, a step's missing or integer numbers, empty and repeated traps."""
    from datetime import timedelta

    from ritual_tui.insights import entry_day_kinds, insights
    from ritual_tui.insights_catalog import insights_of_catalog
    from ritual_tui.models import CircleEntry, ContactEntry, ExposureEntry, LadderStep, ReframeEntry
    from tests.conftest import DAY
    from tests.test_insights import cataloged

    back = lambda days: DAY - timedelta(days=days)  # noqa: E731
    plain = LadderStep(id="stepplain1", day=back(30), name="Plain")
    odd = LadderStep(id="stepodd001", day=back(30), name="Odd", position=3, difficulty=0, archived=True,
                     weird={"a": 1, "b": [True, 2.5]})
    entries = [
        plain, odd,
        ReframeEntry(day=back(20), what_happened="x", traps=["labelling", "labelling", "mind-reading"]),
        ReframeEntry(day=back(19), what_happened="x", traps=[], name=[1, 2], archived="false", circle={"x": 1}),
        ReframeEntry(day=back(18), what_happened="x"),
        CircleEntry(id="circodd001", day=back(17), circle="Choir", archived=True, traps="not a list"),
        ContactEntry(day=back(16), circle_id="circodd001", circle="Old name", step={"a": True}),
        ContactEntry(day=back(15), circle_id="circgone01", circle="", position=True),
        ExposureEntry(day=back(2), step="Odd", step_id=odd.id, predicted_discomfort=70, discomfort_peak=40,
                      outcome="done", feared_happened="no", archived=[1]),
    ]
    catalog, reconciled = cataloged(locations, entries)
    assert not reconciled.problems
    expected = insights(entries, entry_day_kinds(entries), DAY)
    found = insights_of_catalog(catalog, DAY)
    assert found.to_json() == expected.to_json()
    assert [(s.step_id, s.name, s.archived, s.points) for s in found.steps] == \
        [(s.step_id, s.name, s.archived, s.points) for s in expected.steps]
