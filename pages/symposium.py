"""The 2024 embassy symposium: what was said, next to the nearest published figures."""
import streamlit as st

from workforce.symposium import shown_speaker
from workforce.ui import components, data
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator
from workforce.views.symposium import statement_figures

require_navigation()

t = translator()
st.title(t("symposium.title"))
st.caption(t("symposium.intro"))

for _, statement in data.symposium_statements().iterrows():
    with st.container(border=True):
        st.subheader(statement[f"topic_{t.lang}"])
        st.markdown(f"> {components.escape(statement[f'statement_{t.lang}'])}")
        speaker, published = shown_speaker(statement, t.lang)
        st.caption(components.escape(speaker) + ("  \n" + components.escape(t("symposium.speaker_translated", speaker=published))
                                                  if published else ""))
        found = data.view(statement_figures, statement["statement_id"], t)
        columns = st.columns(len(found))
        for column, (_, figure) in zip(columns, found.iterrows()):
            title = figure["title"]
            with column:
                # The label as wrapping text above the number: st.metric keeps its label on one line, and four
                # columns cut "Japan (national): Vietnamese residents, …" short at 1440 px (issue 15).
                st.markdown(f"**{components.escape(title)}**")
                if figure.isna()["value"]:
                    st.metric(title, "—", label_visibility="collapsed")
                    st.caption(t("symposium.no_figure", period=figure["period_end"]))
                    continue
                st.metric(title, t.count(figure["value"]), label_visibility="collapsed")
                when = "before" if figure["published_before_symposium"] else "after"
                st.caption(components.escape(t(f"symposium.reference_{when}", period=t.period_with_date(figure["period_end"]),
                                               kind=t(f"source.kind.{figure['source_kind']}"))))
                st.markdown(components.link(t("initiatives.source_label"), figure["source_url"]))
        st.info(statement[f"comment_{t.lang}"])
