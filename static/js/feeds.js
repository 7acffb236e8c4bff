/* Copy buttons beside calendar addresses: progressive enhancement.
 *
 * Without JavaScript the address is a read-only field to select and copy by hand. Here each
 * button[data-copy] (hidden in the page) is shown, and copies its field's text; the result is
 * said in the field's status line ("<id>-status").
 */
(function () {
  "use strict";

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function start() {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      var status = document.getElementById(field.id + "-status");
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(field).then(
          function () {
            if (status) status.textContent = button.getAttribute("data-copied");
          },
          function () {
            field.focus();
            field.select();
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
