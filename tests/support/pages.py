"""Pages run in-process with Streamlit's AppTest, opened as a visitor opens a link."""
from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.support.stores import ROOT


def open_file(path: str, *, secrets: dict | None = None, session_state: dict | None = None, run: bool = True,
              timeout: float = 60, **query: str) -> AppTest:
    """One script (`dashboard.py` or `pages/<name>.py`) with `query` in the URL, the given secrets and
    session state, run once (unless `run=False`, for a test that sets more before the first run)."""
    app = AppTest.from_file(str(ROOT / path), default_timeout=timeout)
    app.query_params.update(query)
    for name, value in (secrets or {}).items():
        app.secrets[name] = value
    for name, value in (session_state or {}).items():
        app.session_state[name] = value
    return app.run() if run else app


def open_page(page: str, **query: str) -> AppTest:
    """dashboard.py on `page` with `query` in the URL.

    A page switch starts the page with a fresh URL (as a click in the menu does), so the query is
    set once the page is open and the page run again: the same as opening the link directly.
    """
    app = open_file("dashboard.py", **query)
    if page != "overview":
        app.switch_page(f"pages/{page}.py").run()
        app.query_params.update(query)
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def page_text(app: AppTest) -> str:
    parts = [m.value for m in app.metric] + [m.label for m in app.metric]
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(element.value) for element in getattr(app, kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))  # drop Markdown escapes


def table_with(app: AppTest, column: str):
    """The first dataframe on the page that has `column` (source lists come before some tables)."""
    return next(df.value for df in app.dataframe if column in df.value.columns)
