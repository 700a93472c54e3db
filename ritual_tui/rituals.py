"""Every kind of entry, declared once: its key on Today, its names, its screens, its help line.

Today's bindings, the command palette, the `?` help, the command line's choices and the
calendar's filter are all generated from `KINDS`, so a new ritual is one declaration here plus
its model and its screen. No Textual and no pydantic at import: screens are named as
"module:Class" and imported only when one is opened (`ritual due` and login scripts load this).
"""

from __future__ import annotations

from importlib import import_module

from ritual_tui.records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    Due = Literal["daily", "weekly", "plans", "never"]
    """When a ritual is due: every day until done, on the letter weekday until the week's entry is
    written, while exposure plans wait for a reflection, or never (not a ritual)."""

    Opens = Literal["today", "this week", "fresh"]
    """What a ritual's screen opens: the day's entry, the week's entry (both edited when they
    exist, new otherwise), or a fresh screen that finds its own entries (the exposure ladder)."""


class Ritual(Record):
    """One kind of entry. Only kinds with `is_ritual` are on Today; the others (ladder steps)
    are entries all the same: listed, filtered and exported under their `kind`."""

    kind: str
    """The name in files, folders and `ritual list --kind`."""
    name: str
    """The ritual's name for people: Today's row, the palette."""
    label: str
    """The short label in lists: the browser, the calendar, `show` and Markdown."""
    is_ritual: bool = True
    """False for entries that belong to a ritual rather than being one (kind `step`)."""
    key: str | None = None
    """Today's default key (config.toml's [keymap] may remap it by `binding_id`)."""
    cli_help: str = ""
    """The help of `ritual <kind>`, which opens the ritual's screen."""
    help_line: str = ""
    """What the key does, in the `?` help."""
    screen: str | None = None
    """"module:Class" of the screen the ritual opens from Today, the palette and `ritual <kind>`."""
    opens: Opens = "today"
    """Which entry that screen opens (see `Opens`)."""
    editor: str | None = None
    """"module:Class" of the screen that edits a past entry of this kind, made with the entry as
    its one argument (None: not edited on its own)."""
    due: Due = "daily"
    """When it is due on Today and in `ritual due` (see `Due`)."""
    due_name: str = ""
    """What `ritual due` calls it (its `name` when empty)."""
    recent_only: bool = False
    """True for kinds written often: the app keeps only their recent days in memory for Today's
    rules (see `queries.RecentHistory`); lists, search, the calendar and charts read the catalog."""
    command: str | None = None
    """The name of `ritual <command>` when it is not the kind (`ritual circles` opens kind `contact`)."""

    @property
    def binding_id(self) -> str:
        """The id of Today's binding, the name to remap it by in config.toml's [keymap]."""
        return f"today.{self.kind}"

    @property
    def cli_name(self) -> str | None:
        """`ritual <cli_name>` opens the ritual's screen (None for kinds without one)."""
        return (self.command or self.kind) if self.screen else None

    def screen_class(self) -> Any:
        """The screen class the ritual opens (imported now, not before)."""
        if self.screen is None:
            raise LookupError(f"{self.kind} has no screen of its own")
        return load(self.screen)

    def editor_class(self) -> Any | None:
        """The screen class that edits a past entry of this kind, or None."""
        return load(self.editor) if self.editor else None


def editor_for(entry: Any) -> Any | None:
    """A screen editing the past `entry`, as its kind declares (None: not edited on its own,
    like a ladder step, which the exposure screen edits)."""
    declared = BY_KIND.get(entry.kind)
    editor = declared.editor_class() if declared is not None else None
    return editor(entry) if editor is not None else None


def load(spec: str) -> Any:
    """The object a "module:Name" spec names, importing its module now."""
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


_SCREENS = "ritual_tui.screens"

KINDS: tuple[Ritual, ...] = (
    Ritual(
        kind="strengths",
        name="Morning strengths",
        label="Morning strengths",
        key="s",
        cli_help="open the morning strengths reflection",
        help_line="morning strengths",
        screen=f"{_SCREENS}.strengths:StrengthsScreen",
        editor=f"{_SCREENS}.strengths:StrengthsScreen",
        recent_only=True,
    ),
    Ritual(
        kind="gratitude",
        name="Gratitude",
        label="Gratitude",
        key="g",
        cli_help="open gratitude",
        help_line="gratitude",
        screen=f"{_SCREENS}.gratitude:GratitudeScreen",
        editor=f"{_SCREENS}.gratitude:GratitudeScreen",
        recent_only=True,
    ),
    Ritual(
        kind="exposure",
        name="Exposure practice",
        label="Exposure",
        key="e",
        cli_help="open exposure planning and reflection",
        help_line="exposure practice (ladder, plans, reflections)",
        screen=f"{_SCREENS}.exposure:ExposureScreen",
        opens="fresh",
        editor=f"{_SCREENS}.reflect:ReflectScreen",
        due="plans",
        recent_only=True,
        due_name="Exposure reflection",
    ),
    Ritual(
        kind="letter",
        name="Weekly letter",
        label="Weekly letter",
        key="l",
        cli_help="open the weekly letter",
        help_line="weekly letter",
        screen=f"{_SCREENS}.letter:LetterScreen",
        opens="this week",
        editor=f"{_SCREENS}.letter:LetterScreen",
        due="weekly",
    ),
    Ritual(kind="step", name="Ladder step", label="Ladder step", is_ritual=False, due="never"),
    Ritual(
        kind="reframe",
        name="A hard moment",
        label="Reframe",
        key="r",
        cli_help="a hard moment: breathe, reframe, see your anchor",
        help_line="a hard moment: breathe, reframe, and see your anchor (any time, never due)",
        screen=f"{_SCREENS}.reframe:ReframeScreen",
        opens="fresh",
        editor=f"{_SCREENS}.reframe:ReframeScreen",
        due="never",
    ),
    Ritual(
        kind="mission",
        name="Mission and values",
        label="Mission",
        key="m",
        cli_help="write or revise your mission statement and values",
        help_line="your mission statement and values (each revision is kept)",
        screen=f"{_SCREENS}.mission:MissionScreen",
        opens="fresh",
        editor=f"{_SCREENS}.mission:MissionScreen",
        due="never",
    ),
    Ritual(
        kind="contact",
        name="Circles of belonging",
        label="Step in a circle",
        key="p",
        cli_help="open your circles of belonging (map, people, steps)",
        help_line="circles of belonging: the map, your people, a small step",
        screen=f"{_SCREENS}.circles:CirclesScreen",
        opens="fresh",
        editor=f"{_SCREENS}.circle_step:ContactScreen",
        due="never",
        command="circles",
    ),
    Ritual(kind="circle", name="Circle", label="Circle", is_ritual=False, editor=f"{_SCREENS}.circle_forms:CircleEditor", due="never"),
    Ritual(
        kind="held",
        name="Boundaries",
        label="Held boundary",
        key="n",
        cli_help="open your boundaries and the times you held one",
        help_line="boundaries, and the times you held one or said no",
        screen=f"{_SCREENS}.boundaries:BoundariesScreen",
        opens="fresh",
        editor=f"{_SCREENS}.boundary_forms:HeldScreen",
        due="never",
        command="boundaries",
    ),
    Ritual(kind="boundary", name="Boundary", label="Boundary", is_ritual=False, editor=f"{_SCREENS}.boundary_forms:BoundaryEditor", due="never"),
    Ritual(
        kind="note",
        name="A note",
        label="Note",
        key="w",
        cli_help="write a note: a free page for what does not fit a ritual",
        help_line="write a note: a free page with a title and tags (never due)",
        screen=f"{_SCREENS}.note:NoteScreen",
        opens="fresh",
        editor=f"{_SCREENS}.note:NoteScreen",
        due="never",
        recent_only=True,  # years may come from jrnl or Day One: lists and search read the catalog
    ),
)
"""Every kind, in the order Today, the palette, the help and the calendar show them."""

BY_KIND: dict[str, Ritual] = {declared.kind: declared for declared in KINDS}
"""Each declaration by its kind."""

RITUALS: tuple[Ritual, ...] = tuple(declared for declared in KINDS if declared.is_ritual)
"""The kinds that are rituals: on Today, in the palette, each with its own screen."""

ENTRY_KINDS: tuple[str, ...] = tuple(declared.kind for declared in KINDS)
"""Every kind by the name used in files, folders and `ritual list --kind`."""

RITUAL_KINDS: tuple[str, ...] = tuple(declared.kind for declared in RITUALS)
"""The kinds that are rituals (ladder steps, kind `step`, are the exposure ritual's furniture)."""

RITUAL_NAMES: dict[str, str] = {declared.kind: declared.name for declared in RITUALS}
"""Each ritual's name for people."""

KIND_LABELS: dict[str, str] = {declared.kind: declared.label for declared in KINDS}
"""Each kind's short label in lists."""

BY_COMMAND: dict[str, Ritual] = {declared.cli_name: declared for declared in KINDS if declared.cli_name}
"""Each ritual with a screen by the name `ritual <name>` opens it with (`circles` for kind `contact`)."""

CLI_SCREENS: tuple[str, ...] = tuple(declared.cli_name for declared in RITUALS if declared.cli_name)
"""The rituals `ritual <name>` opens (beside `today` and `browse`)."""


__all__ = [
    "BY_COMMAND",
    "BY_KIND",
    "CLI_SCREENS",
    "ENTRY_KINDS",
    "KINDS",
    "KIND_LABELS",
    "RITUALS",
    "RITUAL_KINDS",
    "RITUAL_NAMES",
    "Ritual",
    "editor_for",
    "load",
]
