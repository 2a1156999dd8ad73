// leakhelp ui: the little the pages need beyond HTML. No inline script (the
// Content-Security-Policy forbids it); everything is wired by data attributes.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Copy a letter: the button names the text area it copies.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy"));
      if (!area) { return; }
      var done = function () {
        button.textContent = button.getAttribute("data-done");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(done, function () {
          area.select(); document.execCommand("copy"); done();
        });
      } else {
        area.select(); document.execCommand("copy"); done();
      }
    });
  });

  // Drop photos on the upload area: they go into the file field, nowhere else.
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("photos");
  if (zone && input) {
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault(); zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; }
    });
  }

  // Long work: follow its progress; when it ends, show the page with the results.
  var job = document.getElementById("job");
  if (job && job.getAttribute("data-state") === "running") {
    var doneText = document.getElementById("job-done");
    var totalText = document.getElementById("job-total");
    var bar = document.getElementById("job-bar");
    var poll = function () {
      fetch(job.getAttribute("data-status"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.state !== "running") { window.location.reload(); return; }
          if (s.total) { bar.max = s.total; totalText.textContent = String(s.total); }
          bar.value = s.done;
          doneText.textContent = String(s.done);
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 500);
  }
});
