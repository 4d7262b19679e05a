/**
 * Catalogue rows for lme4's accessors (getME, modelMatrix), the modular pipeline (lFormula →
 * mkLmerDevfun → optimizeLmer → mkMerMod) and the fitting controls (lmerControl).
 */
import { expect } from "vitest";
import type { CatalogueRow } from "../catalogue.js";
import { lmer, datasets, getME, modelMatrix, lFormula, mkLmerDevfun, mkMerMod, optimizeLmer, lmerControl } from "../../../src/index.js";

const SS = "Reaction ~ Days + (Days | Subject)";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const any = (v: unknown): any => v;
let cached: ReturnType<typeof lmer> | undefined;
const fm = () => (cached ??= lmer(SS, datasets.sleepstudy()));

export const rows: CatalogueRow[] = [
  { id: "getME-unknown", category: "options", input: `getME(fm, "thetas")`,
    run: () => getME(fm(), "thetas"), expect: { error: /getME: unknown component 'thetas'; use one of "X", "Z"/ },
    why: "lme4 refuses an unknown name too; the message lists the components lme4ts provides." },
  { id: "getME-L", category: "options", input: `getME(fm, "L")`,
    run: () => getME(fm(), "L"), expect: { error: /"L" .* is not exposed/ },
    why: "lme4's L is a CHOLMOD factor with its own fill-reducing permutation; lme4ts factors blocks in another order, so it points to ldL2 and RX instead of returning a matrix that would not match lme4's." },
  { id: "modelMatrix-type", category: "options", input: `modelMatrix(fm, "randomEffects")`,
    run: () => modelMatrix(fm(), any("randomEffects")), expect: { error: /modelMatrix: type must be "fixed" or "random"/ },
    why: "Only the fixed-effects X and the random-effects Z are model matrices." },
  { id: "mkMerMod-par-length", category: "optimizer", input: "mkMerMod(devfun, { par: [1, 0] }) for a 3-θ model",
    run: () => mkMerMod(mkLmerDevfun(lFormula(SS, datasets.sleepstudy())), { par: [1, 0] }), expect: { error: /opt\.par has 2 values but the model has 3 θ parameters/ },
    why: "A θ of the wrong length from a user's optimizer would build a wrong model; the θ names are listed." },
  { id: "optimizeLmer-not-devfun", category: "optimizer", input: "optimizeLmer((th) => sum(th))",
    run: () => optimizeLmer(any((th: number[]) => th[0])), expect: { error: /optimizeLmer: the first argument must be the objective made by mkLmerDevfun/ },
    why: "optimizeLmer needs the devfun's bounds and workspace, which only mkLmerDevfun provides." },
  { id: "lmerControl-optctrl-typo", category: "options", input: "lmerControl({ optCtrl: { maxiter: 100 } })",
    run: () => lmerControl({ optCtrl: any({ maxiter: 100 }) }), expect: { error: /unknown option 'optCtrl\.maxiter'/ },
    why: "A misspelled optimizer setting would be ignored silently; R's optimizers differ in names (maxfun, maxit, maxeval), lme4ts takes maxfun." },
  { id: "lmer-control-lbfgsb", category: "optimizer", input: `lmer(f, sleepstudy, { control: lmerControl({ optimizer: "L-BFGS-B" }) })`,
    run: () => lmer(SS, datasets.sleepstudy(), { control: lmerControl({ optimizer: "L-BFGS-B" }) }),
    expect: { ok: true, check: (m) => { expect(Math.abs(m.logLik() - -871.8141359799)).toBeLessThan(1e-5); } },
    why: "The gradient-based optimizer (finite differences) reaches lme4's REML optimum (logLik −871.81414 to 1e-5), as optimx's L-BFGS-B does in lme4's allFit." },
];
