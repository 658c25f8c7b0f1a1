"""Instruments of industrial policy aimed at cluster innovation."""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import finite_scalar

__all__ = ["Policy"]


@dataclass(frozen=True)
class Policy:
    r"""Output and R&D subsidies and the shadow cost of the public funds that pay them.

    Parameters
    ----------
    output_subsidy : float
        Subsidy :math:`s` per unit of output; it lowers each firm's effective
        marginal cost from :math:`c_i` to :math:`c_i - s`. A negative value is
        a per-unit tax.
    rd_subsidy : float
        Share :math:`\sigma \in [0, 1)` of each firm's R&D cost paid by the
        government; the firm pays :math:`(1-\sigma)\gamma x_i^2/2`.
    shadow_cost : float
        Shadow cost :math:`\lambda \ge 0` of public funds: welfare counts each
        unit of government outlay as :math:`1 + \lambda`.

    Raises
    ------
    TypeError
        If ``output_subsidy``, ``rd_subsidy`` or ``shadow_cost`` is not a real number (a bool or a
        numeric string is not a number).
    ValueError
        If a value is not finite, ``rd_subsidy`` lies outside ``[0, 1)``, or
        ``shadow_cost < 0``.

    Notes
    -----
    Welfare is :math:`CS + \sum_i \pi_i - (1+\lambda)\,G`, where profits
    include the subsidies received and :math:`G` is government outlay.
    """

    output_subsidy: float = 0.0
    rd_subsidy: float = 0.0
    shadow_cost: float = 0.0

    def __post_init__(self) -> None:
        s = finite_scalar("output_subsidy", self.output_subsidy)
        sigma = finite_scalar("rd_subsidy", self.rd_subsidy)
        if not 0.0 <= sigma < 1.0:
            raise ValueError(f"rd_subsidy must lie in [0, 1) (the share of R&D cost paid), got {sigma:g}")
        lam = finite_scalar("shadow_cost", self.shadow_cost)
        if lam < 0:
            raise ValueError(f"shadow_cost must be >= 0, got {lam:g}")
        object.__setattr__(self, "output_subsidy", s)
        object.__setattr__(self, "rd_subsidy", sigma)
        object.__setattr__(self, "shadow_cost", lam)

    @property
    def is_laissez_faire(self) -> bool:
        """True when neither subsidy is used."""
        return self.output_subsidy == 0.0 and self.rd_subsidy == 0.0
