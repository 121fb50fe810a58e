"""Every setting the project reads, in one declared list (name, environment variable, default, help).

`docs/SETTINGS.md` documents the same list; a test keeps the two in step.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


DATA_DIR = Setting(
    "data_dir",
    "WORKFORCE_DATA_DIR",
    str(PROJECT_ROOT / "data"),
    "Folder holding the bundled, reviewed dataset (figures, prefectures, initiatives, shapes).",
)
VAR_DIR = Setting(
    "var_dir",
    "WORKFORCE_VAR_DIR",
    str(PROJECT_ROOT / "var"),
    "Git-ignored folder for local state; the default SQLite store lives here.",
)
DB_URL = Setting(
    "db_url",
    "WORKFORCE_DB_URL",
    "",
    "SQLAlchemy URL of the store. Empty means sqlite:///<var_dir>/workforce.sqlite, created on first run. "
    "PostgreSQL: postgresql+psycopg://user:pass@host/db.",
)

MAX_UPLOAD_BYTES = Setting(
    "max_upload_bytes",
    "WORKFORCE_MAX_UPLOAD_BYTES",
    str(200 * 1024 * 1024),
    "Largest file an analyst may import, in bytes (the upload page and `workforce import`).",
)
MAX_ROWS = Setting(
    "max_rows",
    "WORKFORCE_MAX_ROWS",
    "2000000",
    "Most data rows one import may hold.",
)
MAX_UNCOMPRESSED_XLSX = Setting(
    "max_uncompressed_xlsx",
    "WORKFORCE_MAX_XLSX_UNCOMPRESSED_BYTES",
    str(400 * 1024 * 1024),
    "Largest total uncompressed size of an .xlsx (protects against zip bombs).",
)
CHANGE_FACTOR = Setting(
    "change_factor",
    "WORKFORCE_CHANGE_FACTOR",
    "2.0",
    "A value more than this factor above or below the one it is compared with (the stored value of the same figure; "
    "for a new period, the same series at the nearest earlier stored period) needs the analyst's confirmation.",
)
SIGNIN_DELAY = Setting(
    "auth_throttle_seconds",
    "WORKFORCE_SIGNIN_DELAY_SECONDS",
    "0.5",
    "Wait after a failed analyst sign-in before that name or client may try again; doubles with each recent failure (capped at 8 s).",
)
SESSION_IDLE_MINUTES = Setting(
    "session_idle_minutes",
    "WORKFORCE_SESSION_IDLE_MINUTES",
    "30",
    "An analyst sign-in unused for this many minutes ends; the next action asks for the password again.",
)
TRUSTED_PROXIES = Setting(
    "trusted_proxies",
    "WORKFORCE_TRUSTED_PROXIES",
    "127.0.0.1,::1",
    "Addresses (comma-separated) of the nginx of `workforce serve`: only a request from one of them names its "
    "client for the per-client sign-in throttle. On worker hosts behind an nginx on another host (`--workers-only`), "
    "the nginx host's address.",
)

ALL_SETTINGS = (DATA_DIR, VAR_DIR, DB_URL, MAX_UPLOAD_BYTES, MAX_ROWS, MAX_UNCOMPRESSED_XLSX, CHANGE_FACTOR, SIGNIN_DELAY,
                SESSION_IDLE_MINUTES, TRUSTED_PROXIES)


def trusted_proxies() -> frozenset[str]:
    return frozenset(part.strip() for part in TRUSTED_PROXIES.value().split(",") if part.strip())


def data_dir() -> Path:
    return Path(DATA_DIR.value())


_MADE_FOLDERS: set[str] = set()  # var folders this process has made already


def db_url() -> str:
    """The store's URL; the default SQLite file's folder is created here so first start needs no setup."""
    url = DB_URL.value()
    if url:
        return url
    var = VAR_DIR.value()
    if var not in _MADE_FOLDERS:  # every cached part of a page asks for the URL: make the folder once
        Path(var).mkdir(parents=True, exist_ok=True)
        _MADE_FOLDERS.add(var)
    return f"sqlite:///{Path(var) / 'workforce.sqlite'}"

