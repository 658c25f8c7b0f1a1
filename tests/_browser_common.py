"""What the Playwright tests (and benchmarks/bench_live_figures.py) share.

:func:`gatekeeper` is the route handler with which every browser context of
the tests blocks the network: the book's site is served from a local server,
and a page that asks another host for anything (a font, a script, an icon)
would not work offline, so each such request is aborted and recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

#: Schemes that never leave the page (inline data, object URLs, about:blank).
LOCAL_SCHEMES = ("data", "blob", "about")


def gatekeeper(host: str, blocked: list[str] | Callable[[str], None]):
    """A route handler for ``context.route("**/*", ...)`` that lets only ``host`` through.

    Parameters
    ----------
    host : str
        The local server: its ``host:port``, or a URL of it (its netloc is taken).
    blocked : list or callable
        Where a blocked request's URL goes: appended to the list, or passed to
        the callable (to record more, e.g. the page that asked).

    Returns
    -------
    callable
        ``handler(route)``: requests to ``host`` and of :data:`LOCAL_SCHEMES`
        continue; every other request is aborted (``blockedbyclient``) and
        recorded.
    """
    netloc = urlsplit(host).netloc if "://" in host else host
    record = blocked.append if isinstance(blocked, list) else blocked

    def handler(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in LOCAL_SCHEMES or parts.netloc == netloc:
            route.continue_()
        else:
            record(route.request.url)
            route.abort("blockedbyclient")

    return handler
