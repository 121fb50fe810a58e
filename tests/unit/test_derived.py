"""Derived figures never claim more than their inputs (issue 12's reproductions, each a test).

Shares use the published total, a rank needs every prefecture, a line breaks at a missing period,
and a derived figure names every input's source and says this dashboard calculated it.
"""
from __future__ import annotations

import math

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from tests.support.stores import ROOT
from workforce import bundled, metrics, sources
from workforce.charts import trends
from workforce.charts.style import PALETTE
from workforce.i18n import Translator
from workforce.prefectures import PREFECTURE_CODES, load_prefectures

PREFS = load_prefectures().frame
EN = Translator("en")


def _status_mix(figures: pd.DataFrame) -> pd.DataFrame:
    return metrics.mix(figures, bundled.breakdown_labels(), measure="residents", group="status")


# 1. 100 % bars from one published status ------------------------------------------------------------

def test_a_single_published_status_is_a_share_of_the_published_total(bundled_figures):
    """Dec 2024 with only Technical Intern Training published: 33.4 %, the rest 'not broken down'."""
    key = (bundled_figures["period_end"] == "2024-12-31") & (bundled_figures["prefecture_code"] == "00") \
        & (bundled_figures["nationality"] == "VN") & (bundled_figures["measure"] == "residents")
    only_one = bundled_figures[~key | bundled_figures["breakdown"].isin(["total", "技能実習"])]
    rows = _status_mix(only_one)
    december = rows[rows["period_end"] == "2024-12-31"].set_index("breakdown")
    assert december.loc["技能実習", "share"] == pytest.approx(212_141 / 634_361 * 100)
    assert december.loc[metrics.UNCOVERED, "value"] == 634_361 - 212_141
    fig = trends.mix_over_time(rows, "Mix", EN, percent=True)
    bars = {trace.name: dict(zip(trace.x, trace.y)) for trace in fig.data}
    assert bars["Technical Intern Training"]["Dec 2024"] == pytest.approx(33.44, abs=0.01)  # not 100 %


def test_the_bundled_status_mix_is_complete_every_year_end(bundled_figures):
    rows = _status_mix(bundled_figures)
    december = rows[rows["period_end"] == "2024-12-31"]
    assert december["share"].sum() == pytest.approx(100)
    assert (december["kind"] == "part").all()
    assert december.set_index("breakdown").loc["技能実習", "share"] == pytest.approx(33.44, abs=0.01)


def test_at_most_eight_colours_and_the_rest_grouped_by_name(bundled_figures):
    fig = trends.mix_over_time(_status_mix(bundled_figures), "Mix", EN, percent=True)
    colours = [trace.marker.color for trace in fig.data if trace.marker.pattern.shape is None]
    assert len(colours) <= 8 and len(set(colours)) == len(colours)  # no two categories share a colour
    assert set(colours) <= set(PALETTE)
    grouped = [trace.name for trace in fig.data if trace.name.startswith("Other (")]
    assert len(grouped) == 1 and "Permanent Resident" not in grouped[0].split(":")[0]


# 2. Shares of the listed parts only -----------------------------------------------------------------

def test_industry_shares_use_the_published_total_not_the_listed_parts(bundled_figures):
    rows = metrics.mix(bundled_figures, bundled.breakdown_labels(), measure="workers", group="industry")
    october = rows[rows["period_end"] == "2022-10-31"].set_index("breakdown")
    assert october.loc["industry: manufacturing", "share"] == pytest.approx(171_142 / 462_384 * 100)  # 37.0 %
    assert october.loc[metrics.UNCOVERED, "share"] == pytest.approx(175_186 / 462_384 * 100)
    fig = trends.mix_over_time(rows, "Industries", EN, percent=True)
    # Shares of each period's published total, the ticks in % (the axis is titled so since issue 15)
    assert fig.layout.yaxis.title.text == "share of the published total" and fig.layout.yaxis.ticksuffix == "%"


# 3. An invented ranking -----------------------------------------------------------------------------

def _with_one_new_figure(bundled_figures: pd.DataFrame, period: str) -> pd.DataFrame:
    aichi = bundled_figures[(bundled_figures["prefecture_code"] == "23") & (bundled_figures["period_end"] == "2025-12-31")
                            & (bundled_figures["nationality"] == "VN") & (bundled_figures["breakdown"] == "total")]
    return pd.concat([bundled_figures, aichi.assign(period_end=period, value=71_000)], ignore_index=True)


def test_no_rank_when_one_prefecture_has_the_date(bundled_figures):
    figures = _with_one_new_figure(bundled_figures, "2026-06-30")
    table = metrics.prefecture_metrics(figures, PREFS, "2026-06-30")
    assert table["rank"].isna().all()
    assert len(table.attrs["missing"]["count"]) == 46 and not table.attrs["complete"]
    assert metrics.ranked_by(table, "count")["rank"].isna().all()


# 4. Lines across gaps -------------------------------------------------------------------------------

def test_a_line_breaks_where_the_series_skips_a_period(bundled_figures):
    aichi = metrics.select(bundled_figures, measure="residents", prefecture="23")
    assert metrics.missing_periods(aichi, "residents") == [
        "2017-12-31", "2019-12-31", "2021-06-30", "2021-12-31", "2022-12-31", "2023-06-30"]
    fig = trends.national_trend({"residents": aichi}, "Aichi", EN)
    trace = fig.data[0]
    points = dict(zip(pd.to_datetime(trace.x).strftime("%Y-%m-%d"), trace.y))
    assert math.isnan(points["2021-06-30"]) and not trace.connectgaps
    assert not math.isnan(points["2020-12-31"]) and not math.isnan(points["2022-06-30"])  # the points either side stay
    assert "June 2021: no figure published (gap)" in " ".join(str(text) for text in trace.text)


# 5. Attribution -------------------------------------------------------------------------------------

def test_source_lines_name_the_release_link_the_publisher_and_the_copy(bundled_figures):
    rows = bundled_figures[(bundled_figures["period_end"] == "2025-06-30") & (bundled_figures["prefecture_code"] == "23")]
    line = sources.source_line(rows, EN, link=lambda label, url: f"[{label}]({url})")
    assert "mirrored" not in line and "GitHub" not in line
    assert "[報道発表資料「令和7年6月末現在における在留外国人数について」 第5表](https://www.moj.go.jp/isa/" in line
    assert "Read from: [github.com/nfurutani/imin](https://github.com/nfurutani/imin/" in line


@pytest.mark.parametrize(("lang", "processed"), [("en", "Calculated by this dashboard"), ("ja", "加工して作成")])
def test_a_rate_per_10000_names_the_population_estimate_and_that_it_was_calculated(bundled_figures, lang, processed):
    t = Translator(lang)
    rows = metrics.snapshot_sources(bundled_figures, "2025-12-31")
    line = sources.source_line(rows, t, derived=("population",))
    assert processed in line and "人口推計（2024年（令和6年）10月1日現在）" in line
    listed = sources.source_list(rows, derived=("population",))
    assert "https://www.stat.go.jp/data/jinsui/2024np/index.html" in set(listed["source_url"])
    assert set(rows["source_url"]) <= set(listed["source_url"])  # every input's source is listed


# 6. Rules -------------------------------------------------------------------------------------------

HEADER = "period_end,prefecture,nationality,measure,breakdown,value,source_title,source_url\n"


def test_a_period_after_today_is_refused():
    from workforce.ingest.plan import read_file

    result = read_file((HEADER + "2099-06-30,23,VN,residents,total,1,ISA,https://www.moj.go.jp/isa/\n").encode(), "x.csv")
    assert [(p.row, p.column, p.value) for p in result.problems] == [(2, "period_end", "2099-06-30")]
    assert "no later than today" in result.problems[0].expected


def test_vietnamese_above_all_nationalities_is_refused_against_the_stored_figures(bundled_figures):
    from workforce.ingest.plan import read_file

    data = (HEADER + "2025-06-30,05,VN,residents,total,999999,ISA,https://www.moj.go.jp/isa/\n").encode()
    result = read_file(data, "x.csv", active=bundled_figures)
    keys = {p.message.key for p in result.problems}
    assert "vietnamese_above_all" in keys  # Akita's all foreign residents are far fewer
    assert any(p.row == 2 for p in result.problems if p.message.key == "vietnamese_above_all")


def test_reimporting_exactly_the_active_data_is_accepted(bundled_figures):
    from workforce.ingest.plan import read_file

    frame = bundled_figures.rename(columns={"prefecture_code": "prefecture"})
    data = frame.to_csv(index=False).encode("utf-8")
    result = read_file(data, "figures.csv", active=bundled_figures)
    assert result.ok, result.problem_table().head(10)


def test_first_start_runs_the_same_rulebook(tmp_path, bundled_figures):
    from workforce.store import ensure_store
    from workforce.validate import RulesBroken

    broken = bundled_figures.copy()
    broken.loc[(broken["prefecture_code"] == "23") & (broken["period_end"] == "2025-06-30")
               & (broken["nationality"] == "VN") & (broken["breakdown"] == "total"), "value"] = 400_000
    path = tmp_path / "figures.csv"
    broken.to_csv(path, index=False)
    with pytest.raises(RulesBroken, match="vietnamese_above_all|at most the all-nationalities"):
        ensure_store(sa.create_engine(f"sqlite:///{tmp_path / 's.sqlite'}"), path)


def test_the_bundle_build_runs_the_same_rulebook(tmp_path):
    import shutil

    from workforce import dataset_builder
    from workforce.validate import RulesBroken

    reference = tmp_path / "reference"
    shutil.copytree(ROOT.parent / "shared" / "reference", reference)
    history = reference / "isa_residents_by_prefecture_history.csv"
    text = history.read_text(encoding="utf-8")
    history.write_text(text.replace("2014-12-31,23,VN,total,", "2014-12-31,23,VN,total,1", 1), encoding="utf-8")
    shutil.copytree(ROOT / "data" / "curated", tmp_path / "curated")
    with pytest.raises(RulesBroken, match="2014-12-31 VN residents total"):
        dataset_builder.build(reference, tmp_path / "curated", tmp_path)


# Properties over the metrics ------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dropped=st.sets(st.sampled_from(PREFECTURE_CODES), max_size=5),
       period=st.sampled_from(["2014-12-31", "2018-12-31", "2022-06-30", "2025-12-31"]))
def test_no_share_above_100_and_no_rank_with_fewer_than_47(bundled_figures, dropped, period):
    figures = bundled_figures[~((bundled_figures["period_end"] == period)
                                & bundled_figures["prefecture_code"].isin(dropped))]
    table = metrics.prefecture_metrics(figures, PREFS, period)
    assert (table["share"].dropna() <= 100).all()
    for metric in metrics.RANKED_METRICS:
        ranked = metrics.ranked_by(table, metric)
        assert ranked["rank"].notna().any() == (ranked[metric].notna().sum() == 47)
    rows = metrics.snapshot_sources(figures, period)
    listed = set(sources.source_list(rows, derived=("population",))["source_url"])
    assert set(rows["source_url"]) <= listed and sources.POPULATION["source_url"] in listed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.lists(st.booleans(), min_size=28, max_size=28))
def test_mix_shares_never_exceed_100_and_cover_the_total(bundled_figures, keep):
    period = bundled_figures["period_end"] == "2023-12-31"
    statuses = bundled_figures[period & (bundled_figures["measure"] == "residents") & (bundled_figures["prefecture_code"] == "00")
                               & (bundled_figures["nationality"] == "VN") & (bundled_figures["breakdown"] != "total")]
    dropped = statuses.index[~np.resize(np.array(keep), len(statuses))]
    rows = _status_mix(bundled_figures.drop(index=dropped))
    december = rows[rows["period_end"] == "2023-12-31"]
    assert (december["share"] <= 100).all() and (december["share"] >= 0).all()
    if len(december):
        assert december["share"].sum() == pytest.approx(100)


# Commands -------------------------------------------------------------------------------------------



def test_the_map_png_credits_the_population_estimate(bundled_figures):
    from workforce.views.overview import map_section

    parts = map_section(bundled_figures, "per_10k", "2025-12-31", None, "geo", EN).chart
    assert "Statistics Bureau of Japan" in parts.source and "Calculated by this dashboard" in parts.source
