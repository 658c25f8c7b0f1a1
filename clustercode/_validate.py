"""Validation at the boundary: clear ``ValueError`` messages, never a silent NaN."""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["finite_scalar", "float_array", "integer_array", "require"]


def finite_scalar(name: str, value, *, positive: bool = False, nonnegative: bool = False) -> float:
    """Return ``value`` as a float after checking that it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if positive and not v > 0:
        raise ValueError(f"{name} must be > 0, got {v}")
    if nonnegative and not v >= 0:
        raise ValueError(f"{name} must be >= 0, got {v}")
    return v


def float_array(name: str, value) -> np.ndarray:
    """``value`` as a float array, rejecting non-numeric input, NaN and infinities."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number or an array of real numbers, got {value!r}") from None
    if arr.dtype == bool:  # pragma: no cover - asarray(dtype=float) converts bools
        raise ValueError(f"{name} must be numeric, got booleans")
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].flat[0]
        raise ValueError(f"{name} must be finite (not NaN or infinite), got {bad}")
    return arr


def integer_array(name: str, value, *, minimum: int = 1, maximum: float = np.inf) -> np.ndarray:
    """``value`` as an integer-valued float array with ``minimum <= value <= maximum``."""
    if isinstance(value, bool) or (isinstance(value, np.ndarray) and value.dtype == bool):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    arr = float_array(name, value)
    frac = arr != np.round(arr)
    if np.any(frac):
        raise ValueError(f"{name} must be a positive integer, got {arr[frac].flat[0]}")
    low = arr < minimum
    if np.any(low):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {arr[low].flat[0]:g}")
    high = arr > maximum
    if np.any(high):
        raise ValueError(f"{name} must be at most {maximum:g}, got {arr[high].flat[0]:g}")
    return arr


def require(ok: np.ndarray, message, **arrays) -> None:
    """Raise ``ValueError`` if any entry of ``ok`` is False.

    ``message`` is a callable receiving the scalar values of ``arrays`` at the
    first failing point (so the error names the offending parameters) and
    returning the text of the error.
    """
    ok = np.asarray(ok)
    if ok.all():
        return
    idx = np.unravel_index(np.argmin(ok), ok.shape) if ok.ndim else ()
    point = {k: float(np.broadcast_to(v, ok.shape)[idx]) for k, v in arrays.items()}
    where = f" (first failing point at index {tuple(int(i) for i in idx)})" if ok.ndim else ""
    raise ValueError(message(**point) + where)
