"""Update data: analysts upload official files or the long CSV, check them, preview, commit, roll back."""
import streamlit as st

from workforce import export, schema, settings
from workforce.ingest.long_table import template_csv
from workforce.ingest.plan import FORMATS
from workforce.prefectures import NATIONAL, PREFECTURE_CODES
from workforce.ui import components, data, store_access
from workforce.ui.auth import require_analyst
from workforce.ui.navigation import require_navigation
from workforce.ui.translation import translator

require_navigation()

t = translator()


# Columns shown first, so that a narrow screen still shows which figure and what it is compared with.
MUNICIPALITY = ("municipality_code", "name_ja")
COMPARISON = ("period_end", "new", "compared_period", "old")


def in_language(table):
    """Column names of a problem or skipped-rows table in the reader's language."""
    return table.rename(columns=lambda name: t(f"update.columns.{name}"))


st.title(t("nav.update"))
analyst = require_analyst()

st.download_button(t("update.template"), template_csv().encode("utf-8-sig"),
                   file_name="workforce-template.csv", mime="text/csv", on_click="ignore")
with st.form("upload"):
    upload = st.file_uploader(t("update.file"),
                              type=["csv", "xlsx"])
    fmt = st.selectbox(t("update.format"), ["auto", *FORMATS], format_func=lambda f: t(f"update.formats.{f}"))
    source_title = st.text_input(t("update.source_title"))
    source_url = st.text_input(t("update.source_url"))
    checked = st.form_submit_button(t("update.check"))

if checked and upload is None:  # also when the button is pressed before the chosen file has finished uploading
    st.warning(t("update.no_file"))
    st.session_state.pop("plan", None)  # an earlier file's check must not look like this one's
elif checked:
    st.session_state["plan"] = store_access.plan_import(upload.getvalue(), upload.name, fmt,
                                                        source_title=source_title or None, source_url=source_url or None)
plan = st.session_state.get("plan")

if plan is not None:
    result = plan.result
    st.subheader(f"{components.escape(result.file_name)}: {t(f'update.formats.{result.format}')}")
    if result.skipped:
        st.dataframe(in_language(result.skipped_table(t)), hide_index=True, key="skipped")
    if not result.ok:
        st.error(t("update.problems", count=len(result.problems)))
        problems = in_language(result.problem_table(t))
        st.dataframe(problems, hide_index=True, width="stretch", key="problems")
        st.download_button(t("update.download_problems"), export.to_excel_safe_csv(problems),
                           file_name=f"problems-{result.file_name}.csv", mime="text/csv", on_click="ignore")
    elif plan.preview is not None:
        preview = plan.preview
        local = preview.municipal  # ISA's 市区町村別 table (issue 13)
        st.success(t("update.no_problems", count=t.count(len(result.figures) + (len(result.municipal) if local else 0))))
        if len(result.figures) or local is None:
            cols = st.columns(4)
            cols[0].metric(t("update.new"), t.count(len(preview.new)))
            cols[1].metric(t("update.revised"), t.count(len(preview.revised)))
            cols[2].metric(t("update.unchanged"), t.count(preview.unchanged))
            cols[3].metric(t("update.removed"), t.count(preview.removed))
            st.caption(t("update.preview_detail", periods=", ".join(preview.new_periods) or t("update.none"),
                         prefectures=", ".join(preview.new_prefectures) or t("update.none")))
            if len(preview.revised):
                st.write(t("update.revised_note"))
                components.table(preview.revised, width="stretch", key="revised")
            if len(preview.new):
                with st.expander(t("update.new_figures", count=t.count(len(preview.new)))):
                    components.table(preview.new, width="stretch", key="new")
        if local is not None:
            st.markdown(f"**{t('update.municipal')}**")
            cols = st.columns(4)
            cols[0].metric(t("update.new"), t.count(len(local.new)))
            cols[1].metric(t("update.revised"), t.count(len(local.revised)))
            cols[2].metric(t("update.unchanged"), t.count(local.unchanged))
            cols[3].metric(t("update.removed"), t.count(preview.removed))
            st.caption(t("update.municipal_periods", periods=", ".join(local.new_periods) or t("update.none")))
            if len(local.revised):
                st.write(t("update.revised_note"))
                components.table(local.revised, width="stretch", key="municipal_revised", first=MUNICIPALITY)
            if len(local.new):
                with st.expander(t("update.new_figures", count=t.count(len(local.new)))):
                    components.table(local.new, width="stretch", key="municipal_new", first=MUNICIPALITY)
        confirm = True
        if preview.to_confirm:
            st.warning(t("update.large", count=preview.to_confirm, factor=t.number(float(settings.CHANGE_FACTOR.value()))))
            if len(preview.large):
                components.table(preview.large, width="stretch", key="large", first=("prefecture_code", *COMPARISON))
            if local is not None and len(local.large):
                components.table(local.large, width="stretch", key="municipal_large", first=(*MUNICIPALITY, *COMPARISON))
            confirm = st.checkbox(t("update.confirm"))
        note = st.text_input(t("update.note"))
        if st.button(t("update.commit"), type="primary", disabled=not confirm):
            written = store_access.commit(plan, analyst, note, confirm, t)
            if not written.ok:
                st.error(written.message)
            else:
                st.session_state.pop("plan", None)
                st.session_state["committed"] = written.value
                st.rerun()

if st.session_state.get("committed"):
    st.success(t("update.committed", release=st.session_state["committed"]))

st.subheader(t("sources.releases"))
releases = store_access.releases()
components.table(releases, width="stretch", key="releases", first=("id", "active"))  # is it active: never cut off
choice = st.columns([2, 1, 1, 3])
choice[0].selectbox(t("update.release"), releases["id"].tolist()[::-1], key="release_choice")
reason = choice[3].text_input(t("update.reason"), key="release_reason")


def ask_to_change(active: bool) -> None:
    """Remember the change to confirm; the release is read when clicked (the choice may just have changed)."""
    st.session_state["release_pending"] = (int(st.session_state["release_choice"]), active)


for column, label, active in ((choice[1], t("update.roll_back"), False), (choice[2], t("update.reapply"), True)):
    column.button(label, key=f"release_{label}", on_click=ask_to_change, args=(active,))
pending = st.session_state.get("release_pending")
if pending:  # a change to what every reader sees is confirmed first
    pending_id, pending_active = pending
    st.warning(t("update.confirm_reapply" if pending_active else "update.confirm_roll_back", release=pending_id))
    confirm, cancel = st.columns([1, 4])
    if confirm.button(t("update.confirm_change"), key="release_confirm", type="primary"):
        del st.session_state["release_pending"]
        written = store_access.set_active(pending_id, pending_active, analyst, reason, t)
        if not written.ok:
            st.error(written.message)
        else:
            st.session_state["release_done"] = (pending_id, pending_active)
            st.rerun()
    cancel.button(t("update.cancel_change"), key="release_cancel", on_click=st.session_state.pop, args=("release_pending",))
if done := st.session_state.pop("release_done", None):
    st.success(t("update.reapplied" if done[1] else "update.rolled_back", release=done[0]))
st.subheader(t("update.history"))
components.table(store_access.events(), width="stretch", key="events")

st.subheader(t("update.audit"))
st.caption(t("update.audit_note", count=store_access.AUDIT_SHOWN))  # analysts only: the page needs a sign-in
components.table(store_access.audit_trail(), width="stretch", key="audit")

st.subheader(t("update.figure_history"))
prefs = data.prefectures()
with st.form("figure_history"):
    cols = st.columns(5)
    code = cols[0].selectbox(t("common.prefecture"), [NATIONAL, *PREFECTURE_CODES], index=23,
                             format_func=lambda c: prefs.name(c, t.lang))
    measure = cols[1].selectbox(t("update.measure"), list(schema.MEASURES))
    nationality = cols[2].selectbox(t("update.nationality"), list(schema.NATIONALITIES))
    breakdown = cols[3].text_input(t("update.breakdown"), value="total")
    period = cols[4].text_input(t("update.period"), value="2025-06-30")
    looked_up = st.form_submit_button(t("update.show_history"))
if looked_up:
    history = store_access.history(dict(prefecture_code=code, measure=measure, nationality=nationality,
                                        breakdown=breakdown.strip(), period_end=period.strip()))
    if history.empty:
        st.info(t("update.no_history"))
    components.table(history, width="stretch")
