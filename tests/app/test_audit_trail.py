"""The audit trail (sign-ins, failed sign-ins, accounts) is shown to analysts on the update page (issue 17)."""
from __future__ import annotations

from tests.support.pages import open_file
from tests.support.stores import PASSWORD, store_with_analyst


def test_a_signed_in_analyst_sees_the_sign_in_trail_newest_first(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("WORKFORCE_DB_URL", url)
    store_with_analyst(url, "alice", monkeypatch)
    app = open_file("pages/update.py")
    assert "Sign-ins and analyst accounts" not in [s.value for s in app.subheader]  # not before a sign-in
    app.text_input[0].input("alice")
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert "Sign-ins and analyst accounts" in [s.value for s in app.subheader]
    trail = next(df.value for df in app.dataframe if "detail" in df.value.columns and "action" in df.value.columns)
    assert trail["action"].tolist()[:2] == ["signin", "analyst_added"] and trail["actor"].iloc[0] == "alice"
