"""Themes: bundled files, WCAG contrast, user themes, failures reported, wheel contents, snapshots."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ritual_tui.paths import Locations
from ritual_tui.theming import RITUAL_VARIABLES, bundled_themes_dir, load_catalogue, read_theme_file
from tests.conftest import run_cli

BUNDLED = sorted(p.stem for p in bundled_themes_dir().glob("*.toml"))
ROOT = Path(__file__).resolve().parent.parent


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_at_least_five_bundled_themes_of_each_required_sort() -> None:
    catalogue = load_catalogue(None)
    assert not catalogue.failures
    assert len(BUNDLED) >= 5
    themes = catalogue.themes
    assert any(not t.dark for t in themes.values()) and any(t.dark for t in themes.values())
    assert themes["ritual-terminal"].ansi and themes["ritual-terminal"].primary.startswith("ansi_")
    for theme in themes.values():
        assert set(RITUAL_VARIABLES) <= set(theme.variables), theme.name


@pytest.mark.parametrize("name", [n for n in BUNDLED if n != "ritual-terminal"])
def test_body_text_meets_wcag_aa_in_every_colour_theme(name: str) -> None:
    theme = read_theme_file(bundled_themes_dir() / f"{name}.toml")
    for ground in (theme.background, theme.surface, theme.panel):
        assert contrast(theme.foreground, ground) >= 4.5, (name, ground)
        assert contrast(theme.variables["ritual-quiet"], theme.background) >= 4.5, name


def test_high_contrast_theme_meets_aa_for_every_text_colour() -> None:
    theme = read_theme_file(bundled_themes_dir() / "ritual-contrast.toml")
    texts = [theme.foreground, theme.primary, theme.secondary, theme.accent, theme.warning, theme.error, theme.success]
    texts += [theme.variables[v] for v in RITUAL_VARIABLES]
    for text in texts:
        for ground in (theme.background, theme.surface, theme.panel):
            assert contrast(text, ground) >= 4.5, (text, ground)


def test_no_literal_colour_outside_themes() -> None:
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|\brgb\(")
    for path in (ROOT / "ritual_tui").rglob("*"):
        if path.suffix in {".py", ".tcss"}:
            assert not literal.search(path.read_text()), path


def test_user_themes_override_and_bad_ones_are_reported(tmp_path: Path) -> None:
    (tmp_path / "ritual-dusk.toml").write_text('name = "ritual-dusk"\nprimary = "#123456"\n')
    (tmp_path / "typo.toml").write_text('name = "typo"\nprimry = "#123456"\n')
    (tmp_path / "colour.toml").write_text('name = "colour"\nprimary = "not a colour"\n')
    (tmp_path / "broken.toml").write_text('name = "broken\n')
    (tmp_path / "named.toml").write_text('name = "other"\nprimary = "#123456"\n')
    catalogue = load_catalogue(tmp_path)
    assert catalogue.themes["ritual-dusk"].primary == "#123456"
    reasons = {p.name: r for p, r in catalogue.failures}
    assert "unknown key" in reasons["typo.toml"] and "not a colour" in reasons["colour.toml"]
    assert "TOML" in reasons["broken.toml"] and "file name" in reasons["named.toml"]


def test_ritual_themes_lists_every_theme_and_failure(locations: Locations) -> None:
    result = run_cli("themes")
    assert result.returncode == 0
    for name in BUNDLED:
        assert name in result.stdout
    assert "* ritual-dusk" in result.stdout
    locations.user_themes_dir.mkdir(parents=True)
    (locations.user_themes_dir / "bad.toml").write_text('name = "bad"\n')
    result = run_cli("themes", "--data-dir", str(locations.data_dir))
    assert result.returncode == 1 and "bad.toml" in result.stderr and "primary" in result.stderr


async def test_broken_user_theme_is_skipped_and_the_app_still_starts(make_app, locations: Locations) -> None:
    locations.user_themes_dir.mkdir(parents=True)
    (locations.user_themes_dir / "bad.toml").write_text("= nope")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ritual-dusk"
        assert sum("bad.toml" in n.message for n in app._notifications) == 1


async def test_theme_switch_is_saved_to_config(make_app, locations: Locations) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "ritual-dawn"
        await pilot.pause()
    assert 'theme = "ritual-dawn"' in locations.config_file.read_text()


async def test_no_color_is_honoured(make_app, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color


def test_themes_ship_inside_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in BUNDLED:
        assert f"ritual_tui/themes/{name}.toml" in names
    assert "ritual_tui/app.tcss" in names


@pytest.mark.parametrize("start", ["today", "gratitude"])
@pytest.mark.parametrize("theme", BUNDLED)
def test_theme_snapshot(snap_compare, make_app, snapshot_clock, theme: str, start: str) -> None:
    async def still(pilot) -> None:
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(start, theme=theme), terminal_size=(80, 24), run_before=still)


@pytest.mark.parametrize("theme", BUNDLED)
async def test_every_theme_draws_every_screen(make_app, theme: str) -> None:
    app = make_app(theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("g", "escape", "s", "escape", "e", "escape", "l", "escape", "b", "escape", "question_mark"):
            await pilot.press(key)
        await pilot.pause()
        assert app.theme == theme
