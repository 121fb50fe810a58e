"""The `workforce` command against a real PostgreSQL server."""
from __future__ import annotations

import json

from tests.support.cli import workforce
from tests.support.stores import fresh_postgres_database


def test_cli_on_postgresql(postgres_url):
    url = fresh_postgres_database(postgres_url, "cli")
    assert workforce("init", db_url=url).returncode == 0
    rows = json.loads(workforce("figures", "--prefecture", "27", "--period", "2025-06-30", "--format", "json", db_url=url).stdout)
    assert [r["value"] for r in rows] == [67611]
