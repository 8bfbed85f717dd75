// Answers in progress survive a reload: every <form data-draft="key"> saves its text fields
// to localStorage as you type, restores them on load, and forgets them after a successful
// submit through a button marked data-clears-draft.
//
// A form that the server also keeps a draft of (the interview turn, data-autosave) opens on the
// server's copy. The local draft wins only over a server copy this browser knew (the one the
// page opened on, or one it sent): anything else was saved later elsewhere (another tab, the
// CLI), so the server's copy is newer and the local draft is dropped.
const PREFIX = "mlcoach:draft:";
const SERVER = "#server"; // in a saved draft: the server copies it was typed over or sent
const SERVER_COPIES_KEPT = 4;

function fields(form) {
  return [...form.querySelectorAll("textarea[name], input[name]:not([type=hidden])")];
}

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + key) || "null");
  } catch {
    return null;
  }
}

function snapshot(form, override = {}) {
  return JSON.stringify(
    Object.fromEntries(fields(form).map((f) => [f.name, override[f.name] ?? f.defaultValue])),
  );
}

// the server copies this page knows of, oldest first: the one it opened on, then those sent
function serverCopies(form) {
  if (!form._serverCopies) form._serverCopies = [snapshot(form)];
  return form._serverCopies;
}

// Called by the autosave as it sends `values` (field name -> text) to the server.
export function noteServerCopy(form, values) {
  if (!form.matches("form[data-draft]")) return;
  const copies = serverCopies(form);
  copies.push(snapshot(form, values));
  copies.splice(1, Math.max(0, copies.length - SERVER_COPIES_KEPT)); // keep the first one
  save(form);
}

function save(form) {
  const values = Object.fromEntries(fields(form).map((f) => [f.name, f.value]));
  const changed = fields(form).some((f) => f.value !== f.defaultValue);
  if (form.hasAttribute("data-autosave")) values[SERVER] = serverCopies(form);
  try {
    if (changed) localStorage.setItem(PREFIX + form.dataset.draft, JSON.stringify(values));
    else localStorage.removeItem(PREFIX + form.dataset.draft);
  } catch {
    /* storage full or disabled: drafts are a convenience */
  }
}

export function forget(form) {
  try {
    localStorage.removeItem(PREFIX + form.dataset.draft);
  } catch {
    /* ignore */
  }
}

export function restoreDrafts(root) {
  for (const form of root.querySelectorAll("form[data-draft]")) {
    const saved = read(form.dataset.draft);
    if (!saved) continue;
    if (serverIsNewer(form, saved)) {
      forget(form);
      continue;
    }
    let restored = false;
    for (const field of fields(form)) {
      if (typeof saved[field.name] === "string" && saved[field.name] !== field.value) {
        field.value = saved[field.name];
        restored = true;
      }
    }
    if (restored) notice(form);
  }
}

function serverIsNewer(form, saved) {
  if (!form.hasAttribute("data-autosave") || !Array.isArray(saved[SERVER])) return false;
  return !saved[SERVER].includes(snapshot(form));
}

// Drops the drafts under `prefix` except `keep` (a finished interview turn's, say).
export function forgetOtherDrafts(prefix, keep) {
  try {
    for (const key of Object.keys(localStorage)) {
      const name = key.slice(PREFIX.length);
      if (key.startsWith(PREFIX + prefix) && name !== keep) localStorage.removeItem(key);
    }
  } catch {
    /* ignore */
  }
}

function notice(form) {
  const note = document.createElement("p");
  note.className = "alert info small";
  note.setAttribute("role", "status");
  note.textContent = "Restored your unsaved draft. ";
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "link";
  discard.textContent = "Discard it";
  discard.addEventListener("click", () => {
    forget(form);
    window.location.reload();
  });
  note.append(discard);
  form.prepend(note);
}

export function watchDrafts() {
  document.addEventListener("input", (event) => {
    const form = event.target.closest?.("form[data-draft]");
    if (form) save(form);
  });
  // remember whether the button that submitted a form clears its draft
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!form.matches?.("form[data-draft]")) return;
      const clears = Boolean(event.submitter?.hasAttribute("data-clears-draft"));
      form.dataset.submitClears = clears ? "1" : "";
      // a plain form reloads with the server's copy, so its draft can go now
      if (clears && !form.hasAttribute("hx-post")) forget(form);
    },
    true,
  );
  // htmx: only once the server accepted the answer
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt;
    const form = elt.closest?.("form[data-draft]");
    if (!form || !event.detail.successful) return;
    const clears = elt.hasAttribute("data-clears-draft") || (elt === form && form.dataset.submitClears === "1");
    if (clears) forget(form);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-clear-form]");
    if (!button) return;
    const form = button.closest("form");
    if (!form || !confirm("Clear every note on this page?")) return;
    for (const field of fields(form)) field.value = "";
    forget(form);
  });
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset?.confirm;
    if (message && !confirm(message)) event.preventDefault();
  });
}
