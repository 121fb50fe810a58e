"""map_distinct must give what a plain per-row map gives, including on its shortcuts."""
import io

import pandas as pd
import pytest

from workforce.distinct_values import map_distinct


def _text_column(cells: list[str]) -> pd.Series:
    """A column as the CSV reader makes it: pyarrow-backed strings."""
    body = "\n".join(["c", *(f'"{cell}"' for cell in cells)]) + "\n"
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, engine="pyarrow")["c"]


@pytest.mark.parametrize("cells", [["a", "b", "a"], [" a", "b ", "a"], ["x"] * 5, ["", " ", "y"]])
def test_text_results_equal_a_per_row_map(cells):
    column = _text_column(cells)
    assert column.dtype == "str"
    mapped = map_distinct(column, str.strip, "str")
    assert mapped.tolist() == [cell.strip() for cell in cells]
    assert mapped.index.equals(column.index)


def test_an_unchanged_column_is_returned_without_a_copy():
    column = _text_column(["a", "b", "a"])
    assert map_distinct(column, str.strip, "str") is column


@pytest.mark.parametrize("cells", [["1", "2", "1"], ["1", "x", "1"], ["x", "x"]])
def test_boolean_results_equal_a_per_row_map(cells):
    column = _text_column(cells)
    mapped = map_distinct(column, str.isdigit, "bool")
    assert mapped.dtype == bool
    assert mapped.tolist() == [cell.isdigit() for cell in cells]
    assert mapped.index.equals(column.index)


def test_other_results_are_spread_by_code():
    column = _text_column(["vn", "all", "vn", "?"])
    mapped = map_distinct(column, {"vn": "VN", "all": "ALL"}.get, "str")
    assert mapped.tolist()[:3] == ["VN", "ALL", "VN"]
    assert pd.isna(mapped.iloc[3])


def test_pairs_equal_a_per_row_check():
    from workforce.distinct_values import pairs_distinct

    first = pd.Series(["a", "b", "a", None, "c", "a"])
    second = pd.Series(["x", "x", "y", "x", None, "x"])
    check = lambda a, b: a == "a" and b == "x"  # noqa: E731
    assert pairs_distinct(first, second, check).tolist() == [check(a, b) for a, b in zip(first, second)]
    assert pairs_distinct(first.iloc[:0], second.iloc[:0], check).tolist() == []


def test_pairs_of_many_distinct_values_take_the_sorting_path():
    from workforce.distinct_values import pairs_distinct

    first = pd.Series([f"p{i}" for i in range(4000)] * 2)
    second = pd.Series([f"q{i}" for i in range(4000)] * 2)  # 4000 × 4000 possible pairs: beyond the table
    result = pairs_distinct(first, second, lambda a, b: a[1:] == b[1:] and int(a[1:]) % 2 == 0)
    assert result.tolist() == [int(a[1:]) % 2 == 0 for a in first]
