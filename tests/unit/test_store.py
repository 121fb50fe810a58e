"""The store on SQLite and on a real PostgreSQL server: first start, releases, the active merge."""
from __future__ import annotations

import threading

import pandas as pd
import sqlalchemy as sa

from tests.support.stores import BUNDLE
from workforce import schema
from workforce.store import active_figures, create_release, ensure_store, list_releases, state_token
from workforce.store.db import releases


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


def test_second_start_adds_nothing(bundled_store):
    engine = bundled_store
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


def test_newer_release_revises_and_older_values_return_when_it_is_inactive(bundled_store, bundled_figures):
    engine = bundled_store
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


OLD_FIGURES_DDL = """CREATE TABLE figures (
    release_id INTEGER NOT NULL REFERENCES releases (id), period_end VARCHAR(10) NOT NULL,
    prefecture_code VARCHAR(2) NOT NULL, nationality VARCHAR(8) NOT NULL, measure VARCHAR(20) NOT NULL,
    breakdown VARCHAR(200) NOT NULL, value BIGINT NOT NULL, source_kind VARCHAR(10) NOT NULL,
    confidence VARCHAR(10) NOT NULL, publisher VARCHAR(200) NOT NULL, source_title TEXT NOT NULL,
    source_url TEXT NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (release_id, period_end, prefecture_code, nationality, measure, breakdown))"""


def _store_made_by_the_previous_code(engine: sa.Engine, bundled_figures: pd.DataFrame) -> None:
    """The tables as the code before read_from_url made them: an old bundle as release 1, an analyst's release 2."""
    from workforce.store.db import metadata, release_events, store_meta

    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables
                                        if t.name not in ("figures", "municipal_figures")])
    old_columns = [c for c in schema.COLUMNS if c != "read_from_url"]
    old_bundle = bundled_figures[bundled_figures["period_end"] <= "2025-06-30"][old_columns].head(500)
    analyst = old_bundle.head(1).assign(period_end="2026-06-30", value=12_345)
    with engine.begin() as conn:
        conn.execute(sa.text(OLD_FIGURES_DDL))
        for kind, frame in (("bundled", old_bundle), ("import", analyst)):
            release_id = conn.execute(releases.insert().values(
                created_at="2026-11-01T00:00:00+00:00", actor="old", kind=kind, file_name="data/figures.csv",
                sha256="0" * 64, format="csv", row_count=len(frame), note="", active=True)).inserted_primary_key[0]
            conn.execute(release_events.insert().values(release_id=release_id, at="2026-11-01T00:00:00+00:00",
                                                        actor="old", action="created", note=""))
            conn.execute(sa.text(f"INSERT INTO figures (release_id, {', '.join(old_columns)}) VALUES "
                                 f"(:release_id, {', '.join(':' + c for c in old_columns)})"),
                         [dict(row, release_id=release_id) for row in frame.to_dict("records")])
        conn.execute(store_meta.insert().values(key="bundled_release_id", value="1"))


def test_a_store_made_by_older_code_migrates_on_start_with_nothing_lost(store_url, bundled_figures):
    engine = _engine(store_url)
    _store_made_by_the_previous_code(engine, bundled_figures)
    new_bundle = ensure_store(engine, BUNDLE)
    assert new_bundle == 3
    listed = list_releases(engine).set_index("id")
    assert not listed.loc[1, "active"] and listed.loc[2, "active"] and listed.loc[3, "active"]  # old bundle rolled back
    active = active_figures(engine)
    assert len(active) == len(bundled_figures) + 1  # the new bundle and the analyst's figure on top
    assert active["read_from_url"].str.startswith("https://").any()
    analyst = active[active["period_end"] == "2026-06-30"]
    assert analyst["value"].tolist() == [12_345] and analyst["read_from_url"].tolist() == [""]
    with engine.connect() as conn:  # the old bundle's rows are kept, with the new column's default
        kept = conn.execute(sa.text("SELECT count(*), max(read_from_url) FROM figures WHERE release_id = 1")).one()
    assert kept == (500, "")
    assert ensure_store(engine, BUNDLE) == 3 and len(list_releases(engine)) == 3  # the next start adds nothing
