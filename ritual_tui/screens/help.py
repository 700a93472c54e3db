"""The help screen: every key, in one calm place."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.keys import format_key
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from ritual_tui.rituals import RITUALS
from ritual_tui.screens.keys import default_keys, spelled_key
from ritual_tui.text import visible_line

TODAY_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("today.browse",), "browse past entries"),
    (("today.step",), "a small step in one of your circles (a picker when there are several)"),
    (("today.onthisday",), "on this day: a week, a month, years ago"),
    (("today.calendar",), "calendar: the year of practice at a glance"),
    (("today.insights",), "insights: what you predicted against the peak that came, per ladder step"),
    (("today.later",), "later: close, and keep the login greeting away for a few hours"),
    (("today.settings",), "settings"),
    (("today.openletter",), "read a sealed letter whose day has come"),
    (("today.help", "app.help"), "this help"),
    (("today.quit", "app.quit"), "quit (unsaved words are kept as drafts)"),
)
"""Today's other keys by binding id (each ritual's own row comes from rituals.py)."""

OTHER_KEYS = """\
**In a ritual**

| key | does |
|---|---|
| `tab` / `shift+tab` | next / previous field |
| `ctrl+s` | save |
| `escape` | back to Today (unsaved words stay as a draft) |

**Exposure ladder**

| key | does |
|---|---|
| `a` | add a step |
| `enter` / `p` | plan the next attempt on the selected step |
| `r` | reflect on a plan that is waiting |
| `shift+up` / `shift+down` | move a step easier / harder |
| `h` | the step's history: every attempt, predicted vs actual |
| `c` | change the step: rename it, rate it again |
| `x` | archive the step (its attempts stay), or restore an archived one |
| `v` | show the archived steps / the ladder again |
| `3` | only the next three rungs / the whole ladder |

**Weekly letter**

| key | does |
|---|---|
| `↑`/`↓`, `space` (or `enter`) | keep a win in the letter, or leave it out |
| `tab` | to the page, then the seal: sealed for 1, 3, 6 or 12 months, it cannot be read until that day |

**Circles of belonging**

| key | does |
|---|---|
| `a` | add a circle |
| `enter` | change the highlighted circle: its name, kind, what it gives, its people |
| `t` | log a small step in the highlighted circle |
| `x` | archive the circle (its steps still count), or restore an archived one |
| `u` | show the archived circles / the map again |
| `a`, `enter`, `space`, `delete` | on a circle's people: add, change, mark ★ (knows how you handle rejection), remove |

**Boundaries**

| key | does |
|---|---|
| `a` | write a boundary |
| `enter` | change the highlighted boundary, or open a moment in the list below |
| `h` | a moment you held the highlighted boundary |
| `s` | a moment you said no (tied to no boundary) |
| `x` | archive the boundary, or restore an archived one |
| `u` | show the archived boundaries / the others again |

**A hard moment**

| key | does |
|---|---|
| `enter` (or start typing) | leave the breathing guide and write |
| `m` | after saving: write or revise your mission |

**Browse**

| key | does |
|---|---|
| `↑`/`↓`, `j`/`k` | move |
| `/` | search as you type (escape returns to the list) |
| `f` | filter by kind |
| `d` | jump to a date |
| `enter` | open to edit |
| `x` | move to the trash (asks first) |
| `t` / `u` | show the trash / restore from it |
| `L` | read the letters, `←`/`→` older/newer |
| `c` | calendar at the highlighted day |

**Calendar**

| key | does |
|---|---|
| arrows, `h` `j` `k` `l` | move by day (up/down) and week (left/right) |
| `[` / `]` | the year before / after |
| `f` | all rituals, or one ritual |
| `enter` | open the browser at that day |

Drafts are written every couple of seconds while you type and whenever ritual closes, and are
offered back the next time you open that ritual. Keys can be remapped in `config.toml`
(`[keymap]`, by binding id, e.g. `"today.gratitude" = "G"`).
"""


class HelpScreen(ModalScreen[None]):
    """Every key ritual knows."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        #help-body {
            width: 80%;
            max-width: 90;
            height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(help_text(self.app))
        yield Footer()


def help_text(app: App) -> str:
    """The help as Markdown, with Today's keys as config.toml's [keymap] has them."""
    from ritual_tui.screens.today import TodayScreen

    defaults = default_keys(TodayScreen.BINDINGS, type(app).BINDINGS)

    def keys(*binding_ids: str) -> str:
        return " / ".join(_code(spelled_key(app, binding_id, defaults[binding_id])) for binding_id in binding_ids)

    rows = [(keys(ritual.binding_id), ritual.help_line) for ritual in RITUALS if ritual.key]
    rows += [(keys(*binding_ids), does) for binding_ids, does in TODAY_KEYS]
    rows.append((_code("ctrl+p"), "command palette: rituals, theme, help, quit"))
    table = "\n".join(f"| {key} | {does} |" for key, does in rows)
    close = " or ".join(_code(format_key(key)) for key in close_keys(app))
    return f"# ritual — keys\n\nClose this help with {close}; ↑↓ and page keys scroll it.\n\n**Today**\n\n| key | does |\n|---|---|\n{table}\n\n{OTHER_KEYS}"


def close_keys(app: App) -> list[str]:
    """The keys that close the help, as config.toml's [keymap] has them."""
    default = default_keys(HelpScreen.BINDINGS)["help.close"]
    quick = getattr(app, "quick_settings", None)
    chosen = quick.keymap.get("help.close", default) if quick is not None else default
    return [key.strip() for key in chosen.split(",") if key.strip()] or [default]


def _code(key: str) -> str:
    """A key as Markdown code inside a table cell, whatever config.toml made it (`|`, a backtick)."""
    key = visible_line(key).replace("|", "\\|")
    return f"`` {key} ``" if "`" in key else f"`{key}`"
