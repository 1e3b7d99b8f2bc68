// Polls the export job's status endpoint and moves the progress bar until the file is ready.
(function () {
  "use strict";
  var root = document.getElementById("export-job");
  if (!root) return;
  var url = root.dataset.statusUrl;
  var bar = document.getElementById("export-progress");
  var link = document.getElementById("export-download");
  var field = function (name) { return root.querySelector('[data-field="' + name + '"]'); };
  var FINISHED = { done: true, failed: true, expired: true };

  function show(job) {
    bar.max = Math.max(job.total, 1);
    bar.value = job.status === "done" ? bar.max : job.done;
    bar.textContent = job.percent + "%";
    field("status").textContent = job.status_display;
    field("done").textContent = job.done;
    field("total").textContent = job.total;
    if (job.error) field("error").textContent = job.error;
    if (job.download_url) {
      link.href = job.download_url;
      link.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (!FINISHED[job.status]) window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
