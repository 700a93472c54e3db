"""The user's data, config, cache and state folders: the XDG base directories on Linux, else platformdirs.

On Linux the answer is worked out here, the same as platformdirs gives it (a test compares the two):
importing platformdirs 4 takes `tempfile`, `shutil`, `bz2`, `lzma`, `random` and `pathlib` with it,
about 12 ms of every command's start-up, for four environment variables and a home folder. Elsewhere
(macOS, Windows, Android) platformdirs answers.
"""

from __future__ import annotations

import os
import sys

from ritual_tui.errors import UsageError

# Each XDG variable and the folder under the home folder used when it is unset, empty or relative.
_XDG_DEFAULTS = {
    "data": ("XDG_DATA_HOME", ".local/share"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
    "state": ("XDG_STATE_HOME", ".local/state"),
}


def user_folder(kind: str, app_name: str) -> str:
    """The user's `kind` folder ("data", "config", "cache" or "state") for `app_name`, as a path string."""
    if not _answers_here():
        import platformdirs

        return str(getattr(platformdirs, f"user_{kind}_dir")(app_name, appauthor=False))
    variable, under_home = _XDG_DEFAULTS[kind]
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):  # the spec: a relative value is ignored
        base = os.path.join(_home(), under_home)
    return os.path.join(base, app_name)


def _answers_here() -> bool:
    # platformdirs treats Android (not Termux) apart, and looks for it whenever Python is built for
    # Android; leave that, and every other platform, to it.
    return (sys.platform == "linux" and not hasattr(sys, "getandroidapilevel")
            and not ("ANDROID_DATA" in os.environ and "ANDROID_ROOT" in os.environ))


def _home() -> str:
    """The home folder: HOME when it is absolute, else the password database's entry (as platformdirs does)."""
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return home.rstrip("/") or "/"
    import pwd

    try:
        home = pwd.getpwuid(os.getuid()).pw_dir or "/"  # an empty field: "/", as os.path.expanduser reads it
    except KeyError:
        home = ""
    if not os.path.isabs(home):
        raise UsageError("cannot find your home folder: set HOME to an absolute path")
    return home.rstrip("/") or "/"
