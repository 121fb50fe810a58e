"""Issue 14, points 7 and 8: what an anonymous visitor's link can make a page show."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.test_app import open_page, page_text
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
