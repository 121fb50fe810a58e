"""The analyst's update, once through the real page: sign in, upload, check, preview, commit, see it live."""
import pytest
from playwright.sync_api import expect

from tests.support.stores import ROOT
from workforce.store import engine_for, ensure_store
from workforce.store.analysts import add_analyst

UPDATE = ("period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"
          "2026-06-30,愛知県,VN,residents,total,70001,ISA 2026-06 release,https://www.moj.go.jp/isa/\n")


@pytest.mark.browser
def test_sign_in_upload_commit_and_the_profile_shows_it(app, app_var_dir, tmp_path):
    engine = engine_for(f"sqlite:///{app_var_dir / 'workforce.sqlite'}")
    ensure_store(engine, ROOT / "data" / "figures.csv")
    add_analyst(engine, "carol", "correct horse battery", actor="test")
    upload = tmp_path / "december.csv"
    upload.write_text(UPDATE, encoding="utf-8")

    app.open("/update")
    expect(app.page.locator("input[type=file]")).to_have_count(0)  # nothing to upload before signing in
    app.page.get_by_label("Analyst name").fill("carol")
    app.page.get_by_role("textbox", name="Password").fill("correct horse battery")
    app.page.get_by_role("button", name="Sign in").click()
    expect(app.page.get_by_text("Signed in as analyst")).to_be_visible()

    app.upload(upload)
    app.page.get_by_role("button", name="Check file").click()
    expect(app.page.get_by_text("No problems in 1 figure")).to_be_visible()
    app.page.get_by_role("button", name="Commit as a new release").click()
    expect(app.page.get_by_text("Committed release 2")).to_be_visible()

    app.open("/prefecture?pref=23")
    expect(app.page.get_by_text("70,001").first).to_be_visible()
