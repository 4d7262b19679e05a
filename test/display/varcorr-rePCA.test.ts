/** `summary(rePCA(m))` text: per grouping factor, R's importance matrix layout. */
import { describe, expect, it } from "vitest";
import { lmer } from "../../src/lmm/lmer.js";
import { datasets } from "../../src/datasets/index.js";
import { rePCA } from "../../src/covariance/index.js";
import { formatRePCA, rePCACells, rePCAHtml } from "../../src/display/rePCAText.js";

describe("rePCA text", () => {
  const sleep = datasets.sleepstudy();
  it("sleepstudy fm1: lme4's summary(rePCA(fm1)) layout and numbers", () => {
    const fm1 = lmer("Reaction ~ Days + (Days | Subject)", sleep);
    const lines = formatRePCA(rePCA(fm1)).split("\n");
    expect(lines[0]).toBe("$Subject");
    expect(lines[1]).toBe("Importance of components:");
    expect(lines[2]).toMatch(/^\s+\[,1\]\s+\[,2\]$/);
    // lme4 1.1-31: Standard deviation 0.9669 0.2309; proportions 0.946 / 0.054
    expect(lines[3]).toMatch(/^Standard deviation     0\.96\d\d 0\.23\d+$/);
    expect(lines[4]).toMatch(/^Proportion of Variance 0\.94\d\d 0\.05\d+$/);
    expect(lines[5]).toMatch(/^Cumulative Proportion  0\.94\d\d 1\.0+$/);
    const [pc] = rePCA(fm1);
    const cells = rePCACells(pc);
    expect(Number(cells.rows[1][1]) + Number(cells.rows[1][2])).toBeCloseTo(1, 3);
    expect(rePCAHtml(rePCA(fm1))).toMatch(/Subject: importance of components/);
  });
  it("one block per grouping factor (|| terms combined), zero components printed as 0", () => {
    const fm2 = lmer("Reaction ~ Days + (Days || Subject)", sleep);
    const txt = formatRePCA(rePCA(fm2));
    expect(txt.match(/^\$/gm)!.length).toBe(1);
    const pastes = datasets.Pastes();
    const m = lmer("strength ~ 1 + (1 | batch) + (1 | sample)", pastes);
    const t2 = formatRePCA(rePCA(m)).split("\n");
    expect(t2.filter((l) => l.startsWith("$"))).toEqual(["$sample", "$batch"]);
    const zero = { group: "g", names: ["a"], sdev: new Float64Array([0]), proportion: new Float64Array([NaN]), cumulative: new Float64Array([NaN]), rotation: new Float64Array([1]) };
    const z = formatRePCA([zero]).split("\n");
    expect(z[3]).toMatch(/^Standard deviation\s+0$/);
    expect(z[4]).toMatch(/NaN$/);
  });
});
