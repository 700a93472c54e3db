"""Theme files (bundled, then the user's own) read and checked; bad files collected, not raised.

Reading and checking never imports Textual (`ritual themes` stays quick, as every command
without a screen): a file becomes a `ThemeSpec`, and the app turns specs into Textual themes.
"""

from __future__ import annotations

import re
import tomli
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ritual_tui.text import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

DEFAULT_THEME = "ritual-dusk"
RITUAL_VARIABLES = ("ritual-done", "ritual-due", "ritual-quiet")
"""ritual's own theme variables; every theme should set them (defaults follow the theme's colours)."""

_COLOUR_KEYS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background", "surface", "panel", "boost")
_NAME = re.compile(r"[\w .+-]+")
"""A theme's name is shown in lists and the palette: letters, digits, spaces and .+-_ only (no markup, no controls)."""
_OTHER_KEYS = {"name": str, "dark": bool, "ansi": bool, "luminosity_spread": float, "text_alpha": float, "variables": dict}
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
"""The colour form every bundled theme uses, checked without Textual (other forms ask Textual)."""


@dataclass(frozen=True)
class ThemeSpec:
    """A checked theme file: the fields of a Textual `Theme`, without importing Textual."""

    name: str
    primary: str
    secondary: str | None = None
    warning: str | None = None
    error: str | None = None
    success: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None
    dark: bool = True
    luminosity_spread: float = 0.15
    text_alpha: float = 0.95
    variables: dict[str, str] = field(default_factory=dict)
    ansi: bool = False

    def to_theme(self) -> Theme:
        """The Textual theme (imports Textual: for the app only)."""
        from textual.theme import Theme

        return Theme(**asdict(self))


@dataclass
class ThemeCatalogue:
    """Every theme found, where each came from, and every file that failed (path, reason)."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    failures: list[tuple[Path, str]] = field(default_factory=list)


def describe_failure(path: Path, reason: str) -> str:
    """The one line telling the user a theme file was skipped (its name neutralised: file names can hold anything)."""
    return visible(f"Theme file {path} skipped: {reason}.")


def bundled_themes_dir() -> Path:
    """The themes shipped with ritual: inside the package when installed, `themes/` in a checkout."""
    packaged = Path(__file__).parent / "themes"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "themes"


def load_catalogue(user_dir: Path | None) -> ThemeCatalogue:
    """Bundled themes, then the user's (same name overrides); bad files are skipped and reported."""
    catalogue = ThemeCatalogue()
    for folder in (bundled_themes_dir(), user_dir):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = read_theme_file(path)
            except ValueError as error:
                catalogue.failures.append((path, visible(str(error))))
                continue
            catalogue.themes[theme.name] = theme
            catalogue.sources[theme.name] = path
    return catalogue


def read_theme_file(path: Path) -> ThemeSpec:
    """One theme file to a Theme; ValueError with a clear reason when anything is wrong."""
    try:
        document = tomli.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot be read ({type(error).__name__})") from None
    except tomli.TOMLDecodeError as error:
        raise ValueError(f"is not valid TOML ({error})") from None
    except RecursionError:
        raise ValueError("is nested too deeply to read") from None
    unknown = set(document) - set(_COLOUR_KEYS) - set(_OTHER_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s): {', '.join(sorted(unknown))}")
    for key, kind in _OTHER_KEYS.items():
        if key in document and not isinstance(document[key], kind if kind is not float else (int, float)):
            raise ValueError(f"'{key}' must be a {kind.__name__}")
    if document.get("name") != path.stem:
        raise ValueError(f"'name' must match the file name ({path.stem!r})")
    if not _NAME.fullmatch(path.stem):
        raise ValueError("'name' may hold only letters, digits, spaces and . + - _")
    if "primary" not in document:
        raise ValueError("'primary' colour is missing")
    for key in _COLOUR_KEYS:
        if key in document:
            _check_colour(key, document[key])
    variables = document.get("variables", {})
    for key, value in variables.items():
        if not isinstance(value, str):
            raise ValueError(f"variable '{key}' must be a string")
        if key.startswith("ritual-") or key.endswith(("-background", "-foreground", "border", "-blurred")):
            _check_colour(f"variables.{key}", value)
    return ThemeSpec(**{k: v for k, v in document.items() if k != "variables"}, variables=dict(variables))


def _check_colour(key: str, value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a colour string")
    if value.startswith("ansi_") or _HEX_COLOUR.fullmatch(value):
        return
    from textual.color import Color, ColorParseError  # functional forms and colour names: Textual decides

    try:
        Color.parse(value)
    except ColorParseError:
        raise ValueError(f"'{key}' is not a colour ({value[:20]!r})") from None


def install_themes(app: App, catalogue: ThemeCatalogue) -> None:
    """Offer exactly the catalogue's themes: ritual's and the user's, never Textual's built-in ones.

    A theme picked in the palette is saved to config.toml; only a theme ritual reads from a file
    can be found again at the next start (and by `ritual themes`, which never imports Textual).
    """
    for spec in catalogue.themes.values():
        app.register_theme(spec.to_theme())
    if not catalogue.themes:
        return  # no theme file could be read at all: Textual's own keep the app usable
    if app.theme not in catalogue.themes:
        use_theme(app, DEFAULT_THEME if DEFAULT_THEME in catalogue.themes else next(iter(catalogue.themes)))
    for name in list(app.available_themes):
        if name not in catalogue.themes:
            app.unregister_theme(name)


def use_theme(app: App, name: str) -> None:
    """Make the registered theme `name` the app's.

    Before the app runs, a theme as dark as the current one is put in place without Textual's
    theme watcher: its classes and the stylesheet's variables are set here, which is all the
    watcher would leave changed then (its ANSI colour filter differs only with `dark` or `ansi`),
    and its queued `refresh_css` (a second parse and restyle of every rule, before the first frame)
    is not needed, as nothing is parsed yet. Any other change goes through Textual's own path.
    """
    from textual.app import App as TextualApp

    if name == app.theme:
        return
    theme = app.get_theme(name)
    current = app.current_theme
    if app.is_running or theme is None or (theme.dark, theme.ansi) != (current.dark, current.ansi):
        app.theme = name
        return
    app.set_reactive(TextualApp.theme, name)
    app.remove_class(*(c for c in app.classes if c.startswith("-theme-")), update=False)
    app.add_class(f"-theme-{name}", update=False)  # as Textual's watcher names it
    app.stylesheet.set_variables(app.get_css_variables())


def variable_defaults(theme: Theme | ThemeSpec | None) -> dict[str, str]:
    """Values for ritual's variables when a theme does not set them: taken from the theme's own colours."""
    if theme is None:
        return {}
    return {
        "ritual-done": theme.success or theme.primary,
        "ritual-due": theme.warning or theme.accent or theme.primary,
        "ritual-quiet": theme.secondary or theme.primary,
    }
