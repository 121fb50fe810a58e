"""Chart parts are built once per data state and key, shared by every session, and rebuilt after a release."""
from __future__ import annotations

import pandas as pd

from workforce import bundled, schema
from workforce.store import engine_for, ensure_store, set_release_active
from workforce.store.releases import create_release
from workforce.ui import data


def test_shared_builds_once_per_data_state_and_key(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    monkeypatch.setenv("WORKFORCE_DB_URL", url)
    engine = engine_for(url)
    ensure_store(engine, bundled.figures_file())
    built = []

    def build():
        built.append(1)
        return object()

    first = data.shared(("test", "a"), build)
    assert data.shared(("test", "a"), build) is first and len(built) == 1  # another session: the same object
    assert data.shared(("test", "b"), build) is not first and len(built) == 2  # another key: built again

    figures = pd.read_csv(bundled.figures_file(), dtype=str, keep_default_na=False).astype({"value": "int64"})
    release = create_release(engine, figures[schema.COLUMNS].head(1).assign(period_end="2031-06-30"),
                             actor="test", kind="import", file_name="x.csv", sha256="0" * 64, fmt="csv")
    after_release = data.shared(("test", "a"), build)
    assert after_release is not first and len(built) == 3  # a new release: every part is rebuilt
    set_release_active(engine, release, False, actor="test")
    assert data.shared(("test", "a"), build) is not after_release and len(built) == 4  # a rollback too


def test_a_page_run_reads_the_state_token_once(monkeypatch):
    """Every cached part of a run asks for the data state; the store is asked once per run, and again next run."""
    from tests.support.pages import open_page
    from workforce.store import state_token

    app = open_page("prefecture", pref="23")
    calls = []
    monkeypatch.setattr(data, "state_token", lambda engine: calls.append(1) or state_token(engine))
    app.run()
    assert not app.exception and len(calls) == 1
    app.run()
    assert len(calls) == 2
