"""Issue 14, point 19: `workforce serve --user NAME`, started as root, runs its Streamlit workers as NAME.

On this machine (and CI's) Python lives under /root, mode 0700, which no other account may enter, so
`workforce serve` refuses any other account there, naming the folder (tested below). To run the
successful start for real, the test gives `workforce serve` the install an operator would make: in a
private mount namespace (`unshare --mount`, nothing changes outside it) each folder that closes the way
to Python or the project is covered by an open, empty tmpfs into which only the needed entries are bound
back. Paths stay the same; the real /root is untouched. Then the workers must run as the account and
the pages must answer through nginx.
"""
from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.stores import ROOT
from tests.support.streamlit_client import Client
from workforce.serve import ServeError, free_port, stop_processes, wait_healthy
from workforce.serve_user import closed_folder, may_enter

ACCOUNT = "wf-serve-test"


@pytest.fixture(scope="module")
def account():
    """An unprivileged system account (made here, as CI runs as root on a fresh machine; removed after)."""
    if os.geteuid() != 0:
        pytest.fail("this test starts workforce serve as root (CI runs as root)")
    made = False
    try:
        pwd.getpwnam(ACCOUNT)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ACCOUNT], check=True)
        made = True
    yield pwd.getpwnam(ACCOUNT)
    if made:
        subprocess.run(["userdel", ACCOUNT], check=True)


def _needed_paths() -> list[Path]:
    paths = [Path(sys.prefix).resolve(), Path(sys.executable).resolve(), ROOT.resolve()]
    return paths + [Path(entry).resolve() for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]


def _open_the_way(account, keep: Path) -> str:
    """Shell commands (run inside the new mount namespace) that open every closed folder on the way to
    Python, its packages and the project for `account`: outermost first, each covered by an open tmpfs
    holding only the needed entries, bound back from a saved view of the folder."""
    needed = _needed_paths()
    closed = sorted({folder for path in needed for folder in path.parents if not may_enter(account, folder)},
                    key=lambda folder: len(folder.parts))
    commands = ["set -e"]
    for n, folder in enumerate(closed):
        saved = keep / str(n)
        saved.mkdir()
        commands.append(f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(saved))}")
        commands.append(f"mount -t tmpfs -o mode=0755 tmpfs {shlex.quote(str(folder))}")
        for child in sorted({path.relative_to(folder).parts[0] for path in needed if folder in path.parents}):
            inside = shlex.quote(str(folder / child))
            commands.append(f"mkdir -p {inside} && mount --bind {shlex.quote(str(saved / child))} {inside}")
    return "\n".join(commands)


def test_the_refusal_names_the_closed_folder_and_what_to_do(account, tmp_path):
    closed = Path(tempfile.mkdtemp(prefix="workforce-closed-"))  # root's, mode 0700
    try:
        inner = closed / "python" / "bin"
        inner.mkdir(parents=True)
        assert closed_folder(account, [inner / "python3"]) == closed
        closed.chmod(0o711)
        assert closed_folder(account, [inner / "python3"]) is None
    finally:
        shutil.rmtree(closed)
    if closed_folder(account, _needed_paths()) is not None:  # this machine's layout: Python under /root
        from tests.support.cli import workforce

        out = workforce("serve", "--workers", "1", "--port", "1", "--user", ACCOUNT, var_dir=str(tmp_path))
        assert out.returncode == 1
        assert f"--user {ACCOUNT} cannot run" in out.stderr and "is closed to it" in out.stderr
        assert "Install Python and the project under folders every account may enter" in out.stderr


def test_workers_run_as_the_named_account_and_the_pages_answer(account):
    var = Path(tempfile.mkdtemp(prefix="workforce-user-var-"))  # under /tmp: the account can reach it once handed over
    keep = Path(tempfile.mkdtemp(prefix="workforce-user-keep-"))
    port = free_port()
    env = {**os.environ, "WORKFORCE_VAR_DIR": str(var)}
    env.pop("WORKFORCE_DB_URL", None)
    script = _open_the_way(account, keep) + '\nexec "$@"'
    command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
               sys.executable, "-m", "workforce", "serve", "--workers", "2", "--port", str(port), "--user", ACCOUNT]
    log = var.parent / f"{var.name}.log"
    with log.open("w") as out:
        serve = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", serve, 150)
        except ServeError as error:
            pytest.fail(f"{error}:\n{log.read_text()[-4000:]}")
        workers = [pid for pid in _children(serve.pid) if b"streamlit" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(workers) == 2
        assert {_uid(pid) for pid in workers} == {account.pw_uid}
        assert _uid(serve.pid) == 0  # only the workers changed account
        assert (var / "workforce.sqlite").stat().st_uid == account.pw_uid  # the store was handed over
        for _ in range(3):  # through nginx: new browsers reach one worker or the other
            client = Client(f"http://127.0.0.1:{port}")
            try:
                messages = client.run_page("")
                texts = [m.delta.new_element.markdown.body for m in messages if m.WhichOneof("type") == "delta"]
                assert not [m for m in messages if m.WhichOneof("type") == "delta"
                            and m.delta.new_element.WhichOneof("type") == "exception"]
                assert any("ISA counts residents" in text for text in texts), texts[:5]  # the overview ran
            finally:
                client.close()
    finally:
        stop_processes([serve])
        log.unlink(missing_ok=True)
        shutil.rmtree(var, ignore_errors=True)
        shutil.rmtree(keep, ignore_errors=True)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def _uid(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])  # the real uid
    raise AssertionError(f"no Uid for {pid}")
