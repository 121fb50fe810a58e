"""Update data: analysts upload official files or the long CSV, check them, preview, commit, roll back."""
import streamlit as st
from sqlalchemy.exc import DBAPIError

from workforce import export
from workforce.importer import FORMATS, CommitRefused, commit, plan_import
from workforce.ingest.long_table import template_csv
from workforce import schema
from workforce.prefectures import NATIONAL, PREFECTURE_CODES
from workforce.store import ReleaseError, figure_history, list_events, list_releases, set_release_active
from workforce.ui import data
from workforce.ui.auth import require_analyst
from workforce.ui.navigation import require_navigation

require_navigation()

st.title("Update data")
analyst = require_analyst()
engine = data.store_engine()

st.download_button("Download the long-CSV template", template_csv().encode("utf-8-sig"),
                   file_name="workforce-template.csv", mime="text/csv", on_click="ignore")
with st.form("upload"):
    upload = st.file_uploader("File: long CSV or Excel, an ISA press-release workbook, or an e-Stat CSV",
                              type=["csv", "xlsx"])
    fmt = st.selectbox("Format", ["auto", *FORMATS], format_func=lambda f: "Detect from the content" if f == "auto" else FORMATS[f])
    source_title = st.text_input("Source title (for figures without one)")
    source_url = st.text_input("Source URL, http(s) (for figures without one)")
    checked = st.form_submit_button("Check file")

if checked and upload is not None:
    st.session_state["plan"] = plan_import(engine, upload.getvalue(), upload.name, fmt,
                                           source_title=source_title or None, source_url=source_url or None)
plan = st.session_state.get("plan")

if plan is not None:
    result = plan.result
    st.subheader(f"{result.file_name}: {FORMATS.get(result.format, result.format)}")
    if result.skipped:
        st.dataframe(result.skipped_table(), hide_index=True, key="skipped")
    if not result.ok:
        st.error(f"{len(result.problems)} problems: nothing was stored. Fix them and check the file again.")
        problems = result.problem_table()
        st.dataframe(problems, hide_index=True, width="stretch", key="problems")
        st.download_button("Download the problems (CSV)", export.to_excel_safe_csv(problems),
                           file_name=f"problems-{result.file_name}.csv", mime="text/csv", on_click="ignore")
    elif plan.preview is not None:
        preview = plan.preview
        st.success(f"No problems in {len(result.figures):,} figures.")
        cols = st.columns(4)
        cols[0].metric("New figures", f"{len(preview.new):,}")
        cols[1].metric("Revised", f"{len(preview.revised):,}")
        cols[2].metric("Unchanged", f"{preview.unchanged:,}")
        cols[3].metric("Removed", preview.removed)
        st.caption(preview.summary())
        if len(preview.revised):
            st.write("Revised values (old → new); the old value stays in the history:")
            st.dataframe(preview.revised, hide_index=True, width="stretch", key="revised")
        if len(preview.new):
            with st.expander(f"New figures ({len(preview.new):,})"):
                st.dataframe(preview.new, hide_index=True, width="stretch", key="new")
        confirm = True
        if len(preview.large):
            st.warning(f"{len(preview.large)} values change by more than the confirmation factor:")
            st.dataframe(preview.large, hide_index=True, width="stretch", key="large")
            confirm = st.checkbox("I have checked these changes against the source")
        note = st.text_input("Note for this release (why, which publication)")
        if st.button("Commit as a new release", type="primary", disabled=not confirm):
            try:
                release_id = commit(engine, plan, actor=analyst, note=note, confirm_large_changes=confirm)
            except CommitRefused as error:
                st.error(str(error))
            except DBAPIError as error:
                st.error(f"The data store refused the commit ({type(error.orig).__name__ if error.orig else 'error'}): "
                         "nothing was changed. Tell the administrator (disk full or read-only store?).")
            else:
                st.session_state.pop("plan", None)
                st.session_state["committed"] = release_id
                st.rerun()

if st.session_state.get("committed"):
    st.success(f"Committed release {st.session_state['committed']}: every page shows it on its next interaction.")

st.subheader("Releases")
releases = list_releases(engine)
st.dataframe(releases, hide_index=True, width="stretch", key="releases")
choice = st.columns([2, 1, 1, 3])
release_id = choice[0].selectbox("Release", releases["id"].tolist()[::-1], key="release_choice")
reason = choice[3].text_input("Reason", key="release_reason")
for column, label, active in ((choice[1], "Roll back", False), (choice[2], "Re-apply", True)):
    if column.button(label, key=f"release_{label}"):
        try:
            set_release_active(engine, int(release_id), active, actor=analyst, note=reason)
        except (ReleaseError, DBAPIError) as error:
            st.error(str(error) if isinstance(error, ReleaseError) else "The data store refused the change: nothing was changed.")
        else:
            st.rerun()
st.subheader("History")
st.dataframe(list_events(engine), hide_index=True, width="stretch", key="events")

st.subheader("One figure over releases")
prefs = data.prefecture_table()
with st.form("figure_history"):
    cols = st.columns(5)
    code = cols[0].selectbox("Prefecture", [NATIONAL, *PREFECTURE_CODES], index=23, format_func=prefs.name)
    measure = cols[1].selectbox("Measure", list(schema.MEASURES))
    nationality = cols[2].selectbox("Nationality", list(schema.NATIONALITIES))
    breakdown = cols[3].text_input("Breakdown", value="total")
    period = cols[4].text_input("Period end (YYYY-MM-DD)", value="2025-06-30")
    looked_up = st.form_submit_button("Show history")
if looked_up:
    history = figure_history(engine, dict(prefecture_code=code, measure=measure, nationality=nationality,
                                          breakdown=breakdown.strip(), period_end=period.strip()))
    if history.empty:
        st.info("No release holds this figure.")
    st.dataframe(history, hide_index=True, width="stretch", key="figure_history_table")
