"""Every location ritual uses, with the environment overrides, in one place.

Nothing here creates a folder at import time; `ensure_private_dir` does that on demand.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ritual-tui"
DATA_ENV = "RITUAL_TUI_DATA_DIR"
CONFIG_ENV = "RITUAL_TUI_CONFIG_DIR"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


@dataclass(frozen=True)
class Locations:
    """Where ritual keeps its data, configuration, derived cache and lock files."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    lock_dir: Path
    state_dir: Path

    @property
    def entries_dir(self) -> Path:
        """The folder holding one TOML file per entry."""
        return self.data_dir / "entries"

    @property
    def drafts_dir(self) -> Path:
        """The folder holding unsaved drafts."""
        return self.data_dir / "drafts"

    @property
    def trash_dir(self) -> Path:
        """The folder deleted entries are moved to (restorable)."""
        return self.data_dir / "trash"

    @property
    def index_file(self) -> Path:
        """The derived, disposable index of entry files (a folder of small JSON chunks)."""
        return self.cache_dir / "index"

    @property
    def config_file(self) -> Path:
        """The user's settings file."""
        return self.config_dir / "config.toml"

    @property
    def user_themes_dir(self) -> Path:
        """The folder of the user's own theme files."""
        return self.config_dir / "themes"

    @property
    def login_state_file(self) -> Path:
        """When the login greeting last ran and any snooze, per data folder (never synced)."""
        digest = hashlib.sha256(str(self.data_dir).encode("utf-8", "surrogateescape")).hexdigest()
        return self.state_dir / f"login-{digest[:16]}.toml"

    @property
    def lock_file(self) -> Path:
        """The writer lock for this data folder; kept outside it so sync never copies it."""
        digest = hashlib.sha256(str(self.data_dir).encode("utf-8", "surrogateescape")).hexdigest()
        return self.lock_dir / f"writer-{digest[:16]}.lock"


def _platform_dirs():
    # Imported lazily: platformdirs is cheap, but login-time commands count every millisecond.
    import platformdirs

    return platformdirs


def resolve_locations(data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Work out every location from (in order) the argument, the environment and platformdirs.

    A data folder given by `--data-dir` or `RITUAL_TUI_DATA_DIR` gets its own cache beside the
    default cache, named after the folder, so two data folders never share a derived index.
    """
    pd = _platform_dirs()
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_ENV) or None
    default_cache = Path(pd.user_cache_path(APP_NAME, appauthor=False))
    if chosen:
        data = Path(chosen).expanduser().absolute()
        digest = hashlib.sha256(str(data).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        cache = default_cache / f"data-{digest}"
    else:
        data = Path(pd.user_data_path(APP_NAME, appauthor=False))
        cache = default_cache
    config_env = os.environ.get(CONFIG_ENV)
    if config_env:
        config = Path(config_env).expanduser().absolute()
    else:
        config = Path(pd.user_config_path(APP_NAME, appauthor=False))
    state = Path(pd.user_state_path(APP_NAME, appauthor=False))
    return Locations(data_dir=data, config_dir=config, cache_dir=cache, lock_dir=_lock_dir(pd), state_dir=state)


def _lock_dir(pd) -> Path:
    """A local, never-synced folder for the writer lock."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / APP_NAME
    try:
        return Path(pd.user_state_path(APP_NAME, appauthor=False)) / "locks"
    except Exception:  # pragma: no cover - platformdirs always answers on supported systems
        import tempfile  # only without a runtime folder

        return Path(tempfile.gettempdir()) / f"{APP_NAME}-{os.getuid()}"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make sure the folder is 0700, whatever the umask."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            pass
        os.chmod(folder, PRIVATE_DIR_MODE)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR_MODE:
        os.chmod(path, PRIVATE_DIR_MODE)
    return path
