"""The ipywidgets box shown in a live kernel: the live image above its sliders."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# Widget slider geometry (CSS pixels, JupyterLab's 13 px widget font): a
# description column sized to the longest label, the value readout and the
# track. Two columns only when each column keeps its labels whole and its track
# MIN_TRACK_PX wide; in one column the description may take what the track's
# minimum leaves (a label longer than that is cut with an ellipsis).
SLIDER_FONT_PX = 13.0
SLIDER_READOUT_PX = 76  # readout box plus the slider's own margins
SLIDER_COL_GAP_PX = 24
MIN_TRACK_PX = 180


def _plain(label: str) -> str:
    """Rough visible text of a mathtext label (for sizing)."""
    out = label.replace("$", "")
    for token in ("\\mathrm", "\\mathit", "\\", "{", "}", "_", "^"):
        out = out.replace(token, "")
    return out


def slider_layout(sliders: Sequence[Any], width_px: int) -> tuple[int, int]:
    """Columns and description width (px) that leave every track readable."""
    longest = max((len(_plain(s.display_label)) for s in sliders), default=0)
    desc_px = int(round(SLIDER_FONT_PX * max(0.6 * longest + 1.0, 4.0)))
    cols = 1
    if len(sliders) > 1:
        column = (width_px - SLIDER_COL_GAP_PX) / 2
        if column - desc_px - SLIDER_READOUT_PX >= MIN_TRACK_PX:
            cols = 2
    # One column: the description may not squeeze the track below the minimum.
    room = width_px / cols - (SLIDER_COL_GAP_PX if cols > 1 else 0)
    desc_px = max(0, min(desc_px, int(room - SLIDER_READOUT_PX - MIN_TRACK_PX)))
    return cols, desc_px


def hidden_alt_html(alt: str) -> str:
    """The alt text as visually hidden HTML (read by screen readers only)."""
    style = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
             "overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0")
    return (f'<div role="note" aria-label="Figure description" style="{style}">'
            f"Figure: {html.escape(alt)}</div>")


def image_value(png: bytes) -> bytes:
    """The :class:`ipywidgets.Image` value (format ``"url"``) showing ``png``: a data URL.

    The front end sets a data URL as the image's source directly; a PNG value
    would be wrapped in a Blob whose object URL the browser then loads through
    its network stack (10-20 ms a slider step, measured in
    benchmarks/bench_jupyterlab.py, against under 5 ms for the data URL).
    """
    return b"data:image/png;base64," + base64.b64encode(png)


def build_widget(png: bytes, alt: str | None, sliders: Sequence[Any],
                 values: Mapping[str, Any], width_px: int,
                 on_change: Callable[[str, Any], None]):
    """The box, its :class:`ipywidgets.Image` and its slider controls (name -> control).

    ``on_change(name, value)`` is called when the reader moves a slider.
    """
    import ipywidgets as w

    # No Image.tooltip: in ipywidgets 8.1.9's front end a tooltip on a widget
    # without a description throws in updateTooltip, and the image view is
    # replaced by an error box. The alt text goes into a visually hidden HTML
    # widget just before the image instead, which screen readers read as the
    # figure's description.
    image = w.Image(
        value=image_value(png),
        format="url",
        layout=w.Layout(width=f"{width_px}px", max_width="100%", height="auto"),
    )
    children = [image]
    if alt:
        children.insert(0, w.HTML(value=hidden_alt_html(alt),
                                  layout=w.Layout(height="0px", min_height="0px",
                                                  margin="0", overflow="hidden")))
    cols, desc_px = slider_layout(sliders, width_px)
    controls: dict[str, Any] = {}
    for s in sliders:
        kwargs = dict(
            value=values[s.name], min=s.min, max=s.max, step=s.step,
            description=s.display_label, continuous_update=False, readout=True,
            style={"description_width": f"{desc_px}px"},
            layout=w.Layout(width="auto"),
        )
        if s.integer:
            control = w.IntSlider(**kwargs)
        else:
            control = w.FloatSlider(readout_format=f".{s.decimals}f", **kwargs)
        control.observe(lambda change, name=s.name: on_change(name, change["new"]), names="value")
        controls[s.name] = control
    grid = w.GridBox(
        list(controls.values()),
        layout=w.Layout(
            grid_template_columns=f"repeat({cols}, minmax(0, 1fr))",
            grid_gap=f"2px {SLIDER_COL_GAP_PX}px",
            width=f"{width_px}px",
            max_width="100%",
        ),
    )
    children.append(grid)
    return w.VBox(children), image, controls
