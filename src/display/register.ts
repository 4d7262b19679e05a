/**
 * Registers the renderers of every kind-tagged result (results/renderable.ts): models, summaries,
 * VarCorr, ranef, interval tables, allFit, bootstrap and profile results, likelihood-ratio and
 * drop1 tables, simplification reports, and (through their own modules) F tables, emmeans,
 * prediction frames, R²/ICC and tidy tables. Loaded by the package entry point (src/index.ts) and
 * by the test set-up, so that computations never import a renderer.
 */
import { registerRenderer, type Bundle } from "../results/renderable.js";
import type { LmerMod } from "../results/lmerMod.js";
import type { GlmerMod } from "../results/glmerMod.js";
import type { LmerSummary } from "../results/summary.js";
import type { ConfintTable } from "../inference/profileTypes.js";
import type { AnovaTable } from "../inference/anova.js";
import type { Drop1Table } from "../inference/drop1.js";
import type { SimplifyResult } from "../inference/simplify.js";
import { MIME_BUNDLE } from "./mime.js";
import { formatSummary } from "./summaryText.js";
import { summaryHtml } from "./html.js";
import { formatAnova, anovaHtml, formatDrop1, drop1Html } from "./anovaText.js";
import { formatSimplify, simplifyHtml } from "./simplifyText.js";
import { richAllFit, richBoot, richConfint, richSummary, richVarCorr, type AllFitLike, type BootLike, type RichTable } from "./richTables.js";
import type { VarCorrModel } from "./varcorrText.js";
import { ranefTables, type RanefLike } from "./resultDisplay.js";
import "./recordsText.js";
import "./fTableText.js";
import "./emmeansText.js";
import "./influenceText.js";
import "./densitiesText.js";

/** A renderer from a RichTable builder: its text and its bundle. */
function table<T>(kind: string, make: (x: T, ctx?: unknown) => RichTable): void {
  registerRenderer<T>(kind, { text: (x, c) => String(make(x, c)), bundle: (x, c) => make(x, c)[MIME_BUNDLE]() as Bundle });
}

const model = {
  text: (m: LmerMod | GlmerMod) => formatSummary(m.summary()),
  bundle: (m: LmerMod | GlmerMod): Bundle => {
    const s = m.summary();
    return { "text/plain": formatSummary(s), "text/html": summaryHtml(s) };
  },
};
registerRenderer<LmerMod>("lmerMod", model);
registerRenderer<GlmerMod>("glmerMod", model);
table<LmerSummary>("summary", (s) => richSummary(s));
table<unknown>("varCorr", (_blocks, ctx) => richVarCorr(ctx as VarCorrModel));
table<readonly RanefLike[]>("ranef", (groups) => ranefTables(groups));
table<ConfintTable>("confint", (ci) => richConfint(ci));
table<AllFitLike>("allFit", (r) => richAllFit(r));
table<BootLike>("boot", (b) => richBoot(b));
table<{ readonly params: readonly unknown[]; confint(): ConfintTable }>("profile", (p) =>
  richConfint(p.confint(), { caption: `Profile of ${p.params.length} parameters: 95% confidence intervals` }));
registerRenderer<AnovaTable>("anova", { text: formatAnova, html: anovaHtml });
registerRenderer<Drop1Table>("drop1", { text: formatDrop1, html: drop1Html });
registerRenderer<SimplifyResult>("simplify", { text: formatSimplify, html: simplifyHtml });
