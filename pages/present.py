"""Presentation: a briefing's slides one at a time, in large type, for a projector at a meeting.

The slides are workforce.briefing's, the same ones the PowerPoint/PDF deck exports. The URL holds
the whole view, so a link reproduces it: ?slide=3 (1-based, clamped to the slides there are),
slides=headline,map,prefecture,sources (slide kinds in order), pref=23,19 (one prefecture slide
each), briefing=<name> (a saved briefing: its slides and prefectures), lang=vi. The left and right
arrow keys move between slides.

A briefing opened by a link keeps the link's (or the reader's) language; one opened from the list
switches to the language it was saved in.
"""
import plotly.graph_objects as go
import streamlit as st

from workforce.i18n import LANGUAGES
from workforce.prefectures import PREFECTURE_CODES
from workforce.slide_kinds import DEFAULT_SLIDES, SLIDE_KINDS
from workforce.ui import auth, chart_element, data, literal, store_access, url_state
from workforce.ui.components import escape
from workforce.ui.deck_downloads import deck_buttons
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views import present

require_navigation()
st.set_page_config(initial_sidebar_state="collapsed")

t = translator()
prefs = data.prefectures()
SLIDE_CHART_HEIGHT = 500
SIDE_BULLETS = 3
CHART_CONFIG = {"displayModeBar": False, "staticPlot": False}


def parse_kinds(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in text.split(",")))


def parse_slide(text: str | None) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        return 1


def go_to(number: int) -> None:
    st.query_params["slide"] = str(number)


def leave_saved_briefing() -> None:
    """The setup was changed by hand: the link no longer shows a saved briefing as it was saved."""
    if "briefing" in st.query_params:
        del st.query_params["briefing"]


def save_current(slides_key: str, pref_key: str, lang: str, author: str) -> None:
    written = store_access.save_briefing(st.session_state.get("present_name", ""), st.session_state[slides_key],
                                         st.session_state[pref_key], lang, author, t)
    if not written.ok:
        st.session_state["present_outcome"] = ("error", written.message)
        return
    saved = written.value
    st.session_state["present_outcome"] = ("saved", saved.name)
    st.session_state["present_opened"] = saved.name
    st.query_params["briefing"] = saved.name


def open_saved() -> None:
    name = st.session_state.get("present_open")
    saved = store_access.briefing(name) if name else None
    if saved is None:
        return
    st.session_state.pop("present_opened", None)  # apply it again, even if it was open before
    st.query_params["briefing"] = saved.name
    st.query_params["slide"] = "1"
    st.query_params["lang"] = saved.lang


# A saved briefing named in the link sets the slides and prefectures once; after that the widgets rule.
requested = st.query_params.get("briefing")
saved_briefing = store_access.briefing(requested) if requested else None
if saved_briefing is not None and st.session_state.get("present_opened") != requested:
    st.session_state["present_opened"] = requested
    st.session_state["present_name"] = saved_briefing.name
    st.query_params["slides"] = ",".join(saved_briefing.slides)
    st.query_params["pref"] = ",".join(saved_briefing.prefectures)
if not isinstance(st.session_state.get("url_pref", []), list):
    del st.session_state["url_pref"]  # the prefecture profile keeps a single code under the same URL name

stage = st.container()
controls = st.container()
setup = st.expander(t("present.setup"), icon=":material/tune:")

with setup:
    slides_key = url_state.seed("slides", SLIDE_KINDS, list(DEFAULT_SLIDES), parse=parse_kinds)
    kinds = st.multiselect(t("present.slides"), SLIDE_KINDS, format_func=lambda kind: t(f"present.kinds.{kind}"),
                           key=slides_key, help=t("present.slides_help"), on_change=leave_saved_briefing,
                           placeholder=t("common.choose"))
    url_state.publish("slides", url_state.join_codes)
    pref_key = url_state.seed("pref", PREFECTURE_CODES, ["23"], parse=prefs.match_list)
    codes = st.multiselect(t("present.prefectures"), PREFECTURE_CODES, key=pref_key,
                           format_func=lambda code: f"{code} {prefs.name(code, t.lang)}",
                           on_change=leave_saved_briefing, placeholder=t("common.choose"))
    url_state.publish("pref", url_state.join_codes)

    st.divider()
    save_column, open_column = st.columns(2, gap="large")
    with save_column:
        analyst = auth.signed_in_analyst()  # saving or replacing a briefing needs one (issue 14)
        if analyst:
            st.text_input(t("present.name"), key="present_name", max_chars=store_access.BRIEFING_NAME_MAX,
                          placeholder=t("present.name_placeholder"))
            st.button(t("present.save"), key="present_save", icon=":material/save:", on_click=save_current,
                      args=(slides_key, pref_key, t.lang, analyst))
        outcome = st.session_state.pop("present_outcome", None)
        if outcome and outcome[0] == "saved":
            st.success(t("present.saved", name=escape(outcome[1])))
        elif outcome:
            st.error(outcome[1])
        st.caption(t("access.briefing_save_note") if analyst else t("access.briefing_sign_in"))
    with open_column:
        saved_list = {b.name: b for b in store_access.briefing_list()}
        st.session_state["present_open"] = requested if requested in saved_list else None
        st.selectbox(t("present.open"), list(saved_list), key="present_open", on_change=open_saved,
                     placeholder=t("present.open_placeholder"),
                     format_func=lambda name: t("present.open_option", name=name,
                                                language=LANGUAGES[saved_list[name].lang],
                                                date=saved_list[name].created_at[:10]))
        if not saved_list:
            st.caption(t("present.no_saved"))

take_away = st.expander(t("present.deck.heading"), icon=":material/download:")

slides = data.municipal_view(present.slides, tuple(kinds), tuple(codes), t)
total = len(slides)

with stage:
    if requested and saved_briefing is None:
        st.warning(t("present.missing", name=literal.quote(requested)))  # never a link (issue 14)
    if not slides:
        st.title(t("nav.present"), anchor=False)
        st.info(t("present.no_slides"))
        st.stop()

number = min(max(parse_slide(st.query_params.get("slide")), 1), total)
if st.query_params.get("slide") != str(number):
    st.query_params["slide"] = str(number)
slide = slides[number - 1]

with stage:
    st.title(escape(slide.title), anchor=False)
    shown = set(slide.key_figures)
    bullets = [bullet for bullet in slide.bullets if bullet not in shown]
    if slide.figure is not None:
        chart_column, facts_column = st.columns([5, 2], gap="large")
        # The slide title is the page title just above; the chart's own copy of it would say it twice.
        # At most SLIDE_CHART_HEIGHT: the source line stays above the fold of a 1440×900 projector screen.
        figure = go.Figure(slide.figure).update_layout(
            title={"text": ""}, margin={"t": 20}, height=min(slide.figure.layout.height or SLIDE_CHART_HEIGHT,
                                                              SLIDE_CHART_HEIGHT))
        with chart_column:  # the dashboard's chart element and its one plotly.js bundle, as on every page
            chart_element.draw(figure.to_json(), key="present_chart", config=CHART_CONFIG, alt=slide.title,
                               selectable=False, height=figure.layout.height)
        with facts_column:
            for fact in slide.key_figures:
                st.subheader(escape(fact), anchor=False)
            if bullets:
                if slide.kind == "prefecture":
                    st.markdown(f"**{t('present.initiatives')}**")
                # Beside a chart only a few fit above the fold; the deck's slide and notes list them all.
                more = len(bullets) - SIDE_BULLETS
                st.markdown("\n".join(f"- {escape(bullet)}" for bullet in bullets[:SIDE_BULLETS])
                            + (f"\n\n{t('source.more', count=more)}" if more > 0 else ""))
    else:
        for fact in slide.key_figures:
            st.header(escape(fact), anchor=False)
        if bullets:
            st.markdown("\n".join(f"- {escape(bullet)}" for bullet in bullets))
    st.caption(escape(slide.source_line))

with take_away:
    st.caption(t("present.deck.help"))
    deck_buttons(slides, t, key=(tuple(kinds), tuple(codes), t.lang, data.state()))

with controls, st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.button(t("present.previous"), key="present_previous", shortcut="left",
              help=t("present.previous_help"), disabled=number <= 1, on_click=go_to, args=(number - 1,))
    st.markdown(t("present.position", number=number, total=total), width="content")
    st.button(t("present.next"), key="present_next", shortcut="right",
              help=t("present.next_help"), disabled=number >= total, on_click=go_to, args=(number + 1,))
