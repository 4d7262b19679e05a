#!/usr/bin/env node
// Regenerates docs/refusals.md ("What lme4ts refuses, and why") from the robustness catalogue
// (test/robustness/rows/*.ts): the page is rendered by test/robustness/refusals.ts inside the test
// setup (the rows are TypeScript), and test/robustness/refusals.test.ts fails when it is stale.
//   node scripts/refusals-doc.mjs
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const r = spawnSync("npx", ["vitest", "run", "test/robustness/refusals.test.ts"], {
  cwd: root, stdio: "inherit", env: { ...process.env, UPDATE_REFUSALS: "1" },
});
process.exit(r.status ?? 1);
