"""Chart images drawn by Chromium (kaleido) from the figures the pages share."""
from __future__ import annotations

import plotly.io as pio

from tests.unit.test_chart_json import _map_figure


def test_exporting_a_shared_figure_leaves_it_as_it_was():
    from workforce import chart_images
    from workforce.views.chart_parts import SharedFigure

    shared = SharedFigure(_map_figure())
    before = pio.to_json(shared.to_dict(), validate=False)
    assert chart_images.figure_png(shared, source="Source: test").startswith(b"\x89PNG")
    assert pio.to_json(shared.to_dict(), validate=False) == before  # every session still sees the same chart
