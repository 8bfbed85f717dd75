// Swagger UI for the API docs page (/docs): the prebuilt files of swagger-ui-dist, copied into
// the gitignored static/dist/swagger-ui/ so the page loads nothing from a CDN.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "node_modules", "swagger-ui-dist");
const target = join(here, "..", "static", "dist", "swagger-ui");
// the licence files travel with the code they cover
const FILES = [
  "swagger-ui.css",
  "swagger-ui-bundle.js.LICENSE.txt",
  "LICENSE",
  "NOTICE",
  "swagger-ui-bundle.js", // last: the Makefile's target, so a failed copy is retried
];

mkdirSync(target, { recursive: true });
for (const name of FILES) {
  copyFileSync(join(source, name), join(target, name));
}
