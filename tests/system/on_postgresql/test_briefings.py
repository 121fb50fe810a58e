"""tests/unit/test_briefings.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_briefings import *  # noqa: F401,F403
