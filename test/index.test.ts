/**
 * Every function of the public API (src/index.ts), called with arguments of the wrong type, throws
 * (or rejects with) an LmeError, never a TypeError from inside: the runtime counterpart of the
 * TypeScript signatures for JavaScript and notebook callers.
 */
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

/** Bad first arguments: a number, undefined, null, a string, an empty object, an empty array. */
const BAD: unknown[][] = [[42], [undefined], [null], ["x"], [{}], [[]]];
/** Functions that accept any value by design (the display helpers render whatever they are given). */
const ANY_VALUE = new Set(["display", "vegaLite", "rich", "isDisplayable", "mimeBundleOf"]);

describe("public API: only LmeError for arguments of the wrong type", () => {
  const fns = Object.entries(api).filter(([n, f]) => typeof f === "function" && (!/^[A-Z]/.test(n) || n === "Gamma") && !ANY_VALUE.has(n)) as [string, (...a: unknown[]) => unknown][];
  it("covers the API", () => expect(fns.length).toBeGreaterThan(50));
  for (const [name, f] of fns) {
    it(name, async () => {
      for (const args of BAD) {
        let thrown: unknown;
        try {
          const r = f(...args);
          if (r && typeof (r as Promise<unknown>).then === "function") await r;
        } catch (e) {
          thrown = e;
        }
        if (thrown !== undefined && !(thrown instanceof api.LmeError)) {
          throw new Error(`${name}(${args.map((a) => JSON.stringify(a)).join(", ")}) threw ${(thrown as Error)?.constructor?.name}: ${(thrown as Error)?.message}`);
        }
      }
    });
  }
});
