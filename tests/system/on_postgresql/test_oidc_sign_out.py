"""tests/app/test_oidc_sign_out.py on PostgreSQL (see __init__.py)."""
from tests.app.test_oidc_sign_out import *  # noqa: F401,F403
