import { describe, expect, it } from "vitest";
import { datasets, glmer } from "../../src/index.js";
import { modelSpec, refitGlmer } from "../../src/inference/workers/spec.js";

describe("GLMM refits (bootstrap, simulate) of a cbind response with prior weights", () => {
  it("refitting the fit's own response gives the fit's estimates and log-likelihood", () => {
    const f = datasets.cbpp();
    const cols: Record<string, unknown[]> = {};
    for (const n of f.names) {
      const c = f.columns.get(n)!;
      cols[n] = c.kind === "numeric" ? Array.from(c.values) : Array.from(c.codes, (k) => c.levels[k]);
    }
    cols.w = cols.size!.map((_, i) => (i % 2 ? 2 : 1));
    const m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cols, { family: "binomial", weights: "w" });
    const r = refitGlmer(modelSpec(m)!, m.y, m.priorWeights);
    // the log-likelihood weighs each row's binomial density by its prior weight (R's wt/n);
    // refits used to weigh it as wt trials instead (logLik −112.48 instead of −129.28)
    expect(r.logLik()).toBeCloseTo(m.logLik(), 6);
    Object.entries(m.fixef()).forEach(([k, v]) => expect(r.fixef()[k]).toBeCloseTo(v, 5));
  });
});
