"""The help screen: every key, in one calm place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# ritual — keys

**Today**

| key | does |
|---|---|
| `s` | morning strengths |
| `g` | gratitude |
| `e` | exposure practice (ladder, plans, reflections) |
| `l` | weekly letter |
| `b` | browse past entries |
| `o` | on this day: a week, a month, years ago |
| `c` | calendar: the year of practice at a glance |
| `z` | later: close, and keep the login greeting away for a few hours |
| `,` | settings |
| `L` | read a sealed letter whose day has come |
| `?` / `F1` | this help |
| `q` / `ctrl+q` | quit (unsaved words are kept as drafts) |
| `ctrl+p` | command palette: rituals, theme, help, quit |

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

    CSS_PATH = "screens.tcss"

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP)
