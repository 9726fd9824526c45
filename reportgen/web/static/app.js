// reportgen 工作台: follows a running build (no inline script anywhere). It listens to the
// job's server-sent events (/events); when EventSource is missing or the stream fails it
// falls back to polling the job's status (/status). When the build ends the page reloads.
"use strict";
(function () {
  var job = document.getElementById("job");
  if (!job) { return; }
  var state = job.getAttribute("data-state");
  if (state !== "queued" && state !== "running") { return; }
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  var label = document.getElementById("job-state");
  var log = document.getElementById("job-log");
  var ended = false;

  function show(s) {
    if (bar && s.total) { bar.max = s.total; bar.value = s.done; }
    else if (bar) { bar.removeAttribute("value"); }
    if (step) { step.textContent = s.step; }
    if (label) { label.textContent = s.state_text; }
  }
  function addLine(text) {
    if (!log) { return; }
    var last = log.lastElementChild;
    if (last && last.textContent === text) { return; }
    var item = document.createElement("li");
    item.textContent = text;
    log.appendChild(item);
  }
  function finish() {
    if (ended) { return; }
    ended = true;
    job.setAttribute("data-ended", "1");
    window.setTimeout(function () { window.location.reload(); }, 300);
  }

  function poll() {
    job.setAttribute("data-transport", "poll");
    fetch(job.getAttribute("data-status-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        show(s);
        addLine(s.step);
        if (s.finished) { finish(); return; }
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  function listen() {
    var source;
    try {
      source = new EventSource(job.getAttribute("data-events-url"));
    } catch (e) {
      poll();
      return;
    }
    job.setAttribute("data-transport", "sse");
    source.addEventListener("step", function (e) { addLine(e.data); });
    source.addEventListener("progress", function (e) { show(JSON.parse(e.data)); });
    source.addEventListener("end", function (e) {
      source.close();
      show(JSON.parse(e.data));
      finish();
    });
    source.onerror = function () {
      if (ended) { return; }
      source.close();  // the stream failed (or was refused): poll instead
      poll();
    };
  }

  if (typeof window.EventSource === "function") { listen(); } else { window.setTimeout(poll, 300); }
})();
