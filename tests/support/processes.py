"""Helpers for tests that run workers in child processes."""
from __future__ import annotations

import subprocess
from pathlib import Path

from workforce.serve import ServeError, start_python, stop_processes, streamlit_arguments


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


def start_app(env: dict[str, str], log_path: Path, timeout_s: float = 60) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` (as the README starts it) on a free loopback port with `env`; (process, base URL) once healthy."""
    return start_server(streamlit_arguments("app.py", "{port}"), env, log_path, timeout_s)


def start_server(arguments: list[str], env: dict[str, str], log_path: Path,
                 timeout_s: float = 60) -> tuple[subprocess.Popen, str]:
    """`python <arguments>` ("{port}" replaced by a free loopback port); (process, base URL) once healthy.

    Fails the test (never skips) when the server exits or does not answer in time, with its log.
    """
    import pytest

    with log_path.open("w") as log:
        try:
            return start_python(arguments, env, seconds=timeout_s, stdout=log)
        except ServeError as error:
            pytest.fail(f"{arguments[1]}: {error}:\n{log_path.read_text()[-4000:]}")


def stop_app(process: subprocess.Popen) -> None:
    """Ask the app server to stop (SIGTERM), and kill it if it has not within 10 s."""
    stop_processes([process])
