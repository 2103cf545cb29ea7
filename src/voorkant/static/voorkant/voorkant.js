// Voorkant's own behaviour: keyboard shortcuts for the agent, listed under "?" (see docs/keyboard.md).
(function () {
  "use strict";

  // The question the agent works on: the one focus was last in. Shortcuts such as Alt+U act on it.
  var currentScope = null;
  // Typed since the last autosave?
  var unsaved = false;

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
    if (event.target.id === "vk-draft-form") { unsaved = false; }  // the submit itself carries everything
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

  // Autosave waits for a pause in typing; when the page goes away sooner (reload, closed tab), send the
  // last keystrokes anyway so nothing typed is lost.
  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.id === "vk-draft-form") { unsaved = true; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "vk-draft-form" && event.detail.successful) { unsaved = false; }
  });
  window.addEventListener("pagehide", function () {
    var form = document.getElementById("vk-draft-form");
    if (unsaved && form && navigator.sendBeacon) {
      navigator.sendBeacon(form.getAttribute("hx-post"), new FormData(form));
      unsaved = false;
    }
  });

  // The protocol signal dialog (Alt+S): its content comes from the server; it opens once it has arrived and
  // gives focus back to the question's signal button when it closes.
  var signalOpener = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    // A form that says so shows its 422 answer (the messages at the fields) instead of dropping it.
    var xhr = event.detail.xhr;
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (xhr && xhr.status === 422 && elt && elt.hasAttribute && elt.hasAttribute("data-swap-invalid")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var opener = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!opener || !opener.hasAttribute || !opener.hasAttribute("data-signal-opener")) { return; }
    var dialog = document.getElementById("vk-signal");
    if (dialog && !dialog.open) {
      signalOpener = opener;
      dialog.showModal();
    }
  });
  document.addEventListener("click", function (event) {
    var closer = event.target.closest ? event.target.closest("[data-dialog-close]") : null;
    if (closer) { event.preventDefault(); closer.closest("dialog").close(); }
  });
  document.addEventListener("close", function (event) {
    if (event.target.id !== "vk-signal") { return; }
    document.getElementById("vk-signal-body").innerHTML = "";
    if (signalOpener && document.body.contains(signalOpener)) { signalOpener.focus(); }
  }, true);
  document.addEventListener("vk-signal-sent", function (event) {
    var detail = event.detail || {};
    var status = document.getElementById("q-" + detail.question + "-signal-status");
    var dialog = document.getElementById("vk-signal");
    if (dialog && dialog.open) { dialog.close(); }
    if (status) {
      // Emptied first so the same text a second time is announced again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = detail.message; }, 50);
    }
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
