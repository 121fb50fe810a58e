"""Analyst accounts: hashed passwords, refused and slowed wrong passwords, an audit trail."""
import time

import pytest
import sqlalchemy as sa

from tests.support.stores import store_with_analyst
from workforce.store.analysts import AnalystError, add_analyst, audit_entries, failure_delay, remove_analyst, verify
from workforce.store.db import analysts


@pytest.fixture()
def engine(store_url, monkeypatch):
    return store_with_analyst(store_url, "alice", monkeypatch)


def test_password_is_stored_as_an_argon2_hash(engine):
    with engine.connect() as conn:
        stored = conn.execute(sa.select(analysts.c.password_hash)).scalar()
    assert stored.startswith("$argon2") and "correct horse" not in stored


def test_right_password_signs_in_and_is_audited(engine):
    assert verify(engine, "alice", "correct horse battery")
    assert audit_entries(engine)["action"].tolist() == ["analyst_added", "signin"]


def test_wrong_passwords_are_refused_and_each_wait_is_longer(engine):
    """No sleep: after a failure the name may not try again for a delay that doubles (0.1, 0.2, 0.4 s here)."""
    for delay in (0.1, 0.2, 0.4):
        started = time.monotonic()
        outcome = verify(engine, "alice", "wrong")
        took = time.monotonic() - started  # the wait is counted from the failure, inside the call
        assert not outcome and outcome.checked
        assert delay - took <= outcome.wait <= delay
        time.sleep(outcome.wait + 0.01)
    assert not verify(engine, "nobody", "whatever")
    assert audit_entries(engine)["action"].tolist().count("signin_failed") == 4


def test_an_attempt_inside_the_wait_is_refused_unchecked_even_with_the_right_password(engine):
    assert not verify(engine, "alice", "wrong")
    early = verify(engine, "alice", "correct horse battery")
    assert not early and not early.checked and early.wait > 0
    time.sleep(early.wait + 0.01)
    assert verify(engine, "alice", "correct horse battery")


def test_delay_is_capped():
    assert failure_delay(20) == 8.0


@pytest.mark.parametrize(("name", "password"), [("a", "long enough pw"), ("bad name!", "long enough pw"), ("bob", "short")])
def test_weak_accounts_are_refused(engine, name, password):
    with pytest.raises(AnalystError):
        add_analyst(engine, name, password, actor="admin")


def test_removed_analyst_cannot_sign_in(engine):
    remove_analyst(engine, "alice", actor="admin")
    assert not verify(engine, "alice", "correct horse battery")
    with pytest.raises(AnalystError):
        remove_analyst(engine, "alice", actor="admin")
