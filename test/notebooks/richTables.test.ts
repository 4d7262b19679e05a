/**
 * The rich-display wrappers of src/display/richTables.ts: text as R prints it, HTML tables with
 * the same cells, the display protocol, and the interval comparison's layout.
 */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";
import { confintWald } from "../../src/inference/confint.js";
import { profileSync } from "../../src/inference/profile.js";
import type { ConfintTable } from "../../src/inference/profileTypes.js";
import { MIME_BUNDLE, isDisplayable, type MimeBundle } from "../../src/display/mime.js";
import { summaryHtml } from "../../src/display/html.js";
import { compareConfint, richAllFit, richBoot, richConfint, richSummary, richVarCorr, tableOf } from "../../src/display/richTables.js";

const fm1 = lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy());
const bundle = (x: unknown) => (x as { [MIME_BUNDLE](): MimeBundle })[MIME_BUNDLE]();

describe("richVarCorr", () => {
  it("prints lme4's VarCorr (sds, correlation, Residual) as text and HTML", () => {
    const v = richVarCorr(fm1);
    expect(isDisplayable(v)).toBe(true);
    const t = String(v);
    expect(t).toMatch(/Subject\s+\(Intercept\)\s+24\.740/); // lme4: 24.7404
    expect(t).toMatch(/Days\s+5\.922\d\s+0\.066/); // lme4: 5.9221, corr 0.066
    expect(t).toMatch(/Residual\s+25\.5918/); // lme4: 25.5918
    const b = bundle(v);
    expect(b["text/plain"]).toBe(t);
    expect(b["text/html"]).toMatch(/<table[\s\S]*24\.740[\s\S]*Residual/);
  });

  it("labels repeated grouping factors Subject, Subject.1 in the summary HTML", () => {
    const fm2 = lmer("Reaction ~ Days + (Days || Subject)", datasets.sleepstudy());
    const html = summaryHtml(fm2.summary());
    expect(html).toContain(">Subject.1<");
    expect(String(richVarCorr(fm2))).toMatch(/Subject\.1\s+Days/);
  });
});

describe("richSummary", () => {
  it("renders a Satterthwaite summary with df and p-value columns", () => {
    const r = richSummary(fm1.summary({ ddf: "Satterthwaite" }));
    expect(String(r)).toMatch(/Days\s+10\.47\s+1\.546\s+17\.00\s+6\.77\s+3\.26e-0?6/); // lmerTest: df 17, p 3.26e-06
    const html = bundle(r)["text/html"] as string;
    expect(html).toContain("Pr(&gt;|t|)");
    expect(html).toContain("17.00");
  });
});

describe("richConfint", () => {
  it("prints Wald intervals as R does, NA for variance parameters, and a caption", () => {
    const ci = confintWald(fm1);
    const r = richConfint(ci);
    const t = String(r);
    expect(t.split("\n")[0]).toBe("Wald 95% confidence intervals");
    expect(t).toMatch(/2\.5 %\s+97\.5 %/);
    expect(t).toMatch(/sigma\s+NA\s+NA/);
    expect(t).toMatch(/Days\s+7\.4376\s+13\.497\b/); // 10.46729 ± 1.96 · 1.54580
    const b = bundle(r);
    expect(b["text/html"]).toContain("<caption");
    expect(b["text/html"]).toContain("Note: Wald intervals are not available");
    expect(b["text/markdown"]).toMatch(/\| sigma \| NA \| NA \|/);
  });

  it("prints lme4's profile intervals for sleepstudy", () => {
    const pr = profileSync(fm1, { which: "beta_" });
    const t = String(richConfint(pr.confint()));
    expect(t.split("\n")[0]).toBe("Profile 95% confidence intervals");
    expect(t).toMatch(/\(Intercept\)\s+237\.6807\s+265\.130\b/); // lme4: 237.6807 265.1295
    expect(t).toMatch(/Days\s+7\.3587\s+13\.576\b/); // lme4: 7.3587 13.5759
  });
});

describe("compareConfint", () => {
  const a: ConfintTable = { method: "Wald", level: 0.95, names: ["sd", "b"], lower: Float64Array.of(NaN, 1), upper: Float64Array.of(NaN, 2), warnings: ["no sd"] };
  const b: ConfintTable = { method: "profile", level: 0.95, names: ["sd", "b"], lower: Float64Array.of(0.5, 1.1), upper: Float64Array.of(1.5, 2.2), warnings: [] };
  const c: ConfintTable = { method: "boot", level: 0.95, names: ["b"], lower: Float64Array.of(0.9), upper: Float64Array.of(2.1), warnings: [] };
  const big: ConfintTable = { method: "Wald", level: 0.95, names: ["x"], lower: Float64Array.of(238.0292), upper: Float64Array.of(264.78), warnings: [] };

  it("puts the methods side by side with dashes where there is no interval", () => {
    const r = compareConfint({ Wald: a, profile: b, boot: c });
    const lines = String(r).split("\n");
    expect(lines[0]).toBe("95% intervals: Wald, profile, boot");
    expect(lines[1]).toMatch(/^\s+Wald 2\.5 %\s+Wald 97\.5 %\s+profile 2\.5 %\s+profile 97\.5 %\s+boot 2\.5 %\s+boot 97\.5 %$/);
    expect(lines[2].trim().split(/\s+/)).toEqual(["sd", "—", "—", "0.50000", "1.50000", "—", "—"]);
    expect(lines[3].trim().split(/\s+/)).toEqual(["b", "1.00000", "2.00000", "1.10000", "2.20000", "0.90000", "2.10000"]);
    expect(String(r)).toContain("Note: Wald: no sd");
    expect(r.rows).toHaveLength(5);
    // the limits of a row share their decimals
    expect(String(compareConfint({ a: big, b: { ...big, lower: Float64Array.of(237.6807) } })).split("\n")[2].trim().split(/\s+/)).toEqual(["x", "238.03", "264.78", "237.68", "264.78"]);
    expect(r.rows.find((x) => x.method === "boot")).toEqual({ parameter: "b", method: "boot", lower: 0.9, upper: 2.1 });
  });
});

describe("richBoot, richAllFit, tableOf", () => {
  it("richBoot shows original, bias and std. error", () => {
    const boot = {
      nsim: 3, seed: 7, failures: [],
      summary: () => [{ name: "beta", original: 1, bias: 0.25, stdError: 0.5 }],
    };
    const t = String(richBoot(boot));
    expect(t.split("\n")[0]).toBe("Parametric bootstrap: 3 replicates (seed 7), 0 failed");
    expect(t).toMatch(/beta\s+1\.0000\s+0\.25000\s+0\.50000/);
  });

  it("richAllFit lays out one column per optimizer", () => {
    const e = (optimizer: string, logLik: number) => ({ optimizer, ok: true, logLik, feval: 10, timeMs: 1, fixef: { a: 1 }, sdcor: { s: 2 }, theta: [0.5], warnings: [] });
    const t = String(richAllFit({ formula: "y ~ 1 + (1 | g)", entries: [e("bobyqa", -10), e("nelder_mead", -10.000001)], spread: { logLik: 1e-6 } }));
    expect(t).toMatch(/^allFit: y ~ 1 \+ \(1 \| g\)\n\s+bobyqa\s+nelder_mead/);
    expect(t).toMatch(/status\s+OK\s+OK/);
    expect(t).toMatch(/theta\[1\]\s+0\.500000\s+0\.500000/);
    expect(t).toContain("Note: max spread of logLik: 1.00e-6");
  });

  it("tableOf escapes HTML and Markdown", () => {
    const b = bundle(tableOf(["a|b", "x"], [["<i>", "1"]], { caption: "T" }));
    expect(b["text/html"]).toContain("&lt;i&gt;");
    expect(b["text/markdown"]).toContain("a\\|b");
    expect(b["text/plain"]).toBe("T\na|b x\n<i> 1");
  });
});
