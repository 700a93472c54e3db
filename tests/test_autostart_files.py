"""Login files are the user's (RELIABILITY rule 13): autostart rewrites them atomically, keeps their
line endings, mode and symlinks, and changes nothing outside ritual's marked block."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
import uuid
from pathlib import Path

import pytest

from ritual_tui import autostart
from ritual_tui.cli import main
from tests.conftest import run_cli


@pytest.fixture
def home(isolated_dirs, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's HOME, with bash as the user's shell."""
    monkeypatch.setenv("SHELL", "/bin/bash")
    return Path(os.environ["HOME"])


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `ritual ARGS` in this process (so a fault can be injected); returns (code, out, err)."""
    umask = os.umask(0o077)
    os.umask(umask)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        finally:
            os.umask(umask)  # main() sets 077 for the whole process
        out, err = capsys.readouterr()
        return code, out, err

    return run


@contextlib.contextmanager
def failing_writes(code: int):
    """While open, every login file write stops half-way with `code`, as a full or read-only disk would."""

    def half_then_fail(fd: int, data: bytes) -> None:
        os.write(fd, bytes(data[: len(data) // 2]))
        raise OSError(code, os.strerror(code))

    with pytest.MonkeyPatch.context() as patch:  # its own patch: undoing it keeps the test's HOME
        patch.setattr(autostart, "_write_all", half_then_fail)
        yield


def stray_files(folder: Path) -> list[str]:
    """Temp files left beside the login file."""
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


def has_bare_lf(data: bytes) -> bool:
    """True when some line ends in LF alone."""
    return data.replace(b"\r\n", b"").count(b"\n") > 0


def test_a_crlf_file_keeps_its_endings_and_the_lines_after_the_block(home: Path) -> None:
    profile = home / ".bash_profile"
    profile.write_bytes(b"export A=1\r\n")
    assert run_cli("autostart", "install").returncode == 0
    installed = profile.read_bytes()
    assert installed.startswith(b"export A=1\r\n# >>> ritual-tui autostart >>>") and not has_bare_lf(installed)
    profile.write_bytes(installed + b"alias after='mine'\r\n# my last line\r\n")
    again = run_cli("autostart", "install")
    assert again.returncode == 0 and again.stdout.startswith("already installed")
    assert profile.read_bytes() == installed + b"alias after='mine'\r\n# my last line\r\n"
    assert run_cli("autostart", "remove").returncode == 0
    assert profile.read_bytes() == b"export A=1\r\nalias after='mine'\r\n# my last line\r\n"


def test_a_file_converted_to_crlf_after_install_loses_nothing(home: Path) -> None:
    profile = home / ".bash_profile"
    profile.write_bytes(b"export A=1")  # no final newline: install adds one and notes it
    run_cli("autostart", "install")
    converted = profile.read_bytes().replace(b"\n", b"\r\n") + b"export B=2\r\n"
    profile.write_bytes(converted)
    assert run_cli("autostart", "install").stdout.startswith("already installed")
    assert profile.read_bytes() == converted
    assert run_cli("autostart", "remove").returncode == 0
    assert profile.read_bytes() == b"export A=1\r\nexport B=2\r\n"  # the added newline stays: a line follows
    profile.write_bytes(b"export A=1")
    run_cli("autostart", "install")
    profile.write_bytes(profile.read_bytes().replace(b"\n", b"\r\n"))
    run_cli("autostart", "remove")
    assert profile.read_bytes() == b"export A=1"


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("final", [True, False], ids=["final-newline", "no-final-newline"])
def test_install_then_remove_restores_the_file_byte_for_byte(home: Path, newline: bytes, final: bool) -> None:
    profile = home / ".bash_profile"
    before = newline.join([b"# mine", b"export PATH=$HOME/bin:$PATH", b"caf\xe9 latin-1 byte", b"tail"])
    before += newline if final else b""
    after = newline.join([b"alias ll='ls -l'", b"# added later", b""])
    profile.write_bytes(before)
    assert run_cli("autostart", "install").returncode == 0
    installed = profile.read_bytes()
    assert installed.startswith(before) and installed.count(b">>> ritual-tui autostart >>>") == 1
    assert has_bare_lf(installed) == (newline == b"\n")
    if newline == b"\n" and shutil.which("bash"):
        assert subprocess.run(["bash", "-n", str(profile)], capture_output=True).returncode == 0
    assert run_cli("autostart", "remove").returncode == 0
    assert profile.read_bytes() == before
    run_cli("autostart", "install")
    profile.write_bytes(profile.read_bytes() + after)  # the user goes on writing below the block
    run_cli("autostart", "remove")
    assert profile.read_bytes() == (before if final else before + newline) + after


def test_an_updated_block_keeps_the_text_around_it(home: Path) -> None:
    profile = home / ".bash_profile"
    profile.write_bytes(b"first\r\n")
    run_cli("autostart", "install")
    profile.write_bytes(profile.read_bytes() + b"last")  # no final newline after the user's line
    target = autostart.shell_target()
    moved = autostart.Target("shell", target.path, "echo ritual moved\necho twice", block=True)
    assert autostart.install(moved).startswith("updated")
    text = profile.read_bytes()
    assert text.startswith(b"first\r\n# >>> ritual-tui autostart >>>\r\necho ritual moved\r\necho twice\r\n")
    assert text.endswith(b"# <<< ritual-tui autostart <<<\r\nlast") and not has_bare_lf(text)
    assert autostart.remove(moved) == f"removed: {profile}"
    assert profile.read_bytes() == b"first\r\nlast"


def test_the_mode_is_kept_and_a_symlinked_start_file_stays_a_symlink(home: Path) -> None:
    real = home / "dotfiles" / "bash_profile"
    real.parent.mkdir()
    real.write_bytes(b"export A=1\n")
    real.chmod(0o644)
    link = home / ".bash_profile"
    link.symlink_to(Path("dotfiles") / "bash_profile")
    result = run_cli("autostart", "install")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("dotfiles") / "bash_profile")
    assert autostart.BEGIN in real.read_text() and stat.S_IMODE(real.stat().st_mode) == 0o644
    assert stray_files(home) == [] and stray_files(real.parent) == []
    assert "shell    installed in" in run_cli("autostart", "status").stdout
    assert run_cli("autostart", "remove").returncode == 0
    assert link.is_symlink() and real.read_bytes() == b"export A=1\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_a_link_to_nothing_is_left_alone(home: Path) -> None:
    link = home / ".bash_profile"
    link.symlink_to(home / "gone" / "bash_profile")
    result = run_cli("autostart", "install")
    assert result.returncode == 1 and "which does not exist" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert link.is_symlink() and not (home / "gone").exists()


def test_a_block_without_its_end_line_is_never_rewritten(home: Path) -> None:
    profile = home / ".bash_profile"
    damaged = f"export A=1\n{autostart.BEGIN}\necho half a block\nexport B=2\n".encode()
    profile.write_bytes(damaged)
    for action in ("install", "remove"):
        result = run_cli("autostart", action)
        assert result.returncode == 1 and "not its end line" in result.stderr and "Traceback" not in result.stderr
        assert profile.read_bytes() == damaged


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_leaves_the_start_file_intact_and_says_so(home: Path, cli, code: int) -> None:
    profile = home / ".bash_profile"
    original = b"# mine\r\nexport A=1\r\n"
    profile.write_bytes(original)
    with failing_writes(code):
        status, out, err = cli("autostart", "install", "--method", "shell")
    assert status == 1 and out == ""
    assert err == f"ritual: could not write {profile} ({os.strerror(code)}); it was left as it was.\n"
    assert profile.read_bytes() == original and stray_files(home) == []
    assert cli("autostart", "install", "--method", "shell")[0] == 0  # retry works once the disk has room
    installed = profile.read_bytes()
    with failing_writes(code):
        status, _, err = cli("autostart", "remove", "--method", "shell")
    assert status == 1 and "it was left as it was" in err
    assert profile.read_bytes() == installed and stray_files(home) == []


@pytest.mark.parametrize("method", ["xdg", "systemd", "launchd"])
def test_the_other_methods_write_their_files_atomically(home: Path, cli, method: str) -> None:
    install = ("autostart", "install", "--method", method, "--terminal", "xterm -e")
    assert cli(*install)[0] == 0
    path = autostart.target_for(method).path
    assert path.is_relative_to(home)
    older = path.read_text().replace(autostart.MARK, f"{autostart.MARK} (an older version)")
    path.write_text(older)
    with failing_writes(errno.ENOSPC):
        status, _, err = cli(*install)
    assert status == 1 and err == f"ritual: could not write {path} (No space left on device); it was left as it was.\n"
    assert path.read_text() == older and stray_files(path.parent) == []
    status, out, _ = cli(*install)
    assert status == 0 and out.startswith(f"installed: {path}\n") and "older" not in path.read_text()
    assert cli(*install)[1].startswith("already installed")


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 64 KiB tmpfs (tests run as root where mounting is allowed); skipped where it is not."""
    folder = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_really_full_or_read_only_disk_keeps_the_start_file(small_disk: Path, home: Path) -> None:
    profile = small_disk / ".bash_profile"
    original = b"# mine\n" + b"export LONG=" + b"x" * 3000 + b"\n"
    profile.write_bytes(original)
    with (small_disk / "filler").open("wb", buffering=0) as filler:
        with pytest.raises(OSError) as full:
            while True:
                filler.write(b"\0" * 4096)
    assert full.value.errno == errno.ENOSPC
    result = run_cli("autostart", "install", env={"HOME": str(small_disk)})
    assert result.returncode == 1, result.stdout
    assert result.stderr == f"ritual: could not write {profile} (No space left on device); it was left as it was.\n"
    assert profile.read_bytes() == original and stray_files(small_disk) == []
    (small_disk / "filler").unlink()
    assert run_cli("autostart", "install", env={"HOME": str(small_disk)}).returncode == 0
    installed = profile.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run_cli("autostart", "remove", env={"HOME": str(small_disk)})
    assert result.returncode == 1 and "(Read-only file system); it was left as it was." in result.stderr
    assert profile.read_bytes() == installed
