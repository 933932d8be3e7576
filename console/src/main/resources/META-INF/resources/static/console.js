// Preflight console: live regions. An element with data-live="URL" is read again every few seconds
// and replaced when its content changed, unless the person is in the middle of a form inside it.
// The region carries the entity tag of what it was rendered from (data-live-tag) and each read asks
// with If-None-Match: the console answers 304 while nothing changed, and the region as it is now
// (with its new tag) as soon as anything did, a change made between the page's rendering and the
// first read included. A session that ended is said so (the console answers 499 to a script once
// the sign-in expired).
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
    var tag = region.getAttribute("data-live-tag");
    var busy = false;
    function say(text) { if (status) { status.textContent = text; } }
    function tick() {
      if (busy || document.hidden || editing(region)) { return; }
      busy = true;
      var headers = { "X-Requested-With": "JavaScript", "Accept": "text/html" };
      if (tag) { headers["If-None-Match"] = "\"" + tag + "\""; }
      fetch(region.getAttribute("data-live"), {
        credentials: "same-origin",
        redirect: "manual",
        cache: "no-store",
        headers: headers
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 499 || response.status === 401) {
          say("Your session has ended: reload the page to sign in again.");
          return null;
        }
        if (response.status === 304) {
          say("Updated at " + new Date().toLocaleTimeString() + ".");
          return null;
        }
        if (!response.ok) {
          say("Could not update (the console answered " + response.status + "); trying again.");
          return null;
        }
        var fresh = response.headers.get("ETag");
        return response.text().then(function (html) {
          var changed = !tag || !fresh || fresh.replace(/^W\//, "") !== "\"" + tag + "\"";
          tag = fresh ? fresh.replace(/^W\//, "").replace(/^"|"$/g, "") : null;
          if (tag) { region.setAttribute("data-live-tag", tag); } else { region.removeAttribute("data-live-tag"); }
          return changed ? html : undefined;
        });
      }).then(function (html) {
        if (html === null) { return; }
        if (html !== undefined) {
          var open = openDetails(region);
          region.innerHTML = html;
          reopen(region, open);
        }
        say("Updated at " + new Date().toLocaleTimeString() + ".");
      }).catch(function () {
        say("The console cannot be reached; trying again.");
      }).then(function () { busy = false; });
    }
    tick(); // at once: what changed since the page was rendered
    setInterval(tick, EVERY_MS);
  });
})();
