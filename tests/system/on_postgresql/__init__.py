"""The unit layer's store tests again, against a real PostgreSQL server.

Each module here imports one unit module's tests (and its fixtures); collected here, where the
`backend` fixture is "postgres" (tests/system/conftest.py), they make the same assertions on the
second backend the project supports. Only tests that use a store (`backend`, through `store_url`
or `bundled_store`) are kept (tests/system/conftest.py).
"""
