"""Readers that turn an uploaded file into tidy figures (workforce.schema.COLUMNS) plus problems.

Every reader returns a `ReadResult`; it never raises for bad content. Problems are data
(file, sheet, row, column, value, expected), collected all at once and shown as a table.
"""
from workforce.ingest.result import Problem, ReadResult, Skipped

__all__ = ["Problem", "ReadResult", "Skipped"]
