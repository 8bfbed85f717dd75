// Ctrl+Enter (Cmd+Enter on a Mac) submits the form that has focus, through its button marked
// data-shortcut when there is one (so htmx sends it the same way a click would).
export function submitFrom(element) {
  const form = element.closest("form");
  if (!form) return;
  const button =
    form.querySelector("[data-shortcut]") ||
    form.querySelector("button[type=submit], button:not([type])");
  if (button && !button.disabled) button.click();
  else if (!button) form.requestSubmit();
}

export function setUpShortcuts() {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    if (!event.target.closest?.("form")) return;
    event.preventDefault();
    submitFrom(event.target);
  });
}
