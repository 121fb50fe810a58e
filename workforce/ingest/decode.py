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


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError for binary data or an unsupported encoding."""
    binary = describe_binary(data)
    if binary:
        raise DecodeError(binary)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if (nul := text.find("\x00")) >= 0:  # past the sniffing window; no database stores it in text
            line = text.count("\n", 0, nul) + 1
            raise DecodeError("text_nul", line=line, position=nul + 1)
        return text, ("utf-8" if encoding == "utf-8-sig" else encoding)
    raise DecodeError("text_encoding")
