/** The models checkModel is tested on (the fits of scripts/checkmodel-refs.R) and their R fixture. */
import { readFileSync } from "node:fs";
import { lmer, glmer, datasets, type FactorColumn, type NumericColumn } from "../../src/index.js";

/** One model's numbers from performance 0.10.2 / lme4 1.1-31 (test/fixtures/checks/checkmodel.json). */
export interface CheckRefs {
  formula: string;
  vif: { term: string[]; vif: number[]; ciLow: number[]; ciHigh: number[]; seFactor: number[]; nParameters: number; nObs: number } | null;
  hat: number[]; hatWorking: number[]; pearson: number[]; cooks: number[]; cookThreshold: number; fitted: number[]; residuals: number[]; homogeneity: number[];
  reqq: Record<string, { x: number[]; y: number[]; confLow: number[]; confHigh: number[]; facet: string[] }>;
  overdispersion: { predicted: number[]; res2: number[]; variance: number[] } | null;
  binned: { xbar: number[]; ybar: number[]; n: number[]; xLo: number[]; xHi: number[]; se: number[]; ciLow: number[]; ciHigh: number[]; ok: boolean[] } | null;
}

export const refs = JSON.parse(readFileSync(new URL("../fixtures/checks/checkmodel.json", import.meta.url), "utf8")) as Record<"sleepstudy" | "sleepstudyQuad" | "cbpp" | "cbpp2" | "grouseticks" | "cm6", CheckRefs>;

/** The contraception data with the paper's derived columns: ch (any living children) and age_s = age / (2 sd(age)). */
export function contraception() {
  const d = datasets.load("Contraception");
  const col = (n: string) => d.columns.get(n)!;
  const fac = (n: string) => { const c = col(n) as FactorColumn; return Array.from(c.codes, (k) => c.levels[k]); };
  const age = (col("age") as NumericColumn).values, n = age.length;
  const mean = age.reduce((a, b) => a + b, 0) / n, sd = Math.sqrt(age.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return {
    use: fac("use"), district: fac("district"), urban: fac("urban"),
    ch: fac("livch").map((v) => (v === "0" ? "N" : "Y")), age_s: Array.from(age, (a) => a / (2 * sd)),
  };
}

export const fits = {
  sleepstudy: () => lmer("Reaction ~ Days + (Days | Subject)", datasets.load("sleepstudy")),
  sleepstudyQuad: () => lmer("Reaction ~ Days + I(Days^2) + (Days | Subject)", datasets.load("sleepstudy")),
  cbpp: () => glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.load("cbpp"), { family: "binomial" }),
  cbpp2: () => glmer("incidence/size ~ period + treatment + avg_size + (1 | herd)", datasets.load("cbpp2"), { family: "binomial", weights: "size" }),
  grouseticks: () => glmer("TICKS ~ YEAR + (1 | BROOD)", datasets.load("grouseticks"), { family: "poisson" }),
  cm6: () => glmer("use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district:urban)", contraception(), { family: "binomial" }),
};
