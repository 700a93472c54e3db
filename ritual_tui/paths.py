"""Every location ritual uses, with the environment overrides, in one place.

Nothing here creates a folder at import time; `ensure_private_dir` does that on demand.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ritual_tui.errors import UsageError
from ritual_tui.records import Record
from ritual_tui.xdg import user_folder

APP_NAME = "ritual-tui"
DATA_ENV = "RITUAL_TUI_DATA_DIR"
CONFIG_ENV = "RITUAL_TUI_CONFIG_DIR"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class Locations(Record):
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
    def spare_drafts_dir(self) -> Path:
        """Where drafts go when the data folder cannot take them (full, read-only, not a folder).

        In the state folder, one per data folder (named by its real path), so they are found again.
        """
        return self.state_dir / "drafts" / folder_key(self.data_dir)

    @property
    def trash_dir(self) -> Path:
        """The folder deleted entries are moved to (restorable)."""
        return self.data_dir / "trash"

    @property
    def catalog_file(self) -> Path:
        """The derived, disposable catalog of entry files (SQLite; see `ritual_tui.catalog`)."""
        return self.cache_dir / "catalog.sqlite3"

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
        return self.state_dir / f"login-{folder_key(self.data_dir)}.toml"

    @property
    def lock_file(self) -> Path:
        """The writer lock for this data folder (named by its real path), kept outside it so sync never copies it."""
        return self.lock_dir / f"writer-{folder_key(self.data_dir)}.lock"

    @property
    def lock_files(self) -> tuple[Path, ...]:
        """Every lock a writer of this data folder takes, so two ways of reaching it meet at one of them.

        Each lock folder (the runtime folder, if any, and always the state folder: a second
        instance may lack XDG_RUNTIME_DIR) holds a lock named by the folder's real path and,
        when the folder exists, one named by its device and inode (a bind mount, a
        case-insensitive disk).
        """
        names = [f"writer-{folder_key(self.data_dir)}.lock"]
        try:
            info = os.stat(self.data_dir)
        except OSError:
            pass
        else:
            names.append(f"writer-dev{info.st_dev:x}-ino{info.st_ino:x}.lock")
        folders = dict.fromkeys([self.lock_dir, self.state_dir / "locks"])
        return tuple(folder / name for folder in folders for name in names)


def expand_home(path: str | os.PathLike[str], named: str) -> Path:
    """`path` with a leading `~` or `~user` made that home folder, as a shell does. UsageError naming
    `named` (the option or variable that gave the path) when there is no such user or no home folder
    (pathlib's RuntimeError reached the user as "an unexpected error")."""
    try:
        return Path(path).expanduser()
    except RuntimeError:  # "Could not determine home directory."
        head = os.fspath(path).split(os.sep, 1)[0]
        why = f"there is no user named {head[1:]} here" if len(head) > 1 else "there is no home folder (HOME is not set)"
        raise UsageError(f"{named} {os.fspath(path)}: {head} cannot be expanded: {why}.") from None


def resolve_locations(data_dir: str | os.PathLike[str] | None = None) -> Locations:
    """Work out every location from (in order) the argument, the environment and the user's folders
    (XDG base directories; see `ritual_tui.xdg`).

    A data folder given by `--data-dir` or `RITUAL_TUI_DATA_DIR` gets its own cache beside the
    default cache, named after the folder's real path (see `folder_key`), so two data folders
    never share a derived index and two ways of writing one path never split it.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_ENV) or None
    default_cache = Path(user_folder("cache", APP_NAME))
    if chosen:
        data = expand_home(chosen, "--data-dir" if data_dir is not None else DATA_ENV).absolute()
        cache = default_cache / f"data-{folder_key(data)}"
    else:
        data = Path(user_folder("data", APP_NAME))
        cache = default_cache
    config_env = os.environ.get(CONFIG_ENV)
    if config_env:
        config = expand_home(config_env, CONFIG_ENV).absolute()
    else:
        config = Path(user_folder("config", APP_NAME))
    state = Path(user_folder("state", APP_NAME))
    return Locations(data_dir=data, config_dir=config, cache_dir=cache, lock_dir=_lock_dir(state), state_dir=state)


def _lock_dir(state: Path) -> Path:
    """A local, never-synced folder for the writer lock: the runtime folder, else the state folder.

    Never the shared temporary folder (anyone could take the name first), never the data folder.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / APP_NAME
    return state / "locks"


def folder_key(folder: Path) -> str:
    """A short name for a folder, the same however its path is written (a symlink, `..`, `~`).

    Built from the resolved real path, so it is the same before and after the folder exists;
    everything ritual derives from the data folder's path (cache, lock, login state) uses it.
    """
    real = os.path.realpath(Path(folder).expanduser())
    return _sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _sha256(data: bytes):
    """SHA-256 from CPython's own module when it has one: `hashlib` loads OpenSSL first, about 4 ms
    of every command that names its data folder or takes the writer lock. The digest is the same."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12 and later
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def ensure_private_dir(path: Path, *, existing_too: bool = True) -> Path:
    """Create `path` (and missing parents) as 0700 folders, whatever the umask.

    An existing `path` is made 0700 too, unless `existing_too` is False: a folder the user chose
    (where an export goes) keeps its mode. So does a folder shared by every user (the sticky
    bit, as /tmp has: `--data-dir /tmp` run as root made it 0700, and other users' programs failed);
    what ritual makes inside it is private. A `path` that is not a folder raises
    NotADirectoryError, and its mode is left alone.
    """
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue
        private_mode(folder.chmod, PRIVATE_DIR_MODE)
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "Not a folder", str(path))
    if existing_too and stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE and not info.st_mode & stat.S_ISVTX:
        private_mode(path.chmod, PRIVATE_DIR_MODE)
    return path


def private_mode(chmod, mode: int) -> None:
    """`chmod(mode)`, unless the file system or the owner cannot take it: a read-only disk (a
    snapshot, a backup mounted to read), a folder another user owns (a group's shared folder), a
    FAT stick mounted without `quiet`. Each stopped ritual before (nothing could be read or saved);
    the mode stays as it is, and `ritual doctor` names it."""
    try:
        chmod(mode)
    except OSError as error:
        if error.errno not in (errno.EROFS, errno.EPERM):
            raise
