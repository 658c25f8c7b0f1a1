"""Book-level tests: the chapters execute, the HTML site builds with -W, the
PDF builds through XeLaTeX with Chinese fonts embedded, and the Binder
environment (binder/ only) can run every chapter.

All tests here are marked ``book`` (see pyproject.toml); ``make test`` runs
them after the fast unit tests. The PDF test skips only when the TeX/poppler
tools are missing and CI is not set; with CI=true it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
BIN = Path(sys.executable).parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Text reprs of ipywidgets, e.g. "VBox(children=(...))", "interactive(children=",
# "FloatSlider(value=0.3, ...)": a widget shown as text instead of its picture.
WIDGET_TEXT = re.compile(
    r"\b(?:\w*Box|interactive|\w*Slider|Output|Dropdown|Checkbox|ToggleButtons?|"
    r"Button|Play|Tab|Accordion)\((?:children|value|description|options|layout|outputs)="
)
PDF_TOOLS = ("xelatex", "latexmk", "pdfinfo", "pdffonts", "pdftoppm", "pdftotext")
OVERFULL_PT = 10.0  # a line may stick out of the text block by at most this much
BUILD_TIMEOUT = 1800  # seconds; a whole-book build should take a few minutes


# ----------------------------------------------------------------------------- helpers
def toc_docnames() -> list[str]:
    """Every document in _toc.yml, root first, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(node: dict) -> None:
        for key in ("parts", "chapters", "sections"):
            for item in node.get(key) or []:
                if "file" in item:
                    names.append(item["file"])
                walk(item)

    walk(toc)
    return names


def source_of(docname: str) -> Path:
    for ext in (".md", ".ipynb"):
        path = ROOT / f"{docname}{ext}"
        if path.exists():
            return path
    raise FileNotFoundError(f"_toc.yml lists '{docname}', but neither .md nor .ipynb exists")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def is_notebook(docname: str) -> bool:
    path = source_of(docname)
    return path.suffix == ".ipynb" or "kernelspec" in front_matter(path)


def jb() -> str:
    exe = BIN / "jupyter-book"
    return str(exe) if exe.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None,
        timeout: int = BUILD_TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def tail(proc: subprocess.CompletedProcess, n: int = 80) -> str:
    lines = (proc.stdout + "\n" + proc.stderr).splitlines()
    return "\n".join(lines[-n:])


def execute_notebook(path: Path):
    """Execute a MyST/ipynb notebook with nbclient; return the executed notebook."""
    import jupytext
    import nbclient

    nb = jupytext.read(path)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def png_outputs(nb) -> int:
    return sum(
        1
        for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    )


def widget_outputs_without_png(nb) -> list[int]:
    """Indices of code cells whose widget output carries no static image."""
    bad = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data and "image/png" not in data:
                bad.append(i)
            # A matplotlib Figure displayed without an image formatter (no
            # ``%matplotlib inline``) comes out as the text "<Figure size ...>".
            text = "".join(data.get("text/plain", ""))
            if "image/png" not in data and re.match(r"<(Figure size|matplotlib\.figure\.)", text):
                bad.append(i)
    return bad


def html_outputs(page: str) -> str:
    """The cell-output parts of an HTML page (code inputs and prose left out)."""
    chunks = re.split(r'<div class="cell_output', page)[1:]
    return "\n".join(re.split(r'<div class="cell(?:\s|")', chunk)[0] for chunk in chunks)


def tex_outputs(tex: str) -> str:
    """The cell-output blocks of book.tex."""
    return "\n".join(re.findall(r"\\begin\{sphinxVerbatimOutput\}(.*?)\\end\{sphinxVerbatimOutput\}",
                                tex, re.S))


def pdf_text(pdf: Path, first: int, last: int) -> str:
    return run(["pdftotext", "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
               timeout=120).stdout


def require_pdf_tools() -> None:
    missing = [t for t in PDF_TOOLS if shutil.which(t) is None]
    if missing:
        msg = (f"PDF tools missing: {', '.join(missing)}. Install them as root with "
               "`bash scripts/install-system-deps.sh pdf` (make pdf does this).")
        if IN_CI:
            pytest.fail(msg + " CI=true: the PDF test may not be skipped.")
        pytest.skip(msg)


# ----------------------------------------------------------------------------- fixtures
EXISTING_DOCS = [d for d in toc_docnames()
                 if (ROOT / f"{d}.md").exists() or (ROOT / f"{d}.ipynb").exists()]


# The session fixtures `executed`, `build_dir`, `html_build` and `pdf_build` live
# in tests/conftest.py: tests/test_browser.py looks at the same build.


# ----------------------------------------------------------------------------- (0) layout
def test_toc_lists_existing_documents():
    docs = toc_docnames()
    assert docs[0] == "index"
    missing = [d for d in docs if not any((ROOT / f"{d}{e}").exists() for e in (".md", ".ipynb"))]
    assert not missing, f"_toc.yml lists documents that do not exist: {missing}"
    assert len(set(docs)) == len(docs), "a document is listed twice in _toc.yml"


@pytest.mark.parametrize("doc", [d for d in EXISTING_DOCS if d.startswith("chapters/")
                                 and Path(d).name != "bibliography"])
def test_chapter_is_a_myst_notebook(doc):
    path = source_of(doc)
    if path.suffix == ".ipynb":
        return
    fm = front_matter(path)
    assert fm.get("jupytext", {}).get("text_representation", {}).get("format_name") == "myst", \
        f"{path.name}: front matter needs jupytext.text_representation.format_name: myst"
    assert fm.get("kernelspec", {}).get("name") == "python3", \
        f"{path.name}: front matter needs kernelspec.name: python3"


def test_config_shows_widgets_as_images():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx_cfg = cfg["sphinx"]["config"]
    overrides = {(b, m): p for b, m, p in sphinx_cfg["nb_mime_priority_overrides"]}
    for builder in ("html", "latex"):
        assert overrides.get((builder, WIDGET_VIEW), "missing") is None, builder
    assert sphinx_cfg["nb_ipywidgets_js"] == {}, "no widget JavaScript from a CDN"
    assert cfg["execute"]["allow_errors"] is False
    for pattern in (".venv", "_build", ".pytest_cache", ".hypothesis", "benchmarks",
                    "README.md", "binder", "latex", "scripts", "tests", "_ext", "_vendor", "web"):
        assert pattern in cfg["exclude_patterns"], pattern
    # Formulas typeset at build time (_ext/lean_pages.py): no MathJax script at
    # all, and none from a CDN; the site's own assets only.
    assert sphinx_cfg["html_math_renderer"] == "chtml"
    assert "://" not in sphinx_cfg.get("mathjax_path", "")
    assert sphinx_cfg["html_static_path"] == ["_vendor", "web/static"]


# ----------------------------------------------------------------------------- (a) execute
@pytest.mark.parametrize("doc", [d for d in EXISTING_DOCS if is_notebook(d)])
def test_chapter_executes(executed, doc):
    result = executed[doc]
    if isinstance(result, Exception):
        pytest.fail(f"{doc} failed to execute:\n{textwrap.shorten(str(result), 4000)}")
    bad = widget_outputs_without_png(result)
    assert not bad, (f"{doc}: widget or figure output(s) in code cell(s) {bad} carry no "
                     "image/png; the website and the PDF could not show them")


# ----------------------------------------------------------------------------- (b) HTML
def test_html_build(html_build, executed):
    proc, html = html_build
    assert proc.returncode == 0, f"jupyter-book build -W failed:\n{tail(proc)}"
    assert (html / "index.html").exists()

    for doc in toc_docnames():
        page = html / f"{doc}.html"
        assert page.exists(), f"no HTML page for toc entry {doc}"
        text = page.read_text(encoding="utf-8")
        shown = WIDGET_TEXT.search(html_outputs(text))
        assert not shown, f"{doc}.html shows a widget as text: {shown.group(0)!r}"
        assert WIDGET_VIEW not in text, f"{doc}.html embeds a live widget view"
        assert "@jupyter-widgets/html-manager" not in text and "require.min.js" not in text, \
            f"{doc}.html loads widget JavaScript from a CDN"
        nb = executed.get(doc)
        if nb is not None and not isinstance(nb, Exception):
            n_png = png_outputs(nb)
            n_img = len(re.findall(r'<img[^>]+src="[^"]*_images/', text))
            assert n_img >= n_png, (f"{doc}.html has {n_img} output images, "
                                    f"but the notebook produced {n_png} PNG outputs")


# ----------------------------------------------------------------------------- (c) PDF
def test_pdf_build(pdf_build, executed):
    require_pdf_tools()
    proc, latex = pdf_build
    assert proc.returncode == 0, f"PDF build failed:\n{tail(proc)}"
    pdf = latex / "book.pdf"
    assert pdf.exists(), f"no {pdf}:\n{tail(proc)}"

    info = run(["pdfinfo", str(pdf)], timeout=60).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= len(toc_docnames()), f"only {pages} pages"

    fonts = run(["pdffonts", str(pdf)], timeout=60).stdout.splitlines()
    cjk = [line for line in fonts if re.search(r"Noto\w*CJK", line)]
    assert cjk, "no Noto CJK font in the PDF:\n" + "\n".join(fonts)
    # columns: name type encoding emb sub uni object ID -> emb is 5th from the end
    assert any(line.split()[-5] == "yes" for line in cjk), "CJK font not embedded:\n" + "\n".join(cjk)

    tex = (latex / "book.tex").read_text(encoding="utf-8")
    shown = WIDGET_TEXT.search(tex_outputs(tex))
    assert not shown, f"the PDF shows a widget as text: {shown.group(0)!r}"
    n_png = sum(png_outputs(nb) for nb in executed.values() if not isinstance(nb, Exception))
    assert tex.count(r"\sphinxincludegraphics") >= n_png, "an output image is missing in book.tex"
    # One Bibliography chapter: the thebibliography list must not open a second one.
    assert len(re.findall(r"\\chapter\*?\{Bibliography", tex)) == 1
    assert r"\renewenvironment{sphinxthebibliography}" in tex

    # Title page: the bilingual title and the original's credit.
    title = pdf_text(pdf, 1, 1)
    for needed in ("Technology Externality", "技术外部性与产业集群转型创新", "Lin Chengliang",
                   "林承亮", "Zhejiang University Press", "2013", "978-7-308-12311-2"):
        assert needed in title, f"the title page lacks {needed!r}:\n{title}"
    # Table of contents, with every chapter of the toc in it.
    contents = pdf_text(pdf, 2, 6)
    assert re.search(r"contents", contents, re.I), "no table of contents on pages 2-6"
    # Numbered propositions and equations, as in the sources.
    body = pdf_text(pdf, 1, pages)
    sources = "\n".join(source_of(d).read_text(encoding="utf-8") for d in EXISTING_DOCS)
    n_props = len(re.findall(r"^\s*(?:`{3,}|:{3,})\{prf:proposition\}", sources, re.M))
    shown = set(re.findall(r"Proposition (\d+(?:\.\d+)+) \(", body))
    assert len(shown) >= n_props, f"{n_props} propositions in the sources, numbered in the PDF: {shown}"
    if re.search(r"^:label:", sources, re.M):
        assert re.search(r"\(\d+\.\d+\)", body), "no numbered equation in the PDF"
    # Nothing runs off the page: no overfull line wider than OVERFULL_PT
    # (long code wraps, wide formulas in outputs are scaled, tables fit).
    log = (latex / "book.log").read_text(encoding="utf-8", errors="replace")
    overfull = [(float(w), where) for w, where in
                re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) (.*)", log)]
    too_wide = [o for o in overfull if o[0] > OVERFULL_PT]
    assert not too_wide, f"lines running off the page (book.log): {too_wide}"

    # A few pages as pictures: none of them blank (title, contents, middle, last).
    from PIL import Image

    for number in sorted({1, 2, pages // 2, pages}):
        out = latex / f"page{number}"
        png = run(["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", str(number),
                   "-l", str(number), str(pdf), str(out)], timeout=120)
        assert png.returncode == 0, png.stderr
        image = Image.open(f"{out}.png").convert("L")
        inked = sum(image.point(lambda v: 255 if v < 200 else 0).histogram()[255:])
        assert inked > 0.002 * image.width * image.height, f"page {number} of the PDF looks blank"


# ----------------------------------------------------------------------------- (d) Binder
def test_binder_environment_runs_every_chapter(tmp_path):
    """A fresh venv made only from binder/ (as repo2docker would, from the repo
    root) installs clustercode and jupytext and executes every chapter."""
    binder = ROOT / "binder"
    assert "fonts-noto-cjk" in (binder / "apt.txt").read_text().split()
    runtime = (binder / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-3."), runtime

    venv = tmp_path / "binder-venv"
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    proc = run([base_python, "-m", "venv", str(venv)], timeout=300)
    assert proc.returncode == 0, tail(proc)
    py = venv / "bin" / "python"
    proc = run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                "-r", "binder/requirements.txt"], timeout=BUILD_TIMEOUT)
    assert proc.returncode == 0, f"pip install -r binder/requirements.txt failed:\n{tail(proc)}"

    docs = [str(source_of(d)) for d in toc_docnames() if is_notebook(d)]
    script = textwrap.dedent("""
        import sys, jupytext, nbclient, clustercode
        from pathlib import Path
        for path in sys.argv[1:]:
            nb = jupytext.read(path)
            nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                resources={"metadata": {"path": str(Path(path).parent)}}).execute()
            print("executed", path)
    """)
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    proc = run([str(py), "-c", script, *docs], env=env, timeout=BUILD_TIMEOUT)
    assert proc.returncode == 0, f"a chapter failed in the Binder environment:\n{tail(proc)}"
    assert proc.stdout.count("executed ") == len(docs)
