"""The presentation page (/present) and the saved briefings behind it."""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.pages import open_page, page_text
from tests.support.stores import page_store
from workforce.slide_kinds import DEFAULT_SLIDES
from workforce.store import briefings

ALL_SLIDES = len(DEFAULT_SLIDES)  # the default slides, with the default single prefecture (Aichi)


def open_present(**query: str) -> AppTest:
    return open_page("present", **query)


def title(app: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", app.title[0].value)


def widget(app: AppTest, kind: str, key: str):
    return next(w for w in getattr(app, kind) if w.key == key)


@pytest.mark.parametrize(("lang", "position", "setup"), [
    ("en", "Slide 1 of 7", "Set up the briefing"),
    ("ja", "スライド 1 / 7", "ブリーフィングの設定"),
    ("vi", "Trang chiếu 1 / 7", "Thiết lập buổi thuyết trình"),
])
def test_page_runs_in_every_language(lang, position, setup):
    app = open_present(lang=lang)
    assert app.title
    assert position in page_text(app)
    assert app.expander[0].label == setup
    assert app.query_params["slide"] == "1"


@pytest.mark.parametrize(("lang", "count"), [("en", "681,100"), ("ja", "68万1,100"), ("vi", "681.100")])
def test_first_slide_is_the_headline(lang, count):
    app = open_present(slide="1", lang=lang)
    assert count in page_text(app)
    assert not app.get("bidi_component")


def test_prefecture_slide_shows_aichi():
    app = open_present(slide="6", pref="23")
    assert title(app).startswith("Aichi")
    text = page_text(app)
    assert "70,820" in text and "Initiatives" in text
    chart = app.get("bidi_component")[0]  # the chart element
    assert json.loads(chart.proto.json)["config"]["displayModeBar"] is False  # no chart chrome on a projector


def test_vietnamese_map_slide():
    app = open_present(slide="2", lang="vi")
    assert "Nơi người Việt Nam cư trú" in title(app)
    assert "Tỉnh Aichi: 70.820" in page_text(app)


def test_next_and_previous_move_through_the_slides_and_the_url():
    app = open_present(slide="1")
    first = title(app)
    previous = widget(app, "button", "present_previous")
    assert previous.disabled  # nothing before the first slide
    widget(app, "button", "present_next").click().run()
    assert app.query_params["slide"] == "2"
    assert title(app) != first and "Slide 2 of 7" in page_text(app)
    widget(app, "button", "present_next").click().run()
    assert app.query_params["slide"] == "3"
    widget(app, "button", "present_previous").click().run()
    assert app.query_params["slide"] == "2"


def test_last_slide_cannot_go_further():
    app = open_present(slide=str(ALL_SLIDES))
    assert title(app) == "Sources"
    assert widget(app, "button", "present_next").disabled


@pytest.mark.parametrize(("asked", "shown"),
                         [("99", str(ALL_SLIDES)), ("0", "1"), ("-4", "1"), ("three", "1"), ("", "1")])
def test_slide_number_is_clamped(asked, shown):
    app = open_present(slide=asked)
    assert app.query_params["slide"] == shown
    assert f"Slide {shown} of {ALL_SLIDES}" in page_text(app)


def test_slides_and_prefectures_come_from_the_url():
    app = open_present(slides="headline,prefecture,sources,nonsense", pref="23,山梨県", slide="3")
    assert widget(app, "multiselect", "url_slides").value == ["headline", "prefecture", "sources"]
    assert widget(app, "multiselect", "url_pref").value == ["23", "19"]
    assert title(app).startswith("Yamanashi") and "Slide 3 of 4" in page_text(app)


def sign_in_as_analyst(app: AppTest, name: str = "presenter") -> AppTest:
    """The session signed in as an analyst, as the update page's form would leave it."""
    from workforce.store import sessions
    from workforce.store.analysts import add_analyst, list_analysts

    engine = page_store()
    if name not in list_analysts(engine)["name"].tolist():
        add_analyst(engine, name, "correct horse battery", actor="test")
    app.session_state["analyst_token"] = sessions.open_session(engine, name)
    return app.run()


def test_saved_briefing_restores_slides_and_prefectures():
    app = sign_in_as_analyst(open_present())
    widget(app, "multiselect", "url_slides").set_value(["map", "prefecture", "sources"])
    widget(app, "multiselect", "url_pref").set_value(["19", "23"])
    app.run()
    widget(app, "text_input", "present_name").input("Embassy briefing (test)")
    widget(app, "button", "present_save").click().run()
    assert not app.exception
    assert "Saved the briefing" in page_text(app)
    assert app.query_params["briefing"] == "Embassy briefing (test)"

    opened = open_present(briefing="Embassy briefing (test)", slide="2")
    assert widget(opened, "multiselect", "url_slides").value == ["map", "prefecture", "sources"]
    assert widget(opened, "multiselect", "url_pref").value == ["19", "23"]
    assert opened.query_params["slides"] == "map,prefecture,sources" and opened.query_params["pref"] == "19,23"
    assert title(opened).startswith("Yamanashi") and "Slide 2 of 4" in page_text(opened)
    assert widget(opened, "selectbox", "present_open").value == "Embassy briefing (test)"
    assert briefings.load_briefing(page_store(), "Embassy briefing (test)").author == "presenter"


def test_anonymous_visitors_can_open_but_not_save_or_replace_a_briefing():
    briefings.save_briefing(page_store(), "Kept as saved", ["headline"], [], "en", author="alice")
    app = open_present(briefing="Kept as saved")
    assert "Slide 1 of 1" in page_text(app)
    assert not [b for b in app.button if b.key == "present_save"]
    assert not [w for w in app.text_input if w.key == "present_name"]
    assert "Sign in as an analyst on the Update data page to save or replace briefings." in page_text(app)


def test_a_signed_out_session_cannot_save_even_with_the_form_open():
    from workforce.store import sessions

    app = sign_in_as_analyst(open_present(), "leaver")
    sessions.end_all(page_store(), "leaver")  # signed out everywhere while the form is open
    widget(app, "text_input", "present_name").input("Too late")
    widget(app, "button", "present_save").click().run()
    assert "Your analyst sign-in has ended" in page_text(app)
    assert briefings.load_briefing(page_store(), "Too late") is None


def test_opening_a_saved_briefing_from_the_list_switches_to_its_language():
    briefings.save_briefing(page_store(), "Hội thảo Aichi", ["headline", "prefecture"], ["23"], "vi", author="alice")
    app = open_present(slide="1")
    widget(app, "selectbox", "present_open").set_value("Hội thảo Aichi").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.query_params["briefing"] == "Hội thảo Aichi" and app.query_params["lang"] == "vi"
    assert app.query_params["slides"] == "headline,prefecture"
    assert "681.100" in page_text(app) and "Trang chiếu 1 / 2" in page_text(app)


def test_editing_the_setup_leaves_the_saved_briefing():
    briefings.save_briefing(page_store(), "Two slides", ["headline", "sources"], [], "en", author="alice")
    app = open_present(briefing="Two slides")
    assert "Slide 1 of 2" in page_text(app)
    widget(app, "multiselect", "url_slides").set_value(["headline"]).run()
    assert "briefing" not in app.query_params and "Slide 1 of 1" in page_text(app)


def test_unknown_briefing_is_explained():
    app = open_present(briefing="No such briefing")
    assert "No saved briefing is called “` No such briefing `”" in page_text(app)
    assert f"Slide 1 of {ALL_SLIDES}" in page_text(app)


def test_invalid_briefing_is_not_saved():
    app = sign_in_as_analyst(open_present())
    widget(app, "text_input", "present_name").input("   ")
    widget(app, "button", "present_save").click().run()
    assert "Give the briefing a name of 1 to 80 characters." in page_text(app)
    assert "briefing" not in app.query_params


def test_no_slides_says_what_to_do():
    app = open_present(slides="prefecture", pref="")
    widget(app, "multiselect", "url_pref").set_value([]).run()
    assert "This briefing has no slides" in page_text(app)


@pytest.mark.parametrize(("fmt", "label", "magic"), [("pptx", "Download PowerPoint", b"PK"), ("pdf", "Download PDF", b"%PDF")])
def test_the_deck_is_built_from_the_page_for_the_chosen_slides(fmt, label, magic):
    """The presenter takes the deck away from /present itself (issue 15): build, progress, download."""
    app = open_present(slides="headline,sources", pref="23")
    assert not any(b.label == label for b in app.get("download_button"))  # nothing is built until asked
    widget(app, "button", f"present_build_{fmt}").click().run()
    assert not app.exception
    assert any(label in str(button.proto) for button in app.get("download_button"))
    built = app.session_state["present_decks"]
    ((key, data),) = built.items()
    assert key[0] == fmt and key[1] == ("headline", "sources") and data.startswith(magic)
