"""Demand and technology primitives shared by every model of the book."""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import finite_scalar

__all__ = ["Market"]


@dataclass(frozen=True)
class Market:
    r"""A homogeneous-good market with linear demand and a common initial unit cost.

    Inverse demand is :math:`P = a - bQ` with :math:`Q` total output; before
    any R&D each firm produces at unit cost :math:`A`.

    Parameters
    ----------
    a : float
        Demand intercept (the choke price), :math:`a > A`.
    b : float
        Slope of inverse demand, :math:`b > 0`.
    A : float
        Initial unit cost, :math:`0 < A < a`.

    Raises
    ------
    ValueError
        If a value is not finite, ``b <= 0``, ``A <= 0`` or ``a <= A``.

    Examples
    --------
    >>> Market(a=100.0, b=1.0, A=60.0).margin
    40.0
    """

    a: float = 100.0
    b: float = 1.0
    A: float = 60.0

    def __post_init__(self) -> None:
        a = finite_scalar("a", self.a)
        b = finite_scalar("b", self.b, positive=True)
        A = finite_scalar("A", self.A, positive=True)
        if not a > A:
            raise ValueError(
                f"the demand intercept must exceed the initial unit cost (a > A), got a = {a:g}, A = {A:g}"
            )
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "A", A)

    @property
    def margin(self) -> float:
        """The margin :math:`a - A` that drives output and R&D."""
        return self.a - self.A
