"""Helpers for tests that run workers in child processes."""
from __future__ import annotations

import subprocess


def stop_process(process: subprocess.Popen) -> None:
    """Kill the child if it still runs, reap it, and close its pipes (a killed child may have broken them)."""
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    for stream in (process.stdin, process.stdout):
        if stream is None:
            continue
        try:
            stream.close()
        except (BrokenPipeError, OSError):
            pass
