#!/usr/bin/env node
/**
 * Long fuzz run of the formula parser and the CSV reader (the unit tests run 3000 cases of each):
 * nothing but LmeError may escape, and no case may hang. Cases come from bench/fuzz-gen.mjs
 * (the same generators as test/formula/fuzz.test.ts and test/data/csv-fuzz.test.ts) and run in a
 * worker thread against the built library (dist/, `npm run build` first); the main thread kills
 * the worker when one case runs longer than the time-out, records a hang with its seed, and goes
 * on with a fresh worker from the next case.
 *
 *   node bench/fuzz.mjs [--formulas N] [--csvs N] [--fit-rate R] [--timeout MS] [--slow MS] [--seed S]
 *
 * Defaults: 50000 formulas and 50000 CSV texts, lmer fitted on 10% of the formulas that parse
 * (on a 24-row data set) and on half of the mutated sleepstudy texts that read with their
 * schema, a time-out of 30000 ms per case (a hang) and a report of cases over 3000 ms (slow).
 * Prints the counts (parsed or read, LmeErrors, fits, escapes, hangs, slow cases) and every
 * escape, hang and slow case with its seed; exits 1 on an escape or a hang. Reproduce one case with its seed: `fuzzFormula(seed)` or
 * `fuzzCsv(seed, sources)`.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
/** Layout of the shared Int32Array: the case running now, then the counters. */
const SLOTS = { current: 0, ok: 1, lmeErrors: 2, fits: 3, fitErrors: 4 };
const DATASETS = ["sleepstudy", "cbpp", "Penicillin", "Dyestuff", "cake", "grouseticks"];

function parseArgs(argv) {
  const o = { formulas: 50000, csvs: 50000, fitRate: 0.1, timeout: 30000, slow: 3000, seed: 0xf022 };
  for (let i = 0; i < argv.length; i++) {
    const v = Number(argv[i + 1]);
    switch (argv[i]) {
      case "--formulas": o.formulas = v; break;
      case "--csvs": o.csvs = v; break;
      case "--fit-rate": o.fitRate = v; break;
      case "--timeout": o.timeout = v; break;
      case "--slow": o.slow = v; break;
      case "--seed": o.seed = v; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
    i++;
  }
  return o;
}

// ------------------------------------------------------------------ worker: runs cases in order
async function workerMain() {
  const { kind, from, to, seed, fitRate, progress } = workerData;
  const lib = await import(new URL("dist/index.js", root).href);
  const { LmeError, parseCsv, lmer } = lib;
  const { parseFormula, formulaColumns } = await import(new URL("dist/formula/index.js", root).href);
  const { fuzzFormula, fuzzFormulaData, fuzzCsv, fuzzSchema, mulberry32 } = await import(new URL("bench/fuzz-gen.mjs", root).href);
  const slot = new Int32Array(progress);
  // shared counters, so that nothing is lost when the main thread kills this worker
  const count = (key) => Atomics.add(slot, SLOTS[key], 1);
  const escapes = [];
  const run = (what, fn) => {
    try {
      fn();
      return true;
    } catch (e) {
      if (e instanceof LmeError) return false;
      escapes.push(`${what}: ${e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : String(e)}`);
      return false;
    }
  };
  const data = fuzzFormulaData();
  const sources = DATASETS.map((name) => ({ name, text: readFileSync(new URL(`datasets/${name}.csv`, root), "utf8") }));
  const schemas = new Map(DATASETS.map((n) => [n, JSON.parse(readFileSync(new URL(`datasets/${n}.schema.json`, root), "utf8"))]));
  const sample = mulberry32(seed ^ from);
  for (let k = from; k < to; k++) {
    Atomics.store(slot, 0, k);
    const s = seed + k;
    if (kind === "formula") {
      const src = fuzzFormula(s);
      const where = `formula seed ${s} ${JSON.stringify(src.slice(0, 160))}`;
      if (run(where, () => formulaColumns(parseFormula(src)))) {
        count("ok");
        if (sample() < fitRate) {
          count("fits");
          if (!run(`${where} (lmer)`, () => lmer(src, data))) count("fitErrors");
        }
      } else count("lmeErrors");
    } else {
      const { text, source } = fuzzCsv(s, sources);
      const where = `csv seed ${s} (${source ?? "soup"}) ${JSON.stringify(text.slice(0, 120))}`;
      let plain = null;
      if (run(where, () => (plain = parseCsv(text, { source: '"fuzz.csv"' })))) count("ok");
      else count("lmeErrors");
      run(`${where} (fuzzed schema)`, () => parseCsv(text, { schema: fuzzSchema(s, plain === null ? ["x", "y"] : plain.names) }));
      if (source !== null) {
        let frame = null;
        run(`${where} (schema)`, () => {
          frame = parseCsv(text, { schema: schemas.get(source), source: '"fuzz.csv"', schemaSource: '"fuzz.schema.json"' });
        });
        if (frame !== null && source === "sleepstudy" && sample() < fitRate * 5) {
          count("fits");
          if (!run(`${where} (lmer)`, () => lmer("Reaction ~ Days + (Days | Subject)", frame))) count("fitErrors");
        }
      }
    }
    if (escapes.length > 0 || k + 1 === to) parentPort.postMessage({ done: k + 1, escapes: escapes.splice(0) });
  }
}

// ------------------------------------------------------------------ main: watchdog and totals
function runKind(kind, n, opts) {
  return new Promise((resolve) => {
    const totals = { cases: n, escapes: [], hangs: [], slow: [] };
    const progress = new SharedArrayBuffer(4 * 5);
    const slot = new Int32Array(progress);
    const finish = () => {
      for (const key of ["ok", "lmeErrors", "fits", "fitErrors"]) totals[key] = Atomics.load(slot, SLOTS[key]);
      resolve(totals);
    };
    let from = 0;
    const start = () => {
      if (from >= n) return finish();
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { kind, from, to: n, seed: opts.seed, fitRate: opts.fitRate, progress },
      });
      Atomics.store(slot, 0, from);
      let last = -1;
      let since = Date.now();
      let finished = false;
      let slowSeen = false;
      const timer = setInterval(() => {
        const cur = Atomics.load(slot, 0);
        if (cur !== last) {
          last = cur;
          since = Date.now();
          slowSeen = false;
        } else if (Date.now() - since > opts.slow && !slowSeen) {
          slowSeen = true;
          totals.slow.push(`${kind} seed ${opts.seed + cur}: over ${opts.slow} ms`);
        }
        if (cur === last && Date.now() - since > opts.timeout && !finished) {
          finished = true;
          clearInterval(timer);
          totals.hangs.push(`${kind} seed ${opts.seed + cur}: still running after ${opts.timeout} ms`);
          w.terminate();
          from = cur + 1;
          start();
        }
      }, 200);
      w.on("message", (m) => {
        totals.escapes.push(...m.escapes);
        if (m.done === n) {
          finished = true;
          clearInterval(timer);
          w.terminate();
          finish();
        }
      });
      w.on("error", (e) => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        const cur = Atomics.load(slot, 0);
        totals.escapes.push(`${kind} seed ${opts.seed + cur}: the worker died: ${e && e.message}`);
        from = cur + 1;
        start();
      });
    };
    start();
  });
}

if (isMainThread) {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(new URL("dist/index.js", root))) {
    console.error("bench/fuzz.mjs: build first (npm run build): dist/index.js is missing");
    process.exit(2);
  }
  let bad = 0;
  for (const [kind, n] of [["formula", opts.formulas], ["csv", opts.csvs]]) {
    if (n <= 0) continue;
    const t0 = Date.now();
    const t = await runKind(kind, n, opts);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(
      `${kind}: ${t.cases} cases in ${secs} s (seed ${opts.seed}): ${t.ok} ${kind === "formula" ? "parsed" : "read"}, ` +
        `${t.lmeErrors} LmeErrors, ${t.fits} lmer fits (${t.fitErrors} LmeErrors), ` +
        `${t.escapes.length} non-LmeError escapes, ${t.hangs.length} hangs (> ${opts.timeout} ms), ${t.slow.length} slow cases (> ${opts.slow} ms)`,
    );
    for (const x of t.slow) console.log(`  SLOW ${x}`);
    for (const e of t.escapes) console.log(`  ESCAPE ${e}`);
    for (const h of t.hangs) console.log(`  HANG ${h}`);
    bad += t.escapes.length + t.hangs.length;
  }
  process.exitCode = bad > 0 ? 1 : 0;
} else {
  await workerMain();
}
