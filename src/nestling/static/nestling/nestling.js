/*
 * Nestling — small progressive enhancements. Every page works without this file.
 *
 * - htmx requests carry the CSRF token from <meta name="csrf-token">.
 * - A form or button with data-confirm="Question?" asks before it submits.
 * - A form error summary (.error-summary) takes focus when the page loads, so keyboard and
 *   screen-reader users land on the list of problems.
 * - The phone's menu: the header's "Menu" link (which opens the panel by its address without script)
 *   becomes a disclosure button that says whether the panel is open; Escape closes it again.
 * - Idle sessions: working in a page (typing, choosing, tapping) tells the server the person is still
 *   there, so a long form filled in during a visit is not lost to the idle timeout; shortly before an
 *   untouched page's session would end, a dialog offers to stay signed in, and says so once it has ended.
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

  function foldMenu() {
    var button = document.querySelector("[data-menu-button]");
    var panel = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) {
      return;
    }
    var link = document.querySelector("[data-menu-link]");
    if (link) {
      link.hidden = true;
    }
    button.hidden = false;

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
    }

    // Opened by its address before the script ran (the link without script): say so.
    setOpen(window.location.hash === "#" + panel.id);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", foldMenu);

  function watchIdleSession() {
    var body = document.body;
    var idleMs = parseInt(body.getAttribute("data-session-idle-seconds") || "", 10) * 1000;
    var url = body.getAttribute("data-keepalive-url");
    var dialog = document.getElementById("session-warning");
    if (!idleMs || !url || !dialog) {
      return;
    }
    // When the server last heard from this page; it counts idle time from the last request it saw.
    var lastSeen = Date.now();
    var pingAfterMs = Math.min(5 * 60 * 1000, idleMs / 3);
    var warnBeforeMs = Math.min(2 * 60 * 1000, idleMs / 4);
    var pinging = false;
    var ended = false;

    function show(state) {
      var parts = dialog.querySelectorAll("[data-when]");
      for (var i = 0; i < parts.length; i++) {
        parts[i].hidden = parts[i].getAttribute("data-when") !== state;
      }
      var wasHidden = dialog.hidden;
      dialog.hidden = false;
      dialog.setAttribute("aria-labelledby", "session-" + state + "-title");
      dialog.setAttribute("aria-describedby", "session-" + state + "-text");
      if (wasHidden || state === "ended") {
        var action = dialog.querySelector("[data-when='" + state + "'].button");
        if (action) {
          action.focus();
        }
      }
    }

    function end() {
      ended = true;
      show("ended");
    }

    function ping() {
      if (pinging || ended) {
        return;
      }
      pinging = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() },
      })
        .then(function (response) {
          if (response.status === 204) {
            lastSeen = Date.now();
            dialog.hidden = true;
          } else {
            end();
          }
        })
        .catch(function () {
          // Offline for a moment: try again on the next interaction or tick.
        })
        .then(function () {
          pinging = false;
        });
    }

    function activity(event) {
      if (dialog.contains(event.target)) {
        return;
      }
      if (!ended && Date.now() - lastSeen > pingAfterMs) {
        ping();
      }
    }

    ["input", "change", "keydown", "pointerdown"].forEach(function (type) {
      document.addEventListener(type, activity, { passive: true });
    });
    dialog.querySelector("[data-session-stay]").addEventListener("click", ping);
    // An htmx request is a request the server saw: it counts as activity there too.
    document.addEventListener("htmx:afterRequest", function (event) {
      if (!ended && event.detail.successful) {
        lastSeen = Date.now();
      }
    });
    window.setInterval(function () {
      if (ended) {
        return;
      }
      var quiet = Date.now() - lastSeen;
      if (quiet >= idleMs) {
        // Ask rather than assume: another tab may have kept the session alive. An ended session
        // answers with the sign-in redirect, and the dialog says so.
        ping();
      } else if (quiet >= idleMs - warnBeforeMs && dialog.hidden) {
        show("warning");
      }
    }, 10 * 1000);
  }

  document.addEventListener("DOMContentLoaded", watchIdleSession);

  // After htmx swaps in a form with errors, move focus the same way.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.detail.target);
  });
})();
