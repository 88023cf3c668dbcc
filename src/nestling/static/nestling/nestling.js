/*
 * Nestling — small progressive enhancements. Every page works without this file.
 *
 * - htmx requests carry the CSRF token from <meta name="csrf-token">.
 * - A form or button with data-confirm="Question?" asks before it submits.
 * - A form error summary (.error-summary) takes focus when the page loads, so keyboard and
 *   screen-reader users land on the list of problems.
 */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // Confirm before destructive or irreversible actions. The submitter's message wins over
  // the form's, so one form can hold several buttons with different questions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Links can ask too (e.g. leaving a half-filled form).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function focusErrorSummary(root) {
    var title = (root || document).querySelector(".error-summary [tabindex='-1']");
    if (title) {
      title.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // After htmx swaps in a form with errors, move focus the same way.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.detail.target);
  });
})();
