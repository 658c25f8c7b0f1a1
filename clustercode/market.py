"""Demand and technology primitives shared by every model of the book."""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import finite_scalar

__all__ = ["Market"]


@dataclass(frozen=True)
class Market:
    r"""A market with linear demand and a common initial unit cost.

    Inverse demand for firm ``i``'s variety is
    :math:`p_i = a - b(q_i + \delta\sum_{j\ne i} q_j)`; with the default
    :math:`\delta = 1` the good is homogeneous and :math:`P = a - bQ` with
    :math:`Q` total output. Before any R&D each firm produces at unit cost
    :math:`A`.

    Parameters
    ----------
    a : float
        Demand intercept (the choke price), :math:`a > A`.
    b : float
        Slope of inverse demand, :math:`b > 0`.
    A : float
        Initial unit cost, :math:`0 < A < a`.
    substitution : float
        Substitutability :math:`\delta \in (0, 1]` between the firms'
        varieties (1, the default: a homogeneous good). See
        :mod:`clustercode.symbolic_differentiated`.

    Raises
    ------
    TypeError
        If ``a``, ``b``, ``A`` or ``substitution`` is not a real number (a bool or a numeric string is not
        a number).
    ValueError
        If a value is not finite, ``b <= 0``, ``A <= 0``, ``a <= A`` or
        ``substitution`` lies outside ``(0, 1]``.

    Examples
    --------
    >>> Market(a=100.0, b=1.0, A=60.0).margin
    40.0
    """

    a: float = 100.0
    b: float = 1.0
    A: float = 60.0
    substitution: float = 1.0

    def __post_init__(self) -> None:
        a = finite_scalar("a", self.a)
        b = finite_scalar("b", self.b, positive=True)
        A = finite_scalar("A", self.A, positive=True)
        if not a > A:
            raise ValueError(
                f"the demand intercept must exceed the initial unit cost (a > A), got a = {a:g}, A = {A:g}"
            )
        d = finite_scalar("substitution", self.substitution)
        if not 0.0 < d <= 1.0:
            raise ValueError(f"substitution must lie in (0, 1] (1 is a homogeneous good), got {d:g}")
        object.__setattr__(self, "substitution", d)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "A", A)

    @property
    def homogeneous(self) -> bool:
        """True when the good is homogeneous (``substitution == 1``)."""
        return self.substitution == 1.0

    @property
    def margin(self) -> float:
        """The margin :math:`a - A` that drives output and R&D."""
        return self.a - self.A
