// Peak memory of building an LMM from a CSV (issue 17): readCsv, then lFormula (model frame, X, Zt
// and the random-effects terms), optionally mkLmerDevfun and one deviance evaluation.
// usage: /usr/bin/time -v node bench/model-mem.mjs /tmp/retail-1M.csv [lformula|devfun] [dist/index.js]
const mode = process.argv[3] ?? "lformula";
const { readCsv, lFormula, mkLmerDevfun } = await import(process.argv[4] ?? "../dist/index.js");
const t0 = performance.now();
const data = readCsv(process.argv[2]);
const t1 = performance.now();
const lf = lFormula("y ~ x + (1 | client) + (1 | item)", data, { REML: false });
const t2 = performance.now();
let dev = null;
if (mode === "devfun") {
  const f = mkLmerDevfun(lf);
  dev = f(f.start);
}
const t3 = performance.now();
const s = (a, b) => +((b - a) / 1000).toFixed(2);
console.log(JSON.stringify({ nrow: data.nrow, readCsv: s(t0, t1), lFormula: s(t1, t2), devfun: s(t2, t3), dev, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
