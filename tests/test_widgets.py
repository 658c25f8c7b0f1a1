"""Tests of clustercode.widgets: Slider, InteractiveFigure, interactive_figure."""

from __future__ import annotations

import base64
import io
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from PIL import Image

from clustercode.widgets import (
    LIVE_DPI,
    STATIC_DPI,
    InteractiveFigure,
    Slider,
    interactive_figure,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
X = np.linspace(0.0, 1.0, 50)
MESSAGE = "beta must not exceed 0.8 when n = 3: the second-order condition fails"


def draw_line(ax, beta, n):
    """Draws one line; rejects beta > 0.8 like a model would."""
    if beta > 0.8:
        raise ValueError(MESSAGE)
    ax.plot(X, n * beta * X, label="line")
    ax.set_xlabel(r"spillover $\beta$")
    ax.set_ylabel("R&D")


def sliders():
    return [
        Slider("beta", 0.0, 1.0, 0.3, label=r"spillover $\beta$"),
        Slider("n", 1, 10, 3, integer=True, label="firms $n$"),
    ]


@pytest.fixture
def fig() -> InteractiveFigure:
    return interactive_figure(draw_line, sliders(), title="Test figure", alt="A rising line.")


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(data)) as im:
        im.verify()
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def texts_of(ax: Axes) -> list[str]:
    return [" ".join(t.get_text().split()) for t in ax.texts]


# -- Slider ----------------------------------------------------------------------


def test_slider_defaults_resolve_step_and_types():
    s = Slider("beta", 0.0, 2.0, 0.5)
    assert s.step == pytest.approx(0.02)
    assert s.display_label == "beta"
    i = Slider("n", 1, 10, 2, integer=True)
    assert i.step == 1
    assert all(type(v) is int for v in (i.min, i.max, i.value, i.step))
    assert i.format_value(4) == "4"
    assert Slider("g", 0.0, 1.0, 0.25, step=0.05).format_value(0.25) == "0.25"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(min=1.0, max=1.0, value=1.0), r"min \(1\) must be less than max \(1\)"),
        (dict(min=2.0, max=1.0, value=1.5), "must be less than max"),
        (dict(min=0.0, max=1.0, value=1.5), r"value \(1.5\) must lie in \[min, max\]"),
        (dict(min=0.0, max=1.0, value=-0.1), "must lie in"),
        (dict(min=0.0, max=1.0, value=0.5, step=0.0), "step .* must be positive"),
        (dict(min=0.0, max=1.0, value=0.5, step=-0.1), "must be positive"),
        (dict(min=0.0, max=1.0, value=0.5, step=2.0), "must not exceed max - min"),
        (dict(min=0.0, max=math.inf, value=0.5), "max must be finite"),
        (dict(min=math.nan, max=1.0, value=0.5), "min must be finite"),
        (dict(min=0.0, max=1.0, value=math.nan), "value must be finite"),
        (dict(min=0.0, max=1.0, value=0.5, step=math.nan), "step must be finite"),
        (dict(min=0, max=10, value=2.5, integer=True), r"value \(2.5\) must be an integer"),
        (dict(min=0, max=10, value=2, step=0.5, integer=True), "step .* must be an integer"),
        (dict(min=0.0, max=1.0, value=0.5, label=r"$\notacommand$"), "not valid mathtext"),
        (dict(min=0.0, max=1.0, value=0.5, label="   "), "label must be a non-empty string"),
    ],
)
def test_slider_rejects_invalid_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Slider("x", **kwargs)


@pytest.mark.parametrize("name", ["1beta", "beta gamma", "class", "", "β-x"])
def test_slider_rejects_names_that_are_not_identifiers(name):
    with pytest.raises(ValueError, match="not a valid Python identifier"):
        Slider(name, 0.0, 1.0, 0.5)


@pytest.mark.parametrize("bad", ["0.5", None, True, [0.5]])
def test_slider_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="must be a real number"):
        Slider("x", 0.0, 1.0, bad)


def test_slider_is_frozen():
    s = Slider("x", 0.0, 1.0, 0.5)
    with pytest.raises(AttributeError):
        s.value = 0.7  # type: ignore[misc]


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_clamp_stays_in_range(x):
    f = Slider("f", -2.5, 7.0, 0.0)
    i = Slider("i", -3, 8, 0, integer=True)
    assert -2.5 <= f.clamp(x) <= 7.0
    assert f.clamp(x) == x or x < -2.5 or x > 7.0
    yi = i.clamp(x)
    assert type(yi) is int and -3 <= yi <= 8
    if -3 <= x <= 8:
        assert abs(yi - x) <= 0.5


# -- construction ----------------------------------------------------------------


def test_draw_receives_axes_like_subplots():
    seen = {}

    def draw(axes, k):
        seen["axes"] = axes

    interactive_figure(draw, [Slider("k", 0.0, 1.0, 0.5)])
    assert isinstance(seen["axes"], Axes)
    interactive_figure(draw, [Slider("k", 0.0, 1.0, 0.5)], ncols=2)
    assert isinstance(seen["axes"], np.ndarray) and seen["axes"].shape == (2,)
    interactive_figure(draw, [Slider("k", 0.0, 1.0, 0.5)], nrows=2, ncols=3)
    assert seen["axes"].shape == (2, 3)


def test_draw_receives_initial_values(fig):
    assert fig.values == {"beta": 0.3, "n": 3}
    assert fig.error is None
    (line,) = fig.axes.get_lines()
    assert line.get_ydata()[-1] == pytest.approx(3 * 0.3)


def test_duplicate_slider_names_rejected():
    with pytest.raises(ValueError, match="duplicate slider name.*beta"):
        interactive_figure(draw_line, [Slider("beta", 0, 1, 0.5), Slider("beta", 0, 2, 1)])


def test_draw_must_accept_every_slider_keyword():
    def draw(ax, beta):
        pass

    with pytest.raises(TypeError, match="cannot be called as draw"):
        interactive_figure(draw, sliders())


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(nrows=0), ValueError),
        (dict(ncols=1.5), ValueError),
        (dict(figsize=(0, 3)), ValueError),
        (dict(figsize=(7, math.nan)), ValueError),
        (dict(figsize="big"), ValueError),
        (dict(title=3), TypeError),
    ],
)
def test_invalid_figure_arguments(kwargs, error):
    with pytest.raises(error):
        interactive_figure(draw_line, sliders(), **kwargs)


def test_non_value_errors_propagate():
    def draw(ax, beta):
        if beta > 0.5:
            raise RuntimeError("bug in the draw function")
        ax.plot([0, 1], [0, beta])

    f = interactive_figure(draw, [Slider("beta", 0.0, 1.0, 0.1)])
    with pytest.raises(RuntimeError, match="bug in the draw function"):
        f.update(beta=0.9)
    with pytest.raises(RuntimeError):
        interactive_figure(draw, [Slider("beta", 0.0, 1.0, 0.9)])


# -- update ----------------------------------------------------------------------


def test_update_clamps_and_rounds(fig):
    fig.update(beta=5.0, n=3.6)
    assert fig.values == {"beta": 1.0, "n": 4}
    assert type(fig.values["n"]) is int
    fig.update(beta=-1.0, n=-7)
    assert fig.values == {"beta": 0.0, "n": 1}
    fig.update(n=9.4)
    assert fig.values["n"] == 9


def test_update_rejects_unknown_names_without_changing_state(fig):
    before = fig.values
    png = fig.png
    with pytest.raises(ValueError, match="unknown slider.*'gamma'.*beta, n"):
        fig.update(beta=0.5, gamma=2.0)
    assert fig.values == before
    assert fig.png == png


@pytest.mark.parametrize("bad, error", [(math.nan, ValueError), (math.inf, ValueError), ("0.5", TypeError)])
def test_update_rejects_non_finite_values(fig, bad, error):
    with pytest.raises(error):
        fig.update(beta=bad)
    assert fig.values["beta"] == 0.3


def test_update_redraws_and_rerenders(fig):
    png0 = fig.png
    fig.update(beta=0.6)
    assert fig.png != png0
    (line,) = fig.axes.get_lines()
    assert line.get_ydata()[-1] == pytest.approx(3 * 0.6)
    png_size(fig.png)


def test_axes_are_cleared_and_extra_artists_removed_between_draws():
    def draw(ax, k):
        ax.plot(X, k * X)
        ax.twinx().plot(X, -X)
        ax.figure.text(0.01, 0.01, "note")

    f = interactive_figure(draw, [Slider("k", 0.0, 1.0, 0.5)], title="t")
    for k in (0.1, 0.2, 0.3):
        f.update(k=k)
    assert len(f.axes.get_lines()) == 1
    assert len(f.figure.axes) == 2  # the axes and one twin, not four
    assert [t.get_text() for t in f.figure.texts] == ["t", "note"]
    # The axes keep their left margin (a stale layout would cut the labels).
    tight = f.axes.get_tightbbox(f.figure.canvas.get_renderer())
    assert tight.x0 >= -0.5


def test_colorbar_and_its_axes_keep_their_place_across_draws():
    def draw(ax, k):
        image = ax.imshow(np.arange(16.0).reshape(4, 4) * k)
        ax.figure.colorbar(image, ax=ax)

    def bounds():
        return [ax.get_position().bounds for ax in f.figure.axes]

    f = interactive_figure(draw, [Slider("k", 0.5, 1.0, 1.0)])
    first = bounds()
    for k in (0.6, 0.7, 0.8, 0.9):
        f.update(k=k)
    assert len(f.figure.axes) == 2
    np.testing.assert_allclose(bounds(), first, atol=0.01)


def test_live_layout_follows_wider_tick_labels():
    def draw(ax, scale):
        ax.plot(X, scale * X)
        ax.set_ylabel("value")

    f = interactive_figure(draw, [Slider("scale", 1.0, 1e7, 1.0)], figsize=(5, 3))
    f.update(scale=123456.0)  # much wider y tick labels than at start
    renderer = f.figure.canvas.get_renderer()
    tight = f.axes.get_tightbbox(renderer)
    assert tight.x0 >= -0.5, "y tick labels or label cut off at the left edge"
    assert tight.x1 <= f.figure.bbox.x1 + 0.5


# -- in-place redraw (in_place=True) ------------------------------------------------


def _pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as im:
        return np.asarray(im.convert("RGB"), dtype=float)


def draw_fixed_view(ax, k):
    """Plain matplotlib with a fixed view: only the data change with k."""
    ax.plot(X, k * X, label="line")
    ax.legend(loc="upper left")
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("x")


def test_draw_functions_get_cleared_axes_every_time():
    seen = []

    def draw(ax, k):
        seen.append(len(ax.lines))
        ax.plot(X, k * X)

    for in_place in (False, True):
        seen.clear()
        f = interactive_figure(draw, [Slider("k", 0.0, 1.0, 0.2)], in_place=in_place)
        f.update(k=0.5)
        f.update(k=0.7)
        assert seen == [0, 0, 0] and len(f.axes.lines) == 1


def test_in_place_figure_blits_when_the_view_is_unchanged():
    live = interactive_figure(draw_fixed_view, [Slider("k", 0.0, 1.0, 0.2)], in_place=True)
    assert live.in_place
    live.update(k=0.5)  # draws everything but the data once, as the background
    live.update(k=0.6)
    live.update(k=0.7)
    assert live._blit_count == 2
    fresh = interactive_figure(draw_fixed_view, [Slider("k", 0.0, 1.0, 0.7)])
    assert fresh._blit_count == 0 and not fresh.in_place
    a, b = _pixels(live.png), _pixels(fresh.png)
    assert a.shape == b.shape
    # The same picture, up to the order in which the line and the spines overlap.
    assert np.mean(np.abs(a - b) > 8) < 0.002


def test_figures_that_do_not_opt_in_never_blit():
    f = interactive_figure(draw_fixed_view, [Slider("k", 0.0, 1.0, 0.2)])
    for k in (0.3, 0.4, 0.5):
        f.update(k=k)
    assert f._blit_count == 0


def test_in_place_keeps_an_autoscaled_view_while_the_data_fill_it():
    def draw(ax, top):
        ax.plot([0.0, 1.0], [0.0, top])

    f = interactive_figure(draw, [Slider("top", 1.0, 20.0, 10.0)], in_place=True)
    view = f.axes.get_ylim()
    f.update(top=9.0)  # inside the view, and fills most of it: kept
    f.update(top=8.0)
    assert f.axes.get_ylim() == view and f._blit_count == 1
    f.update(top=12.0)  # leaves the view: autoscaled again
    assert f.axes.get_ylim()[1] >= 12.0
    f.update(top=2.0)  # fills a sixth of it: autoscaled again (shrinks)
    assert f.axes.get_ylim()[1] < 3.0
    plain = interactive_figure(draw, [Slider("top", 1.0, 20.0, 10.0)])
    plain.update(top=9.0)
    assert plain.axes.get_ylim()[1] < view[1]  # without in_place: always autoscaled


def test_in_place_respects_limits_the_draw_function_sets():
    def draw(ax, since):
        ax.plot([since, 10.0], [0.0, 1.0])
        ax.set_xlim(since, 10.0)

    f = interactive_figure(draw, [Slider("since", 0.0, 5.0, 0.0)], in_place=True)
    f.update(since=2.0)
    assert f.axes.get_xlim() == (2.0, 10.0)


def test_in_place_figure_draws_afresh_when_the_view_changes():
    def draw(ax, beta, n):
        ax.plot(X, n * beta * X)

    f = interactive_figure(draw, sliders(), in_place=True)
    f.update(n=10)  # the line leaves the view: rescaled, not blitted
    assert f._blit_count == 0
    assert f.axes.get_ylim()[1] >= 10 * 0.3


def test_in_place_figure_recovers_from_an_error():
    f = interactive_figure(draw_line, sliders(), in_place=True)
    f.update(beta=0.9)
    assert f.error == MESSAGE and not f.axes.axison
    f.update(beta=0.4)
    assert f.error is None and f.axes.axison
    assert texts_of(f.axes) == []  # the message is gone with the cleared axes
    (line,) = f.axes.get_lines()
    assert line.get_ydata()[-1] == pytest.approx(3 * 0.4)


def test_clear_is_a_deprecated_alias_of_in_place():
    with pytest.warns(DeprecationWarning, match="in_place=True"):
        f = interactive_figure(draw_line, sliders(), clear=False)
    assert f.in_place
    with pytest.warns(DeprecationWarning):
        g = interactive_figure(draw_line, sliders(), clear=True)
    assert not g.in_place
    f.update(beta=0.5)
    assert len(f.axes.lines) == 1  # cleared all the same


@pytest.mark.parametrize("kwargs", [dict(clear="no"), dict(in_place=1)])
def test_clear_and_in_place_must_be_bools(kwargs):
    with pytest.raises(TypeError, match="clear|in_place"):
        interactive_figure(draw_line, sliders(), **kwargs)


# -- invalid parameters shown in the figure ---------------------------------------


def test_value_error_is_shown_in_the_figure(fig):
    fig.update(beta=0.9)
    assert fig.error == MESSAGE
    assert fig.axes.get_lines() == []
    assert any(MESSAGE in t for t in texts_of(fig.axes))
    assert not fig.axes.axison
    png_size(fig.png)
    png_size(fig.static_png())
    assert MESSAGE.split(":")[0] in fig._repr_mimebundle_()[0]["text/plain"]


def test_error_clears_when_parameters_are_valid_again(fig):
    fig.update(beta=0.9)
    fig.update(beta=0.5)
    assert fig.error is None
    assert texts_of(fig.axes) == []
    assert fig.axes.axison
    assert len(fig.axes.get_lines()) == 1


def test_error_text_is_wrapped_to_fit():
    long = "gamma is too small for the second-order condition " * 6

    def draw(ax, g):
        raise ValueError(long)

    f = interactive_figure(draw, [Slider("g", 0.0, 1.0, 0.5)], figsize=(5, 3))
    (text,) = f.axes.texts
    assert text.get_text().count("\n") >= 4
    extent = text.get_window_extent(f.figure.canvas.get_renderer())
    assert extent.width <= f.figure.bbox.width


def test_initial_invalid_state_is_shown_not_raised():
    f = interactive_figure(draw_line, [Slider("beta", 0.0, 1.0, 0.95), Slider("n", 1, 3, 1, integer=True)])
    assert f.error == MESSAGE
    f.update(beta=0.2)
    assert f.error is None and len(f.axes.get_lines()) == 1


# -- static image, widget and display ---------------------------------------------


def test_static_png_adds_a_slider_panel(fig):
    live_w, live_h = png_size(fig.png)
    assert (live_w, live_h) == (round(7.0 * LIVE_DPI), round(4.0 * LIVE_DPI))
    w, h = png_size(fig.static_png(dpi=LIVE_DPI))
    assert w == live_w and h > live_h + 0.5 * LIVE_DPI  # two rows of sliders
    w_hi, h_hi = png_size(fig.static_png())
    assert w_hi == round(7.0 * STATIC_DPI)


def test_static_png_without_sliders_is_the_plain_figure():
    f = interactive_figure(lambda ax: ax.plot([0, 1]), [])
    assert png_size(f.static_png(dpi=LIVE_DPI)) == png_size(f.png)


def test_static_png_shows_current_values(fig):
    a = fig.static_png()
    fig.update(n=7)
    assert fig.static_png() != a


def test_mimebundle_has_widget_png_and_text(fig):
    data, metadata = fig._repr_mimebundle_()
    assert set(data) == {WIDGET_MIME, "image/png", "text/plain"}
    assert data[WIDGET_MIME]["model_id"] == fig.widget.model_id
    png = base64.b64decode(data["image/png"])
    w, h = png_size(png)
    assert metadata["image/png"]["width"] == round(w * LIVE_DPI / STATIC_DPI)
    assert metadata["image/png"]["alt"] == "A rising line."
    text = data["text/plain"]
    assert not text.startswith(("VBox", "HBox", "<"))
    assert "children" not in text
    assert "Test figure" in text and "beta = 0.30" in text and "n = 3" in text
    assert "A rising line." in text


def test_mimebundle_honours_include_and_exclude(fig):
    data, _ = fig._repr_mimebundle_(include=["text/plain"])
    assert set(data) == {"text/plain"}
    data, metadata = fig._repr_mimebundle_(exclude=["image/png"])
    assert set(data) == {WIDGET_MIME, "text/plain"} and "image/png" not in metadata


def test_png_carries_alt_text_and_resolution(fig):
    with Image.open(io.BytesIO(fig.static_png())) as im:
        assert im.info.get("Description") == "A rising line."
        assert im.info["dpi"] == pytest.approx((STATIC_DPI, STATIC_DPI), abs=0.1)
    f = interactive_figure(draw_line, sliders(), alt="研发 rises with β")
    with Image.open(io.BytesIO(f.png)) as im:
        assert im.info.get("Description") == "研发 rises with β"
        assert im.mode == "RGB"


def test_live_png_holds_the_canvas_pixels():
    f = interactive_figure(draw_line, sliders(), title="Test figure")
    f.update(beta=0.6)
    canvas = np.asarray(f.figure.canvas.buffer_rgba())
    assert np.array_equal(_pixels(f.png), canvas[..., :3].astype(float))


def test_widget_image_updates_in_place(fig):
    import ipywidgets

    box = fig.widget
    assert isinstance(box, ipywidgets.Box)
    images = [c for c in box.children if isinstance(c, ipywidgets.Image)]
    assert len(images) == 1
    image = images[0]
    # A data URL of the live PNG (see clustercode._engine._jupyter.image_value).
    assert image.format == "url"
    prefix = b"data:image/png;base64,"
    value = bytes(image.value)
    assert value.startswith(prefix) and base64.b64decode(value[len(prefix):]) == fig.png
    fig.update(beta=0.7)
    assert fig.widget is box and base64.b64decode(bytes(image.value)[len(prefix):]) == fig.png


def test_widget_sliders_drive_and_follow_the_figure(fig):
    import ipywidgets

    fig.widget
    controls = fig._controls
    assert isinstance(controls["n"], ipywidgets.IntSlider)
    assert isinstance(controls["beta"], ipywidgets.FloatSlider)
    assert all(c.continuous_update is False for c in controls.values())
    png = fig.png
    controls["beta"].value = 0.55  # as if the reader moved the slider
    assert fig.values["beta"] == pytest.approx(0.55)
    assert fig.png != png
    fig.update(n=8)
    assert controls["n"].value == 8


def test_no_pyplot_figures_are_created():
    before = plt.get_fignums()
    f = interactive_figure(draw_line, sliders(), title="t")
    f.update(beta=0.9)
    f.update(beta=0.1)
    f.static_png()
    f._repr_mimebundle_()
    assert plt.get_fignums() == before


def test_close_releases_widgets(fig):
    fig.widget
    control = fig._controls["beta"]
    fig.close()
    assert control.comm is None
    fig.update(beta=0.2)  # still usable without a widget
    assert fig.values["beta"] == 0.2


def test_widget_has_no_tooltip_and_keeps_alt_for_screen_readers(fig):
    # ipywidgets 8.1.9's front end throws on a tooltip of a widget without a
    # description (the image would be an error box in JupyterLab).
    import ipywidgets

    box = fig.widget
    assert all(getattr(c, "tooltip", None) in (None, "") for c in box.children)
    hidden = [c for c in box.children if isinstance(c, ipywidgets.HTML)]
    assert len(hidden) == 1 and "A rising line." in hidden[0].value
    assert "clip:rect(0,0,0,0)" in hidden[0].value  # visually hidden, still read


def test_slider_tracks_keep_their_minimum_width():
    from clustercode._engine._jupyter import MIN_TRACK_PX as _MIN_TRACK_PX
    from clustercode._engine._jupyter import SLIDER_COL_GAP_PX as _SLIDER_COL_GAP_PX
    from clustercode._engine._jupyter import SLIDER_READOUT_PX as _SLIDER_READOUT_PX
    from clustercode._engine._jupyter import slider_layout as _slider_layout

    long = "a very long slider label that goes on"
    for n in (1, 2, 3, 5):
        for width in (450, 650, 900):
            sl = tuple(Slider(f"s{i}", 0.0, 1.0, 0.5, label=long) for i in range(n))
            cols, desc = _slider_layout(sl, width)
            column = (width - (cols - 1) * _SLIDER_COL_GAP_PX) / cols
            assert column - desc - _SLIDER_READOUT_PX >= _MIN_TRACK_PX - 1, (n, width)
            assert cols == 1 or n > 1


def test_in_place_keeps_a_view_only_while_it_holds_the_margins():
    def draw(ax, top):
        ax.plot([0.0, 1.0], [0.0, top], marker="o")

    live = interactive_figure(draw, [Slider("top", 1.0, 2.0, 1.9, step=0.01)], in_place=True)
    live.png
    ax = live.axes
    first = ax.get_ylim()
    live.update(top=1.85)  # inside the view with its margins: kept
    assert ax.get_ylim() == first
    live.update(top=1.99)  # inside the old view, but into its top margin: refitted
    bottom, top = ax.get_ylim()
    margin = plt.rcParams["axes.ymargin"] * 1.99
    assert top >= 1.99 + 0.99 * margin, (first, (bottom, top))
    live.close()


def test_in_place_reuses_ticks_and_draws_the_same_picture():
    def draw(ax, top):  # a new view on every step: never blitted
        ax.plot(X, top * X, label="line")
        ax.set_ylim(0.0, top)
        ax.set_yticks([0.0, top / 2, top], ["0", "half", "top"], fontsize="small")
        ax.grid(axis="y", visible=False)
        ax.set_title(f"top = {top:g}")
        ax.legend(loc="upper left")

    live = interactive_figure(draw, [Slider("top", 1.0, 9.0, 2.0)], in_place=True)
    plain = interactive_figure(draw, [Slider("top", 1.0, 9.0, 2.0)])  # the same steps, new ticks
    ticks = live.axes.xaxis.majorTicks
    for top in (3.0, 7.0, 5.0):
        live.update(top=top)
        plain.update(top=top)
        differ = np.any(_pixels(live.png) != _pixels(plain.png), axis=2)
        assert differ.mean() < 1e-4, (top, int(differ.sum()))  # a few antialiased pixels at most
    assert live.axes.xaxis.majorTicks is ticks and live._blit_count == 0


def _grid_state(ax):
    return {(name, which): (getattr(axis, f"_{which}_tick_kw")["gridOn"],
                            [t.gridline.get_visible() for t in getattr(axis, f"{which}Ticks")])
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)) for which in ("major", "minor")}


_GRID_CHANGES = [
    lambda ax: None,
    lambda ax: ax.grid(axis="y", visible=False),
    lambda ax: ax.grid(False),
    lambda ax: ax.grid(True, which="both"),
    lambda ax: (ax.minorticks_on(), ax.grid(True, which="minor", axis="x")),
    lambda ax: ax.xaxis.grid(False, which="both"),
]


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("which", ["major", "minor", "both"])
@pytest.mark.parametrize("along", ["x", "y", "both"])
@pytest.mark.parametrize("change", range(len(_GRID_CHANGES)))
def test_grid_reset_leaves_what_the_two_grid_calls_leave(on, which, along, change):
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from clustercode._engine._drawing import _reset_grid

    rc = {"axes.grid": on, "axes.grid.which": which, "axes.grid.axis": along}
    with mpl.rc_context(rc):
        axes = Figure().subplots(1, 2)
        for ax in axes:
            ax.plot(X, X)
            ax.figure.canvas.draw()  # ticks exist
            _GRID_CHANGES[change](ax)
        before = _grid_state(axes[1])
        axes[0].grid(False)
        axes[0].grid(on, which=which, axis=along)
        _reset_grid(axes[1], mpl.rcParams)
        assert _grid_state(axes[1]) == _grid_state(axes[0])
        if change == 0 and on and which == "both" and along == "both":
            assert before == _grid_state(axes[1])  # nothing to do


def test_in_place_draw_that_changes_the_grid_draws_the_plain_picture():
    def draw(ax, k):  # a fixed view: the frame is blitted unless the grid changed
        ax.plot(X, 0.2 + 0.05 * k * X)  # clear of the spines, which a blit draws below it
        ax.set_xlim(-0.1, 1.1)
        ax.set_ylim(0.0, 1.0)
        if k % 3 == 1:
            ax.grid(axis="y", visible=False)
        elif k % 3 == 2:
            ax.minorticks_on()
            ax.grid(True, which="minor", axis="x", linewidth=0.3)

    live = interactive_figure(draw, [Slider("k", 0, 9, 0, integer=True)], in_place=True)
    for k in (1, 2, 3, 3, 6, 4, 7, 5, 0):
        live.update(k=k)
        plain = interactive_figure(draw, [Slider("k", 0, 9, k, integer=True)])
        differ = np.any(_pixels(live.png) != _pixels(plain.png), axis=2)
        assert differ.mean() < 1e-4, (k, int(differ.sum()))
    assert live._blit_count >= 1  # k = 3 twice, 6 after 3: the same grid, blitted


def _without_legend_reuse(f):
    for parent in (f.figure, *f._live.axes_list):
        del parent.legend  # Figure.legend and Axes.legend again
    f._live.legends = None
    return f


def test_in_place_figure_legend_is_reused_only_when_it_looks_the_same():
    def draw(axes, k):
        left, right = axes
        colour = "C1" if k >= 5 else "C0"
        left.plot(X, k * X, color=colour, label="rises")
        left.plot(X, k * X * X, color="C2", linestyle="--" if k == 7 else "-", label="curves")
        left.bar([0.5], [k], color="0.8" if k < 8 else "0.6", label="bar")
        right.plot(X, -k * X, label="falls fast" if k == 9 else "falls")
        right.legend(loc="lower left")
        handles, labels = left.get_legend_handles_labels()
        if k != 3:
            handles, labels = handles[:2], labels[:2]
        title = "k large" if k > 8 else None
        axes[0].figure.legend(handles, labels, loc="outside lower center", ncol=3,
                              frameon=False, title=title)

    def make():
        return interactive_figure(draw, [Slider("k", 0, 9, 1, integer=True)], ncols=2,
                                  in_place=True)

    live, plain = make(), _without_legend_reuse(make())
    reused = []
    for k in (2, 2, 3, 4, 5, 6, 7, 8, 8, 9, 9, 1):
        before = live._live.legends.count
        live.update(k=k)
        plain.update(k=k)
        reused.append(live._live.legends.count - before)
        assert live.png == plain.png, k
        assert len(live.figure.legends) == 1
    # The figure legend: 2 (as 1); 2; 3: another entry; 4: two again; 5: new colour; 6;
    # 7: dashed; 8: solid again; 8 (the bar's colour is not in the legend); 9: a title; 9;
    # 1: the first colour. The right axes' legend: new at 9 and back at 1.
    figure = [1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    right = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0]
    assert reused == [a + b for a, b in zip(figure, right)]
    assert live.axes[1].get_legend().get_texts()[0].get_text() == "falls"


def test_in_place_figures_draw_the_same_with_and_without_legend_reuse():
    from clustercode.figures import INTERACTIVE_FIGURES

    reused = 0
    for name, factory in INTERACTIVE_FIGURES.items():
        live = factory()
        if not (live.in_place and (live.figure.legends
                                   or any(ax.get_legend() for ax in live._live.axes_list))):
            continue  # no legend to re-use
        plain = _without_legend_reuse(factory())
        for s in live.sliders:
            for value in (s.min, s.max):
                live.update(**{s.name: value})
                plain.update(**{s.name: value})
                assert live.png == plain.png, (name, s.name, value)
        reused += live._live.legends.count
    assert reused > 0


def _without_alone(f):
    f._live.blitter._redraw_alone = lambda fig, changed: False
    return f


def test_in_place_redraws_an_axes_alone_when_only_its_view_changed():
    def draw(axes, top, k):
        left, right = axes
        left.plot(X, 0.5 + 0.3 * np.sin(k * X), label="fixed view")
        left.set_ylim(0.0, 1.0)
        left.set_ylabel("left")
        right.plot(X, top * X, label="rescaled")
        right.set_ylim(0.0, top)  # a new view, new tick labels: the right axes changed
        right.set_title(f"top {top:.0f}")
        right.legend(loc="upper left")
        axes[0].figure.legend(loc="outside lower center", ncol=2, frameon=False)

    def make():
        return interactive_figure(draw, [Slider("top", 1.0, 9.0, 2.0), Slider("k", 1.0, 5.0, 2.0)],
                                  ncols=2, title="two panels", in_place=True)

    live, plain = make(), _without_alone(make())
    for top, k in ((3.0, 2.0), (4.0, 2.5), (5.0, 2.5), (5.0, 3.0), (7.0, 4.0), (2.0, 1.0)):
        live.update(top=top, k=k)
        plain.update(top=top, k=k)
        assert live.png == plain.png, (top, k)
    assert live._live.blitter.partial >= 3 and plain._live.blitter.partial == 0
    assert live._blit_count == plain._blit_count == 1  # (5, 3): only the left line moved


def test_in_place_figures_draw_the_same_with_and_without_redrawing_axes_alone():
    from clustercode.figures import INTERACTIVE_FIGURES

    partial = 0
    for name, factory in INTERACTIVE_FIGURES.items():
        live = factory()
        if not (live.in_place and len(live._live.axes_list) > 1):
            continue
        plain = _without_alone(factory())
        for s in live.sliders:
            for value in np.linspace(s.min, s.max, 4):
                live.update(**{s.name: value})
                plain.update(**{s.name: value})
                assert live.png == plain.png, (name, s.name, value)
        partial += live._live.blitter.partial
    assert partial > 0


# -- the live canvas's glyph cache (clustercode._engine._text) ------------------------


def _text_figure(canvas_class, shift):
    """Text of every kind the book draws: plain, bold, mathtext, rotated, CJK, legend, ticks;
    moved by ``shift`` pixels (whole and fractional) to hit other sub-pixel positions."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from clustercode.style import book_rcparams

    with mpl.rc_context(book_rcparams()):
        fig = Figure(figsize=(4.0, 3.0), dpi=LIVE_DPI)
        canvas_class(fig)
        ax = fig.add_axes((0.18 + shift / 400.0, 0.2, 0.7, 0.65))
        ax.plot(X, 30 * X, label=r"R&D $x_i$ 研发")
        ax.set_xlabel(r"spillover $\beta$ 溢出率")
        ax.set_ylabel("R&D per firm", rotation=90)
        ax.set_title("bold title", fontweight="bold", fontsize="small")
        ax.text(0.3 + shift / 280.0, 12.0, r"$\frac{a-A}{b}$ and $\sqrt{\gamma}$", rotation=17)
        ax.legend(loc="upper left")
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy(), fig


@pytest.mark.parametrize("shift", [0.0, 1.0, 0.37, 2.71])
def test_glyph_cache_draws_the_pixels_agg_draws(shift):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from clustercode._engine import _text

    if not _text.SUPPORTED:
        pytest.skip("this matplotlib draws text differently; the live figure uses plain Agg")
    plain, _ = _text_figure(FigureCanvasAgg, shift)
    cached, fig = _text_figure(_text.CachedTextCanvas, shift)
    assert np.array_equal(plain, cached)
    fig.canvas.draw()  # now every glyph comes from the cache
    assert len(fig.canvas._text_caches[1]) > 50
    assert np.array_equal(plain, np.asarray(fig.canvas.buffer_rgba()))
    # Moved by half a pixel, the warm cache (filled at other sub-pixel positions) still
    # draws the pixels Agg draws there.
    for ax in fig.axes:
        ax.set_position((0.18 + (shift + 0.5) / 400.0, 0.2, 0.7, 0.65))
    fig.axes[0].texts[0].set_x(0.3 + (shift + 0.5) / 280.0)
    fig.canvas.draw()
    moved, _ = _text_figure(FigureCanvasAgg, shift + 0.5)
    assert np.array_equal(moved, np.asarray(fig.canvas.buffer_rgba()))


def test_live_figures_use_the_glyph_cache_where_supported():
    from clustercode._engine import _text

    f = interactive_figure(draw_line, sliders())
    assert isinstance(f.figure.canvas, _text.CachedTextCanvas) == _text.SUPPORTED


def test_in_place_view_leaves_room_when_the_data_outgrow_it():
    def draw(ax, top):
        ax.plot([0.0, 1.0], [0.0, top])

    f = interactive_figure(draw, [Slider("top", 1.0, 20.0, 10.0)], in_place=True)
    f.update(top=12.0)  # leaves the view at the top: widened there, not just refitted
    lo, hi = f.axes.get_ylim()
    plain = interactive_figure(draw, [Slider("top", 1.0, 20.0, 12.0)])
    p_lo, p_hi = plain.axes.get_ylim()
    assert lo == p_lo  # the side the data did not leave stays as autoscaled
    assert (p_hi - p_lo) / (hi - lo) == pytest.approx(0.8)
    blits = f._blit_count
    f.update(top=13.0)  # still inside, and fills most of it: kept and blitted
    assert f.axes.get_ylim() == (lo, hi) and f._blit_count == blits + 1
    f.update(top=3.0)  # shrinks: autoscaled as matplotlib would
    plain.update(top=3.0)
    assert f.axes.get_ylim() == plain.axes.get_ylim()


def test_live_layout_measures_only_texts_that_reach_outside_the_frame(monkeypatch):
    from clustercode._engine import _layout

    measured = []
    margins = _layout._margins
    monkeypatch.setattr(_layout, "_margins", lambda fig, axes: measured.append(1) or margins(fig, axes))

    def draw(ax, k):
        ax.plot(X, X)
        ax.set_xlim(0.0, 1.0)
        ax.text(k, 0.5, f"note at {k:.2f} with a long tail")

    f = interactive_figure(draw, [Slider("k", 0.0, 1.5, 0.1)], figsize=(5, 3))
    layouts, count = f._layout_count, len(measured)
    for k in (0.15, 0.2, 0.25):  # a new text on every step, always inside the frame
        f.update(k=k)
    assert len(measured) == count and f._layout_count == layouts
    f.update(k=0.9)  # its tail now reaches past the right edge: measured, laid out again
    assert len(measured) > count and f._layout_count == layouts + 1
    text = f.axes.texts[0].get_window_extent(f.figure.canvas.get_renderer())
    assert text.x1 <= f.figure.bbox.x1 + 0.5  # the layout made room for it


# -- look-ahead (clustercode._engine._ahead) ------------------------------------


@pytest.mark.parametrize(("value", "direction", "expected"), [
    (0.3, 1, 0.35), (0.3, -1, 0.25),      # on the grid: one step
    (0.33, 1, 0.35), (0.33, -1, 0.3),     # off the grid: the next grid point
    (1.0, 1, None), (0.0, -1, None),      # past the ends
    (0.98, 1, 1.0),                       # the last grid point is the maximum
])
def test_next_on_grid_is_the_keyboard_step(value, direction, expected):
    from clustercode._engine._ahead import next_on_grid

    got = next_on_grid(value, 0.0, 1.0, 0.05, direction)
    assert got == pytest.approx(expected) if expected is not None else got is None


@pytest.mark.parametrize(("value", "expected"), [
    (0.35000000000000003, 0.35), (0.6500000000000001, 0.65), (0.35, 0.35),  # float noise: the grid value
    (0.351, 0.351), (0.33, 0.33),                                          # off the grid: unchanged
])
def test_on_grid_removes_float_noise_only(value, expected):
    from clustercode._engine._ahead import next_on_grid, on_grid

    assert on_grid(value, 0.0, 0.05) == expected  # exactly
    if expected in (0.35, 0.65):  # the look-ahead's next step is the same float
        assert next_on_grid(expected - 0.05, 0.0, 1.0, 0.05, 1) == expected


def test_widget_values_are_put_on_the_grid(fig):
    """The front end's 0.35000000000000003 reaches the draw function as 0.35."""
    fig._on_control("beta", 0.35000000000000003)
    assert fig.values["beta"] == 0.35
    fig._on_control("beta", 0.351)  # not a keyboard step: kept as sent
    assert fig.values["beta"] == 0.351


def _walk(fig, steps):
    """Step the figure's sliders as the reader's widget does; the PNG after each step."""
    out = []
    for name, value in steps:
        fig._on_control(name, value)
        out.append(fig.png)
    return out


def _steps(fig, n=6):
    walk, values = [], fig.values
    for s in fig.sliders:
        for d in (1, 1, 1, -1, -1):
            values[s.name] = s.clamp(values[s.name] + d * s.step)
            walk.append((s.name, values[s.name]))
    return walk[: n * len(fig.sliders)]


@pytest.mark.parametrize("name", ["intro_rd_vs_spillover", "regime_comparison", "policy_comparator",
                                  "cluster_phases", "unequal_duopoly"])
def test_lookahead_images_are_those_of_a_plain_redraw(name):
    """With the look-ahead drawing the next steps between the reader's steps, every
    step shows byte for byte the image a plain redraw gives, and the look-ahead
    is used (a step in the direction of the last one finds its image drawn)."""
    from clustercode.figures import INTERACTIVE_FIGURES

    plain, ahead = INTERACTIVE_FIGURES[name](), INTERACTIVE_FIGURES[name]()
    steps = _steps(plain)
    expected = _walk(plain, steps)
    got, last = [], None
    for (slider, value), want in zip(steps, expected, strict=True):
        old = ahead.values[slider]
        ahead._on_control(slider, value)
        got.append(ahead.png)
        if value != old:  # what plan() does on the kernel's event loop, here at once
            ahead._ahead.run(ahead.values, slider, 1 if value > old else -1)
        last = want
    assert got == expected
    assert ahead._ahead.hits >= len(steps) // 2
    # The artists were left at a look-ahead value; the public figure is the current one.
    assert ahead._live.stale
    canvas = np.asarray(ahead.figure.canvas.buffer_rgba())[..., :3].astype(float)
    assert not ahead._live.stale
    assert np.array_equal(_pixels(last), canvas)
    plain.close()
    ahead.close()


@pytest.fixture
def idle(monkeypatch):
    """A fresh kernel-wide idle look-ahead (the module's one is shared by every figure)."""
    from clustercode import widgets
    from clustercode._engine import _ahead

    fresh = _ahead.IdleLookahead()
    monkeypatch.setattr(widgets, "IDLE", fresh)
    return fresh


def _interactive_names():
    from clustercode.figures import INTERACTIVE_FIGURES

    return list(INTERACTIVE_FIGURES)


@pytest.mark.parametrize("name", _interactive_names())
def test_idle_lookahead_images_are_those_of_a_plain_redraw(name, idle):
    """With every slider's next steps drawn between the reader's steps (what IDLE
    does while the kernel is idle), every step still shows byte for byte the image
    a plain redraw gives, whether it was drawn ahead or not."""
    from clustercode.figures import INTERACTIVE_FIGURES

    plain, ahead = INTERACTIVE_FIGURES[name](), INTERACTIVE_FIGURES[name]()
    steps = _steps(plain)
    expected = _walk(plain, steps)
    got = []
    for slider, value in steps:
        ahead._on_control(slider, value)
        got.append(ahead.png)
        while (values := ahead._ahead.next_idle()) is not None:
            ahead._ahead.draw_one(values)
    assert got == expected
    assert ahead._ahead.hits >= len(steps) // 2
    plain.close()
    ahead.close()


def test_lookahead_runs_only_on_a_running_event_loop(fig, idle):
    import asyncio

    fig._on_control("beta", 0.55)
    assert fig._ahead.drawn == {}  # no event loop: nothing drawn ahead

    async def reader():
        fig._on_control("beta", 0.6)
        await asyncio.sleep(1.5)
        return dict(fig._ahead.drawn)

    drawn = [dict(k) for k in asyncio.run(reader())]
    step = fig._by_name["beta"].step
    # The slider moved: on, then back; then (idle) the other slider, up then down.
    assert [(v["beta"], v["n"]) for v in drawn] == [
        (pytest.approx(0.6 + step), 3), (pytest.approx(0.6 - step), 3), (0.6, 4), (0.6, 2)]
    png = fig.png
    fig._on_control("beta", 0.6 + step)  # found drawn
    assert fig._ahead.hits == 1 and fig._ahead.drawn == {} and fig.png != png


@pytest.mark.parametrize(("switch", "expected"), [
    ("ENABLED", set()),                        # CLUSTERCODE_LOOKAHEAD=0: nothing drawn ahead
    ("IDLE_ENABLED", {(0.61, 3), (0.59, 3)}),  # CLUSTERCODE_IDLE_LOOKAHEAD=0: the moved slider only
])
def test_lookahead_off_by_environment(fig, idle, monkeypatch, switch, expected):
    import asyncio

    from clustercode._engine import _ahead

    monkeypatch.setattr(_ahead, switch, False)

    async def reader():
        fig.widget
        fig._on_control("beta", 0.6)
        await asyncio.sleep(3 * _ahead.IDLE_S)

    asyncio.run(reader())
    assert _pairs(fig._ahead.drawn) == expected



def _neighbour_pngs(name):
    """Plain redraws of one keyboard step either way on every slider of a fresh
    figure: {look-ahead key of the values: PNG}."""
    from clustercode._engine._ahead import key, next_on_grid
    from clustercode.figures import INTERACTIVE_FIGURES

    out = {}
    for s in INTERACTIVE_FIGURES[name]().sliders:
        for d in (1, -1):
            plain = INTERACTIVE_FIGURES[name]()
            v = next_on_grid(float(plain.values[s.name]), float(s.min), float(s.max), float(s.step), d)
            if v is not None:
                plain._on_control(s.name, s.clamp(v))
                out[key(plain.values)] = plain.png
            plain.close()
    return out


@pytest.mark.parametrize("name", ["regime_comparison", "policy_comparator"])
def test_idle_lookahead_draws_every_first_step_of_a_shown_figure(name, idle):
    """Once the kernel is idle, a shown figure has every slider's first step either
    way drawn, each the image a plain redraw gives, and closing it forgets it."""
    import asyncio

    from clustercode.figures import INTERACTIVE_FIGURES

    expected = _neighbour_pngs(name)

    async def kernel():
        fig = INTERACTIVE_FIGURES[name]()
        fig.widget  # displayed
        for _ in range(200):
            await asyncio.sleep(0.05)
            if idle.next() is None:
                break
        return fig

    fig = asyncio.run(kernel())
    assert idle.next() is None
    assert {k: state[0] for k, state in fig._ahead.drawn.items()} == expected
    fig.close()
    assert idle.figures == []


def _pairs(drawn):
    return {(round(dict(k)["beta"], 9), dict(k)["n"]) for k in drawn}


def test_idle_lookahead_waits_for_cells_and_for_the_reader(fig, idle):
    """Nothing is drawn while a cell runs, nor (beyond the moved slider's next
    step) between a reader's quick steps; drawing starts once both are quiet."""
    import asyncio

    from clustercode._engine import _ahead

    async def kernel():
        idle.cell_started()
        fig.widget
        await asyncio.sleep(3 * _ahead.IDLE_S)
        during_cell = dict(fig._ahead.drawn)
        idle.cell_finished()
        for k in range(6):  # the reader steps faster than IDLE_S
            fig._on_control("n", 4 + k % 2)
            await asyncio.sleep(_ahead.IDLE_S / 3)
        while_stepping = _pairs(fig._ahead.drawn)
        await asyncio.sleep(4 * _ahead.IDLE_S)
        return during_cell, while_stepping, _pairs(fig._ahead.drawn)

    during_cell, while_stepping, after = asyncio.run(kernel())
    assert during_cell == {}
    assert {beta for beta, _ in while_stepping} <= {0.3}  # steps of n only
    step = fig._by_name["beta"].step
    assert after == {(0.3, 6), (0.3, 4), (round(0.3 + step, 9), 5), (round(0.3 - step, 9), 5)}
    assert idle.next() is None


def test_idle_lookahead_skips_a_drawing_that_fails(idle):
    """A neighbour whose drawing raises (not a model's ValueError) is skipped, not retried."""
    import asyncio

    from clustercode._engine import _ahead

    calls = []

    def draw(ax, a):
        calls.append(round(a, 9))
        if a > 0.55:
            raise RuntimeError("broken draw")
        ax.plot([0, 1], [0, a])

    f = interactive_figure(draw, [Slider("a", 0.0, 1.0, 0.5, step=0.1)])

    async def kernel():
        f.widget
        await asyncio.sleep(10 * _ahead.IDLE_S)

    asyncio.run(kernel())
    assert idle.next() is None
    assert [round(dict(k)["a"], 9) for k in f._ahead.drawn] == [0.4]
    assert calls.count(0.6) == 1
    f.close()


def test_idle_lookahead_in_a_real_kernel():
    """In an IPython kernel (ipykernel, as JupyterLab runs it) the idle look-ahead
    draws nothing while a cell runs, even one that lets the event loop run
    (``await``), and draws every neighbour once the cells are done."""
    import time

    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")

    def run(code: str) -> str:
        msg_id = kc.execute(code)
        out = []
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out).strip()

    try:
        run("from clustercode.figures import INTERACTIVE_FIGURES\n"
            "from clustercode._engine._ahead import IDLE, IDLE_S\n"
            "f = INTERACTIVE_FIGURES['regime_comparison']()\n"
            "display(f)")
        during = run("import asyncio\nawait asyncio.sleep(10 * IDLE_S)\nprint(IDLE.drawings)")
        time.sleep(3.0)
        after = run("print(IDLE.drawings, len(f._ahead.drawn), IDLE.next() is None)")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert during == "0"
    drawings, drawn, done = after.split()
    assert int(drawings) == int(drawn) > 0 and done == "True"
