"""scripts/install-system-deps.sh on a simulated fresh machine.

The machine running the tests has everything installed, so a fresh one is
simulated: a PATH of links to the real tools minus the ones "not installed",
with stand-ins for ``fc-list`` (no fonts), ``id`` (root or not) and
``apt-get`` (records what it was asked to install, installs nothing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "install-system-deps.sh"
NEEDED = ("bash", "grep", "date", "env", "cat", "od", "tr")


def fresh_machine(tmp_path: Path, *, uid: int, absent: set[str], fonts: bool = False) -> dict:
    """Environment whose PATH is a fake bin folder; returns it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            target = bin_dir / name
            if name in absent or target.exists() or name in {"id", "apt-get", "fc-list", "fc-cache"}:
                continue
            target.symlink_to(Path(folder, name))
    log = tmp_path / "apt.log"
    stand_ins = {
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "apt-get $*" >> {log}\n',
        "fc-list": "#!/bin/sh\n" + ('echo "Noto Sans CJK SC"\n' if fonts else "exit 0\n"),
        "fc-cache": "#!/bin/sh\nexit 0\n",
    }
    for name, text in stand_ins.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path), "LANG": "C.UTF-8"}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash", path=env["PATH"]), str(SCRIPT), *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def apt_calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_this_machine_has_everything():
    proc = subprocess.run(["bash", str(SCRIPT), "--check", "all"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_not_root_stops_with_the_exact_command(tmp_path):
    env = fresh_machine(tmp_path, uid=1000, absent={"node", "npm", "xelatex"})
    proc = run(env, "book", "pdf")
    assert proc.returncode == 1
    assert "sudo bash scripts/install-system-deps.sh book pdf" in proc.stderr
    assert "apt-get install -y --no-install-recommends" in proc.stderr
    for package in ("fonts-noto-cjk", "nodejs", "npm", "texlive-xetex", "fonts-freefont-otf"):
        assert package in proc.stderr, package
    assert apt_calls(tmp_path) == [], "not root: nothing may be installed"


def test_root_installs_only_what_is_missing(tmp_path):
    # node and npm present (as on a CI runner), the CJK font missing: fonts only.
    env = fresh_machine(tmp_path, uid=0, absent=set())
    proc = run(env, "book")
    calls = apt_calls(tmp_path)
    assert calls[0] == "apt-get update -q"
    installed = calls[1].split()
    assert installed[:4] == ["apt-get", "install", "-y", "-q"]
    assert "fonts-noto-cjk" in installed and "nodejs" not in installed and "npm" not in installed
    # The stand-in apt-get installs nothing, so the final check still fails: exit 1.
    assert proc.returncode == 1 and "missing: font:Noto Sans CJK SC" in proc.stdout


def test_nothing_runs_when_everything_is_present(tmp_path):
    env = fresh_machine(tmp_path, uid=0, absent=set(), fonts=True)
    proc = run(env, "book")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all present" in proc.stdout and apt_calls(tmp_path) == []


def test_check_only_reports(tmp_path):
    env = fresh_machine(tmp_path, uid=0, absent={"chromium"}, fonts=True)
    proc = run(env, "--check", "browser")
    assert proc.returncode == 1 and "command:chromium" in proc.stdout
    assert apt_calls(tmp_path) == []


def test_unknown_component_is_refused(tmp_path):
    proc = subprocess.run(["bash", str(SCRIPT), "fonts"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "usage" in proc.stderr


@pytest.mark.parametrize("target, components", [("book", "book"), ("pdf", "book pdf"),
                                                ("test", "all"), ("test-unit", "book")])
def test_make_targets_install_system_deps_before_anything_else(target, components):
    """make -n: the install step is the first command of book, pdf and test."""
    # Run as a top-level make even when the tests run under `make test`: the
    # parent's MAKEFLAGS / MAKELEVEL would add "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    proc = subprocess.run(["make", "--no-print-directory", "-n", "-B", target], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines[0] == f"bash scripts/install-system-deps.sh {components}", lines[:3]


def test_new_fonts_clear_the_execution_cache(tmp_path):
    """Figures cached before the CJK fonts were installed are not reused after."""
    build = tmp_path / "build"
    cache = build / ".jupyter_cache"
    fake = tmp_path / "fakebin"
    fake.mkdir()
    fc_list = fake / "fc-list"

    def make(fonts: str) -> None:
        fc_list.write_text(f"#!/bin/sh\necho '{fonts}'\n")
        fc_list.chmod(0o755)
        env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
        proc = subprocess.run(["make", f"BUILD={build}", f"{build}/.clustercode-stamp"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr

    make("DejaVu Sans")
    cache.mkdir()
    make("DejaVu Sans")
    assert cache.exists(), "nothing changed, yet the execution cache was dropped"
    make("DejaVu Sans\nNoto Sans CJK SC")
    assert not cache.exists(), "new fonts, yet the cached figures were kept"
