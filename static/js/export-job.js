// An export job's page (templates/reports/exports/job.html): while the file is being made,
// ask for the job's status every few seconds, show its progress in the page's live region
// (read out politely by screen readers) and reload the page when it is finished, so the
// download link appears. Without JavaScript the page says to refresh it.
const box = document.querySelector("[data-export-job-status-url]");
const progress = document.getElementById("job-progress");
const EVERY_MS = 5000; // an announcement at most this often
const number = new Intl.NumberFormat("en-GB");

async function check() {
  let job;
  try {
    const response = await fetch(box.dataset.exportJobStatusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    job = await response.json();
  } catch {
    return; // offline for a moment: try again at the next tick
  }
  if (job.finished) {
    window.location.reload();
    return;
  }
  const of = job.rows_expected ? ` of ${number.format(job.rows_expected)}` : "";
  const text = `${job.status_label}: ${number.format(job.rows_written)}${of} rows written.`;
  if (progress.textContent.trim() !== text) progress.textContent = text;
}

if (box && progress) {
  window.setInterval(check, EVERY_MS);
}
