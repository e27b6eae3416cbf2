// Polls an import's progress and reloads the page when it has finished.
(function () {
  const box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "1") return;
  const bar = box.querySelector(".progress-bar");
  const meter = box.querySelector(".progress");
  const status = box.querySelector(".import-status");
  const rows = box.querySelector(".import-rows");
  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      const job = await response.json();
      bar.style.width = job.percent + "%";
      bar.textContent = job.percent + "%";
      meter.setAttribute("aria-valuenow", job.percent);
      status.textContent = job.status_label;
      // 1,606 with thousands separators, as the page writes counts.
      rows.textContent = Number(job.rows_total || 0).toLocaleString("en-US");
      if (job.finished) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // A dropped request is retried at the next tick.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
