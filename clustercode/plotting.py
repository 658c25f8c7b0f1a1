"""Figures of the symmetric model, drawn onto matplotlib axes.

Each function draws one kind of figure onto axes it is given, with plain
matplotlib calls, so the same drawing serves a static figure, a small-multiple
grid and an interactive figure (:mod:`clustercode.figures`, whose draw
functions call these on cleared axes). The economics comes from
:mod:`clustercode.symmetric`; the look from :mod:`clustercode.style`.

:func:`line` and :func:`rescale` served the earlier in-place protocol (draw
functions that moved their artists by ``gid``); they are deprecated, since
:func:`clustercode.widgets.interactive_figure` now clears the axes before every
draw and redraws in place by itself where a figure opts in.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .market import Market
from .style import REGIME_STYLE, use_book_style
from .symmetric import REGIMES, SymmetricEquilibrium, compare_regimes, min_gamma

__all__ = [
    "FIELD_LABELS",
    "line",
    "vline",
    "rescale",
    "STICKY_FILL",
    "figure_legend",
    "regime_label",
    "plot_regimes",
    "best_regime",
    "best_regimes",
    "plot_regime_map",
    "regime_small_multiples",
    "regime_table",
]

#: Axis labels of the outcomes of :class:`~clustercode.symmetric.SymmetricEquilibrium`
#: (matplotlib mathtext).
#:
#: :meta hide-value:
FIELD_LABELS: Mapping[str, str] = {
    "rd": "R&D per firm $x$",
    "effective_rd": "cost reduction per firm",
    "total_rd": "total R&D $nx$",
    "unit_cost": "unit cost $c$",
    "output": "output per firm $q$",
    "total_output": "total output $Q$",
    "price": "price $P$",
    "profit": r"profit per firm $\pi$",
    "total_profit": "profit of the cluster",
    "consumer_surplus": "consumer surplus",
    "welfare": "welfare $W$",
}


def _artist(collection, gid: str):
    """The artist of ``collection`` (e.g. ``ax.lines``) whose gid is ``gid``, or None."""
    for artist in collection:
        if artist.get_gid() == gid:
            return artist
    return None


def _deprecated(name: str, instead: str) -> None:
    warnings.warn(f"clustercode.plotting.{name} is deprecated: use {instead} on cleared axes",
                  DeprecationWarning, stacklevel=3)


def line(ax, gid: str, x, y, **style):
    """Draw the line ``gid`` on ``ax``, or move it if a previous call drew it.

    .. deprecated:: 0.2
       Draw with ``ax.plot``: the axes of an interactive figure are cleared
       before every draw, and ``in_place=True`` in
       :func:`clustercode.widgets.interactive_figure` makes the redraw cheap.

    ``style`` is used only when the line is first drawn.
    """
    _deprecated("line", "ax.plot(x, y, ...)")
    existing = _artist(ax.lines, gid)
    if existing is not None:
        existing.set_data(x, y)
        return existing
    (new,) = ax.plot(x, y, gid=gid, **style)
    return new


def vline(ax, x: float, gid: str | None = None, **style):
    """A dotted grey vertical reference line at ``x`` (``ax.axvline`` with the book's style)."""
    style = {"color": "0.6", "linewidth": 0.8, "linestyle": ":", **style}
    return ax.axvline(x, gid=gid, **style)


def hline(ax, y: float = 0.0, gid: str | None = None, **style):
    """A grey horizontal reference line at ``y``, by default the zero line (``ax.axhline``)."""
    style = {"color": "0.5", "linewidth": 0.8, **style}
    return ax.axhline(y, gid=gid, **style)


#: A redrawn axes keeps its view while the data fill at least this share of it.
STICKY_FILL = 0.6


def rescale(ax, bottom: float | None = None, sticky: bool = True) -> None:
    """Fit the view to the data again after artists were updated in place.

    ``bottom`` pins the lower y limit (e.g. 0) without switching off
    autoscaling, so the next call can still shrink the view. With ``sticky``
    (the default), an axes that was scaled before keeps its view as long as
    the data stay inside it and fill at least :data:`STICKY_FILL` of it:
    the axes do not jump on every slider step.

    .. deprecated:: 0.2
       Let matplotlib autoscale; ``in_place=True`` in
       :func:`clustercode.widgets.interactive_figure` keeps a view that still
       fits the data.
    """
    _deprecated("rescale", "matplotlib's autoscaling (and in_place=True)")
    old = (ax.get_xlim(), ax.get_ylim())
    ax.relim()
    ax.autoscale_view()
    if bottom is not None:
        ax.set_ylim(bottom=bottom, auto=None)
    if not (sticky and getattr(ax, "_clustercode_scaled", False)):
        ax._clustercode_scaled = True
        return
    data = (ax.dataLim.intervalx, ax.dataLim.intervaly)
    new = (ax.get_xlim(), ax.get_ylim())
    for axis, (o0, o1), (d0, d1), (n0, n1) in zip("xy", old, data, new):
        lo, hi = min(o0, o1), max(o0, o1)
        inside = lo <= d0 and d1 <= hi
        if inside and abs(n1 - n0) >= STICKY_FILL * (hi - lo):
            (ax.set_xlim if axis == "x" else ax.set_ylim)(o0, o1, auto=None)


def figure_legend(ax, ncol: int = 2, gid: str = "legend"):
    """A legend of ``ax``'s labelled lines below the whole figure.

    For figures of several panels that share one set of lines: the legend
    sits outside the panels (constrained layout makes room for it), so it
    never hides data. ``gid`` is set on the legend.
    """
    handles, labels = ax.get_legend_handles_labels()
    legend = ax.figure.legend(handles, labels, loc="outside lower center", ncol=ncol,
                              frameon=False, fontsize="small")
    legend.set_gid(gid)
    return legend


def regime_label(regime: str, chinese: bool = True) -> str:
    """The regime's name for legends, with its Chinese name when ``chinese`` and a CJK font is installed."""
    return REGIME_STYLE[regime].display_label(None if chinese else False)


def plot_regimes(
    ax,
    x: np.ndarray,
    equilibria: Mapping[str, SymmetricEquilibrium],
    field: str,
    *,
    xlabel: str,
    legend: bool = True,
    chinese: bool = True,
    markevery: int | None = None,
):
    """One line per regime: ``field`` of each equilibrium against ``x``.

    ``equilibria`` maps regime names to equilibria solved over the array
    ``x`` (e.g. :func:`~clustercode.symmetric.compare_regimes` over a grid of
    spillovers or cluster sizes).
    """
    for regime, eq in equilibria.items():
        st = REGIME_STYLE[regime]
        ax.plot(x, np.broadcast_to(getattr(eq, field), np.shape(x)),
                color=st.color, linestyle=st.linestyle, marker=st.marker,
                markevery=markevery or max(1, len(x) // 8), markersize=4,
                label=regime_label(regime, chinese))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(FIELD_LABELS.get(field, field))
    if legend:
        ax.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none")
    return ax


def best_regimes(
    market: Market,
    n: int,
    beta: np.ndarray,
    gamma: np.ndarray,
    fields: Iterable[str] = ("welfare",),
    regimes: Iterable[str] = REGIMES,
) -> dict[str, np.ndarray]:
    """:func:`best_regime` for several outcomes at once, solving the regimes once.

    Returns ``{field: index array}``.
    """
    regimes = tuple(regimes)
    beta, gamma = np.broadcast_arrays(np.asarray(beta, float), np.asarray(gamma, float))
    floor = np.max([np.broadcast_to(min_gamma(market, n, beta, r), beta.shape) for r in regimes], axis=0)
    valid = gamma > floor * (1 + 1e-9)
    safe_gamma = np.where(valid, gamma, floor * 2 + 1.0)
    eq = compare_regimes(market, n, beta, safe_gamma, regimes=regimes)
    out = {}
    for field in fields:
        values = np.stack([np.broadcast_to(getattr(eq[r], field), beta.shape) for r in regimes])
        top = values.max(axis=0)
        # first regime within tolerance of the best
        best = np.argmax(values >= top - 1e-12 * np.abs(top), axis=0)
        out[field] = np.where(valid, best, -1)
    return out


def best_regime(
    market: Market,
    n: int,
    beta: np.ndarray,
    gamma: np.ndarray,
    field: str = "welfare",
    regimes: Iterable[str] = REGIMES,
) -> np.ndarray:
    """Index (into ``regimes``) of the regime with the largest ``field`` at each point.

    Points where some regime is not defined (``gamma`` at or below its
    :func:`~clustercode.symmetric.min_gamma`) are marked ``-1``. Ties within a
    relative 1e-12 go to the regime listed first.
    """
    return best_regimes(market, n, beta, gamma, (field,), regimes)[field]


def _evenly_spaced(v: np.ndarray) -> bool:
    d = np.diff(v)
    return v.size >= 2 and bool(np.all(d > 0)) and bool(np.allclose(d, d[0], rtol=1e-9, atol=0.0))


def _half_step(v: np.ndarray) -> float:
    return (v[-1] - v[0]) / (v.size - 1) / 2


def plot_regime_map(ax, market: Market, n: int, beta: np.ndarray, gamma: np.ndarray,
                    field: str = "welfare", regimes: Iterable[str] = REGIMES, legend: bool = True,
                    best: np.ndarray | None = None):
    """Colour each (beta, gamma) point by the regime that maximises ``field``.

    ``best``: the indices :func:`best_regime` returns on ``meshgrid(beta,
    gamma)``, if already computed (see :func:`best_regimes`).
    """
    regimes = tuple(regimes)
    beta, gamma = np.asarray(beta, float), np.asarray(gamma, float)
    B, G = np.meshgrid(beta, gamma)
    if best is None:
        best = best_regime(market, n, B, G, field, regimes)
    colours = ["#d9d9d9"] + [REGIME_STYLE[r].color for r in regimes]
    style = dict(cmap=ListedColormap(colours), vmin=-0.5, vmax=len(regimes) + 0.5)
    if _evenly_spaced(beta) and _evenly_spaced(gamma):
        # An image is much cheaper to draw than a mesh, and identical here.
        db, dg = _half_step(beta), _half_step(gamma)
        ax.imshow(best + 1, origin="lower", aspect="auto", interpolation="nearest",
                  extent=(beta[0] - db, beta[-1] + db, gamma[0] - dg, gamma[-1] + dg), **style)
    else:
        ax.pcolormesh(B, G, best + 1, shading="nearest", rasterized=True, **style)
    ax.set_xlabel(r"spillover $\beta$")
    ax.set_ylabel(r"R&D cost $\gamma$")
    if legend:
        handles = [Patch(color=REGIME_STYLE[regimes[i]].color, label=regime_label(regimes[i]))
                   for i in sorted(set(np.unique(best).tolist()) - {-1})]
        if np.any(best == -1):
            handles.append(Patch(color="#d9d9d9", label="not defined (γ too small)"))
        ax.legend(handles=handles, loc="upper left", fontsize="small", frameon=True,
                  framealpha=0.9, edgecolor="0.7")
    return ax


def regime_small_multiples(
    market: Market,
    field: str,
    ns: Iterable[int],
    gammas: Iterable[float],
    *,
    beta: np.ndarray | None = None,
    regimes: Iterable[str] = REGIMES,
    panel_size: tuple[float, float] = (2.6, 2.1),
) -> Figure:
    """A static grid: ``field`` against the spillover, one panel per (n, gamma).

    Rows are cluster sizes ``ns``, columns R&D cost parameters ``gammas``; the
    y axis is shared along each row so panels compare at a glance.
    """
    use_book_style()
    ns, gammas = list(ns), list(gammas)
    beta = np.linspace(0.0, 1.0, 101) if beta is None else np.asarray(beta, float)
    fig = Figure(figsize=(panel_size[0] * len(gammas), panel_size[1] * len(ns)), layout="constrained")
    axes = fig.subplots(len(ns), len(gammas), sharex=True, sharey="row", squeeze=False)
    for i, n in enumerate(ns):
        for j, gamma in enumerate(gammas):
            ax = axes[i, j]
            eq = compare_regimes(market, n, beta, gamma, regimes=tuple(regimes))
            plot_regimes(ax, beta, eq, field, xlabel=r"$\beta$" if i == len(ns) - 1 else "", legend=False)
            vline(ax, 0.5)
            ax.set_title(f"n = {n}, γ = {gamma:g}", fontsize="small")
            if j:
                ax.set_ylabel("")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 2), frameon=False, fontsize="small")
    return fig


def regime_table(equilibria: Mapping[str, SymmetricEquilibrium], fields: Iterable[str]) -> str:
    """A plain-text table: one row per regime, one column per outcome (scalar equilibria)."""
    fields = list(fields)
    width = max(len(REGIME_STYLE[r].label_en) for r in equilibria) + 2
    head = "regime".ljust(width) + "".join(f.rjust(18) for f in fields)
    rows = [head, "-" * len(head)]
    for regime, eq in equilibria.items():
        rows.append(REGIME_STYLE[regime].label_en.ljust(width)
                    + "".join(f"{float(getattr(eq, f)):18.4f}" for f in fields))
    return "\n".join(rows)
