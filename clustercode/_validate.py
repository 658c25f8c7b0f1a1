"""Validation at the boundary: a clear error for every bad input, never a silent NaN.

A wrong *type* (a bool, a string, ``None``, a complex number, an object of the
wrong class) raises :class:`InputTypeError`, a ``TypeError``; a wrong *value*
(NaN, inf, out of range, a fractional count) raises ``ValueError``. Each
message names the parameter, the condition and, for arrays, the index of the
first offending entry.

:class:`InputTypeError` is also a ``ValueError``: until version 0.2 the
package raised ``ValueError`` for wrong types as well, and code that catches
that keeps working.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

__all__ = [
    "InputTypeError",
    "choice",
    "finite_scalar",
    "flag",
    "float_array",
    "instance",
    "integer",
    "integer_array",
    "optional_instance",
    "representable",
    "require",
]


class InputTypeError(TypeError, ValueError):
    """An argument of the wrong type (a ``TypeError``; also a ``ValueError`` for older callers)."""


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(arr: np.ndarray, mask: np.ndarray) -> tuple[str, object]:
    """(" at index i", value) of the first True entry of ``mask`` ("" for a 0-d array)."""
    if arr.ndim == 0:
        return "", arr.item()
    idx = np.unravel_index(int(np.argmax(mask)), mask.shape)
    where = idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)
    return f" at index {where}", arr[idx].item()


def _not_number(value) -> bool:
    return (isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating))
            or value is None or not isinstance(value, (numbers.Real, np.generic)))


def finite_scalar(name: str, value, *, positive: bool = False, nonnegative: bool = False) -> float:
    """Return ``value`` as a float after checking that it is a finite real number.

    Raises
    ------
    InputTypeError
        If ``value`` is not a real number (bools and strings are not numbers here).
    ValueError
        If it is NaN, infinite, or breaks ``positive`` / ``nonnegative``.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if isinstance(value, (list, tuple, np.ndarray)):
        raise InputTypeError(f"{name} must be a single real number, got {_describe(value)}")
    if _not_number(value) or isinstance(value, np.generic) and not isinstance(value, (np.integer, np.floating)):
        raise InputTypeError(f"{name} must be a real number, got {_describe(value)} ({type(value).__name__})")
    try:
        v = float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must be finite, got an integer of {len(str(abs(int(value))))} digits") from None
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    if positive and not v > 0:
        raise ValueError(f"{name} must be > 0, got {v:g}")
    if nonnegative and not v >= 0:
        raise ValueError(f"{name} must be >= 0, got {v:g}")
    return v


def float_array(name: str, value) -> np.ndarray:
    """``value`` as a float array, rejecting non-numeric input, NaN and infinities.

    Scalars and (nested, rectangular) sequences of real numbers are accepted;
    bools, strings, bytes, ``None`` and complex numbers raise
    :class:`InputTypeError`, a NaN or inf raises ``ValueError`` naming its index.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise InputTypeError(f"{name} must be a real number or an array of real numbers, "
                             f"got {_describe(value)} ({type(value).__name__})")
    try:
        raw = np.asarray(value)
    except ValueError:  # ragged nesting
        raise ValueError(f"{name} must be a real number or a rectangular array, got {_describe(value)}") from None
    kind = raw.dtype.kind
    if kind == "O":  # Python ints too large for int64, or mixed objects
        flat = raw.ravel()
        if any(_not_number(v) for v in flat):
            bad = next(i for i, v in enumerate(flat) if _not_number(v))
            raise InputTypeError(f"{name} must hold real numbers, got {_describe(flat[bad])} at index {bad}")
        try:
            raw = raw.astype(float)
        except OverflowError:
            raise ValueError(f"{name} must be finite, got an integer too large for a float") from None
        kind = "f"
    if kind not in "iuf":
        what = {"b": "booleans", "U": "strings", "S": "bytes", "c": "complex numbers"}.get(kind, str(raw.dtype))
        raise InputTypeError(f"{name} must be a real number or an array of real numbers, got {what}")
    arr = raw.astype(float, copy=False)
    bad = ~np.isfinite(arr)
    if bad.any():
        where, v = _where(arr, bad)
        raise ValueError(f"{name} must be finite (not NaN or infinite), got {v}{where}")
    return arr


def integer_array(name: str, value, *, minimum: int = 1, maximum: float = np.inf) -> np.ndarray:
    """``value`` as an integer-valued float array with ``minimum <= value <= maximum``.

    A fractional entry (``2.5`` firms) is a ``ValueError``, never truncated.
    """
    kind = "a positive integer" if minimum >= 1 else "an integer"
    try:
        arr = float_array(name, value)
    except InputTypeError as e:
        raise InputTypeError(f"{name} must be {kind} or an array of them; " + str(e).split(", ", 1)[-1]) from None
    frac = arr != np.round(arr)
    if np.any(frac):
        where, v = _where(arr, frac)
        raise ValueError(f"{name} must be {kind}, got {v:g}{where} (counts are never rounded)")
    low = arr < minimum
    if np.any(low):
        where, v = _where(arr, low)
        raise ValueError(f"{name} must be an integer >= {minimum}, got {v:g}{where}")
    high = arr > maximum
    if np.any(high):
        where, v = _where(arr, high)
        raise ValueError(f"{name} must be at most {maximum:g}, got {v:g}{where}")
    return arr


def integer(name: str, value, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as a Python int: an integral number (``3`` or ``3.0``), never a bool or a string."""
    if isinstance(value, (list, tuple)) or isinstance(value, np.ndarray) and value.ndim:
        raise InputTypeError(f"{name} must be a single integer, got {_describe(value)}")
    v = finite_scalar(name, value)
    if not float(v).is_integer():
        kind = ("an integer" if minimum is None or minimum < 0 else "a non-negative integer" if minimum == 0
                else "a positive integer" + (f" >= {minimum}" if minimum > 1 else ""))
        raise ValueError(f"{name} must be {kind}, got {v:g} (counts are never rounded)")
    out = int(value) if isinstance(value, numbers.Integral) else int(v)
    if minimum is not None and out < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {out}")
    if maximum is not None and out > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {out}")
    return out


def instance(name: str, value, cls: type):
    """``value`` itself if it is a ``cls``; an :class:`InputTypeError` naming both otherwise."""
    if not isinstance(value, cls):
        raise InputTypeError(f"{name} must be a {cls.__name__}, got {type(value).__name__}")
    return value


def optional_instance(name: str, value, cls: type, default=None):
    """``default()`` for ``None``, else :func:`instance`."""
    if value is None:
        return default() if default is not None else None
    if not isinstance(value, cls):
        raise InputTypeError(f"{name} must be a {cls.__name__} or None, got {type(value).__name__}")
    return value


def flag(name: str, value) -> bool:
    """``value`` as a bool: only ``True``, ``False`` or a numpy bool."""
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


def choice(name: str, value, options: Iterable[str]) -> str:
    """``value`` if it is one of ``options``: a string, else :class:`InputTypeError`; unknown: ``ValueError``."""
    options = tuple(options)
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string, one of {options}, got {_describe(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def representable(context: str, hint: str, **outcomes) -> None:
    """Raise ``ValueError`` if an outcome is NaN or inf although every input was finite.

    Closed forms of the models are rational functions whose intermediate
    products overflow a float for inputs of extreme scale (``gamma = 1e300``);
    this turns the overflow into an error that says so, naming the outcome and
    the index, instead of a NaN or inf in the answer.
    """
    for name, value in outcomes.items():
        arr = np.asarray(value, dtype=float)
        bad = ~np.isfinite(arr)
        if bad.any():
            where, _ = _where(arr, bad)
            raise ValueError(f"{context}: the {name.replace('_', ' ')} overflows the range of a float{where} "
                             f"although every input is finite; {hint}")


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
