/*
 * Nestling — a visit note saves itself while it is typed. The page works without this file: the
 * "Save draft" button saves the same draft.
 *
 * - A form with data-autosave-url posts its fields there a moment after typing stops (and when the
 *   page is hidden), with the note's version; the answer's new version goes back into the form, so the
 *   next save, and the buttons, start from it.
 * - Someone else's save since (409) is said in the status line and stops the saving: "Save draft"
 *   then shows both versions. A part over the limit (400) is said too, and nothing is lost.
 * - A button press waits for a save under way, so the form never posts a version it has just passed.
 * - Every textarea with data-note-limit shows how many characters it holds against the limit.
 */
(function () {
  "use strict";

  var QUIET_MS = 1500;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function formatCount(n) {
    return n.toLocaleString(document.documentElement.lang || undefined);
  }

  function counters(root) {
    var areas = root.querySelectorAll("textarea[data-note-limit]");
    Array.prototype.forEach.call(areas, function (area) {
      var limit = parseInt(area.getAttribute("data-note-limit"), 10);
      var counter = document.createElement("p");
      counter.className = "help note-counter";
      counter.id = area.id + "_count";
      area.insertAdjacentElement("afterend", counter);
      function update() {
        var n = area.value.length;
        counter.textContent = formatCount(n) + " / " + formatCount(limit);
        counter.classList.toggle("note-counter--over", n > limit);
      }
      area.addEventListener("input", update);
      update();
    });
  }

  function autosave(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-note-status]");
    var version = form.querySelector("input[name='version']");
    var timer = null;
    var inFlight = null;
    var stopped = false;
    var dirty = false;

    function say(text, urgent) {
      if (!status) {
        return;
      }
      status.textContent = text;
      status.setAttribute("role", urgent ? "alert" : "status");
      status.classList.toggle("note-status--problem", Boolean(urgent));
    }

    function save() {
      timer = null;
      if (stopped || !dirty) {
        return Promise.resolve();
      }
      if (inFlight) {
        return inFlight.then(save);
      }
      dirty = false;
      var body = new FormData(form);
      body.delete("action");
      say(form.getAttribute("data-saving") || "…", false);
      inFlight = fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) {
            throw new Error("not saved");
          }
          return response.json().then(function (answer) {
            if (response.ok) {
              version.value = String(answer.version);
              say(answer.message, false);
            } else if (response.status === 409) {
              stopped = true;
              say(answer.conflict, true);
            } else {
              var messages = [];
              Object.keys(answer.errors || {}).forEach(function (field) {
                answer.errors[field].forEach(function (error) {
                  messages.push(error.message);
                });
              });
              dirty = true;
              say(messages.join(" "), true);
            }
          });
        })
        .catch(function () {
          dirty = true;
          say(form.getAttribute("data-offline") || "Not saved yet: it will be tried again.", true);
        })
        .then(function () {
          inFlight = null;
        });
      return inFlight;
    }

    function later() {
      dirty = true;
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, QUIET_MS);
    }

    form.addEventListener("input", later);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && dirty) {
        save();
      }
    });
    // On the document, after nestling.js's own listener: a press whose confirmation was declined is
    // already prevented, and changes nothing here.
    document.addEventListener("submit", function (event) {
      if (event.target !== form || event.defaultPrevented) {
        return;
      }
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
      dirty = false;
      if (inFlight) {
        // Post once the save under way has answered, with the version it returned; the button's
        // choice (save or sign) goes with it, already confirmed.
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () {
          if (submitter && submitter.name) {
            var choice = document.createElement("input");
            choice.type = "hidden";
            choice.name = submitter.name;
            choice.value = submitter.value;
            form.appendChild(choice);
          }
          form.submit();
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    counters(document);
    var forms = document.querySelectorAll("form[data-autosave-url]");
    Array.prototype.forEach.call(forms, autosave);
  });
})();
