#!/usr/bin/env node
/**
 * End-to-end acceptance of lme4ts as an installed package in the notebook front ends users run
 * (issue 11, parts 2–5). From `npm pack` of this repository, installed into a fresh project
 * outside it:
 *
 *   kernel  lme4ts's kernel (`npx lme4ts kernel install --prefix DIR`) executes an outside notebook
 *           with `jupyter nbconvert --execute --allow-errors`: HTML, Vega-Lite v5, image and
 *           `error` outputs, execution counts
 *   html    that executed notebook through `jupyter nbconvert --to html` (default template),
 *           rendered in headless Chromium: plot regions are not blank
 *   deno    Deno's Jupyter kernel (`deno` from npm) shows a model and a plot as HTML and Vega-Lite
 *   tslab   stock tslab's kernel: `display(x)` shows HTML and an image
 *   ui      Debian's classic `jupyter-notebook` on 127.0.0.1, driven by headless Chromium over the
 *           DevTools protocol: open a notebook, Run All through the UI, screenshot; the summary
 *           table and the plot are visible
 *
 *   node scripts/e2e/run.mjs                   # all checks
 *   node scripts/e2e/run.mjs --only deno,tslab # some of them
 *   node scripts/e2e/run.mjs --work DIR --keep # use (and keep) DIR as the work folder
 *   node scripts/e2e/run.mjs --work DIR --reuse  # development: reuse DIR's installs from a previous run
 *
 * Installs what is missing: Debian packages with apt-get (root or passwordless sudo), npm
 * packages into the temp work folder only. Screenshots, executed notebooks and HTML go to
 * out/ci-artifacts/e2e/. One PASS/FAIL line per check, then a summary; exits 1 when any failed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expectations } from "./lib/expect.mjs";
import { createContext } from "./lib/setup.mjs";
import * as kernel from "./checks/kernel.mjs";
import * as html from "./checks/html.mjs";
import * as deno from "./checks/deno.mjs";
import * as tslab from "./checks/tslab.mjs";
import * as ui from "./checks/ui.mjs";

const CHECKS = { kernel, html, deno, tslab, ui };
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (args.includes("--help") || args.includes("-h")) {
  console.log("usage: node scripts/e2e/run.mjs [--only kernel,html,deno,tslab,ui] [--work DIR] [--keep] [--reuse]");
  process.exit(0);
}
const only = (opt("only") ?? Object.keys(CHECKS).join(",")).split(",").map((s) => s.trim()).filter(Boolean);
for (const n of only) if (!CHECKS[n]) {
  console.error(`unknown check "${n}"; checks: ${Object.keys(CHECKS).join(", ")}`);
  process.exit(2);
}
const workArg = opt("work");
const work = workArg ? resolve(workArg) : mkdtempSync(join(tmpdir(), "lme4ts-e2e-"));
const keep = args.includes("--keep") || Boolean(workArg);
const artifacts = join(root, "out", "ci-artifacts", "e2e");
mkdirSync(artifacts, { recursive: true });

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const log = (s) => console.log(`[e2e] ${s}`);
const ctx = createContext({ root, work, artifacts, log, reuse: args.includes("--reuse") });
log(`work folder ${work}${keep ? " (kept)" : ""}; artifacts in ${artifacts}`);

const t0 = Date.now();
const results = [];
for (const name of only) {
  const check = CHECKS[name];
  const t = expectations();
  const s = Date.now();
  let crash = null;
  try {
    await check.run(ctx, t);
  } catch (e) {
    crash = e;
  }
  const secs = Math.round((Date.now() - s) / 1000);
  const pass = !crash && t.items.length > 0 && t.failed.length === 0;
  results.push({ name, pass, secs });
  console.log(bold(`[e2e] ${pass ? "PASS" : "FAIL"} ${name} (${secs} s): ${check.title}`));
  for (const i of t.items) console.log(`    ${i.pass ? "ok  " : "FAIL"} ${i.what}${i.pass ? "" : ` — ${i.why}`}`);
  if (crash) console.log(`    FAIL could not finish: ${String(crash.stack ?? crash).split("\n").slice(0, 30).join("\n         ")}`);
}

const total = Math.round((Date.now() - t0) / 1000);
const passed = results.filter((r) => r.pass).length;
console.log(bold(`[e2e] ${results.map((r) => `${r.name} ${r.pass ? "PASS" : "FAIL"}`).join(", ")} (total ${total} s)`));
console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);
if (!keep && existsSync(work)) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
process.exit(passed === results.length ? 0 : 1);
