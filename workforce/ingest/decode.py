"""Turn uploaded bytes into text: UTF-8 (with or without BOM) or Shift_JIS/CP932, detected, never guessed silently."""
from __future__ import annotations

ENCODINGS = ("utf-8-sig", "cp932")
_BINARY_SIGNATURES = {b"PK\x03\x04": "a zip/xlsx file", b"%PDF": "a PDF", b"\x89PNG": "a PNG image",
                      b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Office file", b"\x1f\x8b": "a gzip file"}


class DecodeError(ValueError):
    """The bytes are not text in a supported encoding; the message says what they look like."""


def describe_binary(data: bytes) -> str | None:
    """Name what a non-text file looks like, or None if it may be text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8 (comma delimited)' instead"
    for signature, name in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return name
    if b"\x00" in data[:8192]:
        return "a binary file (it contains NUL bytes)"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError for binary data or an unsupported encoding."""
    binary = describe_binary(data)
    if binary:
        raise DecodeError(f"a text CSV, but this is {binary}")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if (nul := text.find("\x00")) >= 0:  # past the sniffing window; no database stores it in text
            line = text.count("\n", 0, nul) + 1
            raise DecodeError(f"text without NUL characters; line {line:,} (character {nul + 1:,}) holds one")
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise DecodeError("text in UTF-8 (with or without BOM) or Shift_JIS/CP932")
