"""The deck to take away, built from the presentation page: the chosen slides, prefectures and language.

Building takes seconds (every chart is drawn by Chromium), so it starts on a click, shows its progress,
and the file is kept for this session until the slides, the language or the data change.
"""
from __future__ import annotations

import streamlit as st

from workforce import deck, renderer
from workforce.briefing import Slide
from workforce.i18n import Translator

FORMATS = {"pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", deck.build_pptx),
           "pdf": ("application/pdf", deck.build_pdf)}
_STATE = "present_decks"
_ASKED = "present_deck_asked"


def _ask(wanted: tuple) -> None:
    st.session_state[_ASKED] = wanted


def deck_buttons(slides: list[Slide], t: Translator, *, key: tuple) -> None:
    """A build button per format, then its download button once built (`key` names what the slides show)."""
    if not renderer.renderer_available():
        st.info(t("present.deck.no_renderer"))
        return
    built: dict = st.session_state.setdefault(_STATE, {})
    for column, (fmt, (mime, build)) in zip(st.columns(len(FORMATS)), FORMATS.items()):
        wanted = (fmt, *key)
        with column:
            if wanted not in built:
                st.button(t(f"present.deck.build_{fmt}"), key=f"present_build_{fmt}", icon=":material/slideshow:",
                          disabled=not slides, on_click=_ask, args=(wanted,))
            if st.session_state.get(_ASKED) == wanted:
                del st.session_state[_ASKED]
                _build(built, wanted, build, slides, t)
            if wanted in built:
                st.download_button(t(f"present.deck.download_{fmt}"), built[wanted], file_name=f"briefing-{t.lang}.{fmt}",
                                   mime=mime, key=f"present_download_{fmt}", icon=":material/download:",
                                   on_click="ignore")


def _build(built: dict, wanted: tuple, build, slides: list[Slide], t: Translator) -> None:
    """Build one file with its progress shown; a server without Chromium says what it needs."""
    with st.status(t("present.deck.building", count=len(slides)), expanded=False) as status:
        if len(built) >= 4:  # keep a session's memory small
            built.clear()
        try:
            built[wanted] = build(slides, t)
        except renderer.RenderError:
            status.update(label=t("present.deck.no_renderer"), state="error")
            return
        status.update(label=t("present.deck.built"), state="complete")
