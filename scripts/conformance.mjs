// Runs the shared conformance check (../shared/conformance/check.mjs) when shared/ is present.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
const check = new URL("../../shared/conformance/check.mjs", import.meta.url);
if (!existsSync(check)) { console.log("conformance: ../shared not present, skipped"); process.exit(0); }
const r = spawnSync(process.execPath, [check.pathname, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
