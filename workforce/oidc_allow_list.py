"""Which OpenID Connect identities count as analysts: a strict reading of `[workforce]` in secrets.toml.

st.login proves who someone is; this list says who may change data. It is read strictly because a
lenient reading grants access silently: a TOML string instead of a list would be iterated as single
characters, an entry with a space would never match, and Python's lower() maps "\\u212Aim" (Kelvin
sign) to "kim". So an address is accepted only in plain ASCII form, compared exactly after
lower-casing ASCII letters, with `email_verified` true and the token's issuer the configured one.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# The addresses an organisation's provider gives; anything else is refused rather than "normalised".
_ADDRESS = re.compile(r"^[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$")
MAX_ENTRIES = 1000


class AllowListError(ValueError):
    """The `[workforce]` settings for OIDC analysts are malformed; the message says what to write."""


@dataclass(frozen=True)
class AllowList:
    emails: frozenset[str]
    issuer: str


def _normal(address: str) -> str | None:
    """The address lower-cased (ASCII letters only), or None if it is not a plain ASCII address."""
    if not isinstance(address, str) or not address.isascii():
        return None
    lowered = address.lower()
    return lowered if _ADDRESS.match(lowered) else None


def parse(section: Mapping | None) -> AllowList | None:
    """The allow-list from secrets' `[workforce]` section; None when no e-mails are configured.

    Raises AllowListError for anything but a list of plain addresses and one issuer URL.
    """
    if not section or "analyst_emails" not in section:
        return None
    emails = section["analyst_emails"]
    if isinstance(emails, (str, bytes)) or not isinstance(emails, (list, tuple)):
        raise AllowListError("[workforce] analyst_emails must be a TOML list of addresses, "
                             f'for example ["kim@example.org"]; got {type(emails).__name__} {str(emails)[:80]!r}')
    if len(emails) > MAX_ENTRIES:
        raise AllowListError(f"[workforce] analyst_emails holds {len(emails)} entries; at most {MAX_ENTRIES}")
    normal = set()
    for position, entry in enumerate(emails, start=1):
        address = _normal(entry)
        if address is None:
            raise AllowListError(f"[workforce] analyst_emails entry {position} ({str(entry)[:80]!r}) is not a plain "
                                 "ASCII e-mail address without spaces")
        normal.add(address)
    issuer = section.get("analyst_issuer")
    if not isinstance(issuer, str) or not re.match(r"^https://\S+$", issuer):
        raise AllowListError("[workforce] analyst_issuer must name the identity provider's issuer URL "
                             '(the "iss" of its tokens, https://...), so that only its verified e-mails count; '
                             f"got {str(issuer)[:80]!r}")
    return AllowList(frozenset(normal), issuer.rstrip("/"))


def analyst_email(claims: Mapping, allow: AllowList | None) -> str | None:
    """The allow-listed address of a signed-in identity, or None when it does not qualify."""
    if allow is None or claims.get("email_verified") is not True:
        return None
    if str(claims.get("iss", "")).rstrip("/") != allow.issuer:
        return None
    address = _normal(claims.get("email", ""))
    return address if address in allow.emails else None
