"""Which account the Streamlit workers of `workforce serve` run as: never root by default.

A worker runs the pages for every visitor; started as root, a flaw in it would be a flaw with root's
rights. So `workforce serve` started as root needs `--user NAME`: the workers run as that account
(checked first: it must be able to run this Python with the project) and the SQLite store is handed
to it. `--user root` keeps the old behaviour, on purpose and visibly.
"""
from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from workforce.settings import PROJECT_ROOT

ROOT_REFUSED = ("started as root, the Streamlit workers would run as root: name the account they should run "
                "as with --user NAME (it must be able to run {python} and read the project), or --user root to "
                "run them as root anyway")


class AccountRefused(RuntimeError):
    """The workers cannot run as the asked account (workforce serve says so as a ServeError)."""


def worker_account(requested: str | None) -> pwd.struct_passwd | None:
    """The account to switch the workers to; None to keep this process's. Raises AccountRefused with advice."""

    if os.geteuid() != 0:
        if requested not in (None, pwd.getpwuid(os.geteuid()).pw_name):
            raise AccountRefused("--user needs workforce serve to be started as root (it switches the workers to it)")
        return None
    if requested is None:
        raise AccountRefused(ROOT_REFUSED.format(python=sys.executable))
    if requested == "root":
        return None
    try:
        account = pwd.getpwnam(requested)
    except KeyError:
        raise AccountRefused(f"--user {requested}: no such account") from None
    try:
        check = subprocess.run([sys.executable, "-c", "import streamlit, workforce"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=120, user=account.pw_uid, group=account.pw_gid,
                               extra_groups=[], env={**os.environ, "HOME": "/"})
        said = (check.stderr.strip().splitlines() or ["no message"])[-1] if check.returncode else ""
    except OSError as error:  # the account may not even execute the interpreter
        said = f"{type(error).__name__}: {error.strerror}"
    if said:
        closed = closed_folder(account, [Path(sys.executable), Path(sys.prefix), PROJECT_ROOT])
        where = (f": {closed} (mode {closed.stat().st_mode & 0o777:04o}, owner {_owner(closed)}) is closed to it"
                 if closed else "")
        raise AccountRefused(f"--user {requested} cannot run {sys.executable} with the project ({said}){where}. "
                         "Install Python and the project under folders every account may enter (for example a "
                         "virtual environment in /opt/workforce made from a Python in /usr or /usr/local), or run "
                         "the workers as root with --user root")
    return account


def _owner(path: Path) -> str:
    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except KeyError:
        return str(path.stat().st_uid)


def may_enter(account: pwd.struct_passwd, folder: Path) -> bool:
    """Whether `account` has search permission on `folder` (as its owner, a group member or other)."""
    import grp

    info = folder.stat()
    if info.st_uid == account.pw_uid:
        return bool(info.st_mode & 0o100)
    groups = {account.pw_gid} | {g.gr_gid for g in grp.getgrall() if account.pw_name in g.gr_mem}
    return bool(info.st_mode & (0o010 if info.st_gid in groups else 0o001))


def closed_folder(account: pwd.struct_passwd, paths: list[Path]) -> Path | None:
    """The first folder on the way to any of `paths` that `account` may not pass through, if any."""
    for path in paths:
        for folder in reversed(path.absolute().parents):
            if not may_enter(account, folder):
                return folder
    return None


def hand_over_store(account: pwd.struct_passwd, sqlite_file: Path | None) -> None:
    """The workers write the store: give its folder and files to the account (still owner-only)."""
    if sqlite_file is None:
        return
    for path in (sqlite_file.parent, sqlite_file, Path(f"{sqlite_file}-wal"), Path(f"{sqlite_file}-shm")):
        if path.exists():
            os.chown(path, account.pw_uid, account.pw_gid)


def popen_options(account: pwd.struct_passwd | None, home: Path) -> dict:
    """subprocess.Popen arguments that start a worker as `account` (nothing to add for None)."""
    if account is None:
        return {}
    home.parent.chmod(0o711)  # a private temporary folder: the account may pass through it to its home
    home.mkdir(exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": [], "env_home": str(home)}
