// Voorkant's own behaviour: keyboard shortcuts for the agent, listed under "?" (see docs/keyboard.md).
(function () {
  "use strict";

  // The question the agent works on: the one focus was last in. Shortcuts such as Alt+U act on it.
  var currentScope = null;

  function comboOf(event) {
    var key = (event.key || "").toLowerCase();
    // Alt with a digit or letter may produce another character on some layouts; the physical key is stable.
    if (event.altKey && event.code) {
      if (/^Key[A-Z]$/.test(event.code)) { key = event.code.slice(3).toLowerCase(); }
      else if (/^Digit[0-9]$/.test(event.code)) { key = event.code.slice(5); }
    }
    return (event.ctrlKey || event.metaKey ? "ctrl+" : "") + (event.altKey ? "alt+" : "") +
      (event.shiftKey && key.length > 1 ? "shift+" : "") + key;
  }

  // Several elements may declare the same shortcut (one per question): take the one in the current
  // question, else the last one on the page (the newest question).
  function shortcutTarget(combo) {
    var all = document.querySelectorAll('[data-shortcut="' + combo + '"]');
    if (!all.length) { return null; }
    if (all.length === 1) { return all[0]; }
    var scope = currentScope && document.body.contains(currentScope) ? currentScope : null;
    if (scope) {
      var inScope = scope.querySelector('[data-shortcut="' + combo + '"]');
      if (inScope) { return inScope; }
    }
    return all[all.length - 1];
  }

  function isField(el) {
    var name = (el.tagName || "").toLowerCase();
    return name === "input" || name === "textarea" || name === "select";
  }

  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (dialog && dialog.showModal && !dialog.open) {
      dialog.showModal();
      var first = dialog.querySelector("[autofocus]") || dialog.querySelector("button, input, select");
      if (first) { first.focus(); }
    }
  }

  document.addEventListener("keydown", function (event) {
    var combo = comboOf(event);
    if (combo === "?" || combo === "shift+?") {
      if (!isField(event.target)) { event.preventDefault(); openDialog("vk-shortcuts"); }
      return;
    }
    // Plain Enter in a field must not register the conversation half-way; Ctrl+Enter does that on purpose.
    if (combo === "enter" && event.target.form && event.target.form.id === "vk-draft-form" &&
        (event.target.tagName || "").toLowerCase() === "input") {
      event.preventDefault();
      return;
    }
    var target = shortcutTarget(combo);
    if (!target) { return; }
    event.preventDefault();
    if (isField(target)) {
      var question = target.closest("details");
      if (question && !question.open) { question.open = true; }
      target.focus();
      if (target.select && target.type !== "search") { target.select(); }
    } else {
      target.click();
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest ? event.target.closest("[data-dialog-open]") : null;
    if (opener) { event.preventDefault(); openDialog(opener.getAttribute("data-dialog-open")); }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Remember the current question and point the kennisbank box at it, so Enter on an answer links it there.
  document.addEventListener("focusin", function (event) {
    var scope = event.target.closest ? event.target.closest("[data-shortcut-scope]") : null;
    if (!scope) { return; }
    currentScope = scope;
    var link = document.getElementById("vk-knowledge-link");
    if (link && scope.getAttribute("data-link-url")) { link.value = scope.getAttribute("data-link-url"); }
    var label = document.querySelector("[data-knowledge-target-label]");
    if (label) { label.textContent = "vraag " + scope.getAttribute("data-question-number"); }
  });

  // Transfer fields only matter when the outcome is a transfer; show them then, keep them otherwise.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("[data-outcome-select]")) { return; }
    var option = event.target.options[event.target.selectedIndex];
    var transfer = event.target.closest("[data-shortcut-scope]").querySelector("[data-transfer]");
    if (transfer) { transfer.hidden = !(option && option.getAttribute("data-category") === "doorverbonden"); }
  });

  function autofocus(root) {
    var el = (root && root.querySelector ? root : document).querySelector("[data-autofocus]");
    if (el) { el.removeAttribute("data-autofocus"); el.focus(); }
  }

  // After htmx swaps in a fragment that asks for focus, move focus there so keyboard users can go on.
  document.addEventListener("htmx:afterSettle", function () { autofocus(document); });
  // Once the caller is chosen the next thing to type is the question.
  document.addEventListener("vk-caller-set", function () {
    var subject = shortcutTarget("alt+o");
    if (subject && !subject.value) { subject.focus(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    autofocus(document);
    var first = document.querySelector(".vk-question");
    if (first) { currentScope = document.querySelectorAll(".vk-question")[document.querySelectorAll(".vk-question").length - 1]; }
  });
})();
