"""Workbooks that are small on disk but declare a huge number of sheets or parts (issue 14, point 13)."""
from __future__ import annotations

import io
import zipfile

from tests.support.bad_inputs import row, xlsx_from_rows, xlsx_parts, zip_bytes

_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def many_declared_sheets(count: int) -> bytes:
    """A valid workbook whose workbook.xml lists `count` sheets, all pointing at its one sheet part."""
    parts = xlsx_parts(xlsx_from_rows([row()]))
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(count))
    parts["xl/workbook.xml"] = f'<?xml version="1.0"?><workbook {_NS}><sheets>{sheets}</sheets></workbook>'.encode()
    return zip_bytes(parts)


def many_parts(count: int) -> bytes:
    """A valid workbook plus `count` tiny extra parts in the zip."""
    parts = xlsx_parts(xlsx_from_rows([row()]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        for i in range(count):
            archive.writestr(f"xl/extra/{i}.xml", b"")
    return buffer.getvalue()
