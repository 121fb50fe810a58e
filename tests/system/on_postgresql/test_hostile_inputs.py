"""tests/unit/test_hostile_inputs.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_hostile_inputs import *  # noqa: F401,F403
