// Typeset TeX at build time with MathJax 3 (the npm package pinned in
// package.json), so that the pages carry finished CommonHTML and load no
// MathJax script. Started once per Sphinx build by _ext/lean_pages.py:
//
//   node render-math.js FONT_URL        (run in web/, so require('mathjax') resolves)
//
// Protocol, one JSON object per line on stdin and stdout, in order:
//   {"tex": "...", "display": true}  ->  {"html": "<mjx-container ...>"}
//                                         or {"error": "message"} (TeX error)
//   {"stylesheet": true}             ->  {"css": "..."}  the CommonHTML styles for
//                                         every character of MathJax's fonts (not only
//                                         the ones typeset so far: the same file serves
//                                         every page, whatever a partial build rewrote),
//                                         fonts loaded from FONT_URL (relative to the CSS).
// Each formula also carries its MathML (a11y/assistive-mml) for screen readers,
// as the in-browser MathJax gave it.
'use strict';
const readline = require('readline');

const fontURL = process.argv[2] || 'mathjax/output/chtml/fonts/woff-v2';

require('mathjax').init({
  loader: {load: ['input/tex-full', 'output/chtml', 'a11y/assistive-mml']},
  // noundefined would show an unknown macro in red instead of failing: drop it,
  // so that every TeX error reaches the build.
  tex: {packages: {'[-]': ['noundefined']}},
  chtml: {fontURL, adaptiveCSS: false},
  startup: {typeset: false},
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
  const lines = readline.createInterface({input: process.stdin, terminal: false});
  // Requests are answered one at a time, in order (tex2chtmlPromise may load
  // nothing here, since tex-full has every package, but keep the order anyway).
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    if (!line.trim()) return;
    queue = queue.then(async () => {
      const req = JSON.parse(line);
      if (req.stylesheet) {
        out({css: adaptor.textContent(MathJax.chtmlStylesheet())});
        return;
      }
      try {
        const node = await MathJax.tex2chtmlPromise(req.tex, {display: !!req.display});
        const html = adaptor.outerHTML(node);
        const err = html.match(/data-mjx-error="([^"]*)"/);
        out(err ? {error: err[1]} : {html});
      } catch (e) {
        out({error: String(e && e.message || e)});
      }
    });
  });
  lines.on('close', () => { queue.then(() => process.exit(0)); });
}).catch((e) => {
  process.stderr.write('MathJax did not start: ' + (e && e.stack || e) + '\n');
  process.exit(1);
});
