"""Shared fixtures: an isolated store per test session, and a real PostgreSQL server when asked for."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session", autouse=True)
def isolated_var_dir(tmp_path_factory):
    """Each test session gets its own default SQLite store, never the developer's var/."""
    var = tmp_path_factory.mktemp("var")
    os.environ["WORKFORCE_VAR_DIR"] = str(var)
    os.environ.pop("WORKFORCE_DB_URL", None)
    return var


@pytest.fixture(scope="session")
def bundled_figures() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "figures.csv", dtype=str, keep_default_na=False).astype({"value": "int64"})


def store_with_analyst(url: str, name: str, monkeypatch, *, delay: str = "0.1"):
    """A store on `url` holding the bundle and one analyst `name` (password "correct horse battery"), with
    failed sign-ins slowed by only `delay` seconds: what the sign-in and update tests start from."""
    import sqlalchemy as sa

    from workforce.store import ensure_store
    from workforce.store.analysts import add_analyst

    monkeypatch.setenv("WORKFORCE_SIGNIN_DELAY_SECONDS", delay)
    engine = sa.create_engine(url)
    ensure_store(engine, ROOT / "data" / "figures.csv")
    add_analyst(engine, name, "correct horse battery", actor="test")
    return engine


@pytest.fixture(scope="session")
def postgres_url():
    from tests.pg_server import PostgresServer

    server = PostgresServer()
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    """A fresh, empty store URL on each backend the project supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    base = request.getfixturevalue("postgres_url")
    return _fresh_postgres_database(base, tmp_path.name)


def _fresh_postgres_database(base_url: str, name: str) -> str:
    import re

    import sqlalchemy as sa

    database = "t_" + re.sub(r"[^a-z0-9]", "_", name.lower())[-40:]
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + database


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole session (Playwright's sync API allows one instance per thread).

    Fails, never skips, when Chromium is missing: CI must run the browser tests.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
                    "(apt-get install chromium fonts-noto-cjk); never run `playwright install`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
