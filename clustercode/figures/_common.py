"""What the book's figures share: the illustrative calibration."""

from __future__ import annotations

from ..calibrations import BOOK_MARKET  # the calibrations live in clustercode.calibrations

__all__ = ["BOOK_MARKET"]
