/**
 * Simulation and the parametric bootstrap of a model fitted from a database source, in the engine:
 * a simulated response y* = Xβ̂ + Z b* + σ ε/√w is a SQL expression — b* = σ Λ̂ u drawn here per
 * level (u ~ N(0, I), generator seeded by (seed, replicate) as in-memory simulate/bootMer), uploaded
 * as one small table per term and joined by level code; ε a standard normal that is a hash of
 * (row number, seed, replicate) in SQL, so a replicate is reproducible and never leaves the engine.
 * - `sourceSimulate` returns the simulated responses in the source's row order (n values per
 *   replicate come back: for small and medium tables);
 * - `sourceBootMer` refits each replicate from the cross products of [X y*] aggregated in the
 *   engine (exact sums, as lmer), starting from θ̂, and returns lme4's bootMer result for a
 *   built-in statistic (fixef, theta, sdcor, all); only O(levels) numbers come back per replicate.
 * Both need rows with an identity (a row number): DuckDB. A ClickHouse (distributed) table has
 * none, and both refuse with an LmeError saying so. The draws differ from in-memory simulate's
 * (the per-row noise comes from the hash, not the generator): the same distribution, other numbers.
 */
import { LmerMod } from "../results/lmerMod.js";
import { BootMer, builtin, builtinNames } from "../inference/bootstrap.js";
import { checkSeed, randomSeed, replicateRng } from "../inference/rng.js";
import { allocFactor, updateFactor } from "../lmm/factor.js";
import { lmmObjective } from "../lmm/objective.js";
import { optimizeLmm, thetaLayout, type LmmProblem } from "../lmm/lmer.js";
import { badNsim } from "../messages/profile.js";
import { needsRowPass, notSourceModel, sourceBootStatistic } from "../messages/sources.js";
import { sourceCrossProducts, totals, type SqlRows } from "./crossprod.js";
import { exactSummer } from "./exactsum.js";
import { SourceLmerMod } from "./model.js";
import type { SqlEngine } from "./types.js";

/** Options of sourceSimulate and sourceBootMer. */
export interface SourceSimOptions {
  /** Number of replicates (default 1 for sourceSimulate, 500 for sourceBootMer). */
  readonly nsim?: number;
  /** Seed (default: a random one, reported in the bootstrap result). */
  readonly seed?: number;
}

const STATISTICS = ["fixef", "theta", "sdcor", "all"] as const;

function checked(fn: string, m: unknown, opts: SourceSimOptions, dflt: number) {
  if (!(m instanceof SourceLmerMod)) throw notSourceModel(fn);
  if (typeof opts !== "object" || opts === null) throw badNsim(opts);
  const nsim = opts.nsim ?? dflt;
  if (!(Number.isInteger(nsim) && nsim >= 1)) throw badNsim(nsim);
  const seed = opts.seed === undefined ? randomSeed() : checkSeed(opts.seed);
  return { m, nsim, seed };
}

/** The SQL of y* for replicate r (level effects uploaded), and the relation with their joins. */
async function simulatedResponse(m: SourceLmerMod, engine: SqlEngine, fn: string, seed: number, r: number): Promise<{ y: string; from: string }> {
  const fit = m.sourceFit, d = engine.dialect;
  if (!d.rowNumber || !d.normal || d.codes !== "join")
    throw needsRowPass(`${fn}()`, `${d.name} tables have no row identity to draw the per-row noise by; simulate from the fitted effects (fixef, VarCorr, sigma) in a query of your own`);
  const rng = replicateRng(seed, r), terms = m.input.terms;
  const parts = fit.keep.map((j, i) => `${fit.rows.xy[j]} * ${d.num(m.beta[i]!)}`);
  const joins: string[] = [];
  let off = 0;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!, q = t.q, T = new Float64Array(q * q);
    t.cov.lambda(m.theta.subarray(off, off + t.cov.nTheta), T);
    off += t.cov.nTheta;
    const u = Float64Array.from({ length: t.nLevels * q }, () => rng.normal());
    const rows = Array.from({ length: t.nLevels }, (_, l) => {
      const b = new Float64Array(q + 1);
      b[0] = l;
      for (let a = 0; a < q; a++) for (let c = 0; c <= a; c++) b[a + 1] = b[a + 1]! + m.sigma * T[a + c * q]! * u[l * q + c]!;
      return b;
    });
    const table = `${fit.prefix}_sim${k}`;
    await engine.upload(table, [{ name: "lme4ts_code", type: "int" }, ...Array.from({ length: q }, (_, c) => ({ name: `b${c}`, type: "double" as const }))], rows);
    joins.push(`JOIN ${table} AS s${k} ON s${k}.lme4ts_code = ${fit.rows.terms[k]!.code}`);
    fit.rows.terms[k]!.z.forEach((z, c) => parts.push(`${z} * s${k}.b${c}`));
  }
  const eps = d.normal([d.col("b", "lme4ts_row"), String(seed), String(r)]);
  const w = fit.rows.w;
  parts.push(`${w ? `${d.num(m.sigma)} / sqrt(${w})` : d.num(m.sigma)} * ${eps}`);
  return { y: `(${parts.join(" + ")})`, from: `${fit.numberedFrom} ${joins.join(" ")}` };
}

/**
 * Simulated responses of a model fitted from a DuckDB source (see the module comment), one array
 * per replicate in the source's row order, including the offset (as lme4's simulate).
 */
export async function sourceSimulate(m: SourceLmerMod, opts: SourceSimOptions = {}): Promise<Float64Array[]> {
  const { m: mod, nsim, seed } = checked("sourceSimulate", m, opts, 1);
  const engine = await mod.sourceFit.source.open(), d = engine.dialect, fit = mod.sourceFit;
  const out: Float64Array[] = [];
  for (let r = 0; r < nsim; r++) {
    const { y, from } = await simulatedResponse(mod, engine, "sourceSimulate", seed, r);
    const rows = await engine.query(`SELECT ${fit.offset ? `${y} + (${fit.offset})` : y} FROM ${from} ORDER BY ${d.col("b", "lme4ts_row")}`);
    out.push(Float64Array.from(rows, (x) => Number(x[0])));
  }
  return out;
}

/**
 * lme4's parametric bootMer for a model fitted from a DuckDB source, with a built-in statistic
 * ("fixef", "theta", "sdcor", "all"): each replicate's cross products are aggregated in the engine
 * from y* and refitted from θ̂ (see the module comment). Failed refits give NaN rows.
 */
export async function sourceBootMer(m: SourceLmerMod, statistic: "fixef" | "theta" | "sdcor" | "all" = "all", opts: SourceSimOptions = {}): Promise<BootMer> {
  const { m: mod, nsim, seed } = checked("sourceBootMer", m, opts, 500);
  if (!(STATISTICS as readonly unknown[]).includes(statistic)) throw sourceBootStatistic(statistic);
  const engine = await mod.sourceFit.source.open(), fit = mod.sourceFit, input = mod.input, REML = mod.REML;
  const t0 = performance.now(), names = builtinNames(statistic, mod), est = builtin(statistic, mod);
  const t: Float64Array[] = [], failures: { replicate: number; message: string }[] = [], warnings: { replicate: number; messages: string[] }[] = [];
  const layout = thetaLayout(input);
  for (let r = 0; r < nsim; r++) {
    const { y, from } = await simulatedResponse(mod, engine, "sourceBootMer", seed, r);
    const rows: SqlRows = { ...fit.rows, from, xy: [...fit.rows.xy.slice(0, -1), y] };
    const s = await exactSummer(engine, from, [...rows.xy, ...rows.terms.flatMap((x) => x.z)], rows.w, mod.nobs);
    const tot = await totals(engine, rows, s);
    const cp = await sourceCrossProducts(engine, rows, input.terms, fit.keep, tot, s);
    try {
      const work = allocFactor(cp, input.terms);
      const pr: LmmProblem = { input, y: new Float64Array(0), REML, cp, work, layout, f: (th) => lmmObjective(work, th, REML) };
      const opt = optimizeLmm(pr, { ...mod.options, start: mod.theta });
      updateFactor(work, opt.theta);
      const refit = new LmerMod({ input, y: new Float64Array(0), REML, cp, factor: work, theta: opt.theta, thetaNames: layout.names, optinfo: opt.optinfo, options: mod.options });
      t.push(builtin(statistic, refit));
      if (opt.optinfo.warnings.length) warnings.push({ replicate: r, messages: [...opt.optinfo.warnings] });
    } catch (e) {
      t.push(new Float64Array(names.length).fill(NaN));
      failures.push({ replicate: r, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return new BootMer(names, est, t, seed, failures, warnings, { ms: performance.now() - t0, workers: 0 });
}
