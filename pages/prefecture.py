"""Prefecture profile: its Vietnamese residents and workers, trend, context, and its initiatives."""
import streamlit as st

from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture
from workforce.ui import components, data, literal, municipalities, url_state
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views import profile, trends

require_navigation()

t = translator()
prefs = data.prefectures()


def parse_prefecture(text: str) -> str:
    try:
        code = prefs.match(text)
    except UnknownPrefecture as error:
        st.warning(t("profile.unknown", text=literal.quote(error.text)))  # never a link (issue 14)
        raise url_state.Explained(text) from error
    if code not in PREFECTURE_CODES:  # 00 (Japan as a whole) and 99 (undetermined) have no profile
        st.warning(t(f"profile.not_a_prefecture.{code}", text=literal.quote(text)))
        raise url_state.Explained(text)
    return code


code = st.selectbox(t("common.prefecture"), PREFECTURE_CODES, format_func=lambda c: f"{c} {prefs.name(c, t.lang)}",
                    key=url_state.seed("pref", PREFECTURE_CODES, "23", parse=parse_prefecture))
url_state.publish("pref")
name = prefs.name(code, t.lang)
info = prefs.frame.loc[code]
st.title(name if t.lang == "ja" else f"{name} ({info['name_ja']})")
st.caption(t("profile.region_population", region=info[f"region_{t.lang}"], population=t.prose_count(info["population_2024"])))

figures_column, initiatives_column = st.columns([3, 2])
with figures_column:
    headlines = data.view(profile.headlines, code, t)
    cards = st.columns(2)
    with cards[0]:
        components.headline_card(t("profile.residents_card", name=name), headlines.residents,
                                 gap_reason=t("profile.no_residents"))
        if headlines.rank_line:
            st.caption(headlines.rank_line)
    with cards[1]:
        components.headline_card(t("profile.workers_card", name=name), headlines.workers,
                                 gap_reason=t("profile.no_workers"))

    trend = data.view(trends.trend, t("profile.trend_title", name=name), t, code)
    components.chart(trend.chart, key="pref_trend")
    if trend.points < 3:
        st.caption(t("profile.few_points"))

    municipalities.where_in_section(code, name)

    st.subheader(t("profile.context"))
    st.caption(t("profile.context_note", name=name))
    components.mix_chart(data.view(trends.mix_chart, "residents", "status", t("profile.status_mix_title"), True, t),
                         key="pref_status_mix")
    components.mix_chart(data.view(trends.mix_chart, "workers", "industry", t("profile.industry_mix_title"), True, t),
                         key="pref_industry_mix")

with initiatives_column:
    st.subheader(t("profile.initiatives", name=name))
    own = profile.initiatives_of(code)
    if not own:
        st.info(t("profile.no_initiatives", name=name))
    for initiative in own:
        components.initiative_card(initiative)
    st.page_link("pages/initiatives.py", label=t("profile.all_initiatives"), icon=":material/handshake:",
                 query_params={"lang": t.lang})

if box := components.folded(t("profile.every_figure", name=name), key="pref_every_figure"):
    with box:
        own_figures = data.view(profile.own_figures, code)
        components.table(own_figures.table, width="stretch")
        components.downloads(own_figures.frame, stem=f"figures-{code}", key="pref_figures")
