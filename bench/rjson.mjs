// Runs an R script (stdin to Rscript, from the project root) and returns the last line of its
// output that starts with "{" parsed as JSON; exits the process with R's last error lines if R
// fails. Shared by the benchmarks that time R and lme4ts side by side.
import { spawnSync } from "node:child_process";

export function runRJson(code, cwd) {
  const r = spawnSync("Rscript", ["-"], { input: code, encoding: "utf8", cwd, maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error("R failed:", r.stderr.trim().split("\n").slice(-3).join(" | "));
    process.exit(1);
  }
  return JSON.parse(r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop());
}
