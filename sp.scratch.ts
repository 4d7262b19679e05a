import { glmer, readCsv } from "./src/index.js";
const sal = readCsv("test/fixtures/families2/salamanders.csv");
const t0 = performance.now();
const m = glmer("count ~ spp + mined + (1 | site)", sal, { family: "poisson", ziformula: "~ mined" });
console.log((performance.now() - t0).toFixed(0), "ms feval", m.optinfo.feval);
