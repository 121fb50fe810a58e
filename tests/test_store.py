"""The store on SQLite and on a real PostgreSQL server: first start, releases, the active merge."""
from __future__ import annotations

import threading

import pandas as pd
import sqlalchemy as sa

from tests.conftest import ROOT
from workforce import schema
from workforce.store import active_figures, create_release, ensure_store, list_releases, state_token
from workforce.store.db import releases

BUNDLE = ROOT / "data" / "figures.csv"


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(url)


def test_first_start_loads_the_bundle_as_release_one(store_url, bundled_figures):
    engine = _engine(store_url)
    release_id = ensure_store(engine, BUNDLE)
    stored = active_figures(engine).drop(columns="release_id")
    assert release_id == 1
    pd.testing.assert_frame_equal(stored, bundled_figures.sort_values(schema.KEY, ignore_index=True), check_dtype=False)
    listed = list_releases(engine)
    assert listed.loc[0, "kind"] == "bundled" and len(listed.loc[0, "sha256"]) == 64


def test_second_start_adds_nothing(store_url):
    engine = _engine(store_url)
    ensure_store(engine, BUNDLE)
    token = state_token(engine)
    assert ensure_store(engine, BUNDLE) == 1
    assert len(list_releases(engine)) == 1 and state_token(engine) == token


def test_servers_starting_together_bundle_once(store_url):
    errors = []

    def start():
        try:
            ensure_store(_engine(store_url), BUNDLE)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(list_releases(_engine(store_url))) == 1


def test_newer_release_revises_and_older_values_return_when_it_is_inactive(store_url, bundled_figures):
    engine = _engine(store_url)
    ensure_store(engine, BUNDLE)
    aichi = bundled_figures[(bundled_figures["prefecture_code"] == "23") & (bundled_figures["period_end"] == "2025-06-30")
                            & (bundled_figures["nationality"] == "VN")].copy()
    aichi["value"] = 70000
    before = state_token(engine)
    new_id = create_release(engine, aichi, actor="tester", kind="import", file_name="revision.csv", sha256="0" * 64, fmt="csv")
    assert state_token(engine) > before
    active = active_figures(engine, prefecture_code="23", period_end="2025-06-30", nationality="VN")
    assert active["value"].tolist() == [70000] and active["release_id"].tolist() == [new_id]
    assert len(active_figures(engine)) == len(bundled_figures)  # revised, nothing added or lost
    with engine.begin() as conn:
        conn.execute(releases.update().where(releases.c.id == new_id).values(active=False))
    assert active_figures(engine, prefecture_code="23", period_end="2025-06-30", nationality="VN")["value"].tolist() == [67842]
