// Import job page: poll the job's status while it runs, move the <progress> bar, reload when it ends.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar) return;
  var url = bar.getAttribute("data-status-url");
  var text = document.getElementById("import-progress-text");
  var status = document.getElementById("import-status");
  var delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        if (!job.running) { window.location.reload(); return; }
        if (job.status === "running") { bar.value = job.percent; }
        if (text) text.textContent = job.progress + " / " + job.total;
        if (status) status.textContent = job.label;
        window.setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 15000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
})();
