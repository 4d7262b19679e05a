/**
 * Simulation study of fits with one scalar θ (`y ~ x + (1 | g)`): does the fitted objective reach
 * the minimum of the profiled objective over θ ∈ [0, ∞)? Shared by the CI test
 * (test/optim/scalar-theta-study.test.ts) and the larger seeded run (bench/scalar-theta.ts).
 *
 * Reference minimum ("grid minimum"): the objective on 401 points of [0, 0.4] plus 121
 * log-spaced points of [1e-4, 1e2] (coarse: 101 and 41), then golden-section search (to 1e-12
 * in θ) on the two grid intervals around the best grid point. A fit fails when its objective exceeds the grid minimum
 * by more than `FAIL_TOL` (1e-6 on the deviance scale).
 */
import { buildInput } from "../../src/model/lmmInput.js";
import { crossProducts } from "../../src/lmm/crossprod.js";
import { allocFactor } from "../../src/lmm/factor.js";
import { lmmObjective } from "../../src/lmm/objective.js";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer, glmerStage1Objective } from "../../src/glmm/glmer.js";
import { bobyqa } from "../../src/optim/index.js";
import { mulberry32 } from "../helpers.js";

/** Objective excess over the grid minimum that counts as a failure. */
export const FAIL_TOL = 1e-6;

/** A simulated design: `ngroups` groups of `nper`, group sd `sdLo`–`sdHi` (in units of σ = 1). */
export interface Design {
  name: string;
  ngroups: number;
  nper: number;
  sdLo: number;
  sdHi: number;
  /**
   * "gaussian" for lmer; "binomial" for glmer with nAGQ = 0 (Bernoulli, logit link);
   * "laplace": the same binomial data fitted by Laplace, compared with the profile of the
   * Laplace deviance over θ (β minimized by BOBYQA at each θ; bench only, slow).
   */
  family: "gaussian" | "binomial" | "laplace";
}

/** The designs of the study (the CI test takes the first four; the bench all). */
export const DESIGNS: Design[] = [
  { name: "a: 60x10, sd 0.02-0.05", ngroups: 60, nper: 10, sdLo: 0.02, sdHi: 0.05, family: "gaussian" },
  { name: "b: 10x8, sd 0.02-0.1", ngroups: 10, nper: 8, sdLo: 0.02, sdHi: 0.1, family: "gaussian" },
  { name: "c: 20x5, sd 0", ngroups: 20, nper: 5, sdLo: 0, sdHi: 0, family: "gaussian" },
  { name: "d: 15x6, sd 0.5 (control)", ngroups: 15, nper: 6, sdLo: 0.5, sdHi: 0.5, family: "gaussian" },
  { name: "e: 200x10, sd 0.01-0.04", ngroups: 200, nper: 10, sdLo: 0.01, sdHi: 0.04, family: "gaussian" },
  { name: "f: 30x20 binomial, sd 0.05-0.3", ngroups: 30, nper: 20, sdLo: 0.05, sdHi: 0.3, family: "binomial" },
  { name: "g: 30x20 binomial Laplace, sd 0.05-0.3", ngroups: 30, nper: 20, sdLo: 0.05, sdHi: 0.3, family: "laplace" },
];

/** Standard normal deviates from a seeded uniform generator (Box–Muller). */
function normals(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** One simulated data set (columns y, x, g) of a design, from a seed. */
export function simulate(d: Design, seed: number): { y: number[]; x: number[]; g: string[] } {
  const u = mulberry32(seed);
  const z = normals(u);
  const sd = d.sdLo + (d.sdHi - d.sdLo) * u();
  const y: number[] = [], x: number[] = [], g: string[] = [];
  for (let j = 0; j < d.ngroups; j++) {
    const b = sd * z();
    for (let k = 0; k < d.nper; k++) {
      const xi = z();
      const eta = 1 + 0.5 * xi + b;
      x.push(xi);
      g.push(`g${String(j).padStart(3, "0")}`);
      y.push(d.family === "gaussian" ? eta + z() : u() < 1 / (1 + Math.exp(-(eta - 1))) ? 1 : 0);
    }
  }
  return { y, x, g };
}

/** Minimum of f over θ ≥ 0 by a dense grid (or a coarse one) and a golden-section polish. */
export function gridMinimum(f: (theta: number) => number, coarse = false): { theta: number; value: number } {
  const pts: number[] = [];
  const nlin = coarse ? 100 : 400, nlog = coarse ? 40 : 120;
  for (let i = 0; i <= nlin; i++) pts.push((0.4 * i) / nlin);
  for (let i = 0; i <= nlog; i++) pts.push(10 ** (-4 + (6 * i) / nlog));
  pts.sort((a, b) => a - b);
  const vals = pts.map(f);
  let ib = 0;
  for (let i = 1; i < pts.length; i++) if (vals[i] < vals[ib]) ib = i;
  let best = { theta: pts[ib], value: vals[ib] };
  const G = 0.5 * (3 - Math.sqrt(5));
  let a = pts[Math.max(0, ib - 1)], b = pts[Math.min(pts.length - 1, ib + 1)];
  let c = a + G * (b - a), d = b - G * (b - a);
  let fc = f(c), fd = f(d);
  while (b - a > 1e-12) {
    if (fc < fd) { b = d; d = c; fd = fc; c = a + G * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = b - G * (b - a); fd = f(d); }
  }
  for (const [t, v] of [[c, fc], [d, fd]] as const) if (v < best.value) best = { theta: t, value: v };
  return best;
}

/** The optimizer of the fits (lmer's and glmer's option). */
export type Optimizer = "bobyqa" | "nelder_mead";

/** The outcome of one simulated fit. */
export interface StudyCase {
  design: string;
  seed: number;
  REML: boolean;
  fitTheta: number;
  fitValue: number;
  gridTheta: number;
  gridValue: number;
  /** f(0) − gridValue: how much a singular answer would lose (> FAIL_TOL: the optimum is interior). */
  zeroLoss: number;
  /** fitValue − gridValue (> FAIL_TOL is a failure). */
  excess: number;
}

/**
 * Fit data set `seed` of design `d` and compare with the grid minimum of the same objective: the
 * profiled deviance / REML criterion (lmer), glmer's nAGQ = 0 deviance ("binomial") or the Laplace
 * deviance profiled over β ("laplace").
 */
export function runCase(d: Design, seed: number, REML: boolean, coarse = false, optimizer: Optimizer = "bobyqa"): StudyCase {
  const data = simulate(d, seed);
  const formula = "y ~ x + (1 | g)";
  let f: (theta: number) => number, fitTheta: number;
  let fitValue: number | undefined;
  if (d.family === "gaussian") {
    const input = buildInput(formula, data);
    const work = allocFactor(crossProducts(input.X, input.p, input.y, input.weights, input.terms), input.terms);
    f = (t) => lmmObjective(work, [t], REML);
    fitTheta = lmer(formula, data, { REML, checkConv: false, optimizer }).theta[0];
  } else if (d.family === "binomial") {
    const f0 = glmerStage1Objective(formula, data, { family: "binomial" });
    f = (t) => f0(Float64Array.of(t));
    fitTheta = glmer(formula, data, { family: "binomial", nAGQ: 0, optimizer }).theta[0];
  } else {
    const m = glmer(formula, data, { family: "binomial", optimizer });
    const dev = m.devianceFunction();
    fitTheta = m.theta[0];
    fitValue = dev(Float64Array.from([fitTheta, ...m.beta]));
    // The profile over β (BOBYQA from the fitted β, to 1e-7): at most the deviance at any β.
    f = (t) => bobyqa((b) => dev(Float64Array.from([t, ...b])), m.beta, { rhobeg: 0.05, rhoend: 1e-7 }).fval;
  }
  fitValue ??= f(fitTheta);
  const grid = gridMinimum(f, coarse);
  return {
    design: d.name, seed, REML, fitTheta, fitValue, gridTheta: grid.theta, gridValue: grid.value,
    zeroLoss: f(0) - grid.value, excess: fitValue - grid.value,
  };
}

/**
 * Per-design counts: data sets, failures (excess > FAIL_TOL), fits at θ = 0, data sets whose
 * optimum is interior by more than FAIL_TOL (where θ = 0 would fail), worst excess.
 */
export interface DesignSummary {
  design: string;
  n: number;
  failures: number;
  fitAtZero: number;
  interiorNeeded: number;
  worstExcess: number;
}

/**
 * Run `perDesign` seeded data sets of each design (lmer: REML and ML alternating); data set i of
 * design k has seed seed0 + 100003·k + i (k = index in DESIGNS, so a design keeps its seeds in
 * any selection).
 */
export function runStudy(designs: Design[], perDesign: number, opts: { seed0?: number; coarse?: boolean; optimizer?: Optimizer } = {}): { cases: StudyCase[]; summary: DesignSummary[] } {
  const seed0 = opts.seed0 ?? 1;
  const cases: StudyCase[] = [];
  const summary: DesignSummary[] = [];
  designs.forEach((d) => {
    const di = DESIGNS.indexOf(d);
    const s: DesignSummary = { design: d.name, n: 0, failures: 0, fitAtZero: 0, interiorNeeded: 0, worstExcess: -Infinity };
    for (let i = 0; i < perDesign; i++) {
      const c = runCase(d, seed0 + 100003 * Math.max(0, di) + i, d.family === "gaussian" && i % 2 === 0, opts.coarse || d.family === "laplace", opts.optimizer);
      cases.push(c);
      s.n++;
      if (c.excess > FAIL_TOL) s.failures++;
      if (c.fitTheta === 0) s.fitAtZero++;
      if (c.zeroLoss > FAIL_TOL) s.interiorNeeded++;
      s.worstExcess = Math.max(s.worstExcess, c.excess);
    }
    summary.push(s);
  });
  return { cases, summary };
}
