// The one bundle of the web app (built by `make assets`). Every feature is progressive: the
// pages work as plain forms without it.
import htmx from "htmx.org";
import { mountEditors } from "./editor.js";
import { restoreDrafts, watchDrafts } from "./drafts.js";
import { startStepTimers } from "./timers.js";
import { setUpThemeToggle } from "./theme.js";
import { setUpShortcuts } from "./shortcuts.js";
import { setUpStoryPicker } from "./stories.js";
import { setUpInterview } from "./interview.js";

window.htmx = htmx;
htmx.config.allowEval = false; // no hx-on / js: expressions: content never runs script
htmx.config.allowScriptTags = false;
// swap error pages too, so a 422 or 404 message appears where the result would have
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "[45]..", swap: true, error: true },
];

// Runs for the first page and for every fragment htmx swaps in.
htmx.onLoad((root) => {
  restoreDrafts(root); // before the editor mounts, so it opens on the restored text
  mountEditors(root);
  startStepTimers(root);
  setUpStoryPicker(root);
  setUpInterview(root);
});

setUpThemeToggle();
setUpShortcuts();
watchDrafts();
