import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";

const SLEEP = fileURLToPath(new URL("../../datasets/sleepstudy.csv", import.meta.url));
function run(argv: string[]) {
  let out = "", err = "";
  const code = runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe("runCli: exit status and output", () => {
  it("prints the summary and exits 0", () => {
    const r = run(["fit", "--data", SLEEP, "--formula", "Reaction ~ Days + (1 | Subject)"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Linear mixed model fit by REML/);
    expect(r.err).toBe("");
  });
  it("reduces a multi-line error (usage, formula caret) to one line with status 1", () => {
    for (const argv of [["fit", "--formula", "y ~ x"], ["fit", "--data", SLEEP, "--formula", "Reaction ~ (1 | Subject"]]) {
      const r = run(argv);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^lme4ts: error: [^\n]+\n$/);
    }
  });
});

describe("runCli: negative binomial families", () => {
  it("--family nbinom2 --json reports glmmTMB's fit and the dispersion", async () => {
    const SAL = fileURLToPath(new URL("../fixtures/families/Salamanders.csv", import.meta.url));
    const ref = JSON.parse((await import("node:fs")).readFileSync(new URL("../fixtures/families/salamanders_nbinom2.json", import.meta.url), "utf8"));
    const r = run(["fit", "--data", SAL, "--schema", SAL.replace(/\.csv$/, ".schema.json"), "--formula", ref.call.formula, "--family", "nbinom2", "--json"]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.family).toBe("nbinom2");
    expect(Math.abs(rep.logLik - ref.glmmTMB.logLik)).toBeLessThan(1e-6 * Math.abs(ref.glmmTMB.logLik));
    expect(Math.abs(rep.dispersion / ref.glmmTMB.dispersion - 1)).toBeLessThan(1e-4);
  });
});

describe("runCli: glmmTMB's dispersion and zero-inflation models", () => {
  it("--family beta --dispformula \"~ z\" --json reports glmmTMB's logLik", async () => {
    const BETA = fileURLToPath(new URL("../fixtures/families2/betasim.csv", import.meta.url));
    const ref = JSON.parse((await import("node:fs")).readFileSync(new URL("../fixtures/families2/beta_disp.json", import.meta.url), "utf8"));
    const r = run(["fit", "--data", BETA, "--formula", ref.call.formula, "--family", "beta", "--dispformula", "~ z", "--json"]);
    expect(r.err).toBe("");
    const rep = JSON.parse(r.out);
    expect(Math.abs(rep.logLik - ref.fit.logLik)).toBeLessThan(1e-6 * Math.abs(ref.fit.logLik));
    expect(rep.fixef["x"]).toBeCloseTo(ref.fit.fixef.cond.x, 3);
  });
  it("--ziformula and --dispformula need --family", () => {
    for (const flag of ["--ziformula", "--dispformula"]) {
      const r = run(["fit", "--data", SLEEP, "--formula", "Reaction ~ Days + (1 | Subject)", flag, "~ 1"]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(flag);
    }
  });
});

describe("runCli: genpois and the truncated (hurdle) families", () => {
  const SAL2 = fileURLToPath(new URL("../fixtures/families2/salamanders.csv", import.meta.url));
  it("--family genpois --json reports glmmTMB's logLik and dispersion φ", async () => {
    const ref = JSON.parse((await import("node:fs")).readFileSync(new URL("../fixtures/families3/genpois.json", import.meta.url), "utf8"));
    const r = run(["fit", "--data", SAL2, "--schema", SAL2.replace(/\.csv$/, ".schema.json"), "--formula", ref.call.formula, "--family", "genpois", "--json"]);
    expect(r.err).toBe("");
    const rep = JSON.parse(r.out);
    expect(rep.family).toBe("genpois");
    expect(Math.abs(rep.logLik - ref.fit.logLik)).toBeLessThan(1e-6 * Math.abs(ref.fit.logLik));
    expect(Math.abs(rep.dispersion / ref.fit.sigma - 1)).toBeLessThan(1e-3);
  });
  it("--family truncated_poisson on counts with zeros and no --ziformula: one line, exit 1, says to add one", () => {
    const r = run(["fit", "--data", SAL2, "--formula", "count ~ mined + (1 | site)", "--family", "truncated_poisson"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^lme4ts: error: the truncated_poisson family is zero-truncated.*ziformula[^\n]*\n$/);
  });
});
