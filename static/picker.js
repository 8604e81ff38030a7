// Progressive enhancement for the family index: the stylesheet hides the form
// without JavaScript, where every code page already links to all of its
// comparisons.
(function () {
  "use strict";
  var form = document.getElementById("pair-picker");
  if (!form) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = parseInt(form.elements.a.value, 10);
    var b = parseInt(form.elements.b.value, 10);
    // Pair pages live beside the code pages, lower code first.
    var target = a === b ? a + "/" : Math.min(a, b) + "-vs-" + Math.max(a, b) + "/";
    window.location.href = target;
  });
})();
