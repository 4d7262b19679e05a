import { afterEach, describe, expect, it, vi } from "vitest";
import { DISPLAY_HOOK, MIME_BUNDLE, VEGALITE_MIME, display, isDisplayable, mimeBundleOf, plainText, rich, type MimeBundle } from "../../src/display/mime.js";
import { vegaLite } from "../../src/display/chart.js";
import { escapeHtml, htmlTable, summaryHtml } from "../../src/display/html.js";
import { residualsVsFitted } from "../../src/display/vegalite/index.js";
import type { LmerSummary } from "../../src/results/summary.js";

const g = globalThis as Record<symbol, unknown>;
afterEach(() => {
  delete g[DISPLAY_HOOK];
  vi.restoreAllMocks();
});

describe("display protocol", () => {
  it("uses the registered Symbol.for key", () => {
    expect(MIME_BUNDLE).toBe(Symbol.for("jupyter.mimebundle"));
    expect(isDisplayable(rich("x"))).toBe(true);
    expect(isDisplayable({ a: 1 })).toBe(false);
  });

  it("rich() keeps toString and adds HTML lazily", () => {
    let calls = 0;
    const r = rich({ toString: () => "model" }, { html: () => (calls++, "<b>model</b>") });
    expect(String(r)).toBe("model");
    expect(calls).toBe(0);
    expect(r[MIME_BUNDLE]()).toEqual({ "text/plain": "model", "text/html": "<b>model</b>" });
  });

  it("plain text of values without a display method", () => {
    expect(plainText(new Float64Array([1, 2]))).toBe("[\n 1,\n 2\n]");
    expect(mimeBundleOf(3)).toEqual({ "text/plain": "3" });
    class T { toString() { return "T!"; } }
    expect(plainText(new T())).toBe("T!");
  });

  it("vegaLite(): spec as an object plus an SVG rendering", async () => {
    const spec = residualsVsFitted({ fitted: [1, 2, 3, 4], residuals: [0.5, -0.2, 0.1, -0.4] }, { smooth: false });
    const b = (await vegaLite(spec)[MIME_BUNDLE]()) as MimeBundle;
    expect(b[VEGALITE_MIME]).toEqual(spec);
    expect(b["image/svg+xml"]).toMatch(/^<svg/);
    expect(b["text/plain"]).toBe("<Vega-Lite chart: Residuals vs fitted>");
  });

  it("display() publishes through the kernel hook in call order", async () => {
    const seen: string[] = [];
    g[DISPLAY_HOOK] = (b: MimeBundle | Promise<MimeBundle>) => Promise.resolve(b).then((x) => void seen.push(x["text/plain"]));
    await display(rich("a"), 2);
    expect(seen).toEqual(["a", "2"]);
  });

  it("display() prints text/plain without a kernel", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await display(rich("hello"));
    expect(log).toHaveBeenCalledWith("hello");
  });
});

describe("HTML renderers", () => {
  it("escapes cell content", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    const t = htmlTable({ header: ["", "Pr(>|t|)"], rows: [["(Intercept)", "< 2e-16"]] });
    expect(t).toContain("<th style=\"text-align:right\">Pr(&gt;|t|)</th>");
    expect(t).toContain("&lt; 2e-16");
  });

  it("renders a summary with random and fixed effects", () => {
    const s: LmerSummary = {
      title: "Linear mixed model fit by REML ['lmerMod']", formula: "Reaction ~ Days + (Days | Subject)", REML: true,
      criterion: { REML: 1743.628, AIC: 1755.6, BIC: 1774.8, logLik: -871.8, deviance: 1751.9, dfResid: 174 },
      scaledResiduals: [-3.95, -0.46, 0.02, 0.46, 5.18],
      varcorr: [{ group: "Subject", names: ["(Intercept)", "Days"], sd: Float64Array.of(24.74, 5.922), corr: [[1, 0.066], [0.066, 1]], cov: new Float64Array(4), kind: "us" }],
      sigma: 25.59, nobs: 180, ngrps: { Subject: 18 },
      fixed: [{ name: "(Intercept)", estimate: 251.405, se: 6.825, statistic: 36.84 }, { name: "Days", estimate: 10.467, se: 1.546, statistic: 6.77 }],
      statisticName: "t value", correlation: [[1, -0.138], [-0.138, 1]], warnings: [], nDropped: 0,
    };
    const h = summaryHtml(s);
    expect(h).toContain("1743.6");
    expect(h).toContain("<td style=\"text-align:right\">251.41</td>");
    expect(h).toContain("0.07");
    expect(h).toContain("Residual");
    expect(h).toContain("Subject, 18");
  });
});
