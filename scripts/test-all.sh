#!/usr/bin/env bash
# Install everything the tests need and run ALL of them (unit, AppTest, PostgreSQL, browser).
# Meant for a fresh Debian machine, as root (or a user with sudo). Extra arguments go to pytest,
# e.g. `bash scripts/test-all.sh -m browser`. The exit code is pytest's.
# Debian packages: nginx-light (the `workforce serve` test), strace (the no-outside-connection test), chromium + fonts-noto-cjk (Playwright drives the system browser; never run
# `playwright install`) and postgresql (the tests start their own throwaway server on a free port,
# so any cluster the package starts is simply left alone).
set -euo pipefail
cd "$(dirname "$0")/.."

# apt-get must not stop to ask questions; `env` carries that through sudo, which resets the environment.
if [ "$(id -u)" -eq 0 ]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
    echo "test-all.sh: run as root, or install sudo, to install the Debian packages" >&2
    exit 1
fi

"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends chromium fonts-noto-cjk postgresql nginx-light strace

PYTHON="${PYTHON:-$(command -v python || command -v python3)}"
"$PYTHON" -m pip install -e ".[test]"
"$PYTHON" -m pytest -q -p no:cacheprovider "$@"
