"""Shares, per-capita rates, growth and rankings on the bundled figures (values checked by hand)."""
import math

import pytest

from workforce import metrics
from workforce.prefectures import load_prefectures

PREFS = load_prefectures().frame


def test_national_headline_for_residents(bundled_figures):
    head = metrics.headline(bundled_figures, "residents")
    assert head.latest["value"] == 681_100 and head.latest["period_end"] == "2025-12-31"
    assert head.previous["period_end"] == "2025-06-30" and head.previous["value"] == 660_483
    assert head.year_ago["value"] == 634_361
    assert head.change_year == pytest.approx((681_100 - 634_361) / 634_361 * 100)
    assert head.share_of_all == pytest.approx(681_100 / 4_125_395 * 100)


def test_workers_headline_uses_its_own_october_dates(bundled_figures):
    head = metrics.headline(bundled_figures, "workers")
    assert head.latest["period_end"] == "2025-10-31" and head.year_ago["period_end"] == "2024-10-31"


def test_complete_periods_are_those_where_all_47_have_a_figure(bundled_figures):
    periods = metrics.complete_periods(bundled_figures)
    assert len(periods) == 21 and periods[0] == "2012-12-31" and periods[-1] == "2025-12-31"
    assert "2021-06-30" not in periods and "2019-12-31" not in periods  # not published in any copy we read


def test_prefecture_metrics(bundled_figures):
    table = metrics.prefecture_metrics(bundled_figures, PREFS, "2025-06-30", "2024-06-30").set_index("prefecture_code")
    assert len(table) == 47 and table.loc["23", "rank"] == 1 and table.loc["27", "rank"] == 2
    assert table.loc["23", "growth"] == pytest.approx((67_842 - 61_045) / 61_045 * 100)
    assert table.loc["33", "share"] == pytest.approx(31.6, abs=0.05)  # Okayama, highest share (reference notes)
    assert table.loc["05", "count"] == 1_099  # Akita, the smallest
    assert table.loc["23", "per_10k"] == pytest.approx(67_842 / PREFS.loc["23", "population_2024"] * 10_000)


def test_growth_is_a_gap_without_an_earlier_complete_period(bundled_figures):
    table = metrics.prefecture_metrics(bundled_figures, PREFS, "2012-12-31")
    assert table["growth"].isna().all() and table.attrs["previous_period"] is None


def test_growth_defaults_to_the_previous_complete_period(bundled_figures):
    table = metrics.prefecture_metrics(bundled_figures, PREFS, "2025-12-31").set_index("prefecture_code")
    assert table.attrs["previous_period"] == "2025-06-30"
    assert table.loc["23", "growth"] == pytest.approx((70_820 - 67_842) / 67_842 * 100)


def test_status_mix_parts_add_up_to_the_total(bundled_figures):
    from workforce.bundled import breakdown_labels

    rows = metrics.mix(bundled_figures, breakdown_labels(), measure="residents", group="status")
    official = rows[rows["period_end"] == "2025-06-30"].set_index("breakdown")
    assert official["value"].sum() == 660_483  # the ten statuses, 特別永住者 and the rest make the total
    # The press release lists the main statuses; the rest (its その他) is what the source does not break down.
    assert official.loc[metrics.UNCOVERED, "value"] == 16_149 and official.loc[metrics.UNCOVERED, "kind"] == "uncovered"
    assert not official.loc[official["kind"] == "part", "label_en"].isna().any()


def test_missing_value_is_none_not_zero(bundled_figures):
    assert metrics.value_at(bundled_figures, measure="residents", period="2021-06-30") is None
    assert metrics.pct_change(5, 0) is None and math.isclose(metrics.pct_change(110, 100), 10)
