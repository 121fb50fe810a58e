"""AppTest over every page in Japanese and Vietnamese: no exception, and no English UI string left."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.pages import open_file
from workforce.i18n import catalog

PAGES = ["overview", "prefecture", "trends", "compare", "initiatives", "symposium", "sources", "update"]


def english_only_strings(lang: str) -> set[str]:
    """English UI strings (two words or more, placeholders cut out) whose translation differs."""
    english, other = catalog("en"), catalog(lang)
    strings = set()
    for key, text in english.items():
        if other.get(key, other.get(key.rsplit(".", 1)[0] + ".other")) == text:  # a plural form: its .other
            continue
        for fragment in text.replace("{", "\0").replace("}", "\0").split("\0")[::2]:
            fragment = fragment.strip(" .,:;()")
            if len(fragment.split()) >= 2:
                strings.add(fragment)
    return strings


def ui_texts(app: AppTest) -> list[str]:
    """Text of the page's own UI: titles, headings, captions, notes, metrics, widget labels, chart titles."""
    texts = [m.label for m in app.metric]
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error", "success"):
        texts += [str(element.value) for element in getattr(app, kind)]
    for kind in ("selectbox", "multiselect", "radio", "text_input", "checkbox", "slider", "button"):
        texts += [widget.label for widget in getattr(app, kind)]
    for chart in app.get("bidi_component"):  # the chart element (workforce/ui/chart_element.py)
        layout = json.loads(json.loads(chart.proto.json)["figure"]).get("layout", {})
        texts.append(str(layout.get("title", {}).get("text", "")))
    return texts


@pytest.mark.parametrize("lang", ["ja", "vi"])
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_untranslated_string(page, lang):
    app = open_file("dashboard.py", run=False)
    app.query_params["lang"] = lang
    app.run()
    if page != "overview":
        # AppTest drops query parameters set after switch_page on the first run; run again, as a link would.
        app.switch_page(f"pages/{page}.py").run()
        app.query_params["lang"] = lang
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    english = english_only_strings(lang)
    leftovers = sorted({s for text in ui_texts(app) for s in english if s in text})
    assert not leftovers


def test_vietnamese_page_formats_numbers_and_names():
    app = open_file("dashboard.py", run=False)
    app.query_params["lang"] = "vi"
    app.run()
    assert "681.100" in [m.value for m in app.metric]
    app.switch_page("pages/prefecture.py").run()
    app.query_params.update({"lang": "vi", "pref": "23"})
    app.run()
    assert "Tỉnh Aichi" in app.title[0].value


def test_japanese_profile_uses_japanese_names_and_dates():
    app = open_file("dashboard.py", run=False)
    app.query_params["lang"] = "ja"
    app.run()
    app.switch_page("pages/prefecture.py").run()
    app.query_params.update({"lang": "ja", "pref": "23"})
    app.run()
    assert app.title[0].value == "愛知県"
    assert any("2025年12月末" in c.value for c in app.caption)


@pytest.mark.parametrize("lang", ["en", "ja", "vi"])
@pytest.mark.parametrize("page", ["overview", "prefecture", "compare", "sources"])
def test_every_table_header_has_a_label_in_the_readers_language(page, lang):
    """No raw column name (period_end, source_kind, exclusion_reason) reaches a reader (issue 15)."""
    import json

    from tests.support.pages import open_page

    app = open_page(page, lang=lang)
    translated = set(catalog(lang).values())  # a table may also be built with its headers already translated
    if page == "prefecture":  # the figure table is made when its expander opens
        app.session_state["pref_every_figure"] = True
        app.run()
    checked = 0
    for frame in app.dataframe:
        labels = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = labels.get(str(column), {}).get("label") or (column if column in translated else None)
            assert label and "_" not in label, f"{page}: column {column!r} has no {lang} label"
            checked += 1
    assert checked


def test_publishers_and_the_outline_note_are_in_the_readers_language():
    from tests.support.pages import open_page, page_text

    overview = page_text(open_page("overview", lang="ja"))
    assert "出典（公式）：出入国在留管理庁「" in overview and "Immigration Services Agency" not in overview
    sources = page_text(open_page("sources", lang="vi"))
    assert "Đường ranh giới các tỉnh" in sources and "Main landmass" not in sources
