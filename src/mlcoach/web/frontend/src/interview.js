// The mock interview's turn page: a countdown from the server's time left (so a reload keeps
// the right time), a warning style at 80% of the time box, the draft autosaved to the server
// every few seconds and when typing pauses, and the answer submitted when time runs out. Once
// any form on the page is submitted (the answer by a click or the clock, or "End the interview
// now") the page sends nothing more for the turn. The text also lives in a localStorage draft
// (drafts.js), so words typed since the last autosave survive a reload.
import { forgetOtherDrafts, noteServerCopy } from "./drafts.js";

const SAVE_EVERY_MS = 5000;
const PAUSE_MS = 1200;

// Calls `done` once a form on the page really submits. The listener sits on window, so it runs
// after every other submit handler (the data-confirm dialog cancels on document) and sees
// whether the submission was cancelled.
function onceThePageSubmits(done) {
  const listener = (event) => {
    if (event.defaultPrevented) return;
    window.removeEventListener("submit", listener);
    done();
  };
  window.addEventListener("submit", listener);
}

function format(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function startCountdown(clock, form) {
  // seconds left as the server computed them when it rendered the page; our clock only
  // measures the time since, so a skewed machine clock cannot shorten or stretch the turn
  const endsAt = performance.now() + Number(clock.dataset.secondsLeft) * 1000;
  const warnAt = Number(clock.dataset.warningAt);
  let submitted = false;
  // an answer already on its way (a click, Ctrl+Enter), or the end of the interview, is not
  // followed by this answer when the time runs out while the server works: the late copy could
  // land on the next turn, or turn "End the interview now" into "Submit and continue"
  onceThePageSubmits(() => {
    submitted = true;
  });
  const tick = () => {
    const left = (endsAt - performance.now()) / 1000;
    clock.textContent = format(left);
    clock.classList.toggle("warn", left <= warnAt && left > 0);
    clock.classList.toggle("over", left <= 0);
    if (left <= 0 && !submitted && form) {
      submitted = true;
      // tells the server the clock sent it, so the next page says the time ran out
      const auto = form.querySelector("input[name=auto]");
      if (auto) auto.value = "1";
      // through the button that clears the local draft: the answer is handed in
      form.requestSubmit(form.querySelector("button[data-clears-draft]") ?? undefined);
    }
  };
  tick();
  setInterval(tick, 250);
}

function startAutosave(form) {
  const url = form.dataset.autosave;
  const field = form.querySelector("textarea[name=answer]");
  const status = form.querySelector("[data-autosave-status]");
  if (!url || !field) return;
  // the server's copy: a draft restored from this browser differs, so it is sent at once
  let saved = field.defaultValue;
  let pause = null;
  let submitted = false;
  const save = async () => {
    const text = field.value;
    if (submitted || text === saved) return;
    noteServerCopy(form, { [field.name]: text });
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        // the turn it was typed for: once that turn is over the server refuses it (409)
        body: JSON.stringify({ text, turn_index: Number(form.dataset.turn) }),
        keepalive: true,
      });
      if (response.ok) {
        saved = text;
        if (status) status.textContent = `Draft saved at ${new Date().toLocaleTimeString()}.`;
      }
    } catch {
      if (status) status.textContent = "Could not save the draft; it is still in the page.";
    }
  };
  field.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(save, PAUSE_MS);
  });
  const every = setInterval(save, SAVE_EVERY_MS);
  if (field.value !== saved) save(); // a restored draft goes to the server now
  // the answer (or the end of the interview) is on its way, so the turn is over: a draft saved
  // while the server works could land on the next turn once it is shown
  onceThePageSubmits(() => {
    submitted = true;
    clearTimeout(pause);
    clearInterval(every);
  });
}

export function setUpInterview(root) {
  const form = root.querySelector("form[data-autosave]");
  const clock = root.querySelector("[data-countdown]");
  if (form && !form.dataset.autosaveOn) {
    form.dataset.autosaveOn = "1";
    // the local drafts of this interview's earlier turns are of no use any more
    const key = form.dataset.draft; // "interview:<session>:<turn>"
    if (key) forgetOtherDrafts(key.slice(0, key.lastIndexOf(":") + 1), key);
    startAutosave(form);
  }
  if (clock && !clock.dataset.started) {
    clock.dataset.started = "1";
    startCountdown(clock, form);
  }
}
