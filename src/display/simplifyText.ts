/**
 * Text and HTML rendering of `simplifyModel` results: a table of every fitted step (df,
 * logLik, AIC, ΔAIC against step 0, singular or not, formula), then each step's changes with
 * their reasons, the boundary components of every singular step, why the sequence stopped,
 * and the notes (components that could not be dropped, proposals that were not fitted).
 */
import type { SimplifyResult } from "../inference/simplify.js";
import { table } from "./format.js";
import { escapeHtml, htmlTable } from "./html.js";
import { requireShape } from "../model/args.js";

const ACTION: Record<string, string> = { diagonalize: "made diagonal", dropComponent: "dropped component(s)", dropTerm: "dropped term" };

function stepRows(r: SimplifyResult): string[][] {
  const a0 = r.steps[0].AIC;
  return r.steps.map((s) => [
    String(s.index), String(s.df), s.logLik.toFixed(2), s.AIC.toFixed(2), (s.AIC - a0).toFixed(2), s.isSingular ? "yes" : "no", s.formula,
  ]);
}

const HEADER = ["step", "df", "logLik", "AIC", "dAIC", "singular", "formula"];

function detailLines(r: SimplifyResult): string[] {
  const out: string[] = [];
  for (const s of r.steps) {
    for (const c of s.changes) out.push(`step ${s.index}: ${ACTION[c.action]} ${c.term}${c.action === "dropComponent" ? ` [${c.components.join(", ")}]` : ""}: ${c.reason}`);
    if (s.isSingular) out.push(`step ${s.index} boundary: ${s.boundary.map((b) => `${b.group}: ${b.what}`).join("; ") || "(none found)"}`);
  }
  return out;
}

/** The text report. */
export function formatSimplify(r: SimplifyResult): string {
  requireShape("formatSimplify", r, "the result of simplifyModel()", ["steps"]);
  const m = r.steps[0].model;
  const how = m.kind === "lmerMod" ? (m.REML ? "REML" : "ML") : `${m.family.name}, ${m.nAGQ <= 1 ? "Laplace" : `nAGQ = ${m.nAGQ}`}`;
  const out = [
    `Simplification of a ${r.steps[0].isSingular ? "singular" : "non-singular"} fit (${how}); every step refitted and shown:`,
    "",
    ...table([HEADER, ...stepRows(r)], ["r", "r", "r", "r", "r", "r", "l"]),
    "",
    ...detailLines(r),
    "",
    `Stopped: ${r.stopReason}.`,
    `Result: step ${r.steps.length - 1}${r.nonSingular ? " (not singular)" : " (still singular)"}: ${r.steps[r.steps.length - 1].formula}`,
  ];
  if (r.notes.length) out.push("", "Notes:", ...r.notes.map((n) => `- ${n}`));
  return out.join("\n");
}

/** The same report as HTML (a steps table and lists of changes and notes). */
export function simplifyHtml(r: SimplifyResult): string {
  requireShape("simplifyHtml", r, "the result of simplifyModel()", ["steps"]);
  const li = (xs: string[]) => (xs.length ? `<ul>${xs.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>` : "");
  return (
    `<div class="lme4ts-simplify">` +
    htmlTable({ caption: "Simplification steps", header: HEADER, rows: stepRows(r), align: ["r", "r", "r", "r", "r", "r", "l"] }) +
    li(detailLines(r)) +
    `<p>Stopped: ${escapeHtml(r.stopReason)}.</p>` +
    (r.notes.length ? `<p>Notes:</p>${li([...r.notes])}` : "") +
    `</div>`
  );
}
