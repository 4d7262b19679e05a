/**
 * MT19937 (src/inference/mt19937.ts) against the reference output of mt19937ar.c
 * (init_by_array({0x123, 0x234, 0x345, 0x456})) and, bit for bit, against
 * @stdlib/random-base-mt19937 (a dev dependency), the generator lme4ts used before, for the
 * seeds replicateRng makes: [seed, replicate + 1].
 */
import { describe, expect, it } from "vitest";
import stdlibMt from "@stdlib/random-base-mt19937";
import { mt19937 } from "../../src/inference/mt19937.js";

describe("mt19937", () => {
  it("matches mt19937ar.c's first outputs for init_by_array({0x123, 0x234, 0x345, 0x456})", () => {
    const g = mt19937([0x123, 0x234, 0x345, 0x456]);
    const first = Array.from({ length: 10 }, () => g.int32());
    expect(first).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476, 3344332714, 3355579695, 227628506, 810200273, 2591290167]);
  });

  it("equals stdlib's stream (int32 across a twist, res53) for integer and array seeds", () => {
    const seeds: (number | number[])[] = [1, 42, 4294967295, [42, 1], [42, 500], [0, 1], [4294967295, 4294967295], [7], [1, 2, 3]];
    for (const seed of seeds) {
      const ours = mt19937(seed);
      const theirs = stdlibMt.factory({ seed: seed as never });
      for (let i = 0; i < 1300; i++) expect(ours.int32(), `seed ${JSON.stringify(seed)} draw ${i}`).toBe(theirs());
      const ours53 = mt19937(seed);
      const theirs53 = stdlibMt.factory({ seed: seed as never }) as unknown as { normalized: () => number };
      for (let i = 0; i < 700; i++) expect(ours53.res53()).toBe(theirs53.normalized());
    }
  });

  it("res53 lies in [0, 1)", () => {
    const g = mt19937(12345);
    for (let i = 0; i < 10000; i++) {
      const u = g.res53();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
