// The portal's questionnaire keeps each answer as it is chosen (the Save button does the same without
// JavaScript): the form is posted in the background with a marker header, and a short "Saved." shows.
(function () {
  "use strict";
  function autosave(form) {
    var saved = form.querySelector("[data-portal-saved]");
    form.addEventListener("change", function (event) {
      if (!event.target || event.target.type !== "radio") return;
      var data = new FormData(form);
      data.append("save", "1");
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Nestling-Autosave": "1" },
        credentials: "same-origin",
      }).then(function (response) {
        if (saved && response.status === 204) saved.hidden = false;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-portal-autosave]"), autosave);
  });
})();
