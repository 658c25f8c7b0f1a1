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


@pytest.mark.parametrize("name", sorted(n for n, f in INTERACTIVE_FIGURES.items() if f().in_place))
def test_in_place_reset_draws_what_clearing_the_axes_draws(name, monkeypatch):
    """The engine's light reset of an in-place figure's axes (kept ticks, no ``ax.clear()``)
    draws the same picture as a twin whose axes are cleared by matplotlib."""
    import io

    from PIL import Image

    from clustercode._engine import _drawing
    from clustercode.widgets import InteractiveFigure

    def pixels(png):
        with Image.open(io.BytesIO(png)) as im:
            return np.asarray(im.convert("RGB"), dtype=int)

    light = _drawing._clear_keeping_ticks

    def cleared(update, **values):
        monkeypatch.setattr(_drawing, "_clear_keeping_ticks", lambda ax: ax.clear())
        try:
            update(**values)
        finally:
            monkeypatch.setattr(_drawing, "_clear_keeping_ticks", light)

    live = INTERACTIVE_FIGURES[name]()
    with monkeypatch.context() as m:
        m.setattr(_drawing, "_clear_keeping_ticks", lambda ax: ax.clear())
        twin = InteractiveFigure(live.draw_function, live.sliders, figsize=live.figsize,
                                 title=live.title, alt=live.alt, in_place=True, **live.subplot_kw)
    try:
        for s in live.sliders:
            for v in (s.value + s.step, s.value + 2 * s.step, s.max, s.value):
                live.update(**{s.name: v})
                cleared(twin.update, **{s.name: v})
                differ = np.any(np.abs(pixels(live.png) - pixels(twin.png)) > 8, axis=2)
                assert differ.mean() < 1e-3, (name, s.name, v, float(differ.mean()))
        assert live._blit_count == twin._blit_count and live._layout_count == twin._layout_count
    finally:
        live.close()
        twin.close()


def test_old_calibration_names_are_re_exported():
    """The calibrations moved to clustercode.calibrations; the figures package still answers the old names."""
    from clustercode import calibrations
    from clustercode.figures import narrative

    assert figures.BOOK_MARKET is calibrations.BOOK_MARKET
    assert figures.margin_cluster is calibrations.margin_cluster
    assert narrative.CONTACT_RATE == calibrations.CONTACT_RATE


@pytest.mark.parametrize("name, panels", [("cluster_phases", (0, 1)), ("cluster_diffusion", (1,))])
def test_axes_from_zero_keep_a_margin_above_the_data(name, panels):
    # Every slider to its maximum, then to its minimum: the live views are kept
    # or refitted along the way, and the highest markers stay off the frame.
    fig = INTERACTIVE_FIGURES[name]()
    fig.png
    for bound in ("max", "min"):
        for s in fig.sliders:
            fig.update(**{s.name: getattr(s, bound)})
            for k in panels:
                ax = fig.figure.axes[k]
                bottom, top = ax.get_ylim()
                assert bottom == 0.0
                assert top - ax.dataLim.y1 >= 0.03 * top, (s.name, bound, k, top, ax.dataLim.y1)
    fig.close()
