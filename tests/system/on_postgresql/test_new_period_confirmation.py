"""tests/app/test_new_period_confirmation.py on PostgreSQL (see __init__.py)."""
from tests.app.test_new_period_confirmation import *  # noqa: F401,F403
