// The residence's wall screen reloads itself so the staff room sees the
// board as it is. A file, not an inline script, so the CSP stays strict.
(function () {
  "use strict";
  var seconds = parseInt(document.body.getAttribute("data-refresh"), 10) || 60;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
