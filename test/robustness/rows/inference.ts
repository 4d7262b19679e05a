/**
 * Catalogue rows: arguments of the inference functions (anova, confint, profile, bootMer) and
 * their answers, compared with lme4's tables in test/fixtures/catalogue/<id>.json
 * (scripts/catalogue-refs.R).
 */
import { expect } from "vitest";
import { anova, bootMer, confint, drop1, formatAnova, glmer, lmer, profile } from "../../../src/index.js";
import type { LmerMod } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";
import { dataOf, lme4 } from "../lme4.js";

/** The sleepstudy random-intercept model, fitted once per use. */
const fm = (REML = true): LmerMod => lmer("Reaction ~ Days + (1 | Subject)", dataOf("confint-wald"), { REML });

/** Asserts |ours − lme4| ≤ tol·max(1, |lme4|). */
const near = (ours: number, theirs: number, tol: number, what: string) =>
  expect(Math.abs(ours - theirs), `${what}: ours ${ours}, lme4 ${theirs}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(theirs)));

/** lme4's confint table of case `id` as name → [lower, upper]. */
function lme4Intervals(id: string): Map<string, [number, number]> {
  const t = lme4(id).table!;
  const [lo, hi] = Object.values(t.columns);
  return new Map(t.rownames.map((n, i) => [n, [lo![i] ?? NaN, hi![i] ?? NaN]]));
}

/**
 * Asserts that an anova / drop1 table equals lme4's table of case `id`: for each of our columns
 * and lme4's (`[ours, lme4's]` names), row by row, within `tol` relative (log scale for p-values).
 */
function expectTable(rows: readonly any[], id: string, columns: readonly [string, string][], tol: number): void {
  const ref = lme4(id).table!.columns;
  expect(rows.length).toBe(lme4(id).table!.rownames.length);
  rows.forEach((r, i) => {
    for (const [ours, theirs] of columns) {
      const want = ref[theirs]![i];
      if (want === null || want === undefined) continue;
      if (theirs.startsWith("Pr")) near(Math.log(r[ours]), Math.log(want), tol, `${theirs} row ${i + 1}`);
      else near(r[ours], want, tol, `${theirs} row ${i + 1}`);
    }
  });
}

export const rows: CatalogueRow[] = [
  {
    id: "inference-drop1-factor-term",
    category: "inference",
    input: 'drop1(lmer("Reaction ~ Days + late + (1 | Subject)", late a factor))',
    run: () => drop1(lmer("Reaction ~ Days + late + (1 | Subject)", dataOf("drop1-factor-term"))),
    expect: { ok: true, check: (t) => expectTable(t.rows, "drop1-factor-term", [["AIC", "AIC"], ["LRT", "LRT"], ["p", "Pr(Chi)"], ["npar", "npar"]], 1e-5) },
    why: "drop1 refits the REML model by ML and tests each term by likelihood ratio; the table is lme4's drop1(test = \"Chisq\").",
  },
  {
    id: "inference-anova-glmer",
    category: "inference",
    input: 'anova(glmer(cbind(incidence, size - incidence) ~ 1 + (1 | herd)), glmer(… ~ period + (1 | herd)))  (binomial)',
    run: () => {
      const d = dataOf("anova-glmer");
      return anova(glmer("cbind(incidence, size - incidence) ~ 1 + (1 | herd)", d, { family: "binomial" }), glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", d, { family: "binomial" }));
    },
    expect: { ok: true, check: (t) => expectTable(t.rows, "anova-glmer", [["npar", "npar"], ["AIC", "AIC"], ["BIC", "BIC"], ["logLik", "logLik"], ["deviance", "deviance"], ["Chisq", "Chisq"], ["Df", "Df"], ["p", "Pr(>Chisq)"]], 1e-5) },
    why: "Likelihood-ratio tests of GLMMs (fitted by maximum likelihood, no refit), as lme4's anova.",
  },
  {
    id: "inference-anova-three-models",
    category: "inference",
    input: "anova(fm0, fm1, fm2)  (three nested ML fits of sleepstudy)",
    run: () => {
      const d = dataOf("anova-three-models");
      const ml = (f: string) => lmer(f, d, { REML: false });
      return anova(ml("Reaction ~ 1 + (1 | Subject)"), ml("Reaction ~ Days + (1 | Subject)"), ml("Reaction ~ Days + (Days | Subject)"));
    },
    expect: { ok: true, check: (t) => expectTable(t.rows, "anova-three-models", [["npar", "npar"], ["AIC", "AIC"], ["BIC", "BIC"], ["logLik", "logLik"], ["Chisq", "Chisq"], ["Df", "Df"], ["p", "Pr(>Chisq)"]], 1e-5) },
    why: "Each model is tested against the previous one, as lme4's anova of several models.",
  },
  {
    id: "inference-anova-reml-refit",
    category: "inference",
    input: "anova(lmer(Reaction ~ 1 + (1 | Subject)), lmer(Reaction ~ Days + (1 | Subject)))  (both REML)",
    run: () => anova(lmer("Reaction ~ 1 + (1 | Subject)", dataOf("anova-reml-refit")), lmer("Reaction ~ Days + (1 | Subject)", dataOf("anova-reml-refit"))),
    expect: {
      ok: true,
      check: (t) => {
        const ref = lme4("anova-reml-refit").table!.columns;
        expect(t.refitted).toBe(true);
        expect(t.notes.join(" ")).toMatch(/refitting model\(s\) with ML/);
        t.rows.forEach((r: any, i: number) => {
          near(r.logLik, ref.logLik![i]!, 1e-6, `logLik ${i}`);
          near(r.AIC, ref.AIC![i]!, 1e-6, `AIC ${i}`);
        });
        near(t.rows[1].Chisq, ref.Chisq![1]!, 1e-5, "Chisq");
        near(Math.log(t.rows[1].p), Math.log(ref["Pr(>Chisq)"]![1]!), 1e-4, "log p");
      },
    },
    why: `Likelihood-ratio tests need ML fits: REML fits are refitted by ML first, with lme4's note "${lme4("anova-reml-refit").messages[0]}"; the table is lme4's.`,
  },
  {
    id: "inference-anova-different-data",
    category: "inference",
    input: "anova(lmer(…, sleepstudy, ML), lmer(…, sleepstudy rows with Days > 0, ML))",
    run: () => {
      const d = dataOf("anova-different-data");
      const days = (d.columns.get("Days") as any).values as Float64Array;
      const recs = (["Reaction", "Days", "Subject"] as const).reduce((o, n) => {
        const c = d.columns.get(n)! as any;
        o[n] = Array.from({ length: d.nrow }, (_, i) => (c.kind === "numeric" ? c.values[i] : c.levels[c.codes[i]])).filter((_, i) => days[i]! > 0);
        return o;
      }, {} as Record<string, unknown[]>);
      return anova(lmer("Reaction ~ Days + (1 | Subject)", d, { REML: false }), lmer("Reaction ~ 1 + (1 | Subject)", recs, { REML: false }));
    },
    expect: { error: /not all fitted to the same|same (number of )?observations|same data/i },
    why: `Likelihoods of different data cannot be compared; lme4 stops with "${lme4("anova-different-data").error}".`,
  },
  {
    id: "inference-confint-level-1.5",
    category: "inference",
    input: 'confint(fm, { method: "Wald", level: 1.5 })',
    run: () => confint(fm(), { method: "Wald", level: 1.5 }),
    expect: { error: /level.*1\.5/ },
    why: `A confidence level must lie in (0, 1); lme4 returns a table of NA with the warning "${lme4("confint-level-1.5").warnings[0]}".`,
  },
  {
    id: "inference-confint-parm-nothing",
    category: "inference",
    input: 'confint(fm, { method: "Wald", parm: "nothing" })',
    run: () => confint(fm(), { method: "Wald", parm: "nothing" }),
    expect: { error: /nothing/ },
    why: `A parameter name that matches nothing is an error naming it and the valid names; lme4 returns an empty table with the warning "${lme4("confint-parm-nothing").warnings[0]}".`,
  },
  {
    id: "inference-confint-wald",
    category: "inference",
    input: 'confint(fm, { method: "Wald" })',
    run: () => confint(fm(), { method: "Wald" }),
    expect: {
      ok: true,
      check: (t) => {
        const ref = lme4Intervals("confint-wald");
        for (const name of ["(Intercept)", "Days"]) {
          const i = t.names.indexOf(name);
          near(t.lower[i], ref.get(name)![0], 1e-6, `${name} lower`);
          near(t.upper[i], ref.get(name)![1], 1e-6, `${name} upper`);
        }
        t.names.filter((n: string) => n.startsWith("sd_") || n === "sigma").forEach((n: string) => expect(Number.isNaN(t.lower[t.names.indexOf(n)])).toBe(true));
      },
    },
    why: "Wald intervals exist for the fixed effects only (NA for variance parameters), as in lme4.",
  },
  {
    id: "inference-profile-singular",
    category: "inference",
    input: '(await profile(lmer("Yield ~ 1 + (1 | Batch)", Dyestuff2))).confint()  (a singular fit)',
    run: async () => (await profile(lmer("Yield ~ 1 + (1 | Batch)", dataOf("profile-singular")), { workers: 0 })).confint({}),
    expect: {
      ok: true,
      check: (t) => {
        const ref = lme4Intervals("profile-singular");
        const lookup: Record<string, string> = { ".sig01": "sd_(Intercept)|Batch", ".sigma": "sigma", "(Intercept)": "(Intercept)" };
        for (const [theirs, ours] of Object.entries(lookup)) {
          const i = t.names.indexOf(ours);
          expect(i, `${ours} in ${t.names}`).toBeGreaterThanOrEqual(0);
          near(t.lower[i], ref.get(theirs)![0], 2e-3, `${ours} lower`);
          near(t.upper[i], ref.get(theirs)![1], 2e-3, `${ours} upper`);
        }
      },
    },
    why: "Profiling a boundary fit works: the interval of the standard deviation starts at 0, as lme4's.",
  },
  {
    id: "inference-bootmer-nsim-0",
    category: "inference",
    input: 'bootMer(fm, "fixef", { nsim: 0 })',
    run: () => bootMer(fm(), "fixef", { nsim: 0 }),
    expect: { error: /nsim/ },
    why: "A bootstrap without replicates has nothing to summarize; lme4 returns an empty bootMer object whose summaries fail later, lme4ts says so at the call.",
  },
  {
    id: "inference-anova-not-a-model",
    category: "inference",
    input: "anova(fm, 42)",
    run: () => anova(fm(), 42 as any),
    expect: { error: /argument 2 is not a model fitted by lmer\(\) or glmer\(\)/ },
    why: "Every argument of anova must be a fitted model; the message names the position of the one that is not.",
  },
  {
    id: "inference-confint-not-a-model",
    category: "inference",
    input: "confint(null)",
    run: () => confint(null as any),
    expect: { error: /needs a model fitted by lmer\(\) or glmer\(\)/ },
    why: "Inference functions check that they were given a fitted model instead of failing with a TypeError.",
  },
  {
    id: "inference-confint-of-profile",
    category: "inference",
    input: "confint(await profile(fm))  (R's confint(profile(fm)))",
    run: async () => confint((await profile(fm(), { workers: 0 })) as any),
    expect: { error: /confint\(\) needs a model.*got a profile.*\.confint\(/ },
    why: "In R, confint(profile(fm)) works; here a profile has its own confint method, and the message says so (it used to fail with a TypeError).",
  },
  {
    id: "inference-format-anova-of-a-model",
    category: "inference",
    input: "formatAnova(fm)  (a model instead of anova(fm0, fm))",
    run: () => formatAnova(fm() as any),
    expect: { error: /formatAnova\(\) takes an anova table \(the result of anova\(\)\)/ },
    why: "Renderers check that they get the result they format (it used to fail with a TypeError).",
  },
  {
    id: "inference-profile-not-a-model",
    category: "inference",
    input: 'profile("fm")',
    run: () => profile("fm" as any),
    expect: { error: /needs a model fitted by lmer\(\) or glmer\(\)/ },
    why: "Inference functions check that they were given a fitted model instead of failing with a TypeError.",
  },
  {
    id: "inference-kr-too-many-random-effects",
    category: "inference",
    input: 'anova(lmer("y ~ 1 + (1 | g)", d), { ddf: "Kenward-Roger" })  (g with 6050 levels: q = 6050 random effects)',
    run: () => {
      const n = 12100; // 6050 groups of 2 observations, deterministic values
      const d = { y: Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + 0.5 * Math.cos(Math.floor(i / 2) * 1.3)), g: Array.from({ length: n }, (_, i) => `g${Math.floor(i / 2)}`) };
      return anova(lmer("y ~ 1 + (1 | g)", d), { ddf: "Kenward-Roger" });
    },
    expect: { error: /Kenward–Roger needs dense q×q matrices.*q = 6050 random effects, above the limit of 6000.*Satterthwaite/ },
    why: "Kenward–Roger's adjustment needs the dense q×q matrix Z'Σ⁻¹Z (8q² bytes; every pair of levels enters its traces), so lme4ts refuses above q = 6000 and names Satterthwaite. pbkrtest forms dense n×n matrices instead (here n = 12100: 1.2 GB each).",
  },
];
