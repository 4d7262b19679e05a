import { describe, expect, it } from "vitest";
import { binomial, poisson, makeLink } from "../../src/index.js";
import { missingFamilyMembers, resolveFamily } from "../../src/glmm/family/resolve.js";
import { lmeErrorOf } from "../helpers.js";

describe("resolveFamily: glmer's family argument", () => {
  it("accepts names (with a link) and complete Family objects", () => {
    expect(resolveFamily("poisson", undefined).name).toBe("poisson");
    expect(resolveFamily("binomial", "probit").link.name).toBe("probit");
    const fam = binomial({ link: makeLink("cloglog") });
    expect(resolveFamily(fam, "logit")).toBe(fam);
    expect(missingFamilyMembers(poisson() as any)).toEqual([]);
  });
  it("requires a family (no silent default)", () => {
    expect(lmeErrorOf(() => resolveFamily(undefined, undefined)).message).toMatch(/needs a family/);
  });
  it("names every missing member of a hand-made family, including the link's", () => {
    const { initialize, ...noInit } = binomial();
    void initialize;
    expect(missingFamilyMembers(noInit)).toEqual(["initialize (a function)"]);
    const bad = { ...poisson(), hasScale: "no", link: { name: "log", linkfun: Math.log } };
    expect(missingFamilyMembers(bad)).toEqual([
      "hasScale (a boolean)", "link.linkinv (a function)", "link.muEta (a function)", "link.valideta (a function)",
      "link.linkinvInto (a function)", "link.muEtaInto (a function)",
    ]);
    const e = lmeErrorOf(() => resolveFamily(bad, undefined));
    expect(e.code).toBe("family");
    expect(e.message).toMatch(/family object 'poisson' does not implement the family protocol: it lacks hasScale/);
  });
  it("rejects values that are neither names nor objects", () => {
    expect(lmeErrorOf(() => resolveFamily(() => 1, undefined)).message).toMatch(/got a function/);
    expect(lmeErrorOf(() => resolveFamily(true, undefined)).message).toMatch(/got true/);
  });
});
