/* Small DOM helpers shared by the chart and the map. Untrusted text goes in through textContent only. */
(function () {
  "use strict";
  window.FiliereDom = {
    /** "{n} links" with {n} replaced from values; unknown keys stay as written. */
    fill(template, values) {
      return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
    },
    /** An element holding `text` as text (never HTML), with an optional class. */
    el(tag, text, className) {
      const node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = String(text);
      if (className) node.className = className;
      return node;
    },
  };
})();
