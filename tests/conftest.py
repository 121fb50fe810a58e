"""Fixtures for every layer, and the layer marks.

The tests live in layers, one folder each (README, "Tests"):
  unit/     in-process, no server and no browser: pure code and SQLite files
  app/      pages run in-process with Streamlit's AppTest
  system/   real processes and servers: the CLI, PostgreSQL, a running Streamlit, killed writers
  browser/  Debian's Chromium: Playwright on a running app, and images/PDFs drawn by Chromium
  support/  helpers (PostgreSQL server, processes, workers, the bad-input corpus), no tests

Each test is marked with its folder's layer, with `postgres` when it runs against PostgreSQL and with
`browser` when it drives Chromium, so `pytest tests/unit` or `pytest -m "not postgres"` pick a part.
A store test is written once against `store_url` or `bundled_store`: SQLite everywhere, PostgreSQL
under system/ (system/on_postgresql/ runs the unit and app layers' store tests again there).
"""
from __future__ import annotations

import os

import pandas as pd
import pytest

from tests.support import stores
from tests.support.stores import BUNDLE, ROOT, fresh_postgres_database

LAYERS = ("unit", "app", "system", "browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        layer = next((part for part in item.path.relative_to(ROOT / "tests").parts[:-1] if part in LAYERS), None)
        if layer:
            item.add_marker(layer)
        if "postgres_url" in item.fixturenames:
            item.add_marker("postgres")
        if "browser" in item.fixturenames or "page" in item.fixturenames:
            item.add_marker("browser")


@pytest.fixture(scope="session", autouse=True)
def isolated_var_dir(tmp_path_factory):
    """Each test session gets its own default SQLite store, never the developer's var/."""
    var = tmp_path_factory.mktemp("var")
    os.environ["WORKFORCE_VAR_DIR"] = str(var)
    os.environ.pop("WORKFORCE_DB_URL", None)
    return var


@pytest.fixture(scope="session")
def bundled_figures() -> pd.DataFrame:
    return pd.read_csv(BUNDLE, dtype=str, keep_default_na=False).astype({"value": "int64"})


@pytest.fixture(scope="session")
def backend() -> str:
    """The database a store test runs on: SQLite here; system/conftest.py makes it PostgreSQL."""
    return "sqlite"


@pytest.fixture(scope="session")
def postgres_url():
    from tests.support.pg_server import PostgresServer

    server = PostgresServer()
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def store_url(backend, request, tmp_path):
    """A fresh, empty store URL on this layer's backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_url"), tmp_path.name)


@pytest.fixture
def bundled_store(store_url):
    """An engine on a fresh store holding the bundled dataset, as a first start leaves it."""
    engine = stores.bundled_store(store_url)
    yield engine
    engine.dispose()

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole session (Playwright's sync API allows one instance per thread).

    Fails, never skips, when Chromium is missing: CI must run the browser tests.
    """
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
                    "(apt-get install chromium fonts-noto-cjk); never run `playwright install`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
