// Preflight console: live regions. An element with data-live="URL" is read again every few seconds
// and replaced when its content changed, unless the person is in the middle of a form inside it.
// A session that ended is said so (the console answers 499 to a script once the sign-in expired).
(function () {
  "use strict";
  var EVERY_MS = 5000;

  function editing(region) {
    var active = document.activeElement;
    if (active && region.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      return true;
    }
    var fields = region.querySelectorAll("input:not([type=hidden]), textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "radio" || f.type === "checkbox" ? f.checked !== f.defaultChecked : f.value !== f.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function openDetails(region) {
    var open = [];
    region.querySelectorAll("details[open]").forEach(function (d) {
      var owner = d.closest("[id]");
      if (owner) { open.push(owner.id + "|" + d.className); }
    });
    return open;
  }

  function reopen(region, open) {
    open.forEach(function (key) {
      var parts = key.split("|");
      var owner = document.getElementById(parts[0]);
      if (owner && region.contains(owner)) {
        owner.querySelectorAll("details").forEach(function (d) {
          if (d.className === parts[1] && d.closest("[id]") === owner) { d.open = true; }
        });
      }
    });
  }

  document.querySelectorAll("[data-live]").forEach(function (region) {
    var status = document.getElementById(region.getAttribute("data-status"));
    var last = null; // the first read, as the page loads, is the baseline: nothing is replaced then
    var busy = false;
    function say(text) { if (status) { status.textContent = text; } }
    function tick() {
      if (busy || document.hidden || editing(region)) { return; }
      busy = true;
      fetch(region.getAttribute("data-live"), {
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-Requested-With": "JavaScript", "Accept": "text/html" }
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 499 || response.status === 401) {
          say("Your session has ended: reload the page to sign in again.");
          return null;
        }
        if (!response.ok) {
          say("Could not update (the console answered " + response.status + "); trying again.");
          return null;
        }
        return response.text();
      }).then(function (html) {
        if (html === null || html === undefined) { return; }
        if (last !== null && html !== last) {
          var open = openDetails(region);
          region.innerHTML = html;
          reopen(region, open);
        }
        last = html;
        say("Updated at " + new Date().toLocaleTimeString() + ".");
      }).catch(function () {
        say("The console cannot be reached; trying again.");
      }).then(function () { busy = false; });
    }
    tick(); // the baseline, read as the page loads
    setInterval(tick, EVERY_MS);
  });
})();
