"""tests/unit/test_ingest_plan.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_ingest_plan import *  # noqa: F401,F403
