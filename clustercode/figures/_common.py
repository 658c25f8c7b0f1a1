"""What the book's figures share: the illustrative calibration."""

from __future__ import annotations

from ..market import Market

__all__ = ["BOOK_MARKET"]

#: Illustrative market used by the book's figures (not an estimate): demand
#: intercept 100, slope 1, initial unit cost 60.
BOOK_MARKET = Market(a=100.0, b=1.0, A=60.0)
