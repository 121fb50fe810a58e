"""tests/unit/test_analysts.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_analysts import *  # noqa: F401,F403
