"""Views are computed once per data state, function, parameters and language, shared by every session,
and computed again after a release."""
from __future__ import annotations

import pandas as pd

from workforce import bundled, schema
from workforce.i18n import Translator
from workforce.store import engine_for, ensure_store, set_release_active
from workforce.store.releases import create_release
from workforce.ui import data

built: list[str] = []


def counted(figures: pd.DataFrame, name: str, t: Translator | None = None) -> object:
    """A view that counts how often it is computed."""
    built.append(name)
    return object()


def test_a_view_is_computed_once_per_data_state_parameters_and_language(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    monkeypatch.setenv("WORKFORCE_DB_URL", url)
    engine = engine_for(url)
    ensure_store(engine, bundled.figures_file())
    built.clear()

    first = data.view(counted, "a")
    assert data.view(counted, "a") is first and built == ["a"]  # another session: the same object
    assert data.view(counted, "b") is not first and built == ["a", "b"]  # other parameters: computed again
    english = data.view(counted, "a", Translator("en"))
    assert data.view(counted, "a", Translator("en")) is english  # a translator counts by its language
    assert data.view(counted, "a", Translator("ja")) is not english and len(built) == 4

    figures = pd.read_csv(bundled.figures_file(), dtype=str, keep_default_na=False).astype({"value": "int64"})
    release = create_release(engine, figures[schema.COLUMNS].head(1).assign(period_end="2031-06-30"),
                             actor="test", kind="import", file_name="x.csv", sha256="0" * 64, fmt="csv")
    after_release = data.view(counted, "a")
    assert after_release is not first and len(built) == 5  # a new release: every view is computed again
    set_release_active(engine, release, False, actor="test")
    assert data.view(counted, "a") is not after_release and len(built) == 6  # a rollback too


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
