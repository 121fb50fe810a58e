"""Chart images downloaded from a page: made on the server (kaleido) only when the button is clicked."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.browser


def _download(app, label: str) -> bytes:
    app.open("/trends")
    button = app.page.get_by_role("button", name=label, exact=True).first
    with app.page.expect_download() as download:
        button.click()
    return Path(download.value.path()).read_bytes()


def test_chart_png_download(app):
    content = _download(app, "PNG")
    assert content.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        assert image.format == "PNG" and image.width == 1600 and image.height > 900  # the source line is added below


def test_chart_svg_download(app):
    content = _download(app, "SVG").decode("utf-8")
    assert content.startswith("<svg") and content.rstrip().endswith("</svg>")
    assert "Source" in content
