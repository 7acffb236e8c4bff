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
      allowEmptyOption: !multiple,
      placeholder: select.dataset.placeholder || "",
      hidePlaceholder: multiple,
      closeAfterSelect: !multiple,
      plugins: multiple ? { remove_button: { title: select.dataset.removeLabel || "" } } : {},
      render: {
        no_results: function () {
          return message(select.dataset.noResults || "", "no-results");
        },
      },
    };
    if (multiple) {
      // After a pick, clear what was typed so the next name can be typed at once.
      options.onItemAdd = function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      };
    }
    new TomSelect(select, options);
    var hint = document.getElementById(select.id + "-picker-hint");
    if (hint) {
      hint.hidden = true;
    }
  }

  document.querySelectorAll("select[data-picker]").forEach(start);
})();
