"""Sphinx extension: a downloaded notebook says how to get ``clustercode``.

Every page of the site offers its notebook as ``.ipynb`` (sphinx-book-theme
copies MyST-NB's executed notebook to ``_sources/``). Opened anywhere but
Binder or the book's repository, its first ``import clustercode`` fails. After
an HTML build this extension

1. builds a wheel of the package (pure Python, from ``pyproject.toml`` and
   ``clustercode/``; no network, no build isolation) into
   ``_static/wheels/`` of the site, so the wheel is published with the book;
2. puts a first code cell in every downloadable notebook (``.ipynb``, and
   the MyST Markdown ``.md`` that Jupyter opens with jupytext) that imports
   ``clustercode`` and, only if that fails, installs it from the wheel's
   address on the published site (``%pip install``). Where the package is
   installed (Binder, the repository's venv) the cell does nothing and needs
   no network.

The site's address is ``clustercode_site_url`` in ``_config.yml``
(``sphinx.config``), or the environment variable ``CLUSTERCODE_SITE_URL`` (a
test serves the site on 127.0.0.1), or else the GitHub Pages address of
``repository.url``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path

import tomllib

MARKER = "clustercode-install"
WHEEL_DIR = "_static/wheels"
_URL_LINE = re.compile(r'^CLUSTERCODE_WHEEL = "[^"]*"$', re.M)
# A MyST Markdown notebook's YAML front matter (jupytext header), and an
# install cell put in by add_install_cell_md.
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_CELL = re.compile(r"```\{code-cell\}[^\n]*\n:tags: \[" + MARKER + r"\]\n.*?\n```\n\n", re.S)
_EPOCH = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------------------- wheel
def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(root: Path, outdir: Path) -> Path:
    """Write ``clustercode-<version>-py3-none-any.whl`` into ``outdir``; return its path."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = project["name"]
    # One version number: clustercode.__version__ (pyproject declares it dynamic).
    version = project.get("version") or re.search(
        r'^__version__\s*=\s*["\']([^"\']+)["\']', (root / name / "__init__.py").read_text(encoding="utf-8"),
        re.M).group(1)
    dist_info = f"{name}-{version}.dist-info"
    files: list[tuple[str, bytes]] = []
    for path in sorted((root / name).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files.append((path.relative_to(root).as_posix(), path.read_bytes()))
    meta = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '>=3')}",
        *(f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])),
    ]
    for extra, deps in project.get("optional-dependencies", {}).items():
        meta.append(f"Provides-Extra: {extra}")
        meta.extend(f'Requires-Dist: {dep}; extra == "{extra}"' for dep in deps)
    license_ = project.get("license", {})
    if isinstance(license_, dict) and license_.get("text"):
        meta.insert(4, f"License: {license_['text']}")
    files.append((f"{dist_info}/METADATA", ("\n".join(meta) + "\n").encode()))
    files.append((f"{dist_info}/WHEEL", (
        b"Wheel-Version: 1.0\nGenerator: book notebook_download\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n")))
    record = [_record_line(n, d) for n, d in files] + [f"{dist_info}/RECORD,,"]
    files.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    outdir.mkdir(parents=True, exist_ok=True)
    wheel = outdir / f"{name}-{version}-py3-none-any.whl"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in files:
            info = zipfile.ZipInfo(n, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, d)
    wheel.write_bytes(buffer.getvalue())
    return wheel


# ---------------------------------------------------------------------- install cell
def install_cell(wheel_url: str) -> dict:
    source = (
        "# Running this notebook outside the book's Binder or repository? This cell\n"
        "# installs the book's package, clustercode, with what the chapters use\n"
        "# besides it (its extra 'book': scipy), from the wheel published with the\n"
        "# book's website, only if they are not installed already.\n"
        f'CLUSTERCODE_WHEEL = "{wheel_url}"\n'
        "try:\n"
        "    import clustercode, scipy\n"
        "except ImportError:\n"
        '    %pip install --quiet "clustercode[book] @ {CLUSTERCODE_WHEEL}"\n'
        "    import importlib\n"
        "    importlib.invalidate_caches()\n"
        "    import clustercode, scipy\n"
    )
    return {"cell_type": "code", "execution_count": None, "id": MARKER,
            "metadata": {"tags": [MARKER]}, "outputs": [],
            "source": source.splitlines(keepends=True)}


def add_install_cell(nb: dict, wheel_url: str) -> dict:
    """Return ``nb`` with the install cell first (replacing an earlier one)."""
    cells = [c for c in nb.get("cells", []) if MARKER not in c.get("metadata", {}).get("tags", [])]
    out = dict(nb, cells=[install_cell(wheel_url), *cells])
    if out.get("nbformat", 4) == 4 and out.get("nbformat_minor", 0) < 5:
        for cell in out["cells"][1:]:
            cell.pop("id", None)
        out["cells"][0].pop("id", None)
    return out


def add_install_cell_md(text: str, wheel_url: str) -> str:
    """Return the MyST Markdown notebook ``text`` with the install cell first.

    The cell goes right after the front matter (where jupytext puts the first
    cell of the ``.ipynb``), replacing an earlier one; a Markdown file that is
    not a notebook (no front matter with a ``kernelspec``, no code cell) is
    returned unchanged.
    """
    front = _FRONT_MATTER.match(text)
    if front is None or "kernelspec:" not in front.group(0) or "```{code-cell}" not in text:
        return text
    body = _MD_CELL.sub("", text[front.end():], count=1).lstrip("\n")
    source = "".join(install_cell(wheel_url)["source"])
    cell = f"```{{code-cell}} ipython3\n:tags: [{MARKER}]\n\n{source}```\n\n"
    return f"{front.group(0)}\n{cell}{body}"


def set_wheel_url(nb: dict, wheel_url: str) -> dict:
    """``nb`` with the install cell pointing at another wheel address."""
    cells = []
    for cell in nb["cells"]:
        if MARKER in cell.get("metadata", {}).get("tags", []):
            text = _URL_LINE.sub(f'CLUSTERCODE_WHEEL = "{wheel_url}"', "".join(cell["source"]))
            cell = dict(cell, source=text.splitlines(keepends=True))
        cells.append(cell)
    return dict(nb, cells=cells)


def site_url(app) -> str:
    url = os.environ.get("CLUSTERCODE_SITE_URL") or app.config.clustercode_site_url
    if not url:
        url = app.config.html_baseurl or ""
    if not url:
        repo = (app.config.html_theme_options or {}).get("repository_url", "")
        m = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", repo or "")
        if m:
            url = f"https://{m.group(1)}.github.io/{m.group(2)}/"
    return url.rstrip("/")


def finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    wheel = build_wheel(Path(app.srcdir), outdir / WHEEL_DIR)
    base = site_url(app)
    url = f"{base}/{WHEEL_DIR}/{wheel.name}" if base else f"{WHEEL_DIR}/{wheel.name}"
    for ipynb in sorted((outdir / "_sources").rglob("*.ipynb")):
        nb = json.loads(ipynb.read_text(encoding="utf-8"))
        ipynb.write_text(json.dumps(add_install_cell(nb, url), ensure_ascii=False, indent=1),
                         encoding="utf-8")
    for md in sorted((outdir / "_sources").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        new = add_install_cell_md(text, url)
        if new != text:
            md.write_text(new, encoding="utf-8")


def setup(app):
    app.add_config_value("clustercode_site_url", "", "html")
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
