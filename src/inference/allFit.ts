/**
 * `allFit(model)`: refits the model with every optimizer lme4ts has ("bobyqa" as lme4's default
 * nloptwrap, "Nelder_Mead", "L-BFGS-B" with finite-difference gradients, "minqa" — BOBYQA to
 * minqa's small final radius),
 * from the default start, and collects what the lme4 paper's allFit summary shows per optimizer:
 * whether it worked (and its messages), the log-likelihood, fixed effects, sds/correlations
 * (σ for LMMs), θ, evaluations and time. Agreement across optimizers is evidence that a
 * convergence warning is a false positive. Render with `formatAllFit` (display/confintText.ts).
 */
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import { glmer, fitGlmm } from "../glmm/glmer.js";
import { modelSpec, specFrame, type FittedModel } from "./workers/spec.js";
import { sdcorLayout } from "./profileParams.js";
import { requireFittedModel } from "../model/args.js";
import { checkInferenceOptions } from "./options.js";
import { renderable } from "../results/renderable.js";
import type { OptimizerName } from "../optim/names.js";

/** An optimizer `allFit` can refit with. */
export type AllFitOptimizer = OptimizerName;

/** One optimizer's refit. */
export interface AllFitEntry {
  readonly optimizer: AllFitOptimizer;
  /** The refit succeeded (warnings may still be present). */
  readonly ok: boolean;
  readonly error: string | null;
  readonly warnings: readonly string[];
  readonly logLik: number;
  readonly fixef: Readonly<Record<string, number>>;
  /** sd/cor (and sigma) with lme4's oldNames = FALSE names. */
  readonly sdcor: Readonly<Record<string, number>>;
  readonly theta: Float64Array;
  readonly feval: number;
  readonly timeMs: number;
  readonly model: FittedModel | null;
}

/** The result of `allFit`: the model refitted with each optimizer, with their estimates and criteria side by side. */
export interface AllFitResult {
  readonly formula: string;
  readonly entries: readonly AllFitEntry[];
  /** Largest spread (max − min) over the successful fits of logLik, each fixed effect and each sd/cor. */
  readonly spread: { readonly logLik: number; readonly fixef: Record<string, number>; readonly sdcor: Record<string, number> };
}

/** The optimizers lme4ts has. */
export const ALLFIT_OPTIMIZERS: readonly AllFitOptimizer[] = ["bobyqa", "Nelder_Mead", "L-BFGS-B", "minqa"];

function refitWith(model: FittedModel, optimizer: AllFitOptimizer): FittedModel {
  if (model.kind === "lmerMod") return (model as LmerMod).update({ optimizer });
  const g = model as GlmerMod;
  // A Laplace-engine fit (nbinom2, beta, ziformula, …): the same input and options, another optimizer.
  if (g.laplace) return fitGlmm(g.input, { ...g.options, optimizer });
  const spec = modelSpec(g, true)!;
  return glmer(spec.formula, specFrame(spec), { family: g.family, nAGQ: g.nAGQ, weights: spec.weights, offset: spec.offset, optimizer });
}

/** Refits with each optimizer (default: all) and summarizes. */
export function allFit(model: FittedModel, opts: { optimizers?: readonly AllFitOptimizer[] } = {}): AllFitResult {
  requireFittedModel("allFit", model);
  checkInferenceOptions("allFit", opts);
  const entries: AllFitEntry[] = (opts.optimizers ?? ALLFIT_OPTIMIZERS).map((optimizer) => {
    const t0 = performance.now();
    try {
      const m = refitWith(model, optimizer);
      const lmm = m.kind === "lmerMod";
      const layout = sdcorLayout(m.input.terms, lmm, !lmm && (m as GlmerMod).family.hasScale);
      const v = layout.fromTheta(m.theta, m.sigma);
      return {
        optimizer, ok: true, error: null, warnings: [...m.warnings], logLik: m.logLik(), fixef: m.fixef(),
        sdcor: Object.fromEntries(layout.names.map((n, i) => [n, v[i]])), theta: Float64Array.from(m.theta),
        feval: m.optinfo.feval, timeMs: performance.now() - t0, model: m,
      };
    } catch (e) {
      return {
        optimizer, ok: false, error: e instanceof Error ? e.message : String(e), warnings: [], logLik: NaN, fixef: {}, sdcor: {},
        theta: new Float64Array(0), feval: 0, timeMs: performance.now() - t0, model: null,
      };
    }
  });
  const ok = entries.filter((e) => e.ok);
  const range = (vals: number[]) => (vals.length ? Math.max(...vals) - Math.min(...vals) : NaN);
  const keys = (pick: (e: AllFitEntry) => Readonly<Record<string, number>>) => Object.keys(ok.length ? pick(ok[0]) : {});
  return renderable("allFit", {
    formula: model.formula,
    entries,
    spread: {
      logLik: range(ok.map((e) => e.logLik)),
      fixef: Object.fromEntries(keys((e) => e.fixef).map((k) => [k, range(ok.map((e) => e.fixef[k]))])),
      sdcor: Object.fromEntries(keys((e) => e.sdcor).map((k) => [k, range(ok.map((e) => e.sdcor[k]))])),
    },
  });
}
