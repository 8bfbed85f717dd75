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

export function mountEditors(root) {
  for (const textarea of root.querySelectorAll("textarea[data-editor]")) {
    if (views.has(textarea)) continue;
    const view = new EditorView({
      state: EditorState.create({ doc: textarea.value, extensions: extensions(textarea) }),
    });
    textarea.after(view.dom);
    textarea.hidden = true;
    views.set(textarea, view);
  }
  for (const button of root.querySelectorAll("[data-reset-editor]")) {
    button.addEventListener("click", () => resetToStarter(button));
  }
}

function extensions(textarea) {
  return [
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
