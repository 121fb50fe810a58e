"""Hostile text from outside (a file name, the URL) reaches a page only as text (issue 14)."""
from __future__ import annotations

from tests.support.pages import open_file
from tests.support.stores import PASSWORD, store_with_analyst
from tests.unit.test_hostile_inputs import good_csv

MARKDOWN_PAYLOAD = "[click here](https://evil.example/login) :red[**URGENT**] <img src=x onerror=alert(1)>"
_MARKDOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def _markdown_shown(app) -> list[str]:
    return [str(element.value) for kind in _MARKDOWN_ELEMENTS for element in getattr(app, kind)]


def test_an_uploaded_file_name_is_shown_as_text_on_the_update_page(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("WORKFORCE_DB_URL", url)
    store_with_analyst(url, "alice", monkeypatch)
    app = open_file("pages/update.py")
    app.text_input[0].input("alice")
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    name = MARKDOWN_PAYLOAD + ".csv"
    app.get("file_uploader")[0].set_value((name, good_csv(), "text/csv"))
    next(b for b in app.button if b.label == "Check file").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.get("file_uploader"), "the analyst is signed in"
    active = [text for text in _markdown_shown(app) if MARKDOWN_PAYLOAD in text]
    assert not active, f"the file name is rendered as Markdown, unescaped: {active}"


def test_a_prefecture_in_the_url_is_shown_as_text():
    app = open_file("dashboard.py")
    app.switch_page("pages/prefecture.py")
    app.query_params["pref"] = MARKDOWN_PAYLOAD
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    active = [text for text in _markdown_shown(app) if MARKDOWN_PAYLOAD in text]
    assert not active, f"text from the URL is rendered as Markdown, unescaped: {active}"
