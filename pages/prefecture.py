"""Prefecture profile: its Vietnamese residents and workers, trend, context, and its initiatives."""
import pandas as pd
import streamlit as st

from workforce import metrics
from workforce.charts import trends
from workforce.prefectures import PREFECTURE_CODES, UnknownPrefecture
from workforce.ui import components, data, literal, municipalities, url_state
from workforce.ui.language import translator
from workforce.ui.navigation import require_navigation

require_navigation()

t = translator()
figures = data.figures()
prefs = data.prefecture_table()


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
    residents = data.computed(metrics.headline, "residents", prefecture=code)
    workers = data.computed(metrics.headline, "workers", prefecture=code)
    cards = st.columns(2)
    with cards[0]:
        components.headline_card(t("profile.residents_card", name=name), residents, gap_reason=t("profile.no_residents"))
        if residents is not None:
            snapshot = data.prefecture_snapshot(residents.latest["period_end"])
            row = snapshot[snapshot["prefecture_code"] == code]
            if len(row) and row["rank"].notna().all():
                st.caption(t("profile.rank", rank=int(row["rank"].iloc[0]), period=t.short_period(residents.latest["period_end"]),
                             per_10k=t.number(row["per_10k"].iloc[0])))
            else:  # a rank among 47 needs all 47 at that date
                st.caption(t("profile.no_rank", period=t.short_period(residents.latest["period_end"]),
                             count=len(snapshot.attrs["missing"]["count"])))
    with cards[1]:
        components.headline_card(t("profile.workers_card", name=name), workers, gap_reason=t("profile.no_workers"))

    series = {measure: data.computed(metrics.select, measure=measure, prefecture=code) for measure in ("residents", "workers")}
    series_rows = data.shared(("profile_series", code), lambda: pd.concat(series.values()))
    components.chart(lambda: trends.national_trend(series, t("profile.trend_title", name=name), t),
                     series_rows, key="pref_trend", depends_on=(code,))
    if len(series["residents"]) < 3:
        st.caption(t("profile.few_points"))

    municipalities.where_in_section(code, name)

    st.subheader(t("profile.context"))
    st.caption(t("profile.context_note", name=name))
    components.mix_chart(data.mix(measure="residents", group="status"), t("profile.status_mix_title"),
                         key="pref_status_mix", percent=True)
    components.mix_chart(data.mix(measure="workers", group="industry"), t("profile.industry_mix_title"),
                         key="pref_industry_mix", percent=True)

with initiatives_column:
    st.subheader(t("profile.initiatives", name=name))
    own = data.initiatives_of(code)
    if not own:
        st.info(t("profile.no_initiatives", name=name))
    for initiative in own:
        components.initiative_card(initiative)
    st.page_link("pages/initiatives.py", label=t("profile.all_initiatives"), icon=":material/handshake:",
                 query_params={"lang": t.lang})

if box := components.folded(t("profile.every_figure", name=name), key="pref_every_figure"):
    with box:
        own_figures = data.shared(("own_figures", code), lambda: figures[figures["prefecture_code"] == code])
        components.table(data.arrow(("own_figures", code), lambda: own_figures), width="stretch")
        components.downloads(own_figures, stem=f"figures-{code}", key="pref_figures")
