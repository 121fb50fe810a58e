"""Open an uploaded .xlsx safely: a real zip, not a zip bomb, then openpyxl in read-only mode."""
from __future__ import annotations

import io
import zipfile

from workforce import settings


class XlsxError(ValueError):
    """The file cannot be opened as a workbook; the message says what was expected."""


def check_zip(data: bytes, max_uncompressed: int | None = None) -> None:
    """Refuse non-zip data and archives that would expand beyond the limit (zip bombs)."""
    limit = max_uncompressed or int(settings.MAX_UNCOMPRESSED_XLSX.value())
    if not data.startswith(b"PK"):
        raise XlsxError("an Excel .xlsx workbook, but this is not a zip archive (is it a CSV or an old .xls?)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise XlsxError(f"a valid .xlsx workbook; the zip archive is damaged ({error})") from error
    total = sum(entry.file_size for entry in entries)
    if total > limit:
        raise XlsxError(f"a workbook that expands to at most {limit:,} bytes; this one expands to {total:,} "
                        "(possibly a zip bomb)")
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise XlsxError("an Excel .xlsx workbook; this zip archive has no xl/workbook.xml")


def open_workbook(data: bytes, max_uncompressed: int | None = None):
    """An openpyxl workbook (read-only, values not formulas) after the safety checks."""
    import openpyxl

    check_zip(data, max_uncompressed)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for malformed parts
        raise XlsxError(f"a readable .xlsx workbook; openpyxl could not open it ({type(error).__name__}: {error})") from error
