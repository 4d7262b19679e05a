// The benchmark's case list: one case per reference file in ../shared/reference (lme4 1.1-31
// results). Each case carries the reference's `call` (what was fitted), the data files (found as
// the conformance checker finds them), the reference logLik, and a size class that sets how many
// timed repetitions each side runs.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Default reference directory: ../shared/reference seen from the project root. */
export const defaultRefsDir = resolve(here, "..", "..", "shared", "reference");

/**
 * Finds NAME.csv and NAME.schema.json: first in REFS/data, then in REFS/../datasets (the
 * conformance checker's order). Returns null when neither holds the CSV.
 */
export function findData(refsDir, name) {
  const dirs = [join(refsDir, "data"), resolve(refsDir, "..", "datasets")];
  for (const d of dirs) {
    const csv = join(d, `${name}.csv`);
    if (existsSync(csv)) return { csv, schema: join(d, `${name}.schema.json`) };
  }
  return null;
}

/**
 * Size classes by the expected lme4 time of one fit (ms): small < 1 s (20 reps each side),
 * large < 20 s (3 reps each side), huge >= 20 s (lme4: 1 warm-up + 1 timed fit; lme4ts: 3 reps).
 * The expected time is the reference's lme4_ms, else the largest lme4_ms among cases on the same
 * base data set (the data name before the first "_") and of the same kind (LMM/GLMM), else a
 * guess from the number of observations.
 */
export const sizeClasses = {
  small: { lme4Reps: 20, lme4Warmup: 1, tsReps: 20 },
  large: { lme4Reps: 3, lme4Warmup: 1, tsReps: 3 },
  huge: { lme4Reps: 1, lme4Warmup: 1, tsReps: 3 },
};

function classify(ms) {
  if (ms >= 20000) return "huge";
  if (ms >= 1000) return "large";
  return "small";
}

/**
 * Loads every reference case of refsDir, sorted by id. Each case:
 * { id, file, data, call, isGlmm, nobs, refLogLik, refREMLcrit, refMs, estMs, size, csv, schema }
 * (csv/schema null when the data are missing).
 */
export function loadCases(refsDir = defaultRefsDir) {
  const files = readdirSync(refsDir).filter((f) => f.endsWith(".json")).sort();
  const refs = files.map((file) => ({ file, ref: JSON.parse(readFileSync(join(refsDir, file), "utf8")) }));
  const base = (r) => `${r.data.split("_")[0]}|${r.call.family ? "glmm" : "lmm"}`;
  const maxMs = new Map();
  for (const { ref } of refs) {
    if (typeof ref.lme4_ms !== "number") continue;
    const k = base(ref);
    maxMs.set(k, Math.max(maxMs.get(k) ?? 0, ref.lme4_ms));
  }
  return refs.map(({ file, ref }) => {
    const nobs = ref.fit?.nobs ?? 0;
    const estMs = typeof ref.lme4_ms === "number" ? ref.lme4_ms : maxMs.get(base(ref)) ?? (nobs >= 50000 ? 60000 : nobs >= 5000 ? 5000 : 200);
    const found = findData(refsDir, ref.data);
    return {
      id: ref.id,
      file,
      data: ref.data,
      call: ref.call,
      isGlmm: Boolean(ref.call.family),
      nobs,
      refLogLik: ref.fit?.logLik ?? null,
      refREMLcrit: ref.fit?.REMLcrit ?? null,
      refMs: typeof ref.lme4_ms === "number" ? ref.lme4_ms : null,
      estMs,
      size: classify(estMs),
      csv: found?.csv ?? null,
      schema: found?.schema ?? null,
    };
  });
}

/** Command-line options shared by both sides for one case (the conformance CLI contract). */
export function fitArgs(c) {
  const a = ["--data", c.csv, "--schema", c.schema, "--formula", c.call.formula];
  if (c.call.family) {
    a.push("--family", c.call.family);
    if (c.call.link) a.push("--link", c.call.link);
    a.push("--nagq", String(c.call.nAGQ ?? 1));
  } else {
    a.push("--reml", c.call.REML === false ? "false" : "true");
  }
  if (c.call.weights) a.push("--weights", c.call.weights);
  return a;
}
