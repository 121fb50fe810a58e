"""Issue 14, point 2: the OIDC allow-list is read strictly; a malformed one is refused with a clear message."""
import pytest

from workforce.oidc_allow_list import AllowListError, analyst_email, parse

ISSUER = "https://login.example.org"
ALLOW = parse({"analyst_emails": ["kim@example.org", "Ann.Lee@Example.org"], "analyst_issuer": ISSUER})


def claims(**overrides):
    return {"email": "kim@example.org", "email_verified": True, "iss": ISSUER, **overrides}


def test_a_verified_listed_address_from_the_issuer_is_an_analyst():
    assert analyst_email(claims(), ALLOW) == "kim@example.org"
    assert analyst_email(claims(email="ann.lee@example.org"), ALLOW) == "ann.lee@example.org"
    assert analyst_email(claims(email="KIM@example.org"), ALLOW) == "kim@example.org"  # ASCII case only


@pytest.mark.parametrize("claim", [
    {"email_verified": False},
    {"email_verified": "true"},          # a string is not a verified claim
    {"email_verified": None},
    {"iss": "https://evil.example"},      # same address from another provider
    {"iss": None},
    {"email": "\u212Aim@example.org"},    # KELVIN SIGN lower-cases to "kim"
    {"email": "kim@example.org "},
    {"email": "kim@example.org\u200b"},
    {"email": "ｋim@example.org"},         # full-width k
    {"email": "a"},
    {"email": None},
])
def test_anything_else_is_not(claim):
    assert analyst_email(claims(**claim), ALLOW) is None


def test_without_verified_flag_nobody_qualifies():
    unverified = claims()
    del unverified["email_verified"]
    assert analyst_email(unverified, ALLOW) is None


@pytest.mark.parametrize(("section", "says"), [
    ({"analyst_emails": "kim@example.org", "analyst_issuer": ISSUER}, "must be a TOML list"),
    ({"analyst_emails": "a", "analyst_issuer": ISSUER}, "must be a TOML list"),
    ({"analyst_emails": ["kim @example.org"], "analyst_issuer": ISSUER}, "entry 1"),
    ({"analyst_emails": ["kim@example.org", " ann@example.org"], "analyst_issuer": ISSUER}, "entry 2"),
    ({"analyst_emails": ["\u212Aim@example.org"], "analyst_issuer": ISSUER}, "plain ASCII"),
    ({"analyst_emails": [42], "analyst_issuer": ISSUER}, "entry 1"),
    ({"analyst_emails": ["kim@example.org"]}, "analyst_issuer"),
    ({"analyst_emails": ["kim@example.org"], "analyst_issuer": "login.example.org"}, "analyst_issuer"),
    ({"analyst_emails": ["x@example.org"] * 1001, "analyst_issuer": ISSUER}, "at most 1000"),
])
def test_a_malformed_list_is_refused_with_what_to_write(section, says):
    with pytest.raises(AllowListError) as error:
        parse(section)
    assert says in str(error.value)


def test_no_list_means_no_oidc_analysts():
    assert parse({}) is None and parse(None) is None
    assert analyst_email(claims(), None) is None


def test_a_string_list_does_not_make_single_characters_analysts():
    """Before: the TOML string "kim@example.org" was iterated, and the claim "a"... was allowed."""
    with pytest.raises(AllowListError):
        parse({"analyst_emails": "abc@example.org", "analyst_issuer": ISSUER})


def test_serve_refuses_to_start_with_a_malformed_list(tmp_path):
    from workforce.serve import secrets_problem

    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n'
                       '[workforce]\nanalyst_emails = "kim@example.org"\n', encoding="utf-8")
    assert "must be a TOML list" in secrets_problem(secrets)
    secrets.write_text(f'[auth]\nx = 1\n[workforce]\nanalyst_emails = ["kim@example.org"]\nanalyst_issuer = "{ISSUER}"\n',
                       encoding="utf-8")
    assert secrets_problem(secrets) is None
    assert secrets_problem(tmp_path / "missing.toml") is None
