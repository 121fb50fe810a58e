"""Builders for import test files: long CSV / xlsx bytes, broken zips, zip bombs, and a store snapshot.

Used by tests/unit/test_bad_inputs.py and tests/system/test_commit_safety.py. Nothing here touches the
application's state; every builder returns bytes (or a frame) in memory.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa

from workforce import schema

COLUMNS = ["period_end", "prefecture", "nationality", "measure", "breakdown", "value", "source_title", "source_url"]
HEADER = ",".join(COLUMNS) + "\n"
TITLE = "出入国在留管理庁 在留外国人統計 (test)"
URL = "https://www.moj.go.jp/isa/policies/statistics/toukei_ichiran_touroku.html"
PREFECTURES = [f"{n:02d}" for n in range(1, 48)]


def row(**changes: object) -> dict:
    """One valid long-CSV row (Aichi, VN residents total, 2025-06-30), with `changes` applied."""
    base = {"period_end": "2025-06-30", "prefecture": "愛知県", "nationality": "VN", "measure": "residents",
            "breakdown": "total", "value": "67842", "source_title": TITLE, "source_url": URL}
    base.update({k: v for k, v in changes.items()})
    return base


def csv_text(rows: list[dict], columns: list[str] | None = None, line_end: str = "\n") -> str:
    columns = columns or COLUMNS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator=line_end, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], columns: list[str] | None = None, encoding: str = "utf-8") -> bytes:
    return csv_text(rows, columns).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """A workbook whose first sheet holds `rows` as given (strings starting with '=' become formulas)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_from_rows(rows: list[dict], columns: list[str] | None = None) -> bytes:
    columns = columns or COLUMNS
    return xlsx_bytes([columns] + [[r.get(c, "") for c in columns] for r in rows])


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@lru_cache(maxsize=1)
def zip_bomb(size: int = 50 * 1024 * 1024) -> bytes:
    """A well-formed xlsx skeleton plus one sheet part of `size` zero bytes (compresses to ~50 KB)."""
    parts = xlsx_parts(xlsx_from_rows([row()]))
    parts["xl/worksheets/sheet1.xml"] = b"\0" * size
    return zip_bytes(parts)


@lru_cache(maxsize=1)
def xlsx_damaged_late(rows: int = 3000) -> bytes:
    """A real workbook whose sheet XML is cut off near its end: opening succeeds, reading the rows fails."""
    data = xlsx_from_rows([row(prefecture=PREFECTURES[i % 47], breakdown="total", value=str(i),
                               period_end=f"{1900 + i // 47}-06-30") for i in range(rows)])
    parts = xlsx_parts(data)
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[: len(sheet) - 500]
    return zip_bytes(parts)


def national_set(period: str = "2026-06-30", off_by: int = 0, undetermined: int | None = None) -> list[dict]:
    """All 47 prefectures plus 00 (national) for one key; the national value is the sum + `off_by`."""
    rows = [row(period_end=period, prefecture=code, value=str(1000 + 10 * i)) for i, code in enumerate(PREFECTURES)]
    total = sum(1000 + 10 * i for i in range(47))
    if undetermined is not None:
        rows.append(row(period_end=period, prefecture="99", value=str(undetermined)))
        total += undetermined
    rows.append(row(period_end=period, prefecture="00", value=str(total + off_by)))
    return rows


def residents_breakdowns() -> list[str]:
    from workforce.bundled import breakdown_labels

    labels = breakdown_labels()
    return labels.loc[labels["measure"] == "residents", "breakdown"].tolist()


def consistent_value(index: int, nationality: str, breakdown: str) -> int:
    """A synthetic count that also passes the rules across rows: Vietnamese below all nationalities for the
    same key, and a total far above the sum of its parts (there is no national row to add up to)."""
    value = (index * 7919) % 1_000_003
    if nationality == "ALL":
        value += 1_000_003
    return value + (500_000_000 if breakdown == "total" else 0)


def release_frame(count: int, first_year: int = 1900, note: str = "") -> pd.DataFrame:
    """`count` tidy, valid residents figures for periods from `first_year`-06-30 on: years long before the
    bundle's (which starts in 2012), since the rules refuse dates after today."""
    breakdowns = residents_breakdowns()
    rows = []
    year, half = first_year, 0
    while len(rows) < count:
        period = f"{year}-06-30" if half == 0 else f"{year}-12-31"
        for breakdown in breakdowns:
            for code in PREFECTURES:
                for nationality in ("VN", "ALL"):
                    rows.append((period, code, nationality, "residents", breakdown,
                                 consistent_value(len(rows), nationality, breakdown)))
        year, half = (year, 1) if half == 0 else (year + 1, 0)
    frame = pd.DataFrame(rows[:count], columns=schema.KEY + ["value"])
    frame["value"] = frame["value"].astype("int64")
    frame["source_kind"] = "official"
    frame["confidence"] = ""
    frame["publisher"] = schema.PUBLISHERS["residents"]
    frame["source_title"] = TITLE
    frame["source_url"] = URL
    frame["read_from_url"] = ""
    frame["note"] = note
    return frame[schema.COLUMNS]


def store_snapshot(engine: sa.Engine) -> bytes:
    """Every row of every table of the store, sorted and serialised: equal bytes mean equal content."""
    from workforce.store.db import metadata

    content = {}
    inspector_tables = set(sa.inspect(engine).get_table_names())
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name not in inspector_tables:
                content[table.name] = None
                continue
            rows = [[repr(v) for v in r] for r in conn.execute(sa.select(table)).all()]
            content[table.name] = {"columns": [c.name for c in table.columns], "rows": sorted(rows)}
    return json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
