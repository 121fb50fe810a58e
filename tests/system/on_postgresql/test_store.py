"""tests/unit/test_store.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_store import *  # noqa: F401,F403
