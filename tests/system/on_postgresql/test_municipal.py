"""tests/unit/test_municipal.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_municipal import *  # noqa: F401,F403
