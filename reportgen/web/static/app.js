// reportgen 工作台: follows a running build by polling its status (no inline script anywhere).
"use strict";
(function () {
  var job = document.getElementById("job");
  if (!job) { return; }
  var url = job.getAttribute("data-status-url");
  var state = job.getAttribute("data-state");
  if (state !== "queued" && state !== "running") { return; }
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  var label = document.getElementById("job-state");
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.finished) { window.location.reload(); return; }
        if (bar && s.total) { bar.max = s.total; bar.value = s.done; }
        else if (bar) { bar.removeAttribute("value"); }
        if (step) { step.textContent = s.step; }
        if (label) { label.textContent = s.state_text; }
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
