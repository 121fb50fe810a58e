"""`workforce metrics` and `workforce mix`: derived figures with their working, and each null with its reason."""
from __future__ import annotations

import json

import pytest

from tests.support.cli import workforce
from workforce import metrics


def test_metrics_command_gives_each_null_with_its_reason(tmp_path):
    result = workforce("metrics", "--prefecture", "Aichi", "--period", "2018-12-31", "--format", "json",
                       var_dir=str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["count"] == 31_614 and report["rank"] == 2 and report["growth_since"] == "2018-06-30"
    result = workforce("metrics", "--prefecture", "23", "--period", "2019-12-31", "--format", "json", var_dir=str(tmp_path))
    report = json.loads(result.stdout)
    assert report["count"] is None and report["rank"] is None
    assert "a rank needs all 47 prefectures" in report["rank_reason"]
    assert "Statistics Bureau of Japan" in report["population_source"]


def test_mix_command_lists_the_uncovered_remainder(tmp_path):
    result = workforce("mix", "--measure", "workers", "--group", "industry", "--period", "2022-10-31", "--format", "json",
                       var_dir=str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = {row["part"]: row for row in json.loads(result.stdout)}
    assert rows["industry: manufacturing"]["share_percent"] == pytest.approx(37.013, abs=0.001)
    assert rows[metrics.UNCOVERED]["value"] == 175_186 and rows[metrics.UNCOVERED]["total"] == 462_384
    gap = workforce("mix", "--measure", "workers", "--group", "industry", "--period", "2023-10-31", var_dir=str(tmp_path))
    assert gap.returncode == 2 and "no industry breakdown" in gap.stderr
