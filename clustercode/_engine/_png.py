"""A minimal PNG encoder for the live image."""

from __future__ import annotations

import struct
import zlib

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def encode_png(fig: Figure, *, compress_level: int, alt: str | None, draw: bool = True) -> bytes:
    """Return ``fig``'s Agg canvas as PNG bytes (drawn first if ``draw``).

    8-bit RGB, no row filter, zlib: for flat-coloured plots about twice as
    fast as Pillow's encoder at a similar size, which matters for the live
    image. The PNG records the resolution and, as an ``iTXt`` "Description",
    the alt text.
    """
    canvas = fig.canvas
    if draw:
        canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    pixels = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):  # opaque: drop alpha (a channel at a time: several times
        pixels[..., channel] = rgba[..., channel]  # faster than one 3-byte-wide copy)
    ppm = int(round(float(fig.dpi) / 0.0254))  # pixels per metre
    chunks = [
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
        _chunk(b"tEXt", b"Software\0matplotlib " + mpl.__version__.encode("ascii")
               + b" via clustercode.widgets"),
    ]
    if alt:
        chunks.append(_chunk(b"iTXt", b"Description\0\0\0\0\0" + alt.encode("utf-8")))
    chunks.append(_chunk(b"IDAT", zlib.compress(rows, compress_level)))
    chunks.append(_chunk(b"IEND", b""))
    return PNG_SIGNATURE + b"".join(chunks)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the IHDR chunk."""
    return struct.unpack(">II", png[16:24])
