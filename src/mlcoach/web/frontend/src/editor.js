// CodeMirror 6 on every <textarea data-editor>: Python highlighting and indentation, the
// textarea kept in sync so forms (and drafts) submit what the editor shows.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { EditorState, Prec } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { indentUnit, syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";
import { submitFrom } from "./shortcuts.js";

const views = new WeakMap();
const counted = new WeakSet();
const COUNT_FROM = 0.8; // the counter stays hidden until the text reaches this share of the limit
let hints = 0;

export function mountEditors(root) {
  for (const textarea of root.querySelectorAll("textarea[data-editor]")) {
    if (views.has(textarea)) continue;
    const view = new EditorView({
      state: EditorState.create({ doc: textarea.value, extensions: extensions(textarea) }),
    });
    textarea.after(view.dom);
    textarea.hidden = true;
    views.set(textarea, view);
    view.dom.after(keyboardHint(view));
  }
  for (const button of root.querySelectorAll("[data-reset-editor]")) {
    button.addEventListener("click", () => resetToStarter(button));
  }
  for (const textarea of root.querySelectorAll("textarea[maxlength]")) countCharacters(textarea);
}

// Tab indents in the editor, so keyboard users need to hear how to move on.
function keyboardHint(view) {
  const hint = document.createElement("p");
  hint.className = "muted small editor-hint";
  hint.id = `editor-hint-${++hints}`;
  hint.textContent = "Tab indents; press Esc then Tab to leave the editor.";
  view.contentDOM.setAttribute("aria-describedby", hint.id);
  return hint;
}

// A quiet "18,000 / 20,000 characters" under a box once its text nears the server's limit
// (the box's maxlength; the editor refuses typing past it as a plain textarea does).
function countCharacters(textarea) {
  if (counted.has(textarea)) return;
  counted.add(textarea);
  const limit = Number(textarea.maxLength);
  const counter = document.createElement("p");
  counter.className = "muted small char-count";
  counter.setAttribute("aria-live", "polite");
  const anchor = views.get(textarea)?.dom.nextElementSibling ?? textarea;
  anchor.after(counter);
  const update = () => {
    const used = textarea.value.length;
    counter.hidden = used < limit * COUNT_FROM;
    counter.textContent = `${used.toLocaleString()} / ${limit.toLocaleString()} characters`;
    counter.classList.toggle("at-limit", used >= limit);
  };
  textarea.addEventListener("input", update);
  update();
}

function withinLimit(textarea) {
  const limit = textarea.maxLength;
  if (!(limit > 0)) return [];
  // refuse a change that would pass the limit, unless it shortens the text (a paste over it)
  return EditorState.changeFilter.of(
    (tr) => tr.newDoc.length <= limit || tr.newDoc.length <= tr.startState.doc.length,
  );
}

function extensions(textarea) {
  return [
    withinLimit(textarea),
    // Ctrl/Cmd+Enter submits instead of inserting a line (CodeMirror's default)
    Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => (submitFrom(textarea), true) }])),
    basicSetup,
    keymap.of([indentWithTab]),
    indentUnit.of("    "),
    python(),
    syntaxHighlighting(classHighlighter),
    EditorView.contentAttributes.of({ "aria-label": "Code editor (Python)" }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      textarea.value = update.state.doc.toString();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }),
  ];
}

export function setEditorText(textarea, text) {
  textarea.value = text;
  const view = views.get(textarea);
  if (view) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  } else {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
}

function resetToStarter(button) {
  const template = document.querySelector(button.dataset.resetEditor);
  const textarea = button.closest("form")?.querySelector("textarea[data-editor]");
  if (!template || !textarea) return;
  if (!confirm("Replace your code with the starter?")) return;
  setEditorText(textarea, template.content.textContent);
}
