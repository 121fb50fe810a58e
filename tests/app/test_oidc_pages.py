"""The update page when the OIDC allow-list is malformed: sign-in by OIDC is off and it says so."""
from __future__ import annotations

from tests.support.pages import open_file


def test_the_update_page_says_oidc_is_off_when_the_list_is_malformed(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    app = open_file("pages/update.py", secrets={"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"},
                                               "workforce": {"analyst_emails": "kim@example.org"}})
    assert not app.exception
    assert any("allow-list in the server's secrets.toml is malformed" in e.value for e in app.error)
    assert not [b for b in app.button if "organisation" in b.label], "no OIDC sign-in button"
    assert "kim@example.org" not in str([e.value for e in app.error])
