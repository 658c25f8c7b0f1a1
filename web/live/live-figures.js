/* Live figures on the static site (clustercode book).
 *
 * Every interactive figure of a page is a <div class="cc-live"> made by
 * _ext/live_figures.py: the notebook's PNG (the first view), real range
 * sliders, a note, and a JSON manifest. On the reader's first interaction the
 * figure's precomputed data (clustercode/_live_export.py) is fetched from the
 * site itself: per grid point of the sliders, drawing primitives of what the
 * package's own figure drew there (paths in CSS pixels, sprites of texts and
 * images in one atlas, a background per set of axes boxes). This script only
 * draws those primitives on a <canvas>; it knows nothing of the models.
 * Slider positions between grid points snap to the nearest grid point.
 */
(function () {
  "use strict";

  var ERROR_TITLE = "Parameters outside the model's assumptions:";

  function nearest(grid, value) {
    var best = 0, dist = Infinity;
    for (var i = 0; i < grid.length; i++) {
      var d = Math.abs(grid[i] - value);
      if (d < dist - 1e-12) { dist = d; best = i; }
    }
    return best;
  }

  function loadImage(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = function () { reject(new Error("cannot load " + url)); };
      img.src = url;
    });
  }

  function LiveFigure(root) {
    this.root = root;
    this.manifest = JSON.parse(root.querySelector("script.cc-live-manifest").textContent);
    this.stage = root.querySelector(".cc-live-stage");
    this.image = this.stage.querySelector("img");
    this.errorBox = root.querySelector(".cc-live-error");
    this.inputs = Array.prototype.slice.call(root.querySelectorAll("input[type=range]"));
    this.outputs = Array.prototype.slice.call(root.querySelectorAll("output"));
    this.index = this.manifest.sliders.map(function (s) { return nearest(s.grid, s.value); });
    this.data = null;
    this.loading = null;
    this.drawCount = 0;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "cc-live-canvas";
    this.canvas.setAttribute("role", "img");
    this.canvas.hidden = true;
    this.stage.insertBefore(this.canvas, this.errorBox);
    var self = this;
    this.inputs.forEach(function (input, k) {
      input.addEventListener("input", function () { self.onInput(k, false); });
      input.addEventListener("change", function () { self.onInput(k, true); });
      input.addEventListener("keydown", function (ev) { self.onKey(k, ev); });
      ["pointerdown", "focus", "touchstart", "mouseenter"].forEach(function (type) {
        input.addEventListener(type, function () { self.load(); }, { passive: true });
      });
    });
    root.classList.add("cc-live--active");
    root.querySelector(".cc-live-controls").hidden = false;
    root.querySelector(".cc-live-note").hidden = false;
    this.updateAlt();
    root.ccLive = this;
  }

  LiveFigure.prototype.load = function () {
    if (this.loading) { return this.loading; }
    var self = this, src = this.manifest.src;
    var base = new URL(src, document.baseURI);
    this.loading = fetch(base.href).then(function (r) {
      if (!r.ok) { throw new Error("cannot load " + src + " (" + r.status + ")"); }
      return r.json();
    }).then(function (data) {
      var urls = data.backgrounds.map(function (n) { return new URL(n, base).href; });
      urls.push(new URL(data.atlas, base).href);
      return Promise.all(urls.map(loadImage)).then(function (images) {
        data.atlasImage = images.pop();
        data.backgroundImages = images;
        self.data = data;
        self.root.classList.add("cc-live--loaded");
        return data;
      });
    });
    return this.loading;
  };

  LiveFigure.prototype.setIndex = function (k, j, snapInput) {
    var s = this.manifest.sliders[k];
    j = Math.max(0, Math.min(s.grid.length - 1, j));
    this.index[k] = j;
    var input = this.inputs[k];
    if (snapInput) { input.value = String(s.grid[j]); }
    input.setAttribute("aria-valuetext", s.readouts[j]);
    this.outputs[k].textContent = s.readouts[j];
  };

  LiveFigure.prototype.onInput = function (k, snap) {
    var s = this.manifest.sliders[k];
    this.setIndex(k, nearest(s.grid, parseFloat(this.inputs[k].value)), snap);
    this.request();
  };

  /* Keys move from grid point to grid point (the slider's own step may be finer). */
  LiveFigure.prototype.onKey = function (k, ev) {
    var n = this.manifest.sliders[k].grid.length, j = this.index[k], to = null;
    var big = Math.max(1, Math.round(n / 10));
    switch (ev.key) {
      case "ArrowRight": case "ArrowUp": to = j + 1; break;
      case "ArrowLeft": case "ArrowDown": to = j - 1; break;
      case "PageUp": to = j + big; break;
      case "PageDown": to = j - big; break;
      case "Home": to = 0; break;
      case "End": to = n - 1; break;
      default: return;
    }
    ev.preventDefault();
    this.load();
    this.setIndex(k, to, true);
    this.request();
  };

  LiveFigure.prototype.request = function () {
    var self = this;
    if (this.data) { this.draw(); return; }
    this.load().then(function () { self.draw(); }, function (err) {
      self.showError("The precomputed figure could not be loaded: " + err.message);
    });
  };

  LiveFigure.prototype.frameIndex = function () {
    var sliders = this.manifest.sliders, i = 0;
    for (var k = 0; k < sliders.length; k++) { i = i * sliders[k].grid.length + this.index[k]; }
    return i;
  };

  LiveFigure.prototype.valuesText = function () {
    var self = this;
    return this.manifest.sliders.map(function (s, k) {
      return s.label + " = " + s.readouts[self.index[k]];
    }).join(", ");
  };

  LiveFigure.prototype.updateAlt = function (message) {
    var alt = this.manifest.alt + " Shown for " + this.valuesText() + ".";
    if (message) { alt += " " + ERROR_TITLE + " " + message; }
    this.canvas.setAttribute("aria-label", alt);
    if (this.image) { this.image.setAttribute("alt", alt); }
  };

  LiveFigure.prototype.showError = function (message) {
    this.errorBox.textContent = "";
    var title = document.createElement("strong");
    title.textContent = ERROR_TITLE;
    var body = document.createElement("span");
    body.textContent = message;
    this.errorBox.appendChild(title);
    this.errorBox.appendChild(body);
    this.errorBox.hidden = false;
  };

  LiveFigure.prototype.prepareCanvas = function () {
    var d = this.data, ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    var w = Math.round(d.width * ratio), h = Math.round(d.height * ratio);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    var ctx = this.canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return ctx;
  };

  function tracePolylines(ctx, subpaths, q) {
    ctx.beginPath();
    for (var p = 0; p < subpaths.length; p++) {
      var a = subpaths[p], x = 0, y = 0;
      for (var i = 0; i < a.length; i += 2) {
        x += a[i]; y += a[i + 1];
        if (i === 0) { ctx.moveTo(x / q, y / q); } else { ctx.lineTo(x / q, y / q); }
      }
    }
  }

  function applyStroke(ctx, st) {
    ctx.strokeStyle = st.s;
    ctx.lineWidth = st.w;
    ctx.setLineDash(st.d || []);
    ctx.lineCap = st.c || "butt";
    ctx.lineJoin = st.j || "round";
  }

  LiveFigure.prototype.draw = function () {
    var d = this.data, q = d.q, hi = d.hi;
    var frame = d.frames[this.frameIndex()];
    var ctx = this.prepareCanvas();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, d.width, d.height);
    if (frame.e !== undefined) {
      var message = d.errors[frame.e];
      this.showError(message);
      this.updateAlt(message);
    } else {
      this.errorBox.hidden = true;
      ctx.drawImage(d.backgroundImages[frame.b], 0, 0, d.width, d.height);
      var ops = frame.o;
      for (var n = 0; n < ops.length; n++) {
        var op = ops[n], kind = op[0];
        if (kind === "s") {
          var sp = d.sprites[op[1]];
          ctx.drawImage(d.atlasImage, sp[0], sp[1], sp[2], sp[3],
                        (op[2] + sp[4]) / q, (op[3] + sp[5]) / q, sp[2] / hi, sp[3] / hi);
          continue;
        }
        var st = d.styles[op[1]], clip = op[2];
        ctx.save();
        if (clip) {
          ctx.beginPath();
          ctx.rect(clip[0] / q, clip[1] / q, clip[2] / q, clip[3] / q);
          ctx.clip();
        }
        if (kind === "l") {
          tracePolylines(ctx, op[3], q);
          applyStroke(ctx, st);
          ctx.stroke();
        } else if (kind === "f") {
          tracePolylines(ctx, op[3], q);
          if (st.f) { ctx.fillStyle = st.f; ctx.fill(); }
          if (st.s) { applyStroke(ctx, st); ctx.stroke(); }
        } else if (kind === "m") {
          var pts = op[3], x = 0, y = 0;
          ctx.setLineDash([]);
          for (var i = 0; i < pts.length; i += 2) {
            x += pts[i]; y += pts[i + 1];
            ctx.beginPath();
            for (var p = 0; p < st.p.length; p++) {
              var poly = st.p[p];
              for (var m = 0; m < poly.length; m += 2) {
                var px = x / q + poly[m], py = y / q + poly[m + 1];
                if (m === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
              }
            }
            if (st.f) { ctx.fillStyle = st.f; ctx.fill(); }
            if (st.s && st.w > 0) {
              ctx.strokeStyle = st.s; ctx.lineWidth = st.w; ctx.lineJoin = "round";
              ctx.stroke();
            }
          }
        }
        ctx.restore();
      }
      this.updateAlt();
    }
    this.canvas.hidden = false;
    this.root.classList.add("cc-live--drawn");
    this.drawCount += 1;
  };

  function init() {
    var roots = document.querySelectorAll("div.cc-live");
    for (var i = 0; i < roots.length; i++) {
      if (!roots[i].ccLive) {
        try { new LiveFigure(roots[i]); } catch (err) { /* keep the static PNG */ }
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
