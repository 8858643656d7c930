/* Behaviour the pages once wrote inline (the Content-Security-Policy allows no inline script):
 * a <select data-autosubmit> sends its form as soon as a choice is made. */
(function () {
  "use strict";
  function wire() {
    document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
      select.addEventListener("change", () => select.form && select.form.submit());
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
