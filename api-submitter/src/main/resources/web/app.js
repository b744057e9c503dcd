// llmq web page: live progress from GET /v1/batches/{id}/events (server-sent events, session cookie).
(function () {
  "use strict";
  var TERMINAL = ["completed", "failed", "expired", "cancelled"];

  function $(id) { return document.getElementById(id); }
  function text(id, value) { var el = $(id); if (el) { el.textContent = value; } }

  // the batch list: reload while any batch is still running
  var list = $("batches");
  if (list) {
    var running = Array.prototype.some.call(list.querySelectorAll("tr.batch"), function (row) {
      return TERMINAL.indexOf(row.getAttribute("data-status")) < 0;
    });
    if (running) { setTimeout(function () { location.reload(); }, 3000); }
  }

  var section = $("batch");
  if (!section) { return; }
  var batchId = section.getAttribute("data-batch");
  var timeline = JSON.parse($("timeline").textContent);
  var ended = timeline.ended.slice();
  var bucketSeconds = timeline.bucket_s;
  var lastDone = null;

  function drawChart() {
    var svg = $("chart");
    var width = 600, height = 160, pad = 24;
    var peak = 0;
    ended.forEach(function (n) { peak = Math.max(peak, n / bucketSeconds); });
    var scale = peak > 0 ? (height - pad) / peak : 0;
    var step = (width - pad) / Math.max(ended.length, 1);
    var bars = ended.map(function (n, i) {
      var h = (n / bucketSeconds) * scale;
      return '<rect x="' + (pad + i * step).toFixed(1) + '" y="' + (height - pad - h).toFixed(1) + '" width="' +
        Math.max(step - 1, 1).toFixed(1) + '" height="' + h.toFixed(1) + '"></rect>';
    }).join("");
    svg.innerHTML = '<line x1="' + pad + '" y1="' + (height - pad) + '" x2="' + width + '" y2="' + (height - pad) + '"></line>' +
      '<text x="0" y="12">' + peak.toFixed(1) + '/s</text><text x="' + pad + '" y="' + (height - 6) + '">0 s</text>' +
      '<text x="' + (width - 60) + '" y="' + (height - 6) + '">' + (ended.length * bucketSeconds) + ' s</text>' + bars;
    text("chart-note", "jobs ended per second, in buckets of " + bucketSeconds + " s since the batch started; peak " +
      peak.toFixed(1) + " jobs/s");
    svg.setAttribute("data-points", String(ended.length));
  }

  // adds newly ended jobs to the bucket of "now"; halves the resolution when the chart is full
  function record(done, at) {
    if (lastDone !== null && done > lastDone) {
      var bucket = Math.floor((at - timeline.start) / 1000 / bucketSeconds);
      while (bucket >= 60) {
        var merged = [];
        for (var i = 0; i < ended.length; i += 2) { merged.push(ended[i] + (ended[i + 1] || 0)); }
        ended = merged; bucketSeconds *= 2; bucket = Math.floor(bucket / 2);
      }
      while (ended.length <= bucket) { ended.push(0); }
      ended[Math.max(bucket, 0)] += done - lastDone;
      drawChart();
    }
    lastDone = done;
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
    $("bar").style.width = (p.total ? Math.floor(100 * p.done / p.total) : 0) + "%";
    record(p.done, Date.parse(p.at));
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

  drawChart();
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
