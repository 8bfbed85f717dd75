// The theme toggle cycles system -> light -> dark; the choice is remembered in localStorage
// (an inline script in <head> applies it before the first paint).
const KEY = "mlcoach:theme";
const ORDER = ["system", "light", "dark"];
const ICON = { system: "◐", light: "☀", dark: "☾" };

function current() {
  return document.documentElement.dataset.theme || "system";
}

function apply(theme, button) {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  if (button) {
    button.textContent = ICON[theme];
    button.title = `Theme: ${theme === "system" ? "follows the system" : theme}`;
  }
}

export function setUpThemeToggle() {
  const button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  apply(current(), button);
  button.addEventListener("click", () => {
    const next = ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length];
    apply(next, button);
  });
}
