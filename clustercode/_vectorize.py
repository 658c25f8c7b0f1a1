"""Cache-friendly evaluation of elementwise kernels over broadcast arrays."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["chunked"]

#: Elements per block: small enough that a kernel's temporaries stay in cache.
CHUNK = 16384


def chunked(func: Callable, args: Sequence, dtypes: Sequence = (float,)) -> tuple:
    """Evaluate ``func(*args)`` block by block, broadcasting the array arguments.

    ``func`` must be elementwise and return a tuple with one entry per dtype in
    ``dtypes``. Arguments that are not arrays (or are 0-d) are passed through
    unchanged. Large inputs are processed in blocks of :data:`CHUNK` elements
    with :class:`numpy.nditer`, which keeps every temporary of the kernel in
    cache instead of allocating (and page-faulting) a full-size array per
    arithmetic operation: the result is identical, several times faster.
    """
    idx = [i for i, v in enumerate(args) if isinstance(v, np.ndarray) and v.ndim > 0]
    if not idx or max(args[i].size for i in idx) <= CHUNK:
        return tuple(func(*args))
    it = np.nditer(
        [args[i] for i in idx] + [None] * len(dtypes),
        flags=["external_loop", "buffered", "zerosize_ok"],
        op_flags=[["readonly"]] * len(idx) + [["writeonly", "allocate"]] * len(dtypes),
        op_dtypes=[args[i].dtype for i in idx] + list(dtypes),
        buffersize=CHUNK,
    )
    call = list(args)
    with it:
        for ops in it:
            for i, block in zip(idx, ops):
                call[i] = block
            for out, value in zip(ops[len(idx):], func(*call)):
                out[...] = value
        return tuple(it.operands[len(idx):])
