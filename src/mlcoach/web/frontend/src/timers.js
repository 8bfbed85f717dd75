// A countdown per system-design step: it starts the first time the step is opened, turns
// amber at 80% of the step's time box and red when it runs over. Start times are kept in
// localStorage so a reload does not reset the clock.
const PREFIX = "mlcoach:timer:";
const WARN_AT = 0.8;
let ticking = false;

function startedAt(step) {
  const value = Number(localStorage.getItem(PREFIX + step.dataset.timerKey));
  return Number.isFinite(value) && value > 0 ? value : null;
}

function format(seconds) {
  const s = Math.abs(Math.round(seconds));
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return seconds < 0 ? `+${text} over` : text;
}

function render(step, now) {
  const display = step.querySelector("[data-timer-display]");
  const total = Number(step.dataset.timerMinutes) * 60;
  const start = startedAt(step);
  if (!display || !total) return;
  const elapsed = start ? (now - start) / 1000 : 0;
  display.textContent = format(total - elapsed);
  display.classList.toggle("running", Boolean(start));
  display.classList.toggle("warn", elapsed >= WARN_AT * total && elapsed < total);
  display.classList.toggle("over", elapsed >= total);
}

function tick() {
  const now = Date.now();
  document.querySelectorAll("details[data-timer-key]").forEach((step) => render(step, now));
}

export function startStepTimers(root) {
  const steps = root.querySelectorAll("details[data-timer-key]");
  for (const step of steps) {
    step.addEventListener("toggle", () => {
      if (step.open && !startedAt(step)) {
        localStorage.setItem(PREFIX + step.dataset.timerKey, String(Date.now()));
      }
      tick();
    });
  }
  for (const button of root.querySelectorAll("[data-reset-timers]")) {
    button.addEventListener("click", () => {
      document.querySelectorAll("details[data-timer-key]").forEach((step) => {
        localStorage.removeItem(PREFIX + step.dataset.timerKey);
        if (step.open) localStorage.setItem(PREFIX + step.dataset.timerKey, String(Date.now()));
      });
      tick();
    });
  }
  if (steps.length && !ticking) {
    ticking = true;
    setInterval(tick, 1000);
  }
  tick();
}
