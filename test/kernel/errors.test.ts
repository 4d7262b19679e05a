/**
 * The kernel's error outputs (kernel/errors.mjs): what a failed cell shows as ename, evalue and
 * traceback. (The kernel itself is exercised end to end by executing a notebook through it:
 * scripts/kernel-smoke.sh.)
 */
import { describe, expect, it } from "vitest";
import { describeErrors } from "../../kernel/errors.mjs";

describe("kernel error outputs", () => {
  it("a thrown error: its name and message; the cell's frames only", () => {
    const e = new Error("The data have no column \"Nope\"");
    e.name = "LmeError";
    e.stack = [
      "LmeError: The data have no column \"Nope\"",
      "    at columnOf (/home/u/proj/node_modules/lme4ts/dist/data/frame.js:40:11)",
      "    at lmer (/work/repo/dist/lmm/lmer.js:12:3)",
      "    at evalmachine.<anonymous>:3:30",
      "    at Object.execute (/usr/lib/node_modules/tslab/dist/executor.js:160:20)",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "    at async Handler.runCell (file:///work/repo/kernel/main.mjs:300:16)",
    ].join("\n");
    expect(describeErrors([e])).toEqual({
      ename: "LmeError",
      evalue: "The data have no column \"Nope\"",
      traceback: ["LmeError: The data have no column \"Nope\"", "    at evalmachine.<anonymous>:3:30"],
    });
  });

  it("compile diagnostics: a CompileError listing each, without the virtual file name", () => {
    const r = describeErrors([{ diagnostic: "1:7 - Type 'string' is not assignable to type 'number'." }, { diagnostic: "2:1 - Cannot find name 'x'." }]);
    expect(r.ename).toBe("CompileError");
    expect(r.evalue).toBe("1:7 - Type 'string' is not assignable to type 'number'.");
    expect(r.traceback).toHaveLength(2);
  });

  it("a thrown non-Error and, failing all else, the cell's stderr", () => {
    expect(describeErrors(["oops"])).toEqual({ ename: "Error", evalue: "oops", traceback: ["Error: oops"] });
    expect(describeErrors([], "warning\nSomething broke\n")).toEqual({ ename: "Error", evalue: "Something broke", traceback: ["warning", "Something broke"] });
    expect(describeErrors([]).evalue).toBe("the cell failed");
  });
});
