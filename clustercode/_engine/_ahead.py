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

While the reader and the kernel are both idle (no step in any figure and no
cell run for :data:`IDLE_S`), :data:`IDLE` goes on to the steps a reader is
likely to take next: one keyboard step either way on every slider of the figure
moved last (the slider moved first, then the others in Tab order), then of every
other figure shown, in the order they were displayed (so after "Run All" the
first press on any slider finds its image drawn). A reader's step, or a cell
starting, defers that work (IPython's ``pre_run_cell``/``post_run_cell`` events
mark the kernel busy): "Run All" is not slowed, and a press waits at most for
one drawing. Each figure keeps at most two images per slider, dropped at its
next step.

The environment variable ``CLUSTERCODE_LOOKAHEAD=0``, set before the kernel
starts, turns the look-ahead off (each step is then drawn when it comes);
``CLUSTERCODE_IDLE_LOOKAHEAD=0`` turns off only the idle part. The JupyterLab
benchmark measures each case.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
import weakref
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
# Idle look-ahead (IDLE): it starts once neither the reader nor the kernel has
# done anything for IDLE_S seconds, and leaves IDLE_GAP_S between its drawings
# so that a message from the front end is read between any two of them.
IDLE_S = 0.3
IDLE_GAP_S = 0.05
ENABLED = os.environ.get("CLUSTERCODE_LOOKAHEAD", "1") != "0"
# CLUSTERCODE_IDLE_LOOKAHEAD=0 keeps the look-ahead after each step but turns the
# idle one (IDLE) off: what the benchmark compares.
IDLE_ENABLED = os.environ.get("CLUSTERCODE_IDLE_LOOKAHEAD", "1") != "0"


def key(values: Mapping[str, Any]) -> tuple:
    """A dict key for slider values: exact floats, so that an image drawn ahead is
    used only for the very values it was drawn for (the widget's values are put on
    the grid first, :func:`on_grid`)."""
    return tuple(sorted((k, float(v)) for k, v in values.items()))


def _grid_point(lo: float, k: int, step: float) -> float:
    """``lo + k step`` to 12 significant digits: 0.6500000000000001 and the front
    end's 0.35000000000000003 are 0.65 and 0.35, the same float however computed."""
    return float(f"{lo + k * step:.12g}")


def _grid_index(value: float, lo: float, step: float) -> int | None:
    """The k of ``value == lo + k step`` up to float noise, or None off the grid."""
    k = (value - lo) / step
    near = round(k)
    return near if abs(k - near) <= 1e-9 * max(1.0, abs(k)) else None


def on_grid(value: float, lo: float, step: float) -> float:
    """``value`` put on the slider's grid ``lo + k step`` when it is there up to
    float noise (a keyboard step in the front end), else unchanged."""
    k = _grid_index(value, lo, step)
    return value if k is None else _grid_point(lo, k, step)


def next_on_grid(value: float, lo: float, hi: float, step: float, direction: int) -> float | None:
    """The slider's next value on the grid ``lo + k step`` from ``value`` in ``direction``
    (+1 or -1), as a keyboard step gives it (see :func:`on_grid`); None past the ends."""
    k = _grid_index(value, lo, step)
    if k is not None:
        k_next = k + direction
    else:
        k = (value - lo) / step
        k_next = math.floor(k) + 1 if direction > 0 else math.ceil(k) - 1
    v = _grid_point(lo, k_next, step)
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
        self.names = [s.name for s in sliders]
        self.drawn: dict[tuple, tuple] = {}
        self.failed: set[tuple] = set()
        self.current: dict[str, Any] = {}
        self.last_moved: str | None = None
        self.hits = 0
        self._generation = 0

    def take(self, values: Mapping[str, Any]) -> bytes | None:
        """The PNG drawn ahead for ``values`` (the live figure's state set to it), or None.

        Every other drawing is dropped, and any look-ahead still planned is cancelled:
        the reader has moved.
        """
        self._generation += 1
        self.current = dict(values)
        state = self.drawn.pop(key(values), None)
        self.drawn.clear()
        self.failed.clear()
        if state is None:
            return None
        self.live.restore(state)
        self.hits += 1
        return self.live.png

    def stepped(self, values: Mapping[str, Any], name: str, direction: int) -> dict | None:
        """``values`` after one keyboard step on slider ``name`` in ``direction``, or None past its end."""
        s = self.by_name[name]
        v = next_on_grid(float(values[name]), float(s.min), float(s.max), float(s.step), direction)
        return None if v is None else {**values, name: s.clamp(v)}

    def candidates(self, values: Mapping[str, Any], name: str, direction: int) -> list[dict]:
        """Values one keyboard step on from ``values`` on slider ``name``: ``direction`` first."""
        first = 1 if direction >= 0 else -1
        return [v for d in (first, -first) if (v := self.stepped(values, name, d)) is not None]

    def idle_candidates(self) -> list[dict]:
        """One keyboard step either way on every slider from the current values, in
        the order :data:`IDLE` draws them: the slider moved last (on, then back), then
        one step up on each other slider in Tab order after it, then one step down."""
        if not self.current:
            return []
        names = self.names
        if self.last_moved in names:
            i = names.index(self.last_moved)
            names = names[i:] + names[:i]
        out = []
        if self.last_moved in self.by_name:
            out += self.candidates(self.current, self.last_moved, 1)
        others = [name for name in names if name != self.last_moved]
        out += [v for d in (1, -1) for name in others
                if (v := self.stepped(self.current, name, d)) is not None]
        return out

    def next_idle(self) -> dict | None:
        """The first of :meth:`idle_candidates` not drawn yet, or None."""
        for values in self.idle_candidates():
            k = key(values)
            if k not in self.drawn and k not in self.failed:
                return values
        return None

    def draw_one(self, values: Mapping[str, Any]) -> None:
        """Draw ``values`` now and keep the image; the live figure's state is put back."""
        k = key(values)
        if k in self.drawn:
            return
        current = self.live.snapshot()
        try:
            self.drawn[k] = self.live.render_state(self.draw, values)
        except Exception:
            self.failed.add(k)  # the reader's own step will draw it and raise
            raise
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


class IdleLookahead:
    """The kernel's idle look-ahead over every figure shown (one instance, :data:`IDLE`).

    Figures join when their widget is built (:meth:`shown`) and when the reader
    moves one of their sliders (:meth:`moved`). While nothing has happened for
    :data:`IDLE_S` seconds and no cell is running, it draws, one per event-loop
    callback, the next of :meth:`Lookahead.idle_candidates` of the figure moved
    last, then of the others in display order; it stops when every figure has
    its neighbours drawn, and starts again at the next event.
    """

    def __init__(self) -> None:
        self.figures: list[weakref.ref[Lookahead]] = []
        self.last: weakref.ref[Lookahead] | None = None
        self.activity = time.monotonic()
        self.busy = False
        self.drawings = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._hooked = False

    # -- events ---------------------------------------------------------------

    def shown(self, ahead: Lookahead) -> None:
        """A figure's widget was built: draw its neighbours once the kernel is idle."""
        self._join(ahead)
        self._hook_ipython()
        self._arm()

    def moved(self, ahead: Lookahead, name: str) -> None:
        """The reader moved slider ``name`` of ``ahead``'s figure."""
        ahead.last_moved = name
        self.last = weakref.ref(ahead)
        self.activity = time.monotonic()
        self._join(ahead)
        self._arm()

    def _join(self, ahead: Lookahead) -> None:
        if not any(ref() is ahead for ref in self.figures):
            self.figures.append(weakref.ref(ahead))

    def closed(self, ahead: Lookahead) -> None:
        """The figure was closed: forget it."""
        self.figures = [ref for ref in self.figures if ref() is not None and ref() is not ahead]
        if self.last is not None and self.last() is ahead:
            self.last = None

    def cell_started(self, *_: Any) -> None:
        self.busy = True
        self.activity = time.monotonic()

    def cell_finished(self, *_: Any) -> None:
        self.busy = False
        self.activity = time.monotonic()
        self._arm()

    # -- work -----------------------------------------------------------------

    def next(self) -> tuple[Lookahead, dict] | None:
        """The next drawing to make: (figure's look-ahead, values), or None when all are drawn."""
        self.figures = [ref for ref in self.figures if ref() is not None]
        order = [ref() for ref in self.figures]
        last = self.last() if self.last is not None else None
        if last is not None:
            order = [last] + [a for a in order if a is not last]
        for ahead in order:
            if ahead is None:
                continue
            values = ahead.next_idle()
            if values is not None:
                return ahead, values
        return None

    def _hook_ipython(self) -> None:
        if self._hooked:
            return
        self._hooked = True
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - ipywidgets needs IPython
            return
        shell = get_ipython()
        if shell is not None:
            shell.events.register("pre_run_cell", self.cell_started)
            shell.events.register("post_run_cell", self.cell_finished)

    def _arm(self, delay: float | None = None) -> None:
        """Schedule :meth:`_tick` on the running event loop (none running: nothing to do)."""
        if not (ENABLED and IDLE_ENABLED):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._handle is not None and self._loop is loop and not loop.is_closed():
            return  # a tick is planned; it looks at the latest activity itself
        self._loop = loop
        self._handle = loop.call_later(IDLE_S if delay is None else delay, self._tick)

    def _tick(self) -> None:
        self._handle = None
        quiet = time.monotonic() - self.activity
        if self.busy or quiet < IDLE_S:
            self._arm(max(IDLE_S - quiet, IDLE_GAP_S))
            return
        job = self.next()
        if job is None:
            return
        ahead, values = job
        try:
            ahead.draw_one(values)
            self.drawings += 1
        except Exception:  # noqa: BLE001, S110 - recorded in ahead.failed; the reader's step raises
            pass
        self._arm(IDLE_GAP_S)


IDLE = IdleLookahead()
