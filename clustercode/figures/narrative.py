"""Interactive figures of the narrative chapters: the literature (Chapter 2) and mechanisms (Chapter 3).

* :func:`literature_timeline` -- the works in ``references.bib`` by strand and year;
* :func:`cluster_diffusion` -- how the density of ties inside a cluster changes the
  speed of adoption of an innovation and the innovator's imitation lag;
* :func:`mean_field_bias` -- the mean-field curve against the average of many
  simulated networks: the mean field runs ahead.

The diffusion calibration is illustrative, not estimated: a contact rate of
0.04 per tie and year, 100 firms, external adoption at 3% a year. Every slider
position is valid: densities in [0, 0.5], positive rates, at least 10 firms.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from matplotlib.figure import Figure

from ..calibrations import CONTACT_RATE
from ..diffusion import (
    ClusterNetwork,
    adoption_share,
    mean_adoption_time,
    simulate_adoption,
    simulated_mean_share,
    time_to_share,
)
from ..literature import STRANDS, load_bibliography
from ..style import CYCLE, PALETTE, use_book_style
from ..widgets import InteractiveFigure, Slider, interactive_figure
from ._common import y_from_zero

__all__ = [
    "cluster_diffusion",
    "diffusion_small_multiples",
    "literature_timeline",
    "mean_field_bias",
    "draw_diffusion",
    "INTERACTIVE_FIGURES",
]


_T = np.linspace(0.0, 30.0, 151)

# One fixed colour per strand (Okabe-Ito, no yellow: too pale on white).
_STRAND_COLOUR = {
    "schumpeterian": PALETTE["blue"],
    "location": PALETTE["vermillion"],
    "systems": PALETTE["bluish_green"],
    "externality": PALETTE["reddish_purple"],
    "cooperative-rd": PALETTE["orange"],
    "empirical": PALETTE["sky_blue"],
    "policy": PALETTE["black"],
    "diffusion": "#7F7F7F",
    "source": PALETTE["black"],
}
_GAP = 4  # years: closer works of one strand are stacked
_DENSITY = np.linspace(0.0, 0.5, 101)


def draw_diffusion(axes, density, external_rate, firms):
    """Left: adoption over time (one simulated cluster, the mean field, no ties).
    Right: time to half adoption and the imitation lag against the tie density."""
    net = ClusterNetwork(firms=firms, contact_rate=CONTACT_RATE, external_rate=external_rate)
    left, right = axes
    left.step(_T, simulate_adoption(net, density, _T, seed=2013), where="post",
              color=PALETTE["sky_blue"], linewidth=1.2, label="one simulated cluster")
    left.plot(_T, adoption_share(net, density, _T), color=PALETTE["blue"], linewidth=2.0,
              label="mean field (Bass)")
    left.plot(_T, adoption_share(net, 0.0, _T), color="0.45", linestyle="--",
              label="no ties: outside sources only")
    left.set_xlabel("years since introduction")
    left.set_ylabel("share of firms that adopted")
    left.set_xlim(_T[0], _T[-1])
    left.set_ylim(0.0, 1.02)
    left.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none", loc="lower right")

    right.plot(_DENSITY, time_to_share(net, _DENSITY, 0.5), color=PALETTE["blue"],
               label="time to half adoption")
    right.plot(_DENSITY, mean_adoption_time(net, _DENSITY), color=PALETTE["vermillion"],
               linestyle="-.", label="imitation lag (mean adoption date)")
    right.axvline(density, color="0.6", linewidth=0.8, linestyle=":")
    right.set_xlim(_DENSITY[0], _DENSITY[-1])
    y_from_zero(right)
    right.set_xlabel(r"tie density $\delta$")
    right.set_ylabel("years")
    right.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none")


def cluster_diffusion() -> InteractiveFigure:
    """Adoption over time, and its speed against the tie density (Chapter 3)."""
    return interactive_figure(
        draw_diffusion,
        [
            Slider("density", 0.0, 0.5, 0.1, step=0.01, label=r"tie density $\delta$"),
            Slider("external_rate", 0.005, 0.1, 0.03, step=0.005, label=r"outside adoption $p$"),
            Slider("firms", 10, 300, 100, integer=True, label="firms $m$"),
        ],
        nrows=1, ncols=2, figsize=(9.0, 3.8), in_place=True,
        title="Diffusion of an innovation through a cluster",
        alt="Left: share of a cluster's firms that have adopted an innovation over 30 years, for "
            "the mean-field Bass curve, one simulated network and a cluster without ties. Right: "
            "time to half adoption and mean imitation lag, both falling as the tie density rises.",
    )


def diffusion_small_multiples(
    firms: Iterable[int] = (25, 100, 300),
    external_rates: Iterable[float] = (0.01, 0.03, 0.1),
    densities: Iterable[float] = (0.0, 0.02, 0.05, 0.1, 0.2),
    *,
    horizon: float = 30.0,
    panel_size: tuple[float, float] = (2.6, 2.1),
) -> Figure:
    """A static grid of mean-field adoption curves (Chapter 3).

    Rows are cluster sizes ``firms``, columns outside adoption rates
    ``external_rates``; within a panel one line per tie density. The contact
    rate is :data:`~clustercode.calibrations.CONTACT_RATE`.
    """
    use_book_style()
    firms, rates, densities = list(firms), list(external_rates), list(densities)
    t = np.linspace(0.0, horizon, 121)
    fig = Figure(figsize=(panel_size[0] * len(rates), panel_size[1] * len(firms)), layout="constrained")
    axes = fig.subplots(len(firms), len(rates), sharex=True, sharey=True, squeeze=False)
    for i, m in enumerate(firms):
        for j, p in enumerate(rates):
            ax = axes[i, j]
            net = ClusterNetwork(firms=m, contact_rate=CONTACT_RATE, external_rate=p)
            shares = adoption_share(net, np.asarray(densities)[:, None], t[None, :])
            for k, d in enumerate(densities):
                ax.plot(t, shares[k], color=CYCLE[k % len(CYCLE)], label=f"δ = {d:g}")
            ax.set_title(f"m = {m}, p = {p:g}", fontsize="small")
            ax.set_ylim(0.0, 1.02)
            if i == len(firms) - 1:
                ax.set_xlabel("years")
            if j == 0:
                ax.set_ylabel("share adopted")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), frameon=False, fontsize="small")
    return fig


def mean_field_bias(firms: int = 100, density: float = 0.1, external_rate: float = 0.03, *,
                    runs: int = 200, horizon: float = 30.0, seed: int = 0) -> Figure:
    """The mean-field adoption curve against the average of ``runs`` simulated clusters (Chapter 3).

    Left: both curves, the simulated mean with a band of two standard errors
    (:func:`~clustercode.diffusion.simulated_mean_share`). Right: their
    difference, mean field minus network, which is positive at every date
    while adoption is under way. The contact rate is :data:`CONTACT_RATE`.
    """
    use_book_style()
    net = ClusterNetwork(firms=firms, contact_rate=CONTACT_RATE, external_rate=external_rate)
    t = np.linspace(0.0, horizon, 61)
    mean, se = simulated_mean_share(net, density, t, runs=runs, seed=seed)
    field = adoption_share(net, density, t)
    fig = Figure(figsize=(9.0, 3.4), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.fill_between(t, mean - 2 * se, mean + 2 * se, color=PALETTE["sky_blue"], alpha=0.35,
                      linewidth=0, label="±2 standard errors")
    left.plot(t, mean, color=PALETTE["sky_blue"], linewidth=1.6,
              label=f"network: mean of {runs} simulated clusters")
    left.plot(t, field, color=PALETTE["blue"], linewidth=2.0, label="mean field (Bass)")
    left.set_xlabel("years since introduction")
    left.set_ylabel("share of firms that adopted")
    left.set_xlim(t[0], t[-1])
    left.set_ylim(0.0, 1.02)
    left.legend(fontsize="small", frameon=True, framealpha=0.85, edgecolor="none", loc="lower right")
    right.fill_between(t, field - mean - 2 * se, field - mean + 2 * se, color=PALETTE["vermillion"],
                       alpha=0.25, linewidth=0)
    right.plot(t, field - mean, color=PALETTE["vermillion"], linewidth=1.8)
    right.axhline(0.0, color="0.45", linewidth=0.8)
    right.set_xlabel("years since introduction")
    right.set_ylabel("mean field minus network")
    right.set_xlim(t[0], t[-1])
    fig.suptitle(f"m = {firms} firms, tie density δ = {density:g}, p = {external_rate:g}, "
                 f"r = {CONTACT_RATE:g}", fontsize="small")
    return fig


def literature_timeline(path=None) -> InteractiveFigure:
    """The works of ``references.bib`` by strand and year of publication (Chapter 2).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Bibliography file; defaults to the book's ``references.bib``.
    """
    works = load_bibliography(path)
    strands = [s for s in STRANDS if any(w.strand == s for w in works)]
    row = {s: i for i, s in enumerate(reversed(strands))}
    colour = {s: _STRAND_COLOUR[s] for s in strands}
    # Dodge: within a strand, a work goes on the lowest level whose previous
    # work is at least _GAP years earlier, so nearby dots do not overlap.
    level_of: list[int] = []
    last_on_level: dict[str, list[int]] = {}
    for w in works:  # sorted by year
        levels = last_on_level.setdefault(w.strand, [])
        for k, last in enumerate(levels):
            if w.year - last >= _GAP:
                levels[k] = w.year
                break
        else:
            k = len(levels)
            levels.append(w.year)
        level_of.append(k)
    step = min(0.2, 0.7 / max(1, max(level_of)))
    years = np.array([w.year for w in works])
    ys = np.array([row[w.strand] + step * k for w, k in zip(works, level_of)])
    cols = [colour[w.strand] for w in works]
    last = int(years.max())

    def draw(ax, since):
        shown = years >= since
        ax.scatter(years[shown], ys[shown], c=[c for c, s in zip(cols, shown) if s], s=28,
                   edgecolors="white", linewidths=0.5, zorder=3)
        ax.set_yticks(range(len(strands)), [STRANDS[s][0] for s in reversed(strands)])
        ax.set_ylim(-0.5, len(strands) - 0.5 + step * max(level_of))
        ax.set_xlim(since - 2, last + 3)
        ax.grid(axis="x", color="0.9", linewidth=0.6)
        ax.set_xlabel("year of publication")
        hidden = int((~shown).sum())
        note = f"{int(shown.sum())} works shown" + (f", {hidden} earlier not shown" if hidden else "")
        ax.set_title(note, fontsize="small", loc="left")

    return interactive_figure(
        draw,
        [Slider("since", 1770, 2000, 1770, step=5, integer=True, label="from year")],
        figsize=(8.0, 3.9),
        in_place=True,  # a new view on every step, but the axes keep their ticks
        title="The literature this book draws on",
        alt="Dot chart of the works in the bibliography: one row per strand of the literature, "
            "one dot per work at its year of publication.",
    )


#: Interactive figures of Chapters 2 and 3: name -> factory.
INTERACTIVE_FIGURES = {
    "literature_timeline": literature_timeline,
    "cluster_diffusion": cluster_diffusion,
}
