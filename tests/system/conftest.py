"""System layer: real processes and servers; here a store test runs against a real PostgreSQL server."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def backend() -> str:
    return "postgres"


def pytest_collection_modifyitems(config, items):
    # on_postgresql/ imports whole unit modules: keep only their tests that use a store.
    items[:] = [item for item in items
                if not (item.path.parent.name == "on_postgresql" and "backend" not in item.fixturenames)]
    for item in items:
        if item.get_closest_marker("postgres") is None and "backend" in item.fixturenames:
            item.add_marker("postgres")
