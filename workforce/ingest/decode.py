"""Turn uploaded bytes into text: UTF-8 (with or without BOM) or Shift_JIS/CP932, detected, never guessed silently."""
from __future__ import annotations

from workforce.ingest.result import InputError

ENCODINGS = ("utf-8-sig", "cp932")

# What a non-text file looks like: the keys of problems.binary_* in the locale files.
_BINARY_SIGNATURES = {b"PK\x03\x04": "zip", b"%PDF": "pdf", b"\x89PNG": "png", b"\xd0\xcf\x11\xe0": "xls",
                      b"\x1f\x8b": "gzip"}


class DecodeError(InputError):
    """The bytes are not text in a supported encoding; the message says what they look like."""


def describe_binary(data: bytes) -> str | None:
    """The problem key (problems.binary_*) naming what a non-text file looks like, or None if it may be text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary_utf16"
    for signature, name in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return f"binary_{name}"
    if b"\x00" in data[:8192]:
        return "binary_nul"
    return None


def _invalid_utf8(data: bytes, error: UnicodeDecodeError) -> DecodeError | None:
    """A problem naming the bad byte when the file is evidently UTF-8 yet has a byte that is not.

    Evidently UTF-8: it holds at least as many well-formed non-ASCII UTF-8 characters as bad bytes.
    Japanese CP932 text is almost all bad bytes read as UTF-8 (its lead bytes 0x81-0x9F are UTF-8
    continuation bytes), while a UTF-8 file with one stray Latin-1 byte has one. Reading the latter
    as CP932 would make mojibake without a word ("ISA release" stored as "IS顴 release").
    None when the file may really be CP932.
    """
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    if sum(1 for character in decoded if character > "\x7f") - bad < max(bad, 1):
        return None
    before = data[:error.start].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    character = len(before) - (before.rfind("\n") + 1) + 1
    return DecodeError("text_utf8_invalid", line=line, position=character, byte=f"0x{data[error.start]:02X}")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError for binary data or an unsupported encoding."""
    binary = describe_binary(data)
    if binary:
        raise DecodeError(binary)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8-sig" and (problem := _invalid_utf8(data, error)) is not None:
                raise problem from None
            continue
        if (nul := text.find("\x00")) >= 0:  # past the sniffing window; no database stores it in text
            line = text.count("\n", 0, nul) + 1
            raise DecodeError("text_nul", line=line, position=nul + 1)
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise DecodeError("text_encoding")
