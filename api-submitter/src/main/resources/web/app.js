// llmq web console: live rows and progress, charts, copy buttons. No framework, no inline code (CSP).
(function () {
  "use strict";
  var TERMINAL = ["completed", "failed", "expired", "cancelled"];

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) { el.textContent = value; } }
  function svgBars(svg, values, label) {
    var width = 600, height = 160, pad = 24, peak = 0;
    values.forEach(function (v) { peak = Math.max(peak, v); });
    var scale = peak > 0 ? (height - pad) / peak : 0;
    var step = (width - pad) / Math.max(values.length, 1);
    svg.innerHTML = '<line x1="' + pad + '" y1="' + (height - pad) + '" x2="' + width + '" y2="' + (height - pad) + '"></line>' +
      '<text x="0" y="12">' + label(peak) + '</text>' + values.map(function (v, i) {
        var h = v * scale;
        return '<rect x="' + (pad + i * step).toFixed(1) + '" y="' + (height - pad - h).toFixed(1) + '" width="' +
          Math.max(step - 1, 1).toFixed(1) + '" height="' + h.toFixed(1) + '"></rect>';
      }).join("");
    svg.setAttribute("data-points", String(values.length));
  }

  // copy the batch id or its curl; the text stays selectable on the page where the clipboard is refused
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.addEventListener("click", function () {
      var value = button.getAttribute("data-copy");
      var done = function () { button.setAttribute("data-copied", "true"); button.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(done, function () { button.setAttribute("data-copied", "refused"); });
      } else { button.setAttribute("data-copied", "refused"); }
    });
  });

  // the batch list: poll the counts of the rows still running, every 3 s, without a reload
  var list = $("batches");
  if (list) {
    var poll = function () {
      var running = Array.prototype.filter.call(list.querySelectorAll("tr.batch"), function (row) {
        return TERMINAL.indexOf(row.getAttribute("data-status")) < 0;
      });
      if (!running.length) { return; }
      var ids = running.map(function (row) { return encodeURIComponent(row.getAttribute("data-batch")); }).join(",");
      fetch("/ui/batches.json?ids=" + ids, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (body) {
        body.data.forEach(function (b) {
          var row = list.querySelector('tr.batch[data-batch="' + b.id + '"]');
          if (!row) { return; }
          row.setAttribute("data-status", b.status);
          row.querySelector(".status").textContent = b.status;
          row.querySelector(".done").textContent = b.done;
          row.querySelector("progress").value = b.done;
          row.querySelector(".succeeded").textContent = b.succeeded;
          row.querySelector(".failed").textContent = b.failed;
          row.querySelector(".tokens").textContent = b.input_tokens + " / " + b.output_tokens;
          row.querySelector(".cost").textContent = Number(b.cost_usd).toFixed(4);
        });
        list.setAttribute("data-polled", String(Number(list.getAttribute("data-polled") || 0) + 1));
      }).catch(function () { /* the next tick tries again */ }).then(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 3000);
  }

  // usage: cost per day, one stacked bar per day, one colour per model
  var usage = $("usage-data");
  if (usage) {
    var u = JSON.parse(usage.textContent);
    var models = [], days = {}, start = Date.parse(u.from + "T00:00:00Z");
    u.rows.forEach(function (r) {
      if (models.indexOf(r.model) < 0) { models.push(r.model); }
      (days[r.day] = days[r.day] || {})[r.model] = r.cost;
    });
    var svg = $("usage-chart"), w = 800, h = 200, pad = 30, peak = 0, keys = [];
    for (var d = 0; d < u.days; d++) { keys.push(new Date(start + d * 86400000).toISOString().slice(0, 10)); }
    keys.forEach(function (k) { var s = 0; models.forEach(function (m) { s += (days[k] || {})[m] || 0; }); peak = Math.max(peak, s); });
    var step = (w - pad) / keys.length, scale = peak > 0 ? (h - pad) / peak : 0, parts = [];
    keys.forEach(function (k, i) {
      var y = h - pad;
      models.forEach(function (m, j) {
        var v = ((days[k] || {})[m] || 0) * scale;
        y -= v;
        if (v > 0) {
          parts.push('<rect class="m' + (j % 6) + '" x="' + (pad + i * step).toFixed(1) + '" y="' + y.toFixed(1) + '" width="' +
            Math.max(step - 2, 1).toFixed(1) + '" height="' + v.toFixed(1) + '"><title>' + k + ' ' + m + ' $' + ((days[k] || {})[m]).toFixed(4) + '</title></rect>');
        }
      });
    });
    svg.innerHTML = '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + w + '" y2="' + (h - pad) + '"></line><text x="0" y="12">$' +
      peak.toFixed(4) + '</text><text x="' + pad + '" y="' + (h - 8) + '">' + keys[0] + '</text><text x="' + (w - 70) + '" y="' + (h - 8) + '">' +
      keys[keys.length - 1] + '</text>' + parts.join("");
    svg.setAttribute("data-bars", String(parts.length));
    text("usage-note", "cost per UTC day, stacked by model; peak $" + peak.toFixed(4));
    var legend = $("usage-legend");
    models.forEach(function (m, j) { var li = document.createElement("li"); li.className = "m" + (j % 6); li.textContent = m; legend.appendChild(li); });
  }

  var section = $("batch");
  if (!section) { return; }
  var batchId = section.getAttribute("data-batch");
  var timeline = JSON.parse($("timeline").textContent);
  var series = { ended: timeline.ended.slice(), tokens: timeline.tokens.slice(), cost: timeline.cost.slice() };
  var bucketSeconds = timeline.bucket_s;
  var last = null;

  function drawCharts() {
    var perSecond = function (v) { return v / bucketSeconds; };
    svgBars($("chart"), series.ended.map(perSecond), function (p) { return p.toFixed(1) + "/s"; });
    svgBars($("chart-tokens"), series.tokens.map(perSecond), function (p) { return p.toFixed(0) + " tok/s"; });
    svgBars($("chart-cost"), series.cost, function (p) { return "$" + p.toFixed(4); });
    var peak = Math.max.apply(null, series.ended.map(perSecond).concat([0]));
    text("chart-note", "jobs ended per second, in buckets of " + bucketSeconds + " s since the batch started; peak " + peak.toFixed(1) + " jobs/s");
    text("chart-tokens-note", "tokens (in + out) of the jobs ended, per second");
    text("chart-cost-note", "cost billed per bucket of " + bucketSeconds + " s (the ledger: every attempt)");
  }

  // adds what moved since the last event to the bucket of "now"; halves the resolution when a chart is full
  function record(p) {
    var now = { ended: p.done, tokens: p.input_tokens + p.output_tokens, cost: Number(p.cost_usd) };
    if (last !== null && (now.ended > last.ended || now.cost > last.cost)) {
      var bucket = Math.floor((Date.parse(p.at) - timeline.start) / 1000 / bucketSeconds);
      while (bucket >= 60) {
        Object.keys(series).forEach(function (k) {
          var merged = [];
          for (var i = 0; i < series[k].length; i += 2) { merged.push(series[k][i] + (series[k][i + 1] || 0)); }
          series[k] = merged;
        });
        bucketSeconds *= 2; bucket = Math.floor(bucket / 2);
      }
      Object.keys(series).forEach(function (k) {
        while (series[k].length <= bucket) { series[k].push(0); }
        series[k][Math.max(bucket, 0)] += now[k] - last[k];
      });
      drawCharts();
    }
    last = now;
  }

  function show(p) {
    text("status", p.status);
    section.setAttribute("data-status", p.status);
    text("done", p.done); text("total", p.total);
    text("succeeded", p.succeeded); text("failed", p.failed);
    text("cancelled", p.cancelled); text("expired", p.expired);
    text("in-flight", p.in_flight);
    text("rate", p.rate_per_s.toFixed(1));
    text("eta", p.eta_s === null ? "–" : p.eta_s + " s");
    text("input-tokens", p.input_tokens); text("output-tokens", p.output_tokens);
    text("cost", Number(p.cost_usd).toFixed(4));
    $("bar").max = Math.max(p.total, 1); $("bar").value = p.done;
    record(p);
  }

  var shownErrors = {};
  function addError(job) {
    var body = $("errors").tBodies[0];
    if (job.status === "succeeded" || shownErrors[job.line] || body.rows.length >= 20) { return; }
    shownErrors[job.line] = true;
    var row = body.insertRow(-1);
    [job.line, job.custom_id, job.status, job.error ? job.error.code : "", job.error ? job.error.message : ""]
      .forEach(function (v) { row.insertCell(-1).textContent = v === null ? "" : String(v); });
  }

  drawCharts();
  if (TERMINAL.indexOf(section.getAttribute("data-status")) >= 0 || !window.EventSource) { return; }
  var source = new EventSource("/v1/batches/" + encodeURIComponent(batchId) + "/events");
  ["snapshot", "progress"].forEach(function (type) {
    source.addEventListener(type, function (e) { show(JSON.parse(e.data)); });
  });
  source.addEventListener("job", function (e) { addError(JSON.parse(e.data)); });
  source.addEventListener("end", function (e) {
    show(JSON.parse(e.data));
    source.close();
    section.setAttribute("data-ended", "true");
  });
})();
