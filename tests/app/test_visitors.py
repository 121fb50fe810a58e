"""Issue 14, points 7 and 8: what an anonymous visitor's link can make a page show."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.support.pages import open_file, open_page, page_text
from tests.support.stores import ROOT, page_store
from workforce.i18n import Translator

EN = Translator("en")
REFUSED = "could not be used, so the page shows its usual choice instead"


@pytest.mark.parametrize(("page", "query"), [
    ("initiatives", {"years": "0"}),
    ("initiatives", {"years": "1990-99999"}),
    ("initiatives", {"years": "2030-2020"}),
    ("initiatives", {"years": "9" * 5000}),
    ("initiatives", {"years": "abc"}),
    ("overview", {"metric": "<script>"}),
    ("overview", {"period": "0000-00-00"}),
    ("compare", {"period": "x" * 3000}),
])
def test_an_out_of_range_url_parameter_gets_a_message_not_a_traceback(page, query):
    app = open_page(page, **query)  # fails on any exception
    assert REFUSED in page_text(app)
    assert not app.error


def test_in_range_years_are_used_without_a_message():
    app = open_page("initiatives", years="2020-2023")
    assert REFUSED not in page_text(app)


def test_a_failing_page_says_so_and_shows_no_traceback_or_path(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "initiatives.csv").write_text("not,the,columns\n1,2,3\n", encoding="utf-8")
    monkeypatch.setenv("WORKFORCE_DATA_DIR", str(data))
    import streamlit as st

    from workforce import bundled

    bundled.initiatives.cache_clear()
    st.cache_resource.clear()  # AppTest runs in this process: its caches hold the good catalogue
    try:
        app = open_page("initiatives")
    finally:
        bundled.initiatives.cache_clear()
        st.cache_resource.clear()
    assert [e.value for e in app.error] == [EN("access.page_failed")]
    assert str(tmp_path) not in page_text(app) and "Traceback" not in page_text(app)


def test_production_config_shows_no_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_a_link_in_a_prefecture_parameter_is_quoted_as_code():
    app = open_page("prefecture", pref="https://evil.example/login")
    [warning] = app.warning
    assert "` https://evil.example/login `" in warning.value
    assert "https\\:" not in warning.value


def test_a_source_title_with_markup_is_plain_text_in_the_trend_hover():
    from workforce.charts.trends import national_trend

    rows = pd.DataFrame({"period_end": ["2025-06-30"], "value": [5], "source_kind": ["official"],
                         "source_title": ['<a href="https://evil.example">ISA</a>']})
    figure = national_trend({"residents": rows}, "t", EN)
    [hover] = figure.data[0].text
    assert "<a" not in hover and "&lt;a href=&quot;https://evil.example&quot;&gt;" in hover


# ---------------------------------------------------------------- 9. what anonymous visitors can read


def releases_shown(app) -> pd.DataFrame:
    return next(df.value for df in app.dataframe if "row_count" in df.value.columns)


def test_anonymous_visitors_see_releases_without_names_files_or_notes():
    from workforce import bundled
    from workforce.store import create_release

    engine = page_store()
    figures = pd.read_csv(bundled.figures_file(), dtype=str, keep_default_na=False).astype({"value": "int64"}).head(1)
    create_release(engine, figures, actor="carol.nguyen", kind="import", file_name="carol-home-folder.csv",
                   sha256="1" * 64, fmt="csv", note="called Mr Tanaka")
    shown = releases_shown(open_page("sources"))
    text = shown.to_string()
    assert "carol" not in text and "Tanaka" not in text and "bundle" not in shown.columns
    assert {"actor", "file_name", "note"}.isdisjoint(shown.columns) and len(shown) >= 2


def test_a_signed_in_analyst_sees_who_made_each_release():
    pass

    from workforce.store import sessions
    from workforce.store.analysts import add_analyst, list_analysts

    engine = page_store()
    if "erin" not in list_analysts(engine)["name"].tolist():
        add_analyst(engine, "erin", "correct horse battery", actor="test")
    app = open_file("pages/sources.py", run=False)
    app.session_state["analyst_token"] = sessions.open_session(engine, "erin")
    app.run()
    assert {"actor", "file_name", "note"} <= set(releases_shown(app).columns)


def test_a_new_sqlite_store_is_readable_by_its_owner_only(tmp_path):
    import os
    import stat

    from workforce.store import engine_for, ensure_store

    old = os.umask(0o022)
    try:
        engine = engine_for(f"sqlite:///{tmp_path / 'new.sqlite'}")
        ensure_store(engine, ROOT / "data" / "figures.csv")
    finally:
        os.umask(old)
    for path in tmp_path.glob("new.sqlite*"):  # the database and its -wal / -shm files
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_an_existing_store_left_open_to_others_is_made_private(tmp_path):
    import stat

    from workforce.store import engine_for

    path = tmp_path / "old.sqlite"
    path.touch(mode=0o644)
    path.chmod(0o644)
    engine_for(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_serve_blocks_streamlit_internal_endpoints(tmp_path):
    from workforce.serve import nginx_config

    config = nginx_config(tmp_path, "127.0.0.1", 8501, ["127.0.0.1:9001", "127.0.0.1:9002"], 250)
    assert "location = /_stcore/metrics { return 404; }" in config


# ---------------------------------------------------------------- 19. workforce serve never runs workers as root unasked


def test_serve_started_as_root_refuses_without_a_worker_account(tmp_path):
    from tests.support.cli import workforce

    out = workforce("serve", "--workers", "1", "--port", "1", var_dir=str(tmp_path))
    assert out.returncode == 1
    assert "started as root, the Streamlit workers would run as root" in out.stderr and "--user NAME" in out.stderr


def test_serve_refuses_an_account_that_cannot_run_the_project(tmp_path):
    from tests.support.cli import workforce

    out = workforce("serve", "--workers", "1", "--port", "1", "--user", "nobody", var_dir=str(tmp_path))
    assert out.returncode == 1
    assert "--user nobody cannot run" in out.stderr  # here Python lives under /root, mode 0700


def test_serve_names_a_missing_account(tmp_path):
    from tests.support.cli import workforce

    out = workforce("serve", "--workers", "1", "--port", "1", "--user", "no-such-account", var_dir=str(tmp_path))
    assert out.returncode == 1 and "--user no-such-account: no such account" in out.stderr
