"""The book's calibrations live in clustercode.calibrations, apart from the presentation layer."""

import subprocess
import sys

from clustercode import ClusterNetwork, calibrations
from clustercode.phases import CaseCalibration


def test_models_and_calibrations_import_without_the_presentation_layer():
    code = (
        "import sys, clustercode, clustercode.calibrations, clustercode.coalitions, clustercode.comparator, "
        "clustercode.phases, clustercode.large_cluster, clustercode.regimes; "
        "bad = [m for m in sys.modules if m.startswith(('clustercode.figures', 'clustercode.widgets', "
        "'clustercode.style', 'clustercode.plotting', 'matplotlib', 'ipywidgets'))]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_defaults_are_the_calibrations():
    net = ClusterNetwork()
    assert (net.firms, net.contact_rate, net.external_rate) == (
        calibrations.DIFFUSION_FIRMS, calibrations.CONTACT_RATE, calibrations.EXTERNAL_RATE)
    cal = CaseCalibration()
    assert cal.market == calibrations.BOOK_MARKET
    assert {k: getattr(cal, k) for k in calibrations.CASE} == dict(calibrations.CASE)
