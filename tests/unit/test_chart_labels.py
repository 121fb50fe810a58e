"""What a chart's labels say in each language (issue 15): 万 units for Japanese, tiles told apart."""
from __future__ import annotations

from workforce import bundled, metrics
from workforce.charts import maps, trends
from workforce.i18n import Translator
from workforce.prefectures import load_prefectures

PREFS = load_prefectures().frame


def _table(bundled_figures):
    table = metrics.prefecture_metrics(bundled_figures, PREFS, "2025-12-31")
    return table.merge(PREFS[["tile_row", "tile_col"]], left_on="prefecture_code", right_index=True)


def test_japanese_colour_scales_count_in_man(bundled_figures):
    table = _table(bundled_figures)
    geographic = maps.geographic_map(table, bundled.prefecture_shapes(), "count", "人数", "t", Translator("ja"))
    tiles = maps.tile_map(table, "count", "人数", "t", Translator("ja"))
    for colorbar in (geographic.layout.coloraxis.colorbar, tiles.data[0].marker.colorbar):  # the map's two traces share one
        assert list(colorbar.ticktext) == ["0", "2万", "4万", "6万"]
    english = maps.geographic_map(table, bundled.prefecture_shapes(), "count", "Count", "t", Translator("en"))
    assert not english.layout.coloraxis.colorbar.ticktext


def test_japanese_trend_axis_counts_in_man(bundled_figures):
    series = {"residents": metrics.select(bundled_figures, measure="residents")}
    fig = trends.national_trend(series, "t", Translator("ja"))
    assert "60万" in fig.layout.yaxis.ticktext


def test_tile_labels_tell_every_prefecture_apart(bundled_figures):
    fig = maps.tile_map(_table(bundled_figures), "count", "Count", "t", Translator("en"))
    labels = list(fig.data[0].text)
    assert len(set(labels)) == 47 and "Yamaga." in labels and "Yamagu." in labels
