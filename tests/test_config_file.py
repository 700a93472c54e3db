"""config.toml is the user's file: saves change only what changed, a broken file is never written,
markup-like or hostile text in it never crashes a screen nor drives the terminal (RELIABILITY 13, 16)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ritual_tui.config_file import ConfigProblem, update_config
from ritual_tui.paths import Locations
from ritual_tui.screens.settings import SettingsScreen
from ritual_tui.screens.today import TodayScreen
from ritual_tui.widgets import SafeInput
from tests.conftest import run_cli

SIZE = (100, 30)

COMMENTED = """\
# My ritual settings. Written by hand; please keep my notes.

day_start_hour = 5      # I wake late
gratitude_items = 3     # three is plenty

rituals = [
    "strengths",  # mornings
    "gratitude",
]
future_setting = "from a newer ritual"

[prompts]
# my own words
strength = "Which strength today?"

[keymap]
"today.gratitude" = "G"
"""


def write_config(locations: Locations, text: str | bytes) -> Path:
    """Put `text` in this test's config.toml and return its path."""
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    path = locations.config_file
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


async def test_settings_save_keeps_comments_order_and_unknown_keys(make_app, locations: Locations) -> None:
    path = write_config(locations, COMMENTED)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and not app.screen.read_only
        app.screen.query_one("#gratitude_items", SafeInput).value = "4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.settings.gratitude_items == 4 and app.settings.day_start_hour == 5
        assert any("future_setting" in n.message for n in app._notifications)
    expected = COMMENTED.replace("gratitude_items = 3     #", "gratitude_items = 4     #")
    assert path.read_text("utf-8") == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_theme_picked_in_the_app_changes_only_the_theme_line(make_app, locations: Locations) -> None:
    mine = COMMENTED.replace("\n[prompts]", 'theme = "ritual-dusk"  # calm\n\n[prompts]')
    path = write_config(locations, mine)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "ritual-dusk"
        app.theme = "ritual-dawn"
        await pilot.pause()
        assert app.settings.theme == "ritual-dawn"
    assert path.read_text("utf-8") == mine.replace('"ritual-dusk"  # calm', '"ritual-dawn"  # calm')


BROKEN = {
    "bad value": "# mine\nday_start_hour = 31   # oops\n",
    "not TOML": "# mine\nday_start_hour = \n",
    "duplicate key": "theme = \"ritual-dawn\"\ntheme = \"ritual-dusk\"\n",
    "wrong type": "rituals = \"gratitude\"\n",
    "invalid UTF-8": b"# caf\xe9\ngratitude_items = 2\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
async def test_a_config_that_failed_to_load_is_never_written(make_app, locations: Locations, name: str) -> None:
    original = BROKEN[name]
    path = write_config(locations, original)
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen) and screen.read_only
        problem = str(screen.query_one(".config-problem").render())
        assert str(path) in problem and "fixed" in problem
        assert screen.query_one("#gratitude_items", SafeInput).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert any(n.message.startswith("Not saved") for n in app._notifications)
        await pilot.press("escape")
        app.theme = "ritual-dawn"  # the palette's theme switch refuses too
        await pilot.pause()
        assert any("not remembered" in n.message for n in app._notifications)
    assert path.read_bytes() == before


def test_update_config_refuses_a_broken_file_and_writes_nothing(locations: Locations) -> None:
    path = write_config(locations, "day_start_hour = 31\n")
    with pytest.raises(ConfigProblem, match="day_start_hour"):
        update_config(path, {"theme": "ritual-dawn"})
    assert path.read_text() == "day_start_hour = 31\n"


def test_update_config_keeps_a_hand_edit_made_since_the_app_loaded(locations: Locations) -> None:
    path = write_config(locations, "day_start_hour = 5\n")
    path.write_text("day_start_hour = 6  # changed in my editor\n")
    settings = update_config(path, {"gratitude_items": 4})
    assert path.read_text() == "day_start_hour = 6  # changed in my editor\ngratitude_items = 4\n"
    assert (settings.day_start_hour, settings.gratitude_items) == (6, 4)


def test_update_config_creates_a_private_file_and_skips_writes_that_change_nothing(locations: Locations) -> None:
    path = locations.config_file
    update_config(path, {"theme": "ritual-dawn"})
    assert path.read_text() == 'theme = "ritual-dawn"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    inode = path.stat().st_ino
    update_config(path, {"theme": "ritual-dawn"})
    assert path.stat().st_ino == inode  # not replaced


def test_update_config_writes_through_a_symlink(locations: Locations, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "ritual.toml"
    real.write_text("# tracked in git\ntheme = \"ritual-dusk\"\n")
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    os.symlink(real, locations.config_file)
    update_config(locations.config_file, {"theme": "ritual-forest"})
    assert locations.config_file.is_symlink()
    assert real.read_text() == "# tracked in git\ntheme = \"ritual-forest\"\n"


async def test_a_config_fixed_while_the_app_runs_can_be_saved_from_settings(make_app, locations: Locations) -> None:
    path = write_config(locations, "day_start_hour = 31\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        path.write_text("day_start_hour = 6  # fixed\n")
        await pilot.press("comma")
        await pilot.pause()
        assert not app.screen.read_only
        assert app.screen.query_one("#day_start_hour", SafeInput).value == "6"
        app.screen.query_one("#snooze_hours", SafeInput).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (app.settings.day_start_hour, app.settings.snooze_hours) == (6, 2)
    assert path.read_text() == "day_start_hour = 6  # fixed\nsnooze_hours = 2\n"


MARKUP_EVERYWHERE = """\
theme = "[/]"
strengths = ["[/]", "[b]bold?"]
"[/]" = "an unknown key"

[prompts]
strength = "[/]"
where_it_showed = "[bold red]"
use_today = "[/]"
gratitude = ["[/]", "[link=x]"]
exposure_intro = "[/]"
brave_exit = "[/]"
letter_intro = "[/]"
"""


async def test_markup_like_theme_starts_the_app_on_today(make_app, locations: Locations) -> None:
    write_config(locations, 'theme = "[/]"\n')
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen, TodayScreen) and app.return_code is None
        assert app.theme == "ritual-dusk"
        assert any("'[/]'" in n.message for n in app._notifications)


@pytest.mark.parametrize("key", ["", "s", "g", "e", "l", "comma", "question_mark", "b"])
async def test_markup_like_text_in_any_setting_is_shown_as_text(make_app, locations: Locations, key: str) -> None:
    write_config(locations, MARKUP_EVERYWHERE)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        if key:
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("down")  # into the lists, where there are lists
        await pilot.pause(0.1)
        assert app.return_code is None and app.is_running
        if key == "s":
            prompts = [str(p.render()) for p in app.screen.query("Prompt")]
            assert "[/]" in prompts and "[bold red]" in prompts


HOSTILE = '"\\u001b]0;pwned\\u0007" = 1\n'


@pytest.mark.parametrize("command", [("config", "show"), ("config", "edit"), ("due",)])
def test_hostile_config_keys_are_printed_neutralised(locations: Locations, tmp_path: Path, command: tuple[str, ...]) -> None:
    write_config(locations, HOSTILE)
    result = run_cli(*command, env={"VISUAL": "true"})
    assert result.returncode == (0 if command == ("due",) else 1)  # an unknown key alone is ignored by due
    for output in (result.stdout, result.stderr):
        assert "\x1b" not in output and "\x07" not in output
    assert "\u241b]0;pwned\u2407" in result.stderr and str(locations.config_file) in result.stderr


def test_a_broken_config_is_reported_by_due_in_one_neutralised_line(locations: Locations) -> None:
    write_config(locations, 'day_start_hour = 31\n"\\u001b[2J" = 2\n')
    result = run_cli("due")
    lines = [line for line in result.stderr.splitlines() if line.startswith("ritual:")]
    assert len(lines) == 1 and "day_start_hour" in lines[0] and "\x1b" not in lines[0] and "\u241b[2J" in lines[0]
    assert run_cli("due", "--quiet").stderr == ""


def test_quick_settings_know_every_setting_name() -> None:
    from ritual_tui.quick_settings import SETTING_NAMES
    from ritual_tui.settings import Settings

    assert SETTING_NAMES == set(Settings.model_fields)


async def test_theme_files_with_markup_or_controls_in_their_names_are_reported_as_text(make_app, locations: Locations) -> None:
    themes = locations.user_themes_dir
    themes.mkdir(parents=True)
    (themes / "ritual-[b].toml").write_text('name = "ritual-[b]"\nprimary = "#123456"\n')
    (themes / "\x1b]0;pwned\x07.toml").write_text('name = "\x1b]0;pwned\x07"\nprimary = "#123456"\n')
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen, TodayScreen) and "ritual-[b]" not in app.available_themes
        skipped = [n.message for n in app._notifications if "skipped" in n.message]
        assert len(skipped) == 2 and all("\x1b" not in m and "\x07" not in m for m in skipped)
        assert any("\u241b]0;pwned\u2407" in m for m in skipped)
