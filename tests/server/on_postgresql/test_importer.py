"""tests/unit/test_importer.py on PostgreSQL (see __init__.py)."""
from tests.unit.test_importer import *  # noqa: F401,F403
