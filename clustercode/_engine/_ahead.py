"""Look-ahead: while the reader looks at a live figure, draw the next steps of the
slider they moved last, so that the next key press finds its image drawn.

A reader steps a slider with the arrow keys one ``step`` at a time, mostly in
the same direction. After each step, and only in a running kernel (an event
loop is running), :class:`Lookahead` draws the figure for the next grid value
of that slider in the direction it moved and, once the reader has paused, for
the step back, each as its own event-loop callback so that a message from the
front end waits at most for one drawing. A step that finds its values drawn takes that image instead of
drawing again.

The images are exactly those a plain redraw would give: each look-ahead drawing
starts from the current state (the figure's kept views, see :mod:`._inplace`,
are put back before and after it) and is thrown away as soon as the reader
moves, whether it was used or not. The figure's artists are left in the state
of the last drawing, which :attr:`LiveFigure.stale` records (the public
``InteractiveFigure.figure`` redraws the current values before it is handed out).

The environment variable ``CLUSTERCODE_LOOKAHEAD=0``, set before the kernel
starts, turns the look-ahead off (each step is then drawn when it comes; the
JupyterLab benchmark measures both).
"""

from __future__ import annotations

import asyncio
import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._live import LiveFigure

# Seconds from the reader's step to the look-ahead drawing of the next step, and
# from that drawing to the one of the step back. The first pause leaves the
# CPU to the browser while it decodes and paints the image just sent: started
# at once, the drawing competed with it (on two cores, JupyterLab in Chromium:
# decode + paint, median per figure of Chapters 5 and 7, 31-48 ms against
# 17-32 ms with 60 ms; benchmarks/bench_jupyterlab.py, runs interleaved).
# The second is long because a reader who keeps stepping one way (the common
# case) presses again within it, and the drawing they do not need would only
# delay the one they do (for the heaviest figures it takes 50-70 ms).
PAUSE_S = 0.06
BACK_AFTER_S = 0.25
ENABLED = os.environ.get("CLUSTERCODE_LOOKAHEAD", "1") != "0"


def key(values: Mapping[str, Any]) -> tuple:
    """A dict key for slider values (floats to 9 decimals: the front end's 0.35000000000000003 is 0.35)."""
    return tuple(sorted((k, round(float(v), 9)) for k, v in values.items()))


def next_on_grid(value: float, lo: float, hi: float, step: float, direction: int) -> float | None:
    """The slider's next value on the grid ``lo + k step`` from ``value`` in ``direction``
    (+1 or -1), as a keyboard step gives it; None past the ends."""
    k = (value - lo) / step
    near = round(k)
    if abs(k - near) <= 1e-9 * max(1.0, abs(k)):
        k_next = near + direction
    else:
        k_next = math.floor(k) + 1 if direction > 0 else math.ceil(k) - 1
    v = lo + k_next * step
    if v > hi + 1e-12 * max(1.0, abs(hi)) or v < lo - 1e-12 * max(1.0, abs(lo)):
        return None
    return min(max(v, lo), hi)


class Lookahead:
    """Drawings ahead of the reader for one :class:`LiveFigure`.

    Parameters
    ----------
    live : LiveFigure
    draw : callable
        The figure's draw function.
    sliders : sequence
        The figure's sliders (``name``, ``min``, ``max``, ``step``, ``integer``, ``clamp``).
    """

    def __init__(self, live: LiveFigure, draw: Callable[..., Any], sliders: Sequence[Any]) -> None:
        self.live = live
        self.draw = draw
        self.by_name = {s.name: s for s in sliders}
        self.drawn: dict[tuple, tuple] = {}
        self.hits = 0
        self._generation = 0

    def take(self, values: Mapping[str, Any]) -> bytes | None:
        """The PNG drawn ahead for ``values`` (the live figure's state set to it), or None.

        Every other drawing is dropped, and any look-ahead still planned is cancelled:
        the reader has moved.
        """
        self._generation += 1
        state = self.drawn.pop(key(values), None)
        self.drawn.clear()
        if state is None:
            return None
        self.live.restore(state)
        self.hits += 1
        return self.live.png

    def candidates(self, values: Mapping[str, Any], name: str, direction: int) -> list[dict]:
        """Values one keyboard step on from ``values`` on slider ``name``: ``direction`` first."""
        s = self.by_name[name]
        first = 1 if direction >= 0 else -1
        out = []
        for d in (first, -first):
            v = next_on_grid(float(values[name]), float(s.min), float(s.max), float(s.step), d)
            if v is not None:
                out.append({**values, name: s.clamp(v)})
        return out

    def draw_one(self, values: Mapping[str, Any]) -> None:
        """Draw ``values`` now and keep the image; the live figure's state is put back."""
        k = key(values)
        if k in self.drawn:
            return
        current = self.live.snapshot()
        try:
            self.drawn[k] = self.live.render_state(self.draw, values)
        finally:
            self.live.restore(current)
            self.live.stale = True

    def run(self, values: Mapping[str, Any], name: str, direction: int) -> None:
        """Draw every candidate now (what :meth:`plan` does over several loop turns)."""
        for v in self.candidates(values, name, direction):
            self.draw_one(v)

    def plan(self, values: Mapping[str, Any], name: str, direction: int) -> bool:
        """Draw the candidates on the running event loop, one per callback.

        Returns False (and draws nothing) when no event loop is running, as in a
        plain Python session, where nothing waits for the reader, or when
        ``CLUSTERCODE_LOOKAHEAD=0``.
        """
        if not ENABLED:
            return False
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        generation = self._generation
        todo = self.candidates(dict(values), name, direction)

        def step(i: int) -> None:
            if generation != self._generation or i >= len(todo):
                return
            try:
                self.draw_one(todo[i])
            except Exception:  # noqa: BLE001 - the reader's own step will draw it and raise
                return
            loop.call_later(BACK_AFTER_S, step, i + 1)

        loop.call_later(PAUSE_S, step, 0)
        return True
