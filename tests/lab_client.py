"""A real JupyterLab, driven in headless Chromium: shared by tests/test_jupyterlab.py
and benchmarks/bench_jupyterlab.py (not a test module itself).

JupyterLab runs from this interpreter's environment (the project's .venv, whose
requirements.txt is also what binder/requirements.txt installs), on 127.0.0.1, a
free port, with a random token, its own temporary settings, workspace and
runtime folders, Binder's settings (binder/overrides.json as the app settings)
and Binder's server configuration (binder/jupyter_server_config.py). The
browser is Debian's Chromium through Playwright; every request that does not go
to 127.0.0.1 is aborted and recorded.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic",
                 "--disable-default-apps", "--disable-extensions"]
VIEWPORT = {"width": 1400, "height": 1000}
LAB_BIN = Path(sys.executable).with_name("jupyter-lab")
# The figure's error message box (clustercode.widgets._show_error) is filled
# with this colour: its pixels in the live image say the message is shown.
ERROR_FACE_RGB = (0xFF, 0xF4, 0xE8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(root: Path = ROOT, env: dict[str, str] | None = None,
               windowing: str | None = "none"):
    """Run JupyterLab on 127.0.0.1; yield (base_url, token, log_path).

    ``env``: more environment variables for it and its kernels. ``windowing``:
    the notebook's ``windowingMode``, or None for JupyterLab's default, which is
    what a reader on Binder gets.
    """
    tmp = Path(tempfile.mkdtemp(prefix="lab-"))
    settings = tmp / "app-settings"
    settings.mkdir()
    shutil.copy(root / "binder" / "overrides.json", settings / "overrides.json")
    # JupyterLab 4 skips the rendering of cells away from the viewport (its
    # default "contentVisibility"); the tests look at every output of a notebook
    # at once, so by default render them all ("none").
    user = tmp / "user-settings" / "@jupyterlab" / "notebook-extension"
    user.mkdir(parents=True)
    if windowing is not None:
        (user / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": windowing}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"),
               IPYTHONDIR=str(tmp / "ipython"), MPLBACKEND="Agg", **(env or {}))
    cmd = [str(LAB_BIN), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           f"--config={root / 'binder' / 'jupyter_server_config.py'}",
           f"--LabApp.app_settings_dir={settings}", "--LabApp.extension_manager=readonly",
           "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = tmp / "jupyterlab.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield base, token, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class LabPage:
    """One browser page on a JupyterLab notebook, recording console errors and
    requests that tried to leave 127.0.0.1.

    With ``guard=False`` requests are not intercepted (the benchmark: routing
    every request through Playwright's driver, the page's own blob: image loads
    included, adds 10-20 ms to each slider step that a reader's browser does
    not spend; the tests keep the guard)."""

    def __init__(self, browser, base: str, token: str, guard: bool = True):
        self.base, self.token = base, token
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(
            f"pageerror: {exc} {(getattr(exc, 'stack', '') or '')[:600]}"))
        if guard:
            self.context.route("**/*", self._route)

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text[:500])

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        """Close the page and shut down every kernel session it started."""
        self.context.close()
        import json

        with urllib.request.urlopen(f"{self.base}/api/sessions?token={self.token}") as r:
            sessions = json.load(r)
        for s in sessions:
            req = urllib.request.Request(
                f"{self.base}/api/sessions/{s['id']}?token={self.token}", method="DELETE")
            urllib.request.urlopen(req).close()

    # -- notebook -------------------------------------------------------------
    def open(self, relpath: str, timeout_ms: int = 90_000) -> None:
        p = self.page
        # ?reset: a fresh workspace (JupyterLab would reopen earlier notebooks).
        p.goto(f"{self.base}/lab/tree/{relpath}?reset&token={self.token}", timeout=timeout_ms)
        p.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout_ms)
        # The kernel is started and attached to the notebook's session (running
        # before that makes jupyterlab-myst throw "Session has no kernel").
        self._wait_session(relpath, timeout_ms / 1000)
        p.wait_for_function(
            "() => document.querySelector('.jp-Notebook-ExecutionIndicator')"
            "?.dataset.status === 'idle' && /Idle/.test("
            "document.querySelector('.jp-StatusBar-Widget')?.parentElement?.textContent || '')",
            timeout=timeout_ms)

    def _wait_session(self, relpath: str, timeout_s: float) -> None:
        import json

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{self.base}/api/sessions?token={self.token}") as r:
                sessions = json.load(r)
            if any(s.get("path") == relpath and (s.get("kernel") or {}).get("execution_state") == "idle"
                   for s in sessions):
                return
            # A "Select Kernel" dialog may ask which kernel to start (it can
            # come late): take the preferred one.
            accept = self.page.locator(".jp-Dialog button.jp-mod-accept")
            if accept.count():
                accept.first.click()
            time.sleep(0.3)
        raise TimeoutError(f"no idle kernel for {relpath} after {timeout_s:.0f} s")

    def run_all(self, timeout_ms: int = 600_000) -> float:
        """Run all cells; return seconds from the command to the last cell done."""
        p = self.page
        # Focus the notebook on the first cell's prompt: a click in the middle
        # of the notebook can land on a link (a chapter's rewritten cross-reference)
        # and open another chapter, whose cells would then never run.
        p.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell .jp-InputPrompt").first.click()
        p.keyboard.press("Escape")
        p.click("#jp-MainMenu >> text=Run")
        start = time.perf_counter()
        p.click("li[data-command='runmenu:run-all']")
        p.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll(
                    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
                return prompts.every(e => /\\[\\d+\\]/.test(e.textContent))
                  && document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle';
            }""", timeout=timeout_ms, polling=100)
        return time.perf_counter() - start

    def bad_outputs(self) -> list[str]:
        """Text of every error or stderr output, and of every widget error box."""
        return self.page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error'],"
            ".jupyter-widgets-error-widget",
            "els => els.map(e => e.textContent.slice(0, 400))")

    def figures(self):
        """Locators of the interactive figures (widget outputs holding an image)."""
        return self.page.locator(FIGURE_SELECTOR)

    def run_chapter(self, relpath: str) -> tuple[float, int]:
        """Open ``relpath``, Run All, wait for every figure's image: (seconds from Run All, figures)."""
        self.open(relpath)
        start = time.perf_counter()
        self.run_all()
        shown = self.wait_figures_shown()
        return time.perf_counter() - start, shown

    def each_figure(self, shown: int):
        """Yield ``(i, figure)`` for the first ``shown`` figures, each scrolled into view."""
        figures = self.figures()
        for i in range(shown):
            fig = figures.nth(i)
            fig.scroll_into_view_if_needed()
            yield i, fig

    def wait_figures_shown(self, timeout_ms: int = 120_000) -> int:
        """Wait until every widget output shows a loaded image; return how many."""
        self.page.wait_for_function(
            """(sel) => [...document.querySelectorAll(sel)]
                .every(o => { const i = o.querySelector('img.widget-image');
                              return i && i.complete && i.naturalWidth > 0; })""", arg=FIGURE_SELECTOR,
            timeout=timeout_ms, polling=100)
        return self.figures().count()


# A widget output (the view of an ipywidgets model; JupyterLab gives it no
# data-mime-type) holding an image.
FIGURE_SELECTOR = ".jp-OutputArea-output:has(.jupyter-widgets):not(:has(.jp-OutputArea-output))"

# In-page helper: arm a watch for the next key press on the page and the next
# image the figure paints. It records, in the page's clock, the keydown event
# (the reader's key press as the page receives it), the image's new src (the
# kernel's reply has arrived: round trip plus redraw), the new PNG decoded and
# the next frame painted; window.__labPaint resolves to those times (null when
# no new image comes within 15 s).
WATCH_JS = """(fig) => {
    const img = fig.querySelector('img.widget-image');
    const t = {};
    document.addEventListener('keydown', () => { t.key = performance.now(); }, {once: true, capture: true});
    window.__labPaint = new Promise(resolve => {
        const old = img.src;
        const obs = new MutationObserver(() => {
            if (img.src === old) return;
            obs.disconnect();
            t.src = performance.now();
            const done = () => {
                t.decoded = performance.now();
                requestAnimationFrame(() => { t.paint = performance.now(); resolve(t); });
            };
            if (img.complete && img.naturalWidth > 0) done(); else img.addEventListener('load', done, {once: true});
        });
        obs.observe(img, {attributes: true, attributeFilter: ['src']});
        setTimeout(() => { obs.disconnect(); resolve(null); }, 15000);
    });
    return performance.now();
}"""

ERROR_FACE_JS = """(fig) => {
    const img = fig.querySelector('img.widget-image');
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 0; k < d.length; k += 4)
        if (d[k] === %d && d[k+1] === %d && d[k+2] === %d) n++;
    return n;
}""" % ERROR_FACE_RGB  # noqa: UP031 - JavaScript braces


def slider_handles(fig):
    return fig.locator(".widget-slider .noUi-handle, .widget-hslider .noUi-handle")


def figure_alt(fig) -> str:
    """The figure's alt text, from the visually hidden description before its image."""
    return fig.evaluate("f => (f.querySelector('.widget-html [aria-label]')?.textContent || '')"
                        ".replace(/^Figure: /, '')")


def figure_by_alt(alt: str):
    """A fresh in-process figure of ``clustercode.figures.INTERACTIVE_FIGURES`` with this alt
    text (the browser's figure, to compare with), or None."""
    from clustercode.figures import INTERACTIVE_FIGURES

    for factory in INTERACTIVE_FIGURES.values():
        fig = factory()
        if (fig.alt or "").strip() == alt.strip():
            return fig
        fig.close()
    return None


def step_key(handle, key: str = "ArrowRight") -> str:
    """``key``, turned back at the ends of the slider's track (ArrowLeft at its maximum,
    ArrowRight at its minimum)."""
    now = handle.get_attribute("aria-valuenow")
    if now == handle.get_attribute("aria-valuemax"):
        return "ArrowLeft"
    if now == handle.get_attribute("aria-valuemin"):
        return "ArrowRight"
    return key


def press_and_time(page, fig, handle, key: str, parts: bool = False):
    """Press ``key`` on a slider handle; ms from the keydown to the new image painted.

    The handle is focused and the watch armed before the key goes down, and
    the key is sent as trusted keyboard input to the focused handle, so the
    time counts only what follows the reader's key press: the kernel's round
    trip and redraw, the PNG's decoding and the next paint (not the test
    harness's own calls into the page). None when no new image is painted.
    With ``parts=True`` returns ``(total, {"reply": keydown -> new src,
    "decode": src -> decoded, "paint": decoded -> painted})``.
    """
    handle.focus()
    fig.evaluate(WATCH_JS)
    page.keyboard.press(key)
    t = page.evaluate("() => window.__labPaint")
    if not t or "key" not in t:
        return (None, {}) if parts else None
    total = t["paint"] - t["key"]
    if not parts:
        return total
    return total, {"reply": t["src"] - t["key"], "decode": t["decoded"] - t["src"],
                   "paint": t["paint"] - t["decoded"]}


# In-page stepping (the benchmark): ``steps`` key presses on the figure's
# ``index``-th slider handle, run inside the page so that no call from the
# harness (Playwright's focus, evaluate, attribute reads: 20-50 ms of browser
# and driver CPU per step on two cores) competes with the step being timed.
# Each press is a keydown dispatched on the focused handle (noUiSlider's own
# keyboard handler, the one a reader's key reaches), turning back at the ends
# of the track; each is timed like press_and_time (keydown -> new src ->
# decoded -> next frame painted), then the page idles ``gap`` ms.
STEP_JS = """async (fig, [index, steps, gap]) => {
    const img = fig.querySelector('img.widget-image');
    const handle = fig.querySelectorAll('.widget-slider .noUi-handle, .widget-hslider .noUi-handle')[index];
    const out = [];
    let key = 'ArrowRight';
    for (let k = 0; k < steps; k++) {
        const now = handle.getAttribute('aria-valuenow');
        if (now === handle.getAttribute('aria-valuemax')) key = 'ArrowLeft';
        else if (now === handle.getAttribute('aria-valuemin')) key = 'ArrowRight';
        handle.focus();
        const old = img.src, t = {};
        const painted = new Promise(resolve => {
            const obs = new MutationObserver(() => {
                if (img.src === old) return;
                obs.disconnect();
                t.src = performance.now();
                const done = () => {
                    t.decoded = performance.now();
                    requestAnimationFrame(() => { t.paint = performance.now(); resolve(); });
                };
                if (img.complete && img.naturalWidth > 0) done(); else img.addEventListener('load', done, {once: true});
            });
            obs.observe(img, {attributes: true, attributeFilter: ['src']});
            setTimeout(() => { obs.disconnect(); resolve(); }, 15000);
        });
        const code = key === 'ArrowRight' ? 39 : 37;
        t.key = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', {key, code: key, keyCode: code, which: code,
                                                            bubbles: true, cancelable: true}));
        await painted;
        if (t.paint) out.push({total: t.paint - t.key, reply: t.src - t.key,
                               decode: t.decoded - t.src, paint: t.paint - t.decoded});
        await new Promise(r => setTimeout(r, gap));
    }
    return out;
}"""


def step_in_page(fig, index: int, steps: int, gap_ms: int = 150) -> list[dict]:
    """Time ``steps`` key presses on the figure's ``index``-th slider, in the page
    (``STEP_JS``): a dict per painted step with total, reply, decode and paint (ms)."""
    return fig.evaluate(STEP_JS, [index, steps, gap_ms])


def error_face_pixels(fig) -> int:
    return fig.evaluate(ERROR_FACE_JS)
