"""Start a throwaway PostgreSQL server (Debian's postgresql package) on a free loopback port.

Fails, never skips, when PostgreSQL is missing: CI must run the database tests.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from workforce.serve import free_port


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (see README, 'Tests')")
    return Path(candidates[-1]).parent


class PostgresServer:
    def __init__(self):
        # Not under pytest's tmp_path: that is private to root, and the server runs as 'postgres'.
        self.folder = Path(tempfile.mkdtemp(prefix="workforce-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.bin = _bin_dir()
        self.url = f"postgresql+psycopg://test@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres")
            os.chmod(self.folder, 0o755)
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> None:
        if os.geteuid() == 0:
            pwd.getpwnam("postgres")  # the Debian package creates this user
        self._run("initdb", "-D", str(self.data), "-U", "test", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.launch()

    def launch(self) -> None:
        """Start the server on the existing data folder and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w", "-o",
                  f"-p {self.port} -h 127.0.0.1 -k {self.folder} -F", "start")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start; see {self.folder / 'server.log'}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
