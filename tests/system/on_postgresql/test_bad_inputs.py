"""tests/unit/test_bad_inputs.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_bad_inputs import *  # noqa: F401,F403
