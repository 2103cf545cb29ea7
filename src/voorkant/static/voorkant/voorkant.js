// Voorkant's own behaviour: keyboard shortcuts for the agent, listed under "?" (see docs/keyboard.md).
(function () {
  "use strict";

  function focusTarget(selector) {
    var el = document.querySelector(selector);
    if (el) { el.focus(); if (el.select) { el.select(); } return true; }
    return false;
  }

  function clickTarget(selector) {
    var el = document.querySelector(selector);
    if (el) { el.click(); return true; }
    return false;
  }

  // Shortcuts are declared in the page with data-shortcut="alt+n" on the element they act on; focusable
  // fields get focus, buttons and links are activated. One declaration per element keeps page and help in step.
  document.addEventListener("keydown", function (event) {
    var key = event.key.toLowerCase();
    var combo = (event.ctrlKey ? "ctrl+" : "") + (event.altKey ? "alt+" : "") + (event.shiftKey && key.length > 1 ? "shift+" : "") + key;
    if (combo === "?" || combo === "shift+?") {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag !== "input" && tag !== "textarea" && tag !== "select") {
        var help = document.getElementById("vk-shortcuts");
        if (help && help.showModal) { event.preventDefault(); help.showModal(); }
      }
      return;
    }
    var target = document.querySelector('[data-shortcut="' + combo + '"]');
    if (!target) { return; }
    event.preventDefault();
    var name = target.tagName.toLowerCase();
    if (name === "input" || name === "textarea" || name === "select") {
      focusTarget('[data-shortcut="' + combo + '"]');
    } else {
      clickTarget('[data-shortcut="' + combo + '"]');
    }
  });

  // After htmx swaps in a fragment that asks for focus, move focus there so keyboard users can go on.
  document.addEventListener("htmx:afterSettle", function (event) {
    var el = event.detail.elt && event.detail.elt.querySelector ? event.detail.elt.querySelector("[data-autofocus]") : null;
    if (el) { el.focus(); }
  });
})();
