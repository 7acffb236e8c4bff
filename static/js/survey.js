// The answer page of a survey: hides a conditional question while the answer it depends on
// is not one of those that show it. Without this script every question is shown, each
// conditional one saying when to answer it, and the server ignores the hidden ones.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var conditional = form.querySelectorAll("[data-show-if]");
  if (!conditional.length) return;

  function chosen(name) {
    var wrapper = form.querySelector('[name="' + name + '"]');
    var block = wrapper && wrapper.closest(".survey-question");
    if (block && block.hidden) return [];
    return Array.prototype.map.call(
      form.querySelectorAll('[name="' + name + '"]:checked'),
      function (input) { return input.value; }
    );
  }

  function update() {
    // In page order, so that a question hidden earlier hides those that depend on it.
    conditional.forEach(function (block) {
      var wanted = block.getAttribute("data-show-values").split(",");
      var given = chosen(block.getAttribute("data-show-if"));
      block.hidden = !given.some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  form.addEventListener("change", update);
  update();
})();
