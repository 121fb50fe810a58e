"""tests/unit/test_strict_inputs.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_strict_inputs import *  # noqa: F401,F403
