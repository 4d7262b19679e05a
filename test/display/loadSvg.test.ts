/**
 * The lazy SVG renderer (src/display/loadSvg.ts) when vega / vega-lite cannot be loaded: the
 * caller gets an LmeError naming both packages and the npm command. (The real missing-package
 * case, with Node's own error as the reason, runs in scripts/package-check.sh, in a project
 * without vega.)
 */
import { describe, expect, it, vi } from "vitest";
import { LmeError } from "../../src/messages/error.js";

vi.mock("../../src/display/svg.js", () => {
  throw new Error("Cannot find package 'vega-lite'");
});

describe("loadSvgRenderer", () => {
  it("turns a failed load of vega/vega-lite into an LmeError with the npm command", async () => {
    const { loadSvgRenderer } = await import("../../src/display/loadSvg.js");
    const err = await loadSvgRenderer().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LmeError);
    expect((err as LmeError).code).toBe("usage");
    expect((err as LmeError).message).toMatch(/^Plots to SVG need the packages `vega` and `vega-lite`, which could not be loaded \(.+\)\. Install them in your project: npm install vega vega-lite$/);
  });
});
