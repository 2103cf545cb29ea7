// Pause button for the self-refreshing wall board (WCAG 2.2.2): htmx checks aria-pressed before each refresh.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-vk-pause]");
  if (!button) return;
  const paused = button.getAttribute("aria-pressed") === "true";
  button.setAttribute("aria-pressed", paused ? "false" : "true");
  button.textContent = paused ? "Verversen pauzeren" : "Verversen hervatten";
});
