"""Chart images (PNG) through kaleido driving Debian's chromium; no network, explicit template."""
from __future__ import annotations

import contextlib
import warnings

import plotly.graph_objects as go
import plotly.io as pio

from abs.charts import TEMPLATE


@contextlib.contextmanager
def image_session():
    """Keep one headless browser for a batch of images (the first image otherwise costs seconds)."""
    import kaleido
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            yield
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def figure_png(fig: go.Figure, width: int = 1200, height: int | None = None, scale: float = 1.0) -> bytes:
    """The figure as PNG bytes, with the project's explicit template whatever plotly's default is."""
    fig = go.Figure(fig)
    fig.update_layout(template=TEMPLATE)
    height = height or fig.layout.height or 500
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pio.to_image(fig, format="png", width=width, height=height, scale=scale)
