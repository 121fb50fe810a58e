"""The `workforce` command run as a user runs it: a real subprocess in the project's folder."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.support.stores import ROOT


def workforce(*args: str, db_url: str | None = None, var_dir: str | None = None,
              stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if db_url:
        env["WORKFORCE_DB_URL"] = db_url
    if var_dir:
        env["WORKFORCE_VAR_DIR"] = var_dir
    return subprocess.run([sys.executable, "-m", "workforce", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, input=stdin)
