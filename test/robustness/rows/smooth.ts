/**
 * Catalogue rows for smooth terms s(x, bs = "cr", k) (gamm4's representation: model/smooth/): the
 * arguments refused, with the culprit named, where silently doing something else would not agree
 * with R's mgcv/gamm4, and the linear continuation of the spline on new data beyond the data's
 * range (checked against gamm4 in test/model/smooth/gamm4.test.ts).
 */
import { expect } from "vitest";
import { lmer, datasets } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const fit = (f: string) => lmer(f, datasets.sleepstudy());

export const rows: CatalogueRow[] = [
  {
    id: "smooth-default-basis",
    category: "formula",
    input: 'lmer("Reaction ~ s(Days) + (1 | Subject)", sleepstudy)',
    run: () => fit("Reaction ~ s(Days) + (1 | Subject)"),
    expect: { error: /give the basis: s\(Days, bs = "cr"\).*thin-plate basis bs = "tp", is not implemented/ },
    why: "mgcv's default basis is the thin-plate spline, which lme4ts does not have; fitting a cubic regression spline instead would not agree with gamm4, so the basis must be named.",
  },
  {
    id: "smooth-unsupported-argument",
    category: "formula",
    input: 'lmer("Reaction ~ s(Days, bs = \\"cr\\", m = 3) + (1 | Subject)", sleepstudy)',
    run: () => fit('Reaction ~ s(Days, bs = "cr", m = 3) + (1 | Subject)'),
    expect: { error: /the argument 'm' of mgcv's s\(\) is not supported/ },
    why: "s() takes the variable, bs (\"cr\" or \"ps\"), k and a factor by; the other arguments of mgcv's s() (fx, m, id, sp, xt, pc) would change the model, so they are refused by name rather than ignored.",
  },
  {
    id: "smooth-k-above-distinct-values",
    category: "formula",
    input: 'lmer("Reaction ~ s(Days, bs = \\"cr\\", k = 12) + (1 | Subject)", sleepstudy)',
    run: () => fit('Reaction ~ s(Days, bs = "cr", k = 12) + (1 | Subject)'),
    expect: { error: /s\(Days\) has 10 distinct values in the data, too few for a basis of dimension k = 12/ },
    why: "A cr spline puts its k knots at distinct data values; mgcv stops with \"Days has insufficient unique values to support 12 knots: reduce k\".",
  },
  {
    id: "smooth-new-data-beyond-range",
    category: "prediction",
    input: 'fit("Reaction ~ s(Days, bs = \\"cr\\", k = 5) + (1 | Subject)").predict({ newdata: { Days: [-2, 0, 9, 11], Subject: ["308", "308", "308", "308"] } })',
    run: () => {
      const m = fit('Reaction ~ s(Days, bs = "cr", k = 5) + (1 | Subject)');
      return m.predict({ newdata: { Days: [-2, 0, 9, 11], Subject: ["308", "308", "308", "308"] } });
    },
    expect: {
      ok: true,
      check: (p: Float64Array) => {
        // sleepstudy's smooth is linear (its variance is 0): the predictions lie on one line, also beyond 0…9
        const slope = (p[2]! - p[1]!) / 9;
        expect(p[0]!).toBeCloseTo(p[1]! - 2 * slope, 8);
        expect(p[3]!).toBeCloseTo(p[2]! + 2 * slope, 8);
      },
    },
    why: "New data evaluate the basis from the knots and reparameterization stored at fit time; beyond the outer knots a cr spline continues linearly, as mgcv's Predict.matrix does.",
  },
];
