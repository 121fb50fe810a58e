"""The bundled dataset obeys the project's rules and is reproducible from the reference files."""
import shutil

import pandas as pd
import pandera.errors
import pytest

from tests.support.stores import REFERENCE, ROOT
from workforce import dataset_builder, schema
from workforce.rules import national_sum_problems


def test_every_figure_passes_the_schema(bundled_figures):
    schema.validate_figures(bundled_figures)


def test_official_prefecture_sets_add_up_to_the_national_total(bundled_figures):
    assert national_sum_problems(bundled_figures).empty
    checked = bundled_figures[(bundled_figures["prefecture_code"] == "99") & (bundled_figures["source_kind"] == "official")]
    assert len(checked) >= 10  # the rule really ran on the complete official sets


def test_sum_rule_catches_a_changed_prefecture(bundled_figures):
    broken = bundled_figures.copy()
    broken.loc[(broken["prefecture_code"] == "23") & (broken["period_end"] == "2025-06-30")
               & (broken["nationality"] == "VN"), "value"] += 1
    problems = national_sum_problems(broken)
    assert problems[["period_end", "nationality", "difference"]].values.tolist() == [["2025-06-30", "VN", 1]]


@pytest.mark.parametrize(("column", "value"), [
    ("value", -5), ("source_url", ""), ("source_url", "javascript:alert(1)"), ("source_title", ""),
    ("prefecture_code", "48"), ("measure", "visitors"), ("period_end", "2025-07-31"),
])
def test_schema_refuses_bad_figures(bundled_figures, column, value):
    bad = bundled_figures.head(3).copy()
    bad[column] = value if column != "value" else bad[column] * 0 + value
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.validate_figures(bad)


def test_schema_refuses_duplicate_keys(bundled_figures):
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.validate_figures(pd.concat([bundled_figures.head(2), bundled_figures.head(1)]))


def test_headline_anchors_are_in_the_bundle(bundled_figures):
    def value(measure, code, period, nationality="VN"):
        row = bundled_figures[(bundled_figures["measure"] == measure) & (bundled_figures["prefecture_code"] == code)
                              & (bundled_figures["period_end"] == period) & (bundled_figures["nationality"] == nationality)
                              & (bundled_figures["breakdown"] == "total")]
        return int(row["value"].iloc[0])

    assert value("residents", "00", "2025-06-30") == 660_483
    assert value("residents", "00", "2024-06-30") == 600_348
    assert value("residents", "23", "2025-06-30") == 67_842
    assert value("workers", "00", "2025-10-31") == 605_906


def test_left_out_rows_are_the_derived_low_confidence_and_pre_2012_ones(bundled_figures):
    excluded = pd.read_csv(ROOT / "data" / "excluded_figures.csv", dtype=str)
    assert "2021-06-30" not in set(bundled_figures.query("measure == 'residents' and prefecture_code == '00' and nationality == 'VN'")["period_end"])
    assert (excluded["period_end"] == "2021-06-30").any()  # the derived national figure
    assert not bundled_figures["period_end"].lt("2012").any() or \
        bundled_figures[bundled_figures["period_end"] < "2012"]["measure"].isin(["workers", "establishments"]).all()
    assert excluded["exclusion_reason"].notna().all()
    assert set(excluded["reference_file"]) >= {"isa_vn_residents_by_prefecture_secondary.csv", "isa_national_timeseries.csv"}


def test_secondary_figures_are_marked(bundled_figures):
    workers = bundled_figures[bundled_figures["measure"] == "workers"]
    official = workers[workers["source_kind"] == "official"]
    # Only MHLW's 別表1 (status groups) was read in an official table; every other worker figure was quoted.
    assert set(official["source_title"]) == {"「外国人雇用状況」の届出状況 別表1"}
    assert (workers.loc[workers["source_title"] != "「外国人雇用状況」の届出状況 別表1", "source_kind"] == "secondary").all()
    isa_official = bundled_figures[(bundled_figures["measure"] == "residents") & (bundled_figures["source_kind"] == "official")]
    assert len(isa_official) > 2800


def test_every_published_period_of_a_prefecture_is_bundled(bundled_figures):
    aichi = bundled_figures.query("measure == 'residents' and nationality == 'VN' and prefecture_code == '23' "
                                  "and breakdown == 'total'")
    assert len(aichi) == 21
    assert aichi["period_end"].min() == "2012-12-31" and aichi["period_end"].max() == "2025-12-31"
    national = bundled_figures.query("measure == 'residents' and nationality == 'VN' and prefecture_code == '00' "
                                     "and breakdown == 'total' and period_end == '2025-12-31'")
    assert national["value"].tolist() == [681_100]


def test_an_official_figure_supersedes_a_secondary_one_for_the_same_key(bundled_figures):
    """2022-06 prefectures: the official ISA table is kept, the secondary ranking goes to the excluded list."""
    kept = bundled_figures.query("period_end == '2022-06-30' and measure == 'residents' and breakdown == 'total'")
    assert (kept["source_kind"] == "official").all() and len(kept) == 2 * 49
    excluded = pd.read_csv(ROOT / "data" / "excluded_figures.csv", dtype=str)
    superseded = excluded[excluded["exclusion_reason"].str.startswith("superseded by the official figure")]
    assert {"2022-06-30", "2024-12-31"} <= set(superseded["period_end"])


def test_the_bundle_passes_the_one_rulebook(bundled_figures):
    from workforce.validate import check_figures

    assert check_figures(bundled_figures) == []


def test_sources_name_the_release_as_published_and_link_the_publisher(bundled_figures):
    assert not bundled_figures["source_title"].str.contains("mirrored|GitHub|as converted", regex=True).any()
    hosts = bundled_figures["source_url"].str.extract(r"https://([^/]+)/")[0]
    assert set(hosts) == {"www.moj.go.jp", "www.e-stat.go.jp", "www.mhlw.go.jp"}
    copies = bundled_figures["read_from_url"]
    assert copies.str.startswith("https://github.com/nfurutani/imin/").any()
    assert (copies != bundled_figures["source_url"]).all()


def test_build_reproduces_the_bundled_files(tmp_path):
    out = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "curated", out / "curated")
    dataset_builder.build(REFERENCE, out / "curated", out)
    for name in ("figures.csv", "excluded_figures.csv", "prefectures.csv", "prefecture_aliases.csv", "initiatives.csv",
                 "municipal_figures.csv"):
        assert (out / name).read_bytes() == (ROOT / "data" / name).read_bytes(), f"data/{name} is not what the build makes"
