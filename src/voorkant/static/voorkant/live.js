// Self-refreshing regions: any element with data-live-url is polled every data-live-interval seconds.
// The server answers 304 (ETag) while nothing changed, so an idle page costs one small query per poll; the
// state lives in the database, so any web worker on any server can answer. See docs/platform.md.
//
// Accessibility: regions carry aria-live="polite". Only new or changed items are inserted (matched by id and
// data-live-version), so a screen reader hears what is new, not the whole list again. Hidden tabs do not poll.
//
// Pausing (WCAG 2.2.2): a button with data-live-pause="<region id> ..." pauses and resumes every region it
// names; a region is paused while any button naming it is pressed. A page with a live region of its own
// (wall board, today view) shows ONE such button that names its own region and the notifications, so each
// page has one clear pause control; htmx-polled regions read the same button's aria-pressed.
(function () {
  "use strict";

  var regions = [];

  function hasId(el) { return !!el.id; }

  function sameVersion(a, b) {
    var va = a.getAttribute("data-live-version"), vb = b.getAttribute("data-live-version");
    if (va !== null && vb !== null) { return va === vb; }
    return a.outerHTML === b.outerHTML;
  }

  function mergeKeyed(parent, oldKids, newKids) {
    var existing = {};
    oldKids.forEach(function (k) { existing[k.id] = k; });
    var wanted = newKids.map(function (nk) {
      var ok = existing[nk.id];
      return ok && sameVersion(ok, nk) ? ok : document.importNode(nk, true);
    });
    oldKids.forEach(function (k) { if (wanted.indexOf(k) === -1) { k.remove(); } });
    wanted.forEach(function (node, i) {
      if (parent.children[i] !== node) { parent.insertBefore(node, parent.children[i] || null); }
    });
  }

  function merge(oldEl, newEl) {
    var o = Array.prototype.slice.call(oldEl.children), n = Array.prototype.slice.call(newEl.children);
    if (n.length > 0 && o.length > 0 && n.every(hasId) && o.every(hasId)) { mergeKeyed(oldEl, o, n); return; }
    if (o.length === 1 && n.length === 1 && o[0].tagName === n[0].tagName && o[0].className === n[0].className &&
        oldEl.textContent.trim() === o[0].textContent.trim() && newEl.textContent.trim() === n[0].textContent.trim()) {
      merge(o[0], n[0]);
      return;
    }
    if (oldEl.innerHTML !== newEl.innerHTML) { oldEl.innerHTML = newEl.innerHTML; }
  }

  function apply(region, html) {
    var incoming = document.createElement("div");
    incoming.innerHTML = html;
    var el = region.el;
    if (region.first) {
      // The first fill is what was already there when the page opened: do not read it all out.
      var live = el.getAttribute("aria-live");
      el.setAttribute("aria-live", "off");
      el.innerHTML = incoming.innerHTML;
      window.setTimeout(function () { el.setAttribute("aria-live", live || "polite"); }, 0);
      region.first = false;
    } else {
      merge(el, incoming);
    }
    if (window.htmx) { window.htmx.process(el); }
    // Scripts that draw inside a region (charts) redraw on this event.
    el.dispatchEvent(new CustomEvent("live:updated", { bubbles: true }));
  }

  function paused(region) {
    return !!region.el.id && !!document.querySelector(
      '[data-live-pause~="' + region.el.id + '"][aria-pressed="true"]');
  }

  function poll(region) {
    if (paused(region) || region.stopped || document.hidden || region.busy) { return; }
    region.busy = true;
    var headers = { "X-Requested-With": "live.js" };
    if (region.etag) { headers["If-None-Match"] = region.etag; }
    fetch(region.url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.redirected || response.status === 401 || response.status === 403) {
          region.stopped = true;  // logged out: stop asking
          return null;
        }
        if (response.status === 304 || !response.ok) { return null; }
        region.etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) { if (html !== null && html !== undefined) { apply(region, html); } })
      .catch(function () { /* network hiccup: try again at the next tick */ })
      .then(function () { region.busy = false; });
  }

  function togglePause(button) {
    var pausing = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", pausing ? "true" : "false");
    button.textContent = pausing ? "Automatisch verversen hervatten" : "Automatisch verversen pauzeren";
    if (!pausing) { regions.forEach(poll); }  // catch up at once on resume
  }

  function start(el) {
    var seconds = parseFloat(el.getAttribute("data-live-interval") || "10");
    var region = { el: el, url: el.getAttribute("data-live-url"), etag: null, first: true };
    regions.push(region);
    poll(region);
    region.timer = window.setInterval(function () { poll(region); }, Math.max(1, seconds) * 1000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-live-pause]");
    if (button) { togglePause(button); }
  });

  // A change made on this page (e.g. "Gelezen" via htmx) replaces the region; forget the ETag so the next
  // poll compares against fresh state.
  document.addEventListener("htmx:afterSwap", function (event) {
    regions.forEach(function (region) { if (region.el.contains(event.detail.target)) { region.etag = null; } });
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { regions.forEach(poll); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-url]").forEach(start);
  });
})();
