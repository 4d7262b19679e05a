/**
 * Renderers of single-model ANOVA tables (`anova(m, { type, ddf })`): lmerTest's and car's layout
 * in text, an HTML table in notebooks. Registered by kind with results/renderable.ts.
 */
import { registerRenderer } from "../results/renderable.js";
import type { FTable, WaldChisqTable } from "../inference/fTable.js";
import type { RanovaTable } from "../inference/ranova.js";
import { recordsHtml, recordsText } from "./recordsText.js";

const fRecords = (t: FTable) =>
  t.rows.map((r) =>
    t.ddf === "lme4"
      ? { term: r.term, npar: r.NumDF, "Sum Sq": r.SumSq, "Mean Sq": r.MeanSq, "F value": r.F }
      : { term: r.term, "Sum Sq": r.SumSq, "Mean Sq": r.MeanSq, NumDF: r.NumDF, DenDF: r.DenDF, "F value": r.F, "p.value": r.p },
  );
const wRecords = (t: WaldChisqTable) => t.rows.map((r) => ({ term: r.term, Chisq: r.Chisq, Df: r.Df, "p.value": r.p }));
const notes = (ws: readonly string[]) => ws.map((w) => `Note: ${w}`);

registerRenderer<FTable>("fTable", {
  text: (t) => [t.heading, "", recordsText(fRecords(t)), ...notes(t.warnings)].join("\n"),
  html: (t) => recordsHtml(fRecords(t), t.heading),
});
registerRenderer<WaldChisqTable>("waldChisqTable", {
  text: (t) => [t.heading, "", `Response: ${t.response}`, recordsText(wRecords(t))].join("\n"),
  html: (t) => recordsHtml(wRecords(t), `${t.heading} — response: ${t.response}`),
});

const rRecords = (t: RanovaTable) => t.rows.map((r) => ({ term: r.term, npar: r.npar, logLik: r.logLik, AIC: r.AIC, LRT: r.LRT, Df: r.Df, "p.value": r.p }));
registerRenderer<RanovaTable>("ranovaTable", {
  text: (t) => ["ANOVA-like table for random-effects: Single term deletions", "", "Model:", t.formula, recordsText(rRecords(t))].join("\n"),
  html: (t) => recordsHtml(rRecords(t), `Random-effect terms: single term deletions (${t.formula})`),
});
