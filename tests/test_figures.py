"""Tests of clustercode.figures: every interactive figure builds, redraws and reports errors."""

from __future__ import annotations

import numpy as np
import pytest

from clustercode import figures
from clustercode.figures import INTERACTIVE_FIGURES


@pytest.mark.parametrize("name", sorted(INTERACTIVE_FIGURES))
def test_every_slider_position_is_valid(name):
    fig = INTERACTIVE_FIGURES[name]()
    try:
        assert fig.alt and fig.title
        for s in fig.sliders:
            for v in np.linspace(float(s.min), float(s.max), 5):
                fig.update(**{s.name: v})
                assert fig.error is None, (name, s.name, v, fig.error)
        assert fig.static_png().startswith(b"\x89PNG")
    finally:
        fig.close()


def test_registry_is_exported():
    for name, factory in INTERACTIVE_FIGURES.items():
        assert getattr(figures, name) is factory


@pytest.mark.parametrize("factory", [figures.regime_comparison, figures.cluster_size])
@pytest.mark.parametrize("fields", [(), ("rd", "output", "profit"), ("nonsense",)])
def test_panel_fields_are_checked(factory, fields):
    with pytest.raises(ValueError, match="fields must be one or two of"):
        factory(fields)


def test_two_panel_figures_draw_the_fields_asked_for():
    fig = figures.regime_comparison(("profit", "welfare"))
    left, right = fig.axes
    assert "profit" in left.get_ylabel() and "welfare" in right.get_ylabel()
    assert len(left.lines) == 4 + 1  # four regimes and the beta = 1/2 marker


def _counts(axes):
    return [(len(ax.lines), len(ax.collections), len(ax.images), len(ax.patches), len(ax.texts),
             ax.get_legend() is not None) for ax in np.ravel(axes)]


@pytest.mark.parametrize("name", sorted(INTERACTIVE_FIGURES))
def test_draw_function_is_plain_matplotlib(name):
    """A figure's draw function draws on a fresh matplotlib figure with no engine: the same
    artists as in the live figure, none tagged to be found and moved later."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from clustercode.style import book_rcparams

    live = INTERACTIVE_FIGURES[name]()
    try:
        with mpl.rc_context(book_rcparams()):  # the book's fonts, as use_book_style() gives them
            plain = Figure(figsize=live.figsize, layout="constrained")
            FigureCanvasAgg(plain)
            axes = plain.subplots(squeeze=True, **live.subplot_kw)
            live.draw_function(axes, **live.values)
            plain.canvas.draw()
        artists = [a for ax in plain.axes for a in (*ax.lines, *ax.collections, *ax.images, *ax.patches)]
        assert artists, name
        assert all(a.get_gid() is None for a in artists)
        assert _counts(axes) == _counts(live.axes)
        assert len(plain.legends) == len(live.figure.legends)
    finally:
        live.close()


@pytest.mark.parametrize("module", sorted({f.__module__ for f in INTERACTIVE_FIGURES.values()}))
def test_figure_modules_do_not_find_artists_by_id(module):
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(module))
    for protocol in ("gid", "clear=False", "set_data(", "rescale(", "_artist("):
        assert protocol not in source, (module, protocol)
