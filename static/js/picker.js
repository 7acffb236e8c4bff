// Searchable pickers (portal/widgets.py: SearchableSelect, SearchableSelectMultiple): Tom
// Select on every <select data-picker>. The select stays in the form and is what is posted;
// without this script it is a plain select, with its hint on choosing several.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }

  function message(text, className) {
    var div = document.createElement("div");
    div.className = className;
    div.textContent = text;
    return div;
  }

  function start(select) {
    if (select.tomselect) {
      return;
    }
    var multiple = select.multiple;
    var options = {
      maxOptions: null,
      // A single picker's empty choice ("— Choose —") is not an item shown beside what is
      // typed: the placeholder stands for it, and a × (clear_button) goes back to it.
      allowEmptyOption: false,
      placeholder: select.dataset.placeholder || "",
      // The search field stays in place beside the picks: hiding it when the picker loses
      // the focus moved the form's button from under the pointer.
      hidePlaceholder: false,
      // Closed after each pick, so that the list never covers the form's button; typing
      // the next name opens it again.
      closeAfterSelect: true,
      plugins: {},
      render: {
        no_results: function () {
          return message(select.dataset.noResults || "", "no-results");
        },
      },
    };
    var remove = { title: select.dataset.removeLabel || "" };
    if (multiple) {
      options.plugins.remove_button = remove;
      // After a pick, clear what was typed so the next name can be typed at once.
      options.onItemAdd = function () {
        this.setTextboxValue("");
      };
    } else if (select.querySelector("option[value='']")) {
      options.plugins.clear_button = remove;
    }
    new TomSelect(select, options);
    // The select stays in the form for what is posted, out of sight; people and screen
    // readers use the picker's own field, which its label now names.
    select.setAttribute("aria-hidden", "true");
    var hint = document.getElementById(select.id + "-picker-hint");
    if (hint) {
      hint.hidden = true;
    }
  }

  document.querySelectorAll("select[data-picker]").forEach(start);
})();
