// Keeps an import's progress bar current without reloading; the page reloads itself once the
// import's state changes. Without JavaScript the page refreshes itself (noscript meta refresh).
(function () {
  "use strict";
  var status = document.getElementById("import-status");
  if (!status || !document.getElementById("import-progress")) return;
  var url = status.getAttribute("data-progress-url");
  var state = status.getAttribute("data-state");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (p.state !== state) { window.location.reload(); return; }
        var bar = document.getElementById("import-progress");
        if (p.total) { bar.max = p.total; bar.value = p.done; }
        document.getElementById("import-done").textContent = p.done;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
