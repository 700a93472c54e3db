"""Writing config.toml, the user's own file: every write of it goes through here.

The file is edited in place with tomlkit, so a save changes only the keys that changed: comments,
order, blank lines, quoting and unknown keys stay as the user wrote them. A file that fails to load
is never written (the user fixes it; `ConfigProblem` says what is wrong). Each write is verified
before it replaces the file: the new text re-parses with tomli to exactly the old document plus
the changes, and validates.
"""

from __future__ import annotations

import os
import tomli
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from ritual_tui.paths import ensure_private_dir
from ritual_tui.settings import Settings, settings_from_bytes, validate_document
from ritual_tui.store import atomic_write
from ritual_tui.store.atomic import through_link
from ritual_tui.text import visible

STARTER = "# ritual settings: see `ritual config show` for every setting and its value.\n"
"""What a new config.toml made by `ritual config edit` holds."""


class ConfigProblem(Exception):
    """config.toml was left as it is; the message is one line naming the path and the reason."""


def update_config(path: Path, changes: Mapping[str, Any]) -> Settings:
    """Set each setting in `changes` (name -> new value) in config.toml, leave everything else; the new settings.

    The file is read again now, so a hand edit made since the app loaded it is kept. Raises
    ConfigProblem (nothing written) when the file cannot be read, fails to load, or the edit would
    not round-trip; OSError when the write itself fails (the old file is then intact).
    """
    import tomlkit

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as error:
        raise ConfigProblem(visible(f"{path} could not be read ({error.strerror}); nothing was saved.")) from None
    loaded = settings_from_bytes(path, data)
    if not loaded.writable:
        raise ConfigProblem(_refusal(loaded.error or f"{path} has a problem."))
    text = data.decode("utf-8-sig")  # an edit drops a BOM; tomlkit cannot parse one
    try:
        document = tomlkit.parse(text)
    except Exception:  # noqa: BLE001 - tomlkit's parse errors have no common base; tomli read it fine
        raise ConfigProblem(visible(f"{path} could not be edited without rewriting it; nothing was saved.")) from None
    for key, value in changes.items():
        _set(document, key, value)
    new = tomlkit.dumps(document).encode("utf-8")
    expected = _merged(tomli.loads(text), changes)
    try:
        reparsed = tomli.loads(new.decode("utf-8"))
        settings, _ = validate_document(reparsed)
    except Exception:  # noqa: BLE001 - any doubt about the new text means the old file stays
        reparsed, settings = None, None
    if reparsed != expected or settings is None:
        raise ConfigProblem(visible(f"{path} was not changed: the edit could not be written faithfully."))
    if new != data:
        atomic_write(through_link(path), new)  # a config.toml kept in a dotfiles folder stays linked
    return settings


def create_starter_config(path: Path) -> None:
    """A new config.toml holding only a comment, for `ritual config edit`; an existing file is never touched."""
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as starter:
        starter.write(STARTER)


def _refusal(problem: str) -> str:
    reason = problem.removesuffix(" using the defaults.").removesuffix(";")
    return visible(f"{reason}. Fix it first (`ritual config edit`); nothing was saved.")


def _set(table: MutableMapping[str, Any], key: str, value: Any) -> None:
    """Set `key` in a tomlkit table only when its value changes, keeping the item's comment and style."""
    import tomlkit
    from tomlkit.items import Array

    current = table.get(key)
    if isinstance(value, Mapping) and isinstance(current, MutableMapping):
        for name, inner in value.items():
            _set(current, name, inner)
        for name in [name for name in current if name not in value]:
            del current[name]
        return
    if current is not None and _plain(current) == value:
        return
    item = tomlkit.item(value)
    if isinstance(current, Array) and isinstance(item, Array) and "\n" in current.as_string():
        item.multiline(True)  # an array the user spread over lines stays spread
    table[key] = item


def _plain(item: Any) -> Any:
    unwrap = getattr(item, "unwrap", None)
    return unwrap() if unwrap is not None else item


def _merged(document: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """What the file must read as after the edit: `document` with `changes` set (tables merged key by key)."""
    merged = dict(document)
    for key, value in changes.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, dict):
            merged[key] = {name: inner for name, inner in _merged(current, value).items() if name in value}
        else:
            merged[key] = value
    return merged
