r"""One vocabulary for the ways a cluster organises its R&D.

Every module names a regime with these strings; none defines its own.

=================  ==========  ==========================  =================
regime             book term   R&D maximises               spillover
=================  ==========  ==========================  =================
``competition``    研发竞争    own profit                  :math:`\beta`
``coordination``   研发协调    the cluster's joint profit  :math:`\beta`
``sharing``        技术共享    own profit                  1 (results pooled)
``joint_venture``  研发联合体  joint profit                1
=================  ==========  ==========================  =================

The symmetric model (:mod:`clustercode.symmetric`) solves all four; a cluster
of unequal firms (:mod:`clustercode.coalitions`) is compared under the three
:data:`ARRANGEMENTS`; the policy comparator (:mod:`clustercode.comparator`)
measures every instrument against ``competition`` without policy.

Earlier versions called R&D competition ``"alone"`` (among the arrangements of
unequal firms) and ``"laissez_faire"`` (the comparator's baseline). Those
names still work as keys and arguments, with a deprecation warning;
:func:`canonical` translates them.

>>> canonical("competition")
'competition'
>>> REGIME_NAMES["joint_venture"]
('research joint venture', '研发联合体')
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ._validate import InputTypeError

__all__ = [
    "COMPETITION",
    "COORDINATION",
    "SHARING",
    "JOINT_VENTURE",
    "REGIMES",
    "REGIME_NAMES",
    "OBJECTIVES",
    "POOLED",
    "ARRANGEMENTS",
    "ARRANGEMENT_CALLS",
    "DEPRECATED_NAMES",
    "canonical",
    "objective",
    "pooled",
]

COMPETITION = "competition"
COORDINATION = "coordination"
SHARING = "sharing"
JOINT_VENTURE = "joint_venture"

#: The four R&D regimes, in the order the book presents them.
REGIMES = (COMPETITION, COORDINATION, SHARING, JOINT_VENTURE)

#: English and Chinese names of the regimes.
REGIME_NAMES = {
    COMPETITION: ("R&D competition", "研发竞争"),
    COORDINATION: ("R&D coordination", "研发协调"),
    SHARING: ("technology sharing", "技术共享"),
    JOINT_VENTURE: ("research joint venture", "研发联合体"),
}

#: What each regime's R&D maximises: ``"own"`` profit or the ``"joint"`` profit of the cluster.
OBJECTIVES: Mapping[str, str] = MappingProxyType(
    {COMPETITION: "own", COORDINATION: "joint", SHARING: "own", JOINT_VENTURE: "joint"})

#: Whether a regime pools R&D results (spillover 1).
POOLED: Mapping[str, bool] = MappingProxyType(
    {COMPETITION: False, COORDINATION: False, SHARING: True, JOINT_VENTURE: True})

#: The arrangements compared for a cluster of unequal firms (Chapter 4, Part 2).
ARRANGEMENTS = (COMPETITION, COORDINATION, JOINT_VENTURE)

#: How each arrangement is solved: ``cluster_equilibrium(cluster, coalitions, sharing)``
#: with the ``(coalitions, sharing)`` given here.
ARRANGEMENT_CALLS: Mapping[str, tuple] = MappingProxyType({
    COMPETITION: (None, False),
    COORDINATION: ("all", False),
    JOINT_VENTURE: ("all", True),
})

#: Old names of R&D competition, accepted with a deprecation warning.
DEPRECATED_NAMES: Mapping[str, str] = MappingProxyType({"alone": COMPETITION, "laissez_faire": COMPETITION})


def _warn(old: str, new: str) -> None:
    warnings.warn(f"the regime name {old!r} is deprecated; use {new!r}", DeprecationWarning, stacklevel=3)


def canonical(name, options: Iterable[str] = REGIMES, what: str = "regime") -> str:
    """The regime ``name`` in this vocabulary, checked against ``options``.

    A deprecated name (:data:`DEPRECATED_NAMES`) is translated with a
    deprecation warning.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If it is not one of ``options``.
    """
    options = tuple(options)
    if not isinstance(name, str):
        raise InputTypeError(f"{what} must be a string, one of {options}, got {name!r}")
    if name in DEPRECATED_NAMES and name not in options:
        new = DEPRECATED_NAMES[name]
        if new in options:
            _warn(name, new)
            return new
    if name not in options:
        raise ValueError(f"unknown {what} {name!r}; choose one of {options}")
    return name


def objective(regime: str) -> str:
    """``"own"`` or ``"joint"``: what the regime's R&D maximises."""
    return OBJECTIVES[canonical(regime)]


def pooled(regime: str) -> bool:
    """Whether the regime pools R&D results."""
    return POOLED[canonical(regime)]


class RegimeDict(dict):
    """A dict keyed by regime that still answers the deprecated names (with a warning)."""

    def _key(self, key):
        if isinstance(key, str) and key in DEPRECATED_NAMES and not dict.__contains__(self, key):
            new = DEPRECATED_NAMES[key]
            if dict.__contains__(self, new):
                _warn(key, new)
                return new
        return key

    def __getitem__(self, key):
        return dict.__getitem__(self, self._key(key))

    def __contains__(self, key):
        return dict.__contains__(self, self._key(key))

    def get(self, key, default=None):
        return dict.get(self, self._key(key), default)
