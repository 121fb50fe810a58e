"""tests/app/test_municipal_preview.py on PostgreSQL (see __init__.py)."""
from tests.app.test_municipal_preview import *  # noqa: F401,F403
