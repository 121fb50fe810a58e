"""The 2024 embassy symposium: what was said, next to the nearest published figures."""
import streamlit as st

from workforce import formatting, symposium
from workforce.ui import components, data
from workforce.ui.navigation import require_navigation

require_navigation()

figures = data.figures()
prefs = data.prefecture_table()
labels = data.breakdown_labels().set_index(["measure", "breakdown"])["label_en"]
st.title("Symposium, 30 July 2024")
st.caption("Embassy of Vietnam in Japan: “Promoting Support for Vietnamese Workers in Japan to Integrate with Local "
           "Communities, Develop Themselves, and Advance Their Careers”. Statements made at a briefing are not "
           "statistics: each is shown beside the nearest published figures and their dates.")

for _, statement in data.symposium_statements().iterrows():
    with st.container(border=True):
        st.subheader(statement["topic_en"])
        st.markdown(f"> {components.escape(statement['statement_en'])}")
        st.caption(components.escape(f"{statement['speaker']} · 日本語: {statement['statement_ja']}"))
        found = symposium.nearest_figures(statement, figures)
        columns = st.columns(len(found))
        for column, (_, figure) in zip(columns, found.iterrows()):
            what = labels.get((figure["measure"], figure["breakdown"]), figure["breakdown"])
            title = (f"{prefs.name(figure['prefecture_code'])}: Vietnamese {figure['measure']}"
                     + ("" if figure["breakdown"] == "total" else f", {what}"))
            with column:
                if figure.isna()["value"]:
                    st.metric(title, "—")
                    st.caption(f"No figure stored for {figure['period_end']}.")
                    continue
                st.metric(title, formatting.count(figure["value"]))
                when = "before" if figure["published_before_symposium"] else "after"
                st.caption(components.escape(f"{formatting.period(figure['period_end'])}; reference date {when} the symposium; "
                                             f"{figure['source_kind']}"))
                st.markdown(components.link("source", figure["source_url"]))
        st.info(statement["comment_en"])
