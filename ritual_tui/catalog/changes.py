"""What changed under `entries/` since the last reconcile, asked of `find` in one pass of C.

A command must never answer from a row older than its file, so a reconcile looks at every file's
stat key. In Python that is a stat and a few objects per file: about 70 ms at ten years and
450 ms at sixty, the largest part of `ritual list`. `find -cnewer STAMP` does the same stats in C,
several times faster, and names only what changed:

- every write to a file, in place or not, sets its ctime to the kernel's "now", which no tool can
  put back; so does a rename of it;
- every file added, removed or renamed in a folder sets that folder's ctime.

So the files named are re-checked, and the folders named are walked again whole (a folder moved
in from elsewhere keeps its files' old ctimes). The stamp is a file in the cache folder whose
mtime is set, after each reconcile commits, to two seconds before that reconcile began (the
kernel's file clock is coarse), and whose value the catalog's meta table also records.

A full walk is used instead whenever this cannot be trusted: no stamp or a stamp that does not
match the catalog, another `entries/` folder than the stamp's (a backup moved in, a link pointed
elsewhere: its files are older than the stamp), a stamp on another file system (another clock),
a clock put back since, links in `entries/` (their targets may live elsewhere), anything the
last walk could not read, a reconcile that met another one's rows (see `Catalog._reconcile_with`),
no `find` (Windows), or any word from `find` on stderr.

A command may start the look before it has even imported the catalog (`look_ahead`): `find`
then runs on another core while the command imports and opens its catalog, and the catalog's
reconcile takes that look (`Stamp.taken`) if it is for the same files. The stamp is begun before
`find` starts, so nothing changed meanwhile is missed: it is newer than the next stamp too.

What this cannot see: a change made while the clock stood behind a stamp set when the clock ran
ahead, once the clock has passed that stamp again (no command ran in between). The app's own load
always walks every file, so such a change is found at the next opening of the app.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ritual_tui.catalog.spawn import Spawned
from ritual_tui.store.walk import NOT_ENTRIES, Walk, is_utf8, stat_key, walk_entry_files

MARGIN_NS = 2_000_000_000
"""How far before a reconcile's start its stamp is set: more than the file clock's coarseness."""


class Changes:
    """Folders to walk again whole, and single files to look at again (paths relative to `entries/`)."""

    __slots__ = ("folders", "files")

    def __init__(self, folders: list[str], files: list[str]) -> None:
        self.folders = folders
        self.files = files

    def __bool__(self) -> bool:
        return bool(self.folders or self.files)


class Stamp:
    """The stamp file of one catalog: when its last reconcile began, less the margin."""

    def __init__(self, catalog_path: Path, entries_dir: Path) -> None:
        """`catalog_path`: the catalog file; the stamp lives beside it."""
        self.path = self.path_beside(catalog_path)
        self.entries_dir = entries_dir
        self._next = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        self.begun_ns: int | None = None
        self.value = ""
        """What the catalog records: the stamp, and which folder `entries/` was (device, inode)."""
        self._asked: _Look | None = None

    @staticmethod
    def path_beside(catalog_path: Path) -> Path:
        """Where the stamp of the catalog at `catalog_path` lives."""
        return catalog_path.with_name(catalog_path.name + ".stamp")

    @classmethod
    def taken(cls, catalog_path: Path, entries_dir: Path) -> Stamp:
        """The stamp `look_ahead` began for these files in this process, else a new one."""
        global _AHEAD
        ahead, _AHEAD = _AHEAD, None
        if ahead is not None and (ahead.path, ahead.entries_dir) == (cls.path_beside(catalog_path), entries_dir):
            return ahead
        if ahead is not None:
            ahead.finish(move=False)
        return cls(catalog_path, entries_dir)

    def begin(self) -> str:
        """Mark the start of a reconcile with the kernel's file clock; the value to record ("" for none).
        Once begun (by `look_ahead`), a stamp keeps its start."""
        if self.begun_ns is not None:
            return self.value
        _tidy(self.path)
        try:
            os.close(os.open(self._next, os.O_CREAT | os.O_WRONLY, 0o600))
            os.utime(self._next)  # the file system's "now", not Python's clock
            self.begun_ns = os.stat(self._next).st_mtime_ns - MARGIN_NS
            entries = os.stat(self.entries_dir)  # through a link: a link pointed elsewhere is another folder
            self.value = f"{self.begun_ns} {entries.st_dev} {entries.st_ino}"
        except OSError:
            self.begun_ns, self.value = None, ""
        return self.value

    def changes(self, recorded: str) -> Changes | None:
        """What changed since the stamp recorded as `recorded`; None when only a full walk can tell."""
        asked, self._asked = self._asked, None
        if asked is None and recorded:
            asked = self._ask()
        if asked is None or recorded != asked.recorded:
            if asked is not None:
                asked.stop()
            return None  # another catalog's stamp, another `entries/` (a backup moved in), another clock
        names = asked.names()
        return None if names is None else _changes_of(self.entries_dir, asked.changed + names)

    def look_ahead(self) -> None:
        """Begin, and start asking `find` what changed: `changes` collects the answer."""
        global _AHEAD
        if self.begin() and self._asked is None:
            self._asked = self._ask()
            _AHEAD = self

    def _ask(self) -> _Look | None:
        """Start `find` on what changed since the stamp on disk; None when only a full walk can tell."""
        if not self.value or os.name == "nt":  # Windows' find.exe searches text
            return None
        try:
            info, entries = os.stat(self.path), os.stat(self.entries_dir)
        except OSError:
            return None
        if info.st_dev != entries.st_dev or self.begun_ns < info.st_mtime_ns:
            return None  # a stamp on another file system (another clock), or the clock was put back since
        if entries.st_ctime_ns > info.st_mtime_ns:
            return None  # a kind's folder added or removed: walk everything
        try:
            starts, changed = _top_levels(os.fsencode(self.entries_dir), info.st_mtime_ns)
            return _Look(f"{info.st_mtime_ns} {entries.st_dev} {entries.st_ino}", changed, starts, os.fsencode(self.path))
        except OSError:
            return None

    def finish(self, move: bool) -> None:
        """At the reconcile's end: `move` the stamp to its start (its value was committed), or only tidy up."""
        if self._asked is not None:
            self._asked.stop()
            self._asked = None
        try:
            if move and self.begun_ns is not None:
                os.utime(self._next, ns=(self.begun_ns, self.begun_ns))
                os.replace(self._next, self.path)
            else:
                os.unlink(self._next)
        except OSError:
            pass  # the recorded value no longer matches the file, so the next reconcile walks in full

    def discard(self) -> None:
        """Forget the stamp file beside a catalog being deleted."""
        for path in (self.path, self._next):
            try:
                os.unlink(path)
            except OSError:
                pass


def _tidy(stamp: Path) -> None:
    """Remove the half-made stamps of reconciles that were killed (their process is gone)."""
    if os.name == "nt":
        return
    prefix = stamp.name + "."
    try:
        names = [name for name in os.listdir(stamp.parent) if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                os.unlink(stamp.parent / name)
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's: not ours to judge
    return True


def _top_levels(root: bytes, stamp_ns: int) -> tuple[list[bytes], list[bytes]]:
    """The folders two levels down (`<kind>/<year>`), for `find`, and what changed above them."""
    starts, changed = [], []
    with os.scandir(root) as kinds:
        for kind in kinds:
            info = kind.stat(follow_symlinks=False)
            if info.st_ctime_ns > stamp_ns or not stat.S_ISDIR(info.st_mode):
                changed.append(kind.path)  # a folder is walked again whole; anything else looked at
                continue
            with os.scandir(kind.path) as years:
                for year in years:
                    if year.is_dir(follow_symlinks=False):
                        starts.append(year.path)
                    elif year.stat(follow_symlinks=False).st_ctime_ns > stamp_ns:
                        changed.append(year.path)
    return starts, changed


def _shares(folders: list[bytes], count: int) -> list[list[bytes]]:
    """`folders` in `count` shares of about as many files each, so the `find`s end together: the
    largest first, each to the lightest share, weighed by the folder's own size (it grows with the
    names it holds; a folder gone since is weighed as empty)."""
    def weight(folder: bytes) -> int:
        try:
            return os.stat(folder).st_size
        except OSError:
            return 0

    shares: list[list[bytes]] = [[] for _ in range(count)]
    loads = [0] * count
    for size, folder in sorted(((weight(folder), folder) for folder in folders), reverse=True):
        lightest = loads.index(min(loads))
        shares[lightest].append(folder)
        loads[lightest] += size
    return [share for share in shares if share]


class _Look:
    """`find` asked what changed under the year folders since a stamp, one process per core at once."""

    def __init__(self, recorded: str, changed: list[bytes], starts: list[bytes], stamp: bytes) -> None:
        self.recorded = recorded
        """The value the catalog must have recorded for this stamp to be the one asked about."""
        self.changed = changed
        """What changed above the year folders (found before `find` started)."""
        share = max(1, min(len(starts), os.cpu_count() or 1, 4))
        self.processes: list[Spawned] = []
        try:
            for part in _shares(starts, share) if starts else ():
                self.processes.append(Spawned([b"find", *part, b"-cnewer", stamp, b"-print0"]))
        except OSError:
            self.stop()
            raise

    def names(self) -> list[bytes] | None:
        """What `find` named; None when it is missing or said anything on stderr (a folder it could
        not read, say)."""
        names: list[bytes] = []
        failed = False
        for process in self.processes:
            out, err = process.communicate()
            failed = failed or process.returncode != 0 or bool(err)
            names += out.split(b"\0")
        return None if failed else names

    def stop(self) -> None:
        """The answer is not wanted: end the processes."""
        for process in self.processes:
            process.kill()


_AHEAD: Stamp | None = None
"""The stamp `Stamp.look_ahead` began in this process, until a reconcile takes it."""


def look_ahead(catalog_path: Path, entries_dir: Path) -> None:
    """Start looking for what changed under `entries_dir` for the catalog at `catalog_path`, so
    its next reconcile in this process finds the answer ready (see the module's docstring)."""
    Stamp(catalog_path, entries_dir).look_ahead()


def _changes_of(entries_dir: Path, names: list[bytes]) -> Changes | None:
    root = os.fsencode(entries_dir)
    folders, files = set(), []
    for name in names:
        if not name:
            continue
        if name == root:
            return None  # a kind's folder added or removed: walk everything
        relative = os.fsdecode(name[len(root) + 1:])
        if relative.rpartition("/")[2].startswith(NOT_ENTRIES):
            continue  # never an entry (an Emacs lock is a link: no reason for a full walk)
        if not is_utf8(relative):
            return None  # the full walk reports a name that is not UTF-8
        try:
            mode = os.lstat(name).st_mode
        except OSError:
            mode = 0  # gone since find saw it: its row goes
        if stat.S_ISLNK(mode):
            return None  # a new link: the full walk knows which links to follow
        (folders.add if stat.S_ISDIR(mode) else files.append)(relative)
    outermost = [folder for folder in sorted(folders)
                 if not any(folder.startswith(other + "/") for other in folders)]
    return Changes(outermost, [f for f in files if not any(f.startswith(folder + "/") for folder in outermost)])


def walk_changes(entries_dir: Path, changes: Changes) -> Walk | None:
    """The same answer a full walk would give for the files `changes` covers; None when only a
    full walk can give it (a link appeared since `find` looked)."""
    walk = Walk()
    for folder in changes.folders:
        part = walk_entry_files(entries_dir, folder)
        walk.files += part.files
        walk.unreadable += part.unreadable
        walk.hidden += part.hidden
        walk.links += part.links
    for relative in changes.files:
        try:
            info = os.lstat(entries_dir / relative)
        except OSError:
            continue  # removed: its row is forgotten
        if stat.S_ISREG(info.st_mode):
            walk.files.append((relative, stat_key(info)))
            if relative.rpartition("/")[2].startswith("."):
                walk.hidden.append(relative)
        elif stat.S_ISLNK(info.st_mode):
            return None
        else:
            walk.unreadable.append((relative, "is not a regular file or folder; not read"))
    walk.files.sort()
    return walk
