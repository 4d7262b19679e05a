/**
 * The data fingerprint of saved fits: equal data give equal hashes (NaN payloads and −0 do not
 * matter), and every change restoreFit must notice — a value, a row, a factor's level order or
 * ordered flag, a column's kind — is reported by name.
 */
import { describe, expect, it } from "vitest";
import { makeFrame, dataFingerprint, fingerprintDifferences } from "../../src/data/index.js";
import type { Column } from "../../src/data/types.js";

const num = (name: string, v: number[]): Column => ({ kind: "numeric", name, values: Float64Array.from(v) });
const fac = (name: string, codes: number[], levels: string[], ordered = false): Column => ({ kind: "factor", name, codes: Int32Array.from(codes), levels, ordered });
const print = (...cols: Column[]) => dataFingerprint(makeFrame(cols), cols.map((c) => c.name));
const base = () => print(num("y", [1.5, 2, NaN]), fac("g", [0, 1, -1], ["a", "b"]));

describe("dataFingerprint", () => {
  it("is the same for the same data, whatever the NaN's bits or the sign of zero", () => {
    const odd = new Float64Array(new BigUint64Array([0x7ff0000000000001n]).buffer)[0]!;
    expect(Number.isNaN(odd)).toBe(true);
    expect(print(num("y", [1.5, 2, odd]), fac("g", [0, 1, -1], ["a", "b"])).sha256).toBe(base().sha256);
    expect(print(num("x", [0, 1])).sha256).toBe(print(num("x", [-0, 1])).sha256);
    expect(base().sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it("names what differs", () => {
    const d = (now: ReturnType<typeof print>) => fingerprintDifferences(base(), now);
    expect(d(base())).toEqual([]);
    expect(d(print(num("y", [1.5, 2 + 1e-12, NaN]), fac("g", [0, 1, -1], ["a", "b"])))).toEqual(["column 'y': values differ"]);
    expect(d(print(num("y", [1.5, 2, NaN]), fac("g", [1, 0, -1], ["b", "a"])))).toEqual(["column 'g': factor levels differ (saved a, b; now b, a)"]);
    expect(d(print(num("y", [1.5, 2, NaN]), fac("g", [0, 1, -1], ["a", "b"], true)))).toEqual(["column 'g': unordered factor when saved, ordered now"]);
    expect(d(print(num("y", [1.5, 2, NaN]), num("g", [0, 1, NaN])))).toEqual(["column 'g': factor when saved, numeric now"]);
    expect(d(print(num("y", [1.5, 2]), fac("g", [0, 1], ["a", "b"])))).toEqual(["rows: 3 when saved, 2 now"]);
  });
});
