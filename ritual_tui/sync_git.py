"""Running the system's `git` for sync: one subprocess per call, never a prompt in the app, one
clear sentence when something fails. No Textual here.

Every call names the repository explicitly (`--git-dir`, `--work-tree`), so a data folder inside
someone's own repository (a dotfiles home) is never mistaken for it, and sets the few options
that keep entry files byte for byte (no line-ending conversion, ritual's own merge driver).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from ritual_tui.text import visible_line

REMOTE = "origin"
"""The name of the remote ritual syncs with."""

BRANCH = "main"
"""The branch a fresh sync repository starts on (an existing repository keeps its own)."""

MERGE_DRIVER = "ritual"
"""The merge driver every file uses (`.git/info/attributes`): it keeps our version and succeeds,
so git never writes conflict markers; ritual then keeps theirs beside it as a conflict copy."""

NETWORK_SECONDS = 300
"""How long one fetch or push may take before it counts as unreachable."""

LOCAL_SECONDS = 120
"""How long one local git command may take."""

_FALLBACK_IDENTITY = ("ritual", "ritual@localhost")


class SyncError(Exception):
    """Sync could not go on: the message is one sentence for the user (no entry text in it)."""


def hide_credentials(url: str) -> str:
    """A remote address fit to print: any `user:password@` part left out, controls made visible."""
    return visible_line(re.sub(r"(?<=://)[^/@\s]*@", "", url))


_GENERIC = ("Could not read from remote repository", "Please make sure you have the correct access rights",
            "and the repository exists", "failed to push some refs")


def _last_line(text: str) -> str:
    """The most telling line of git's output: a rejected ref, else the first fatal or error line
    that says more than "could not read from remote repository" (ssh's own line, when it wrote one)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("hint:")]
    telling = [line for line in lines if not any(words in line for words in _GENERIC)] or lines
    for marks in (("! [", "!["), ("fatal:", "error:")):
        chosen = [line for line in telling if line.startswith(marks)]
        if chosen:
            return hide_credentials(chosen[0].removeprefix("fatal:").removeprefix("error:").strip().rstrip("."))
    return hide_credentials(telling[0].rstrip(".")) if telling else "no reason given"


@dataclass
class Git:
    """The `git` of one data folder. `interactive` is False in the app: no prompt can ever open
    (no terminal prompt, ssh in batch mode, no new session's terminal, no signing)."""

    folder: Path
    interactive: bool = True
    _identity: tuple[str, ...] | None = field(default=None, init=False, repr=False)

    @property
    def git_dir(self) -> Path:
        """The repository inside the data folder."""
        return self.folder / ".git"

    def is_repository(self) -> bool:
        """True when the data folder has been set up for sync."""
        return (self.git_dir / "HEAD").is_file()

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS")}
        env.update(LC_ALL="C", LANGUAGE="C", GIT_MERGE_AUTOEDIT="no", GIT_EDITOR="true")
        for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_CONFIG_NOSYSTEM"):
            if name in os.environ:
                env[name] = os.environ[name]
        if not self.interactive:
            env["GIT_TERMINAL_PROMPT"] = "0"
            env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        return env

    def run(self, *args: str, network: bool = False, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        """Run `git ARGS` on this folder; SyncError when git is missing, hangs, or fails (with `check`)."""
        options = ["-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "core.quotepath=false",
                   "-c", f"merge.{MERGE_DRIVER}.name=ritual keeps both versions",
                   "-c", f"merge.{MERGE_DRIVER}.driver=true", "-c", "gc.auto=0"]
        if not self.interactive:
            options += ["-c", "commit.gpgSign=false"]
        options += self.identity()
        command = ["git", f"--git-dir={self.git_dir}", f"--work-tree={self.folder}", *options, *args]
        return self._call(command, NETWORK_SECONDS if network else LOCAL_SECONDS, check)

    def _call(self, command: list[str], seconds: int, check: bool) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(
                command, cwd=self.folder, env=self._environment(), stdin=subprocess.DEVNULL,
                capture_output=True, timeout=seconds, umask=0o077, start_new_session=not self.interactive,
            )
        except FileNotFoundError:
            raise SyncError("git is not installed (ritual syncs with it); install git and try again.") from None
        except subprocess.TimeoutExpired:
            raise SyncError(f"git did not answer within {seconds} seconds; nothing is lost, try again later.") from None
        if check and done.returncode != 0:
            raise GitFailed(done)
        return done

    def identity(self) -> list[str]:
        """`-c user.name/email` when git has no identity configured (a fresh machine): commits still work."""
        if self._identity is None:
            self._identity = ()
            name, email = (self._call(["git", "config", key], LOCAL_SECONDS, check=False) for key in ("user.name", "user.email"))
            configured = {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} <= set(os.environ)
            if not configured and (name.returncode or email.returncode):
                self._identity = ("-c", f"user.name={_FALLBACK_IDENTITY[0]}", "-c", f"user.email={_FALLBACK_IDENTITY[1]}")
        return list(self._identity)

    def text(self, *args: str) -> str:
        """The standard output of `git ARGS`, stripped."""
        return self.run(*args).stdout.decode("utf-8", "surrogateescape").strip()

    def paths(self, *args: str) -> list[str]:
        """The NUL-separated paths `git ARGS -z` prints."""
        out = self.run(*args).stdout.decode("utf-8", "surrogateescape")
        return [path for path in out.split("\0") if path]

    def revision(self, name: str) -> str | None:
        """The commit `name` points to, or None when it does not exist (an empty remote, an unborn branch)."""
        done = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
        return (done.stdout.decode().strip() or None) if done.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        """True when commit `older` is already part of `newer`'s history."""
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def blob(self, revision: str, path: str) -> str | None:
        """The blob id of `path` at `revision`, or None when the file is not there."""
        done = self.run("rev-parse", "--verify", "--quiet", f"{revision}:{path}", check=False)
        return (done.stdout.decode().strip() or None) if done.returncode == 0 else None

    def read_blob(self, blob: str) -> bytes:
        """The bytes of a blob."""
        return self.run("cat-file", "blob", blob).stdout

    def clear_stale_locks(self, wait_seconds: float = 3.0) -> None:
        """Lock files git left behind when it was killed: waited for a moment (a git still finishing
        after its parent was killed), then removed. Only called while holding ritual's writer lock."""
        deadline = time.monotonic() + wait_seconds
        while True:
            locks = [p for p in self.git_dir.glob("*.lock")] + [p for p in (self.git_dir / "refs").rglob("*.lock")]
            if not locks or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        for lock in locks:
            try:
                lock.unlink()
            except FileNotFoundError:
                pass


class GitFailed(SyncError):
    """A git command ended with an error; `reason` is its last line of output, fit to print."""

    def __init__(self, done: subprocess.CompletedProcess[bytes]) -> None:
        self.returncode = done.returncode
        self.stderr = done.stderr.decode("utf-8", "replace")
        self.reason = _last_line(self.stderr + "\n" + done.stdout.decode("utf-8", "replace"))
        super().__init__(f"git failed: {self.reason}.")


__all__ = ["BRANCH", "Git", "GitFailed", "REMOTE", "SyncError", "hide_credentials"]
