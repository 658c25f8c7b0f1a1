"""Hypothesis settings profiles, loaded by tests/conftest.py.

- ``ci`` (chosen when ``CI=true``): derandomized. The examples are a fixed
  function of each test, so a submission passes or fails on its merits, the
  same on every run and every machine, and no example database is read or
  written. ``make test`` sets ``CI`` only if the caller does.
- ``explore`` (``make test-explore``): fresh random examples (the seed comes
  from ``--hypothesis-seed``, chosen anew for every round), to find the
  counterexamples the fixed set misses. Tests keep their own ``max_examples``;
  ``make test-explore`` runs round after round, each with a new seed, for
  ``EXPLORE_SECONDS``.
- ``default`` (everything else): hypothesis's own defaults, random examples,
  failures replayed from the local ``.hypothesis`` database.

``HYPOTHESIS_PROFILE`` overrides the choice.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,          # a loaded runner must not turn slowness into a failure
    print_blob=True,        # a failure says how to reproduce it
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def load() -> str:
    """Load the profile for this run; return its name."""
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "default")
    settings.load_profile(name)
    return name
