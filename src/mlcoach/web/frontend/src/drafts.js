// Answers in progress survive a reload: every <form data-draft="key"> saves its text fields
// to localStorage as you type, restores them on load, and forgets them after a successful
// submit through a button marked data-clears-draft.
const PREFIX = "mlcoach:draft:";

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

function save(form) {
  const values = Object.fromEntries(fields(form).map((f) => [f.name, f.value]));
  const changed = fields(form).some((f) => f.value !== f.defaultValue);
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
