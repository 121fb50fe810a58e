"""Entry point: page config, the reader's language, and st.navigation over the explicit page list.

The server runs it through app.py (`streamlit run app.py`), which installs the runtime guards at start.
"""
import logging

import streamlit as st

from workforce.ui import runtime_guards
from workforce.ui.language import choose_language

runtime_guards.install()  # app.py did at start; here for a plain `streamlit run dashboard.py` (idempotent)

st.set_page_config(page_title="Vietnamese residents and workers in Japan", page_icon="assets/favicon.png",
                   layout="wide")
t = choose_language()

PAGES = [
    ("overview", ":material/map:"), ("prefecture", ":material/location_city:"), ("trends", ":material/show_chart:"),
    ("compare", ":material/compare_arrows:"), ("initiatives", ":material/handshake:"),
    ("symposium", ":material/record_voice_over:"), ("sources", ":material/dataset:"), ("update", ":material/upload_file:"),
    ("present", ":material/slideshow:"),
]
page = st.navigation([st.Page(f"pages/{name}.py", title=t(f"nav.{name}"), icon=icon, url_path=name,
                              default=name == "overview") for name, icon in PAGES])
try:
    page.run()
except Exception:  # noqa: BLE001 - st.stop and st.rerun are BaseExceptions and pass through
    # The visitor reads what happened; the details (paths, values) go to the server's log only.
    logging.getLogger("workforce.page").exception("page %s failed", page.url_path)
    st.error(t("access.page_failed"))
