"""Layers without circles, and one declaration per ritual (ARCHITECTURE.md; issue 12).

The import rules are read from the source with `ast`, every import counted: at the top of a
module and inside functions (a lazy import is still a dependency). Then the generated parts are
driven as a user would: a key remapped in config.toml opens its ritual and shows in `?`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import ritual_tui
from ritual_tui.paths import Locations

PACKAGE = Path(ritual_tui.__file__).parent
ROOT = "ritual_tui"

KNOWN_CYCLE_EDGES: dict[tuple[str, str], str] = {
    # (importer, imported): why it is still here. Each one closes a circle; remove the edge in the
    # code, then its line here (the test fails on a line whose edge is gone, so the list only shrinks).
}
"""Import edges allowed to close a circle for now (none may be added: fix the import instead)."""

PRIVATE_TEXTUAL_NAMES = frozenset(
    {"_loop", "_context", "_closing", "_closed", "_running", "_return_code", "_exception", "_exception_event",
     "_handle_exception"}
)
"""Textual internals that change between releases: using one makes an upgrade a rewrite."""

PRIVATE_NAMES_ALLOWED: dict[str, str] = {
    # module: why it still needs them. Keep it this short.
    "ritual_tui.app": "_handle_exception is Textual's only hook for an unhandled error (a draft kept, one safe "
    "line); if an upgrade stops calling it, `error_console` still keeps tracebacks away (tests/test_pty.py)",
}
"""Modules still allowed to use Textual's private names, each with the reason (to be emptied)."""

WITHOUT_TEXTUAL = ("models", "store", "journal", "queries", "clock", "paths", "text", "errors", "rituals", "catalog")
"""Modules (or packages, or prefixes like `catalog*`) that never import Textual when imported."""


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and whether it runs when the module is imported."""

    importer: str
    imported: str
    top_level: bool
    line: int


def module_name(path: Path) -> str:
    """`ritual_tui/store/store.py` -> `ritual_tui.store.store`; a package is its `__init__`."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, top_level: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below `node`, marked with whether it runs at import time (not in a function
    or a `TYPE_CHECKING` block; class bodies run at import time)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            continue  # for type checkers only: never imported when the program runs
        inner = top_level and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        yield child, inner
        yield from _walk(child, inner)


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str) -> list[Import]:
    """Every import in `module`, each imported name that is itself a module counted as one."""
    tree = ast.parse(MODULES[module].read_text("utf-8"))
    found: list[Import] = []
    for node, top_level in _walk(tree, True):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, top_level, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append(Import(module, submodule if submodule in MODULES else source, top_level, node.lineno))
    return found


@cache
def all_imports() -> tuple[Import, ...]:
    """Every import in the package (read once per test session)."""
    return tuple(found for module in MODULES for found in imports_of(module))


def _inside(module: str) -> str | None:
    """The package module an imported name belongs to (`ritual_tui.store.atomic.x` -> its module)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def package_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (anywhere in it)."""
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for found in all_imports():
        target = _inside(found.imported)
        if target and target != found.importer:
            graph[found.importer].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _a_path(graph: dict[str, set[str]], start: str, group: list[str]) -> list[str]:
    """One circle through `start` inside `group`, for a readable failure."""
    seen, frontier = {start: [start]}, [start]
    while frontier:
        node = frontier.pop(0)
        for target in sorted(graph[node] & set(group)):
            if target == start:
                return [*seen[node], start]
            if target not in seen:
                seen[target] = [*seen[node], target]
                frontier.append(target)
    return [start]


def test_the_package_imports_form_no_circle() -> None:
    graph = package_graph()
    for importer, imported in KNOWN_CYCLE_EDGES:
        assert imported in graph.get(importer, set()), f"{importer} no longer imports {imported}: remove it from KNOWN_CYCLE_EDGES"
        graph[importer].discard(imported)
    circles = [" -> ".join(_a_path(graph, group[0], group)) for group in cycles(graph)]
    assert not circles, "import circles (break them, e.g. move the shared piece down a layer):\n" + "\n".join(circles)


def test_the_circle_finder_finds_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert _a_path(graph, "a", ["a", "b", "c"]) == ["a", "b", "c", "a"]


def _without_textual(module: str) -> bool:
    relative = module.removeprefix(f"{ROOT}.")
    return any(relative == name or relative.startswith(f"{name}.") or (name == "catalog" and relative.startswith("catalog")) for name in WITHOUT_TEXTUAL)


def _imported_at_load(module: str) -> set[str]:
    """Everything importing `module` imports too: its top-level imports, followed through the package."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        for found in all_imports():
            if found.importer == current and found.top_level and found.imported not in seen:
                seen.add(found.imported)
                if (inside := _inside(found.imported)) and inside not in seen:
                    seen.add(inside)
                    todo.append(inside)
    return seen


def test_the_lower_layers_never_import_textual_when_loaded() -> None:
    lower = [module for module in MODULES if _without_textual(module)]
    assert {f"{ROOT}.errors", f"{ROOT}.rituals", f"{ROOT}.journal", f"{ROOT}.store.store"} <= set(lower)
    offenders = {
        module: sorted(name for name in _imported_at_load(module) if name.split(".")[0] in ("textual", "rich"))
        for module in lower
    }
    assert not {module: names for module, names in offenders.items() if names}


def test_the_lower_layers_load_without_textual_in_a_fresh_interpreter() -> None:
    lower = sorted(module for module in MODULES if _without_textual(module))
    code = (
        "import importlib, sys\n"
        f"for name in {lower!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_only_main_imports_the_command_line() -> None:
    importers = sorted({found.importer for found in all_imports() if _inside(found.imported) == f"{ROOT}.cli"} - {f"{ROOT}.cli"})
    assert importers == [f"{ROOT}.__main__"]


def test_no_module_touches_textual_private_names() -> None:
    used: dict[str, list[str]] = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else node.value if isinstance(node, ast.Constant) else None
            if isinstance(name, str) and name in PRIVATE_TEXTUAL_NAMES:
                used.setdefault(module, []).append(f"{name} (line {node.lineno})")
    for module in PRIVATE_NAMES_ALLOWED.keys() - used.keys():
        warnings.warn(f"{module} no longer uses Textual's private names: remove it from PRIVATE_NAMES_ALLOWED", stacklevel=1)
    assert {module: names for module, names in used.items() if module not in PRIVATE_NAMES_ALLOWED} == {}


# ------------------------------------------------------------ one declaration per ritual, driven

SIZE = (100, 30)


def help_rows(app) -> dict[str, str]:
    """The `?` help as a user reads it: each row's text -> the key shown beside it."""
    cells = [str(cell.render()) for cell in app.screen.query("MarkdownTableCellContents")]
    return {does: key for key, does in zip(cells[::2], cells[1::2])}


async def test_a_remapped_key_opens_its_ritual_and_the_help_shows_it(make_app, locations: Locations) -> None:
    from ritual_tui.screens.gratitude import GratitudeScreen
    from ritual_tui.screens.help import HelpScreen
    from ritual_tui.screens.today import TodayScreen

    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[keymap]\n"today.gratitude" = "G"\n"today.later" = "Z"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)  # the old key is free again
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(app.screen, GratitudeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        assert rows["gratitude"] == "G"
        assert rows["later: close, and keep the login greeting away for a few hours"] == "Z"
        assert rows["morning strengths"] == "s" and rows["weekly letter"] == "l"  # the others as declared
        assert rows["this help"] == "? / F1" and rows["quit (unsaved words are kept as drafts)"] == "q / ctrl+q"


async def test_todays_hints_name_the_remapped_keys(make_app, locations: Locations) -> None:
    from datetime import timedelta

    from ritual_tui.clock import iso_week
    from ritual_tui.models import ExposureEntry, LetterEntry
    from ritual_tui.screens.letters import LettersScreen
    from ritual_tui.store import Store
    from tests.conftest import DAY

    store = Store(locations.data_dir)
    store.save(ExposureEntry(day=DAY - timedelta(days=1), step="x", small_step="call my aunt"))
    sealed_day = DAY - timedelta(days=91)
    store.save(LetterEntry(day=sealed_day, week=iso_week(sealed_day), body="opened words", sealed_until=DAY))
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    locations.config_file.write_text('[keymap]\n"today.exposure" = "X"\n"today.openletter" = "R"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Waiting for your reflection (X):" in str(app.screen.query_one("#today-waiting").render())
        assert "Press R to read it." in str(app.screen.query_one("#letter-opening").render())
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, LettersScreen)


async def test_today_the_palette_and_the_help_follow_the_declarations(make_app) -> None:
    from ritual_tui.rituals import RITUALS
    from ritual_tui.screens.today import TodayScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = [binding.id for binding in TodayScreen.BINDINGS if binding.id in {r.binding_id for r in RITUALS}]
        assert ids == [ritual.binding_id for ritual in RITUALS]
        rows = {row.state.kind: str(row.render()).rstrip() for row in app.screen.query(".ritual-row")}
        on_today = [ritual for ritual in RITUALS if ritual.due != "never"]  # never due: no row (each says where its key is)
        assert [ritual.kind for ritual in on_today] == list(rows)
        for ritual in on_today:
            assert rows[ritual.kind].endswith(f" {ritual.key}") and ritual.name in rows[ritual.kind]
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[: len(RITUALS)] == [ritual.name for ritual in RITUALS]
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert all(rows[ritual.help_line] == ritual.key for ritual in RITUALS)


async def test_the_calendar_filter_cycles_through_the_declared_rituals(make_app) -> None:
    from ritual_tui.rituals import RITUALS
    from ritual_tui.screens.calendar import CalendarScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        seen = []
        for _ in range(len(RITUALS) + 1):
            await pilot.press("f")
            seen.append(app.screen.kind)
        assert seen == [*(ritual.kind for ritual in RITUALS), None]


async def test_the_calendar_hands_its_day_back_to_the_browser_below_it(make_app, locations: Locations) -> None:
    from datetime import timedelta

    from ritual_tui.models import GratitudeEntry
    from ritual_tui.screens.browse import BrowseScreen
    from ritual_tui.screens.calendar import CalendarScreen
    from ritual_tui.store import Store
    from tests.conftest import DAY, FROZEN

    store = Store(locations.data_dir)
    for back in (0, 9):
        store.save(GratitudeEntry(day=DAY - timedelta(days=back), items=[f"thing {back}"], created=FROZEN, updated=FROZEN))
    app = make_app("browse")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        browser = app.screen
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("left")  # a week back: the newest entry on or before it is 9 days back
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is browser and len(app.screen_stack) == 2  # the same browser, no fresh copy
        assert browser.current().day == DAY - timedelta(days=9)
        await pilot.press("escape", "c")
        await pilot.pause()
        await pilot.press("enter")  # from Today: the browser opens at the day
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen) and [type(s).__name__ for s in app.screen_stack] == ["TodayScreen", "BrowseScreen"]
        assert app.screen.current().day == DAY


def test_the_command_line_offers_the_declared_kinds() -> None:
    from ritual_tui.rituals import ENTRY_KINDS, RITUALS
    from tests.conftest import run_cli

    shown = run_cli("--help")
    assert shown.returncode == 0
    for ritual in RITUALS:
        assert any(line.split() == [ritual.cli_name, *ritual.cli_help.split()] for line in shown.stdout.splitlines())
    wrong = run_cli("list", "--kind", "nope")
    assert wrong.returncode == 2 and all(kind in wrong.stderr for kind in ENTRY_KINDS)
    assert run_cli("list", "--kind", "step").returncode == 0


# -------------------------------------------------------------- the crash path, on public API only


async def test_a_crash_keeps_the_draft_exits_1_and_tells_no_entry_text(make_app, locations: Locations, monkeypatch, capsys) -> None:
    from ritual_tui.errors import CrashReport
    from ritual_tui.screens.gratitude import GratitudeScreen

    def explode(self) -> None:
        private = "SENTINEL-" + self.query_one("#item-0").text
        raise RuntimeError("could not handle " + private)

    monkeypatch.setattr(GratitudeScreen, "action_save", explode)
    app = make_app("gratitude")
    with pytest.raises(CrashReport) as raised:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*"xyzzy")
            await pilot.press("ctrl+s")
            await pilot.pause()
    told = str(raised.value) + capsys.readouterr().err
    assert "unexpected error (RuntimeError" in told and "kept as a draft" in told
    assert "SENTINEL" not in told and "xyzzy" not in told
    assert isinstance(raised.value.__cause__, RuntimeError)  # the original, for tests only
    assert app.return_code == 1
    assert "xyzzy" in (locations.drafts_dir / "gratitude.toml").read_text("utf-8")
