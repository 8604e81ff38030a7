// Added by `statusdex serve` to the pages it serves, never to built files.
// Reloads the page when a rebuild changed it (or a stylesheet or script),
// and shows the problems of a broken edit over the page until it is fixed.
(function () {
  "use strict";
  var overlay = null;

  function here() {
    var path = decodeURIComponent(location.pathname).replace(/^\//, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "statusdex-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,0,0,.92);color:#fff;padding:1rem;margin:0;font:13px/1.5 ui-monospace,monospace";
      var title = document.createElement("strong");
      title.textContent = "statusdex: this edit does not build; the page shows the last good build.";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = problems;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  var events = new EventSource("/__statusdex/events");
  events.addEventListener("build", function (e) {
    var outcome = JSON.parse(e.data);
    if (outcome.kind === "failed") {
      show(outcome.problems);
      return;
    }
    var page = here();
    var affects = outcome.paths.some(function (p) {
      return p === page || !/\.html$/.test(p);
    });
    if (affects || overlay) location.reload();
  });
})();
