/**
 * Reads test/fixtures/analysis/*.json (written by `Rscript scripts/analysis-refs.R`: performance's
 * r2_nakagawa / icc / get_variance and broom.mixed's tidy / glance) and fits the same models.
 */
import { readdirSync, readFileSync } from "node:fs";
import { lmer } from "../../src/lmm/lmer.js";
import { glmer } from "../../src/glmm/glmer.js";
import { refData } from "../lmm/reference.js";
import type { LmerMod } from "../../src/results/lmerMod.js";
import type { GlmerMod } from "../../src/results/glmerMod.js";

export interface AnalysisRef {
  readonly id: string;
  readonly call: { data: string; formula: string; REML?: boolean | null; family?: string | null; link?: string | null };
  readonly r2: { conditional: number | null; marginal: number | null };
  readonly icc: { adjusted: number | null; unadjusted: number | null };
  readonly variances: Record<string, number | null>;
  readonly tidy: Record<string, string | number | null>[];
  readonly glance: Record<string, number>;
}

const dir = new URL("../fixtures/analysis/", import.meta.url);
export const analysisRefs: AnalysisRef[] = readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
  .map((f) => ({ id: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(new URL(f, dir), "utf8")) }) as AnalysisRef);

const cache = new Map<string, LmerMod | GlmerMod>();
/** The lme4ts fit of a fixture's call (cached across tests). */
export function fitOf(ref: AnalysisRef): LmerMod | GlmerMod {
  let m = cache.get(ref.id);
  if (!m) {
    const c = ref.call, data = refData(c.data);
    m = c.family ? glmer(c.formula, data, { family: c.family, ...(c.link ? { link: c.link } : {}) }) : lmer(c.formula, data, { REML: c.REML ?? true });
    cache.set(ref.id, m);
  }
  return m;
}
