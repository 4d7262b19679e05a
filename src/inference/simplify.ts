/**
 * `simplifyModel(model)`: the "best non-singular" helper in the spirit of the parsimonious-
 * mixed-models recipe (Bates, Kliegl, Vasishth & Baayen 2015; Matuschek et al. 2017): while the
 * fit is singular,
 *
 * 1. every singular term with correlation parameters (unstructured `(x | g)`, `cs`, `ar1`
 *    with q > 1) is made diagonal — `(1 + Days | Subject)` becomes `diag(1 + Days | Subject)`
 *    (independent effects, the `hom` flag of cs/ar1 kept);
 * 2. otherwise (no correlated singular term left) every zero-variance component is dropped:
 *    a column whose relative sd sqrt((T Tᵀ)_ii) (sd/σ for LMMs, the sd itself for GLMMs
 *    without a scale) is below `tol`; a term whose columns are all zero is dropped whole; a
 *    diagonal term left with one column is written as the equivalent plain `(x | g)`;
 * 3. the model is refitted on its own complete-case frame with the same options (REML or ML,
 *    weights, offset, optimizer; family and nAGQ for GLMMs), and the step is recorded.
 *
 * It stops at the first non-singular fit, when nothing is left to simplify, when the next step
 * would remove the last random-effects term, or after `maxSteps` refits. Every step (formula,
 * logLik, AIC, singular or not, the boundary components, what was changed and why) is kept in
 * the result; nothing is chosen silently. Caveats: one column of a factor term cannot be
 * dropped on its own (noted and kept), nor a zero intercept of a term with factor columns
 * (their coding would change); REML fits are compared on the REML criterion (the fixed part
 * never changes, so their AICs are comparable); a non-singular end point is not a test result:
 * the AIC column shows whether the simplification cost fit.
 */
import type { ParsedFormula, RandomTermSpec, LinearSpec } from "../formula/types.js";
import type { ReTerm } from "../model/random.js";
import { deparse } from "../formula/deparse.js";
import { lmer } from "../lmm/lmer.js";
import { refitOptimizer } from "../optim/names.js";
import { glmer } from "../glmm/glmer.js";
import { isModel, type MerModel } from "./anova.js";
import { renderable, renderableClass, textOf } from "../results/renderable.js";
import * as msg from "../messages/simplify.js";
import { checkInferenceOptions } from "./options.js";

/** One change made to get from one step's model to the next. */
export interface SimplifyChange {
  readonly action: "diagonalize" | "dropComponent" | "dropTerm";
  /** The random-effects term as it was written before the change, e.g. "(1 + Days | Subject)". */
  readonly term: string;
  readonly group: string;
  /** Column names concerned (the dropped columns; all columns for diagonalize / dropTerm). */
  readonly components: readonly string[];
  readonly reason: string;
}

/** A component of a fit that lies on the boundary of the parameter space. */
export interface BoundaryComponent {
  readonly group: string;
  readonly term: string;
  /** e.g. "sd(Days)/σ = 0", "corr((Intercept), Days) = -1.00". */
  readonly what: string;
}

/** One fitted model of the sequence (step 0 is the model passed in). */
export interface SimplifyStep {
  readonly index: number;
  readonly formula: string;
  readonly model: MerModel;
  readonly logLik: number;
  readonly AIC: number;
  /** Number of parameters (fixed effects + θ (+ σ)). */
  readonly df: number;
  readonly isSingular: boolean;
  readonly boundary: readonly BoundaryComponent[];
  /** The changes that produced this step from the previous one (empty for step 0). */
  readonly changes: readonly SimplifyChange[];
}

/** Options of `simplifyModel`. */
export interface SimplifyOptions {
  /** Singularity / zero-variance tolerance on relative sds and θ (default 1e-4, lme4's isSingular). */
  readonly tol?: number;
  /** Maximum number of refits (default 10). */
  readonly maxSteps?: number;
}

/** The whole sequence; `final` is the last fitted step's model. */
export class SimplifyResult {
  readonly kind = "simplify" as const;
  readonly steps: readonly SimplifyStep[];
  readonly stopReason: string;
  /** Things that could not be simplified, and proposed steps that were not fitted. */
  readonly notes: readonly string[];
  constructor(steps: SimplifyStep[], stopReason: string, notes: string[]) {
    this.steps = steps;
    this.stopReason = stopReason;
    this.notes = notes;
  }
  /** The model of the last step (the input model when it was not singular). */
  get final(): MerModel {
    return this.steps[this.steps.length - 1].model;
  }
  /** Whether the last step is a non-singular fit. */
  get nonSingular(): boolean {
    return !this.steps[this.steps.length - 1].isSingular;
  }
  toString(): string {
    return textOf("simplify", this);
  }
}
renderableClass("simplify", SimplifyResult.prototype); // both display keys, rendered by display/register.ts

const DEFAULT_HOM: Record<RandomTermSpec["structure"]["kind"], boolean> = { us: false, diag: false, cs: false, ar1: true };

/** The left side of a bar as text: "1", "1 + Days", "0 + cask". */
export function deparseLhs(lhs: LinearSpec): string {
  const parts = [lhs.intercept ? "1" : "0", ...lhs.terms.map((t) => t.label)];
  return parts.join(" + ");
}

/** A random-effects term as lme4 2.x syntax: "(1 + Days | Subject)", "diag(1 + urban | district)", "cs(0 + f | g, hom = TRUE)". */
export function deparseRandomTerm(spec: RandomTermSpec): string {
  const inner = `${deparseLhs(spec.lhs)} | ${spec.groupLabel}`;
  const s = spec.structure;
  if (s.kind === "us") return `(${inner})`;
  return `${s.kind}(${inner}${s.hom !== DEFAULT_HOM[s.kind] ? `, hom = ${s.hom ? "TRUE" : "FALSE"}` : ""})`;
}

/** The formula text of a parsed formula with the given random terms (fixed part, offsets as written). */
export function deparseFormula(f: ParsedFormula, random: readonly RandomTermSpec[]): string {
  const fixed = [...(f.fixed.intercept ? [] : ["0"]), ...f.fixed.terms.map((t) => t.label), ...f.offsets.map((o) => `offset(${deparse(o)})`)];
  const rhs = [...(fixed.length ? fixed : ["1"]), ...random.map(deparseRandomTerm)];
  return `${f.responseLabel ?? ""} ~ ${rhs.join(" + ")}`;
}

/** Per-term state of a fit: θ slice, relative sds, T. */
interface TermState {
  readonly term: ReTerm;
  readonly theta: Float64Array;
  readonly T: Float64Array;
  readonly relSd: number[];
  readonly singular: boolean;
}

function termStates(model: MerModel, tol: number): TermState[] {
  let off = 0;
  return model.input.terms.map((term) => {
    const theta = model.theta.slice(off, off + term.cov.nTheta);
    off += term.cov.nTheta;
    const q = term.q, T = new Float64Array(q * q);
    term.cov.lambda(theta, T);
    const relSd = Array.from({ length: q }, (_, i) => {
      let s = 0;
      for (let k = 0; k <= i; k++) s += T[i + k * q] ** 2;
      return Math.sqrt(s);
    });
    return { term, theta, T, relSd, singular: term.cov.isSingular(theta, tol) };
  });
}

/** Relative correlation of columns i, j from T. */
function corrOf(st: TermState, i: number, j: number): number {
  const q = st.term.q;
  let s = 0;
  for (let k = 0; k <= Math.min(i, j); k++) s += st.T[i + k * q] * st.T[j + k * q];
  return s / (st.relSd[i] * st.relSd[j]);
}

/** What lies on the boundary in a singular term (zero sds, |corr| = 1, bound of ρ, rank deficiency). */
function boundaryOf(st: TermState, tol: number, scaleName: string): string[] {
  const { term } = st;
  const out: string[] = [];
  st.relSd.forEach((s, i) => s < tol && out.push(`sd(${term.names[i]})${scaleName} = ${s.toPrecision(2)}`));
  for (let i = 0; i < term.q; i++)
    for (let j = 0; j < i; j++) {
      if (st.relSd[i] < tol || st.relSd[j] < tol) continue;
      const r = corrOf(st, i, j);
      if (Math.abs(r) > 1 - tol) out.push(`corr(${term.names[j]}, ${term.names[i]}) = ${r.toFixed(2)}`);
    }
  if (!out.length && st.singular) {
    const k = term.cov.kind;
    if ((k === "cs" || k === "ar1") && term.q > 1) out.push(`ρ = ${st.theta[st.theta.length - 1].toFixed(3)} at its bound`);
    else out.push("covariance matrix rank deficient (a Cholesky diagonal of θ is 0)");
  }
  return out;
}

function boundaryComponents(states: TermState[], tol: number, scaleName: string): BoundaryComponent[] {
  return states.flatMap((st) =>
    st.singular ? boundaryOf(st, tol, scaleName).map((what) => ({ group: st.term.group, term: deparseRandomTerm(st.term.spec), what })) : [],
  );
}

/** The refit on the model's own frame with its options; `f` has offsets moved to the offset argument. */
function refit(model: MerModel, f: ParsedFormula): MerModel {
  const { input } = model;
  const frame = input.mf.frame;
  const common = { weights: input.weights ?? null, offset: input.offset ?? null, optimizer: refitOptimizer(model.optinfo.optimizer) };
  if (model.kind === "lmerMod") return lmer(f, frame, { ...common, REML: model.REML, checkLevels: false });
  const optimizer = common.optimizer === "nelder_mead" ? "nelder_mead" : "bobyqa";
  // A Laplace-engine fit (nbinom2, beta, ziformula, …) refits with its own options (family by name, extra formulas).
  if (model.laplace) return glmer(f, frame, { ...model.options, ...common, optimizer });
  return glmer(f, frame, { ...common, optimizer, family: model.family, nAGQ: model.nAGQ });
}

/** "/σ" when sds are shown relative to a residual sd. */
const scaleNameOf = (model: MerModel): string => (model.kind === "lmerMod" || model.family.hasScale ? "/σ" : "");

function stepOf(index: number, model: MerModel, changes: SimplifyChange[], tol: number): SimplifyStep {
  const scaleName = scaleNameOf(model);
  return {
    index, formula: model.formula, model, logLik: model.logLik(), AIC: model.AIC(), df: model.df,
    isSingular: model.isSingular(tol), boundary: boundaryComponents(termStates(model, tol), tol, scaleName), changes,
  };
}

/** A lhs term is "simple" when it gives exactly one column named as the term (numeric, not a factor). */
function lhsColumns(term: ReTerm): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let c = 0; c < term.q; c++) {
    const a = term.design.assign[c];
    m.set(a, [...(m.get(a) ?? []), c]);
  }
  return m;
}

/** Proposes the next set of changes; returns the new random list (formula order) or null. */
function nextRandom(
  f: ParsedFormula, states: TermState[], tol: number, scaleName: string, changes: SimplifyChange[], notes: string[],
): RandomTermSpec[] | null {
  const bySpec = new Map(states.map((s) => [s.term.spec, s]));
  // 1. singular correlated terms → diagonal.
  const corrSingular = states.filter((s) => s.singular && s.term.q > 1 && s.term.cov.kind !== "diag");
  if (corrSingular.length) {
    return f.random.map((spec) => {
      const st = bySpec.get(spec);
      if (!st || !corrSingular.includes(st)) return spec;
      const kind = spec.structure.kind;
      const hom = kind === "us" ? false : spec.structure.hom;
      changes.push({
        action: "diagonalize", term: deparseRandomTerm(spec), group: spec.groupLabel, components: [...st.term.names],
        reason: msg.reasonDiagonalize(kind, boundaryOf(st, tol, scaleName).join("; ")),
      });
      return { ...spec, structure: { kind: "diag", hom } };
    });
  }
  // 2. zero-variance components.
  const out: RandomTermSpec[] = [];
  for (const spec of f.random) {
    const st = bySpec.get(spec);
    const zero = st ? st.relSd.map((s) => s < tol) : [];
    if (!st || !zero.some(Boolean)) {
      out.push(spec);
      continue;
    }
    const { term } = st;
    if (zero.every(Boolean)) {
      changes.push({ action: "dropTerm", term: deparseRandomTerm(spec), group: spec.groupLabel, components: [...term.names], reason: msg.reasonZeroTerm(term.names, tol, scaleName) });
      continue;
    }
    const cols = lhsColumns(term);
    const labelOf = (a: number) => (a === 0 ? "(Intercept)" : term.design.termLabels[a - 1]);
    const isFactorTerm = (a: number) => a !== 0 && ((cols.get(a)?.length ?? 0) !== 1 || term.names[cols.get(a)![0]] !== labelOf(a));
    const dropA = new Set<number>();
    for (const [a, cs] of cols) {
      const z = cs.filter((c) => zero[c]);
      if (!z.length) continue;
      if (z.length < cs.length) z.forEach((c) => notes.push(msg.noteFactorColumn(term.names[c], labelOf(a))));
      else if (a === 0 && [...cols.keys()].some((b) => b !== 0 && isFactorTerm(b))) notes.push(msg.noteInterceptWithFactor(spec.groupLabel));
      else dropA.add(a);
    }
    if (!dropA.size) {
      out.push(spec);
      continue;
    }
    const lhs: LinearSpec = {
      intercept: spec.lhs.intercept && !dropA.has(0),
      terms: spec.lhs.terms.filter((t) => ![...dropA].some((a) => a !== 0 && labelOf(a) === t.label)),
    };
    const dropped = [...dropA].flatMap((a) => cols.get(a)!.map((c) => term.names[c]));
    changes.push({
      action: "dropComponent", term: deparseRandomTerm(spec), group: spec.groupLabel, components: dropped,
      reason: dropped.map((nm) => msg.reasonZeroComponent(nm, st.relSd[term.names.indexOf(nm)], tol, scaleName)).join("; "),
    });
    // A diagonal term left with one (numeric or intercept) column is the plain scalar term.
    const single = (lhs.intercept ? 1 : 0) + lhs.terms.length === 1 && (lhs.intercept || !isFactorTerm(term.design.termLabels.indexOf(lhs.terms[0].label) + 1));
    out.push({ ...spec, lhs, ...(single && spec.structure.kind === "diag" ? { structure: { kind: "us" as const, hom: false } } : {}) });
  }
  return changes.length ? out : null;
}

/**
 * Simplifies a singular lmer/glmer fit step by step until it is non-singular (see the module
 * doc for the rules, stopping conditions and caveats). Returns every step; `result.final` is the
 * last fitted model. A non-singular input gives a one-step result.
 */
export function simplifyModel(model: MerModel, opts: SimplifyOptions = {}): SimplifyResult {
  if (!isModel(model)) throw msg.simplifyNotAModel();
  checkInferenceOptions("simplifyModel", opts);
  const tol = opts.tol ?? 1e-4, maxSteps = opts.maxSteps ?? 10;
  if (!(tol > 0 && tol < 1)) throw msg.simplifyBadOption("tol", tol, "a number in (0, 1), e.g. 1e-4");
  if (!(Number.isInteger(maxSteps) && maxSteps >= 1)) throw msg.simplifyBadOption("maxSteps", maxSteps, "a positive integer");
  const steps: SimplifyStep[] = [stepOf(0, model, [], tol)];
  const notes: string[] = [];
  if (!steps[0].isSingular) return new SimplifyResult(steps, msg.stopStartNonSingular(), notes);
  let cur = model;
  let f: ParsedFormula = model.input.formula;
  while (steps.length <= maxSteps) {
    const changes: SimplifyChange[] = [];
    const stepNotes: string[] = [];
    const random = nextRandom(f, termStates(cur, tol), tol, scaleNameOf(cur), changes, stepNotes);
    for (const n of stepNotes) if (!notes.includes(n)) notes.push(n);
    if (!random) return new SimplifyResult(steps, msg.stopNothingLeft(), notes);
    const source = deparseFormula(f, random);
    if (!random.length) {
      notes.push(...changes.map((c) => `not fitted: ${c.action} ${c.term}: ${c.reason}`));
      return new SimplifyResult(steps, msg.stopNoRandomLeft(source), notes);
    }
    f = { source, response: f.response, responseLabel: f.responseLabel, fixed: f.fixed, offsets: f.offsets, random };
    cur = refit(model, { ...f, offsets: [] });
    const st = stepOf(steps.length, cur, changes, tol);
    steps.push({ ...st, formula: source });
    if (!st.isSingular) return new SimplifyResult(steps, msg.stopNonSingular(), notes);
  }
  return new SimplifyResult(steps, msg.stopMaxSteps(maxSteps), notes);
}
