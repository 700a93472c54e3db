"""Nothing leaks: a sealed letter's words stay sealed everywhere but the file and the JSON backup,
and nothing an entry, an id or a file name holds reaches a terminal raw (RELIABILITY rule 16)."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ritual_tui.clock import iso_week
from ritual_tui.models import ExposureEntry, GratitudeEntry, LetterEntry
from ritual_tui.paths import Locations
from ritual_tui.screens.calendar import CalendarScreen
from ritual_tui.screens.history import OnThisDayScreen
from ritual_tui.screens.letter import LetterScreen
from ritual_tui.screens.today import TodayScreen
from ritual_tui.store import Store
from ritual_tui.text import UNSAFE, json_safe, visible, visible_line
from tests.conftest import DAY, FROZEN, read_toml, run_cli

SIZE = (100, 30)
SECRET = "Zebraquill"
"""The sealed letters' word: it must not appear anywhere before they open."""
OPENS = DAY + timedelta(days=30)
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;aGk=\x07\u202e\x85"
"""A title change, a screen clear, a clipboard write, a right-to-left override and a C1 newline."""


def seal_letters(locations: Locations) -> list[LetterEntry]:
    """This week's letter and last week's, both sealed until DAY + 30 days, and one open letter."""
    store = Store(locations.data_dir)
    at = dict(created=FROZEN, updated=FROZEN)
    last_week = DAY - timedelta(days=7)
    letters = [
        LetterEntry(id="sealnow001", day=DAY, week=iso_week(DAY), body=f"{SECRET} first line\nmore {SECRET}",
                    wins=[f"won {SECRET}"], sealed_until=OPENS, **at),
        LetterEntry(id="sealold001", day=last_week, week=iso_week(last_week), body=f"{SECRET} a week ago",
                    sealed_until=OPENS, **at),
        LetterEntry(id="opened0001", day=DAY - timedelta(days=21), week=iso_week(DAY - timedelta(days=21)),
                    body="Dear me, this one is open.", **at),
    ]
    for letter in letters:
        store.save(letter)
    return letters


def screen_text(app) -> str:
    """Every character the screen draws, from its screenshot (an SVG holding the text of each cell)."""
    cells = re.findall(r">([^<]*)</text>", app.export_screenshot())
    return html.unescape("".join(cells)).replace("\xa0", " ")


def toasts(app) -> str:
    """The words of every notification on screen."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


def inert(text: str) -> bool:
    """True when `text` holds nothing that drives a terminal (newlines and tabs are only layout)."""
    return not any(ord(char) in UNSAFE for char in text if char not in "\n\t")


# -- sealed letters ------------------------------------------------------------------------------


async def test_l_on_today_says_the_letter_is_sealed_and_opens_nothing(make_app, locations: Locations) -> None:
    seal_letters(locations)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert f"sealed until {OPENS:%A %-d %B %Y}" in toasts(app)
        assert SECRET not in screen_text(app)


async def test_the_letter_screen_never_shows_a_sealed_letter(make_app, locations: Locations) -> None:
    sealed = seal_letters(locations)[0]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.push_screen(LetterScreen(editing=app.journal.stored_of(sealed.id).entry))  # as the palette would
        await pilot.pause()
        assert not isinstance(app.screen, LetterScreen)
        assert SECRET not in screen_text(app) and f"sealed until {OPENS:%A %-d %B %Y}" in toasts(app)
    assert SECRET in read_toml(next(locations.entries_dir.rglob("*sealnow001.toml")))["body"]  # the file is untouched


async def test_calendar_and_on_this_day_show_only_when_it_opens(make_app, locations: Locations) -> None:
    seal_letters(locations)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        panel = str(app.screen.query_one("#calendar-entries").render())
        assert f"(sealed until {OPENS})" in panel and SECRET not in panel
        app.screen.show_day(DAY - timedelta(days=7))  # the older sealed letter
        assert SECRET not in str(app.screen.query_one("#calendar-entries").render())
        assert SECRET not in screen_text(app)
        await pilot.press("escape", "o")
        await pilot.pause()
        assert isinstance(app.screen, OnThisDayScreen)
        shown = screen_text(app)
        assert "A week ago" in shown and "sealed" in shown and SECRET not in shown


async def test_the_browser_trash_and_letters_never_show_or_find_it(make_app, locations: Locations) -> None:
    seal_letters(locations)
    store = Store(locations.data_dir)
    store.trash(next(s for s in store.scan().entries if s.entry.id == "sealold001"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert SECRET not in screen_text(app)
        await pilot.press("slash", *SECRET.lower())
        await pilot.pause()
        assert app.screen.window == []
        await pilot.press("escape", "t")  # the trash: sealed there too
        await pilot.pause()
        assert [e.id for e in app.screen.window] == ["sealold001"] and SECRET not in screen_text(app)
        await pilot.press("slash", *SECRET.lower())
        await pilot.pause()
        assert app.screen.window == []
        await pilot.press("escape", "t", "L")
        await pilot.pause()
        assert "Sealed until" in screen_text(app) and SECRET not in screen_text(app)


def test_cli_never_prints_a_sealed_letter_but_the_json_backup_keeps_it(locations: Locations) -> None:
    seal_letters(locations)
    for _ in range(2):  # the first run reads the files (and writes the index); the second answers from the index
        listed = run_cli("list")
        assert f"(sealed until {OPENS})" in listed.stdout and SECRET not in listed.stdout
        assert "sealnow001" not in run_cli("list", "--search", SECRET).stdout
        assert "opened0001" in run_cli("list", "--search", "open").stdout
        rows = json.loads(run_cli("list", "--json").stdout)
        sealed = next(row for row in rows if row["id"] == "sealnow001")
        assert sealed["sealed_until"] == str(OPENS) and "body" not in sealed and "wins" not in sealed
        assert SECRET not in json.dumps(rows)
        assert SECRET not in run_cli("list", "--json", "--search", SECRET).stdout
        shown = run_cli("show", "sealnow001")
        assert shown.returncode == 0 and f"Sealed until {OPENS:%A %-d %B %Y}" in shown.stdout and SECRET not in shown.stdout
        markdown = run_cli("export", "--format", "markdown").stdout
        assert "Sealed until" in markdown and SECRET not in markdown and "this one is open" in markdown
        backup = json.loads(run_cli("export", "--format", "json").stdout)["entries"]
        assert {e["id"]: e.get("body") for e in backup}["sealnow001"] == f"{SECRET} first line\nmore {SECRET}"


def test_a_sealed_letter_opens_on_its_day(locations: Locations) -> None:
    seal_letters(locations)
    on_the_day = {"RITUAL_TUI_FROZEN_NOW": (FROZEN + timedelta(days=30)).isoformat()}
    assert SECRET in run_cli("show", "sealnow001", env=on_the_day).stdout
    assert "sealnow001" in run_cli("list", "--search", SECRET, env=on_the_day).stdout


# -- hostile text, ids and file names --------------------------------------------------------------


def hostile_folder(locations: Locations) -> tuple[Path, Path]:
    """Entries holding HOSTILE text, a copy under a file name with ESC, and a broken file named so too."""
    store = Store(locations.data_dir)
    store.save(GratitudeEntry(id="hostile001", day=DAY, items=[f"tea {HOSTILE} end"]))
    store.save(ExposureEntry(id="hostile002", day=DAY - timedelta(days=1), step=HOSTILE, small_step=f"say hi {HOSTILE}",
                             predicted_discomfort=40, outcome="done"))
    store.save(LetterEntry(id="hostile003", day=DAY - timedelta(days=2), week=iso_week(DAY - timedelta(days=2)),
                           body=f"Dear me {HOSTILE}\n\tindented"))
    source = next(locations.entries_dir.rglob("*hostile001.toml"))
    odd = source.with_name(f"{DAY - timedelta(days=3)}-oddname001\x1b]0;pwned\x07\u202e.toml")
    odd.write_text(source.read_text().replace("hostile001", "oddname001").replace(f'day = {DAY}', f"day = {DAY - timedelta(days=3)}"))
    broken = source.with_name(f"{DAY}-\x1b[2Jbroken\x85.toml")
    broken.write_text("kind = [")
    return odd, broken


def test_list_show_doctor_and_markdown_print_nothing_raw(locations: Locations, tmp_path: Path) -> None:
    odd, broken = hostile_folder(locations)
    for args in (["list"], ["list"], ["list", "--search", "tea"], ["show", "hostile001"], ["show", "oddname001"],
                 ["show", "hostile003"], ["doctor"], ["paths"], ["export", "--format", "markdown"]):
        result = run_cli(*args)
        assert inert(result.stdout) and inert(result.stderr), args
        assert "Traceback" not in result.stderr
    shown = run_cli("show", "oddname001").stdout
    assert visible_line(odd.name) in shown and "tea ␛]0;pwned␇␛[2J" in shown
    assert "Dear me ␛]0;pwned␇" in run_cli("show", "hostile003").stdout
    assert visible_line(str(broken)) in run_cli("doctor").stdout
    markdown = tmp_path / "out.md"
    run_cli("export", "--format", "markdown", "--output", str(markdown))
    written = markdown.read_text("utf-8")
    assert inert(written) and "tea ␛]0;pwned␇" in written and "\n\tindented" in written


def test_json_output_escapes_controls_and_round_trips_exactly(locations: Locations, tmp_path: Path) -> None:
    hostile_folder(locations)
    next(locations.entries_dir.rglob("*broken*")).unlink()  # an export with a file left out is another test's matter
    listed = run_cli("list", "--json").stdout
    assert inert(listed.replace("\n", "")) and "\\u001b]0;pwned\\u0007" in listed and "\\u202e\\u0085" in listed
    assert next(r for r in json.loads(listed) if r["id"] == "hostile001")["items"] == [f"tea {HOSTILE} end"]
    assert any(r["path"].endswith("oddname001\x1b]0;pwned\x07\u202e.toml") for r in json.loads(listed))
    exports = [run_cli("export", "--format", "json").stdout for _ in range(2)]  # from the files, then from the index
    assert exports[0] == exports[1]
    for text in exports:
        assert not any(ord(char) in UNSAFE for char in text if char != "\n")
        entries = {e["id"]: e for e in json.loads(text)["entries"]}
        assert entries["hostile002"]["small_step"] == f"say hi {HOSTILE}" and entries["hostile002"]["step"] == HOSTILE
    backup = tmp_path / "backup.json"
    backup.write_text(exports[0], "utf-8")
    elsewhere = {"RITUAL_TUI_DATA_DIR": str(tmp_path / "elsewhere")}
    assert "Imported 4, skipped 0, failed 0." in run_cli("import", str(backup), env=elsewhere).stdout
    imported = read_toml(next((tmp_path / "elsewhere").rglob("*hostile003.toml")))
    assert imported["body"] == f"Dear me {HOSTILE}\n\tindented"
    assert run_cli("export", "--format", "json", env=elsewhere).stdout == exports[0]


def test_import_prints_failed_ids_and_kinds_neutralised(locations: Locations, tmp_path: Path) -> None:
    doc = {"format": "ritual-tui", "version": 1, "entries": [
        {"id": f"bad{HOSTILE}", "kind": "gratitude", "day": str(DAY), "items": ["ok"]},
        {"id": "kindbad001", "kind": HOSTILE, "day": str(DAY)},
        {"id": "goodgood01", "kind": "gratitude", "day": str(DAY), "items": [HOSTILE]},
    ]}
    source = tmp_path / f"in{HOSTILE}.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = run_cli("import", str(source))
    assert result.returncode == 1 and "Imported 1, skipped 0, failed 2." in result.stdout
    assert inert(result.stdout) and inert(result.stderr) and "bad␛]0;pwned␇" in result.stderr
    again = run_cli("import", str(source))
    assert inert(again.stdout) and inert(again.stderr) and "skipped" in again.stdout
    missing = run_cli("import", str(tmp_path / f"gone{HOSTILE}.json"))
    assert missing.returncode == 1 and inert(missing.stderr) and "gone␛]0;pwned␇" in missing.stderr


# -- the neutraliser itself ----------------------------------------------------------------------


def test_every_bidi_override_and_isolate_is_shown_but_marks_stay() -> None:
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        assert visible(f"a{chr(code)}b") == "a\ufffdb"
    assert visible("שלום\u200f ok\u200e") == "שלום\u200f ok\u200e"  # LRM/RLM reorder no span: RTL writing keeps them
    assert visible("a\nb\tc") == "a\nb\tc" and visible_line("a\nb\tc") == "a␊b␉c"
    assert visible("\x1b[2J\x7f\x85\x9b") == "␛[2J␡\ufffd\ufffd"


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_neutralised_text_is_inert_and_json_round_trips_exactly(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text) and inert(shown) and not any(ord(char) in UNSAFE for char in visible_line(text))
    encoded = json_safe(json.dumps({"t": text}, ensure_ascii=False))
    assert not any(ord(char) in UNSAFE for char in encoded) and json.loads(encoded) == {"t": text}
