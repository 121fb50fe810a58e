"""The geographic map (issue 15): Okinawa in its own framed inset, drawn where it is on the same colour
scale, so the main map of the other 46 prefectures can fill its column."""
from __future__ import annotations

import pandas as pd
import pytest

from workforce import bundled, metrics
from workforce.charts import maps, rings
from workforce.i18n import Translator
from workforce.prefectures import load_prefectures

PREFS = load_prefectures().frame


@pytest.fixture(scope="module")
def table(bundled_figures):
    return metrics.prefecture_metrics(bundled_figures, PREFS, "2025-12-31")


def _map(table, lang="en", metric="count"):
    return maps.geographic_map(table, bundled.prefecture_shapes(), metric, "Count", "Map", Translator(lang))


def _bounds(feature):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    points = [p for polygon in polygons for ring in polygon for p in ring]
    return min(p[0] for p in points), max(p[0] for p in points), min(p[1] for p in points), max(p[1] for p in points)


def test_okinawa_has_its_own_framed_box_and_the_main_map_the_other_46(table):
    fig = _map(table)
    where = {trace.geo: list(trace.locations) for trace in fig.data}
    assert where["geo2"] == ["47"]
    assert len(where["geo"]) == 46 and "47" not in where["geo"]
    inset = fig.layout.geo2
    assert inset.showframe and inset.framewidth >= 1 and inset.framecolor  # a box drawn clearly
    assert inset.domain.x[0] == 0 and inset.domain.y[1] < 1  # top left, over the Sea of Japan
    assert tuple(fig.layout.geo.domain.x) == (0, 1) and tuple(fig.layout.geo.domain.y) == (0, 1)
    assert fig.layout.geo.fitbounds == "locations"  # the 46 fill the frame
    assert [a.text for a in fig.layout.annotations] == ["Okinawa"]
    assert [a.text for a in _map(table, "ja").layout.annotations] == ["沖縄県"]


def test_okinawa_is_drawn_where_it_is_on_the_same_colour_scale(table):
    fig = _map(table)
    okinawa = next(trace for trace in fig.data if trace.geo == "geo2")
    wound = rings.for_d3(bundled.prefecture_shapes())
    original = next(f for f in wound["features"] if f["properties"]["prefecture_code"] == "47")
    assert okinawa.geojson["features"] == [original]  # its outline as it is: not moved, not scaled
    west, east, south, north = _bounds(original)
    lon, lat = fig.layout.geo2.lonaxis.range, fig.layout.geo2.lataxis.range
    assert lon[0] < west and east < lon[1] and lat[0] < south and north < lat[1]  # the whole island, with sea around
    assert all(trace.coloraxis == "coloraxis" for trace in fig.data)  # one scale: a colour is the same figure
    assert list(okinawa.z) == [table.set_index("prefecture_code").loc["47", "count"]]


def test_a_missing_figure_in_the_inset_stays_grey(table):
    gap = table.assign(count=table["count"].where(table["prefecture_code"] != "47", pd.NA))
    fig = _map(gap)
    okinawa = next(trace for trace in fig.data if trace.geo == "geo2")
    assert not okinawa.showscale and okinawa.colorscale[0][1] == maps.NO_DATA_COLOUR
    assert "no figure" in okinawa.text[0]


def test_status_mix_labels_stand_at_an_angle_above_the_legend(bundled_figures):
    """Two dozen period labels turned upright and covered by the legend read "Ju…", "D…" (issue 15)."""
    from workforce.charts import trends

    rows = metrics.mix(bundled_figures, bundled.breakdown_labels(), measure="residents", group="status")
    fig = trends.mix_over_time(rows, "t", Translator("en"), percent=True)
    assert fig.layout.xaxis.tickangle == -45 and fig.layout.xaxis.automargin
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0  # at the foot, under the labels
    assert fig.layout.yaxis.ticksuffix == "%"
