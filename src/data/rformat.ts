/**
 * R's conventions that decide factor levels: number-to-text (`as.character` on doubles) and
 * string order (`sort` on character vectors in the en_US locale).
 */

/**
 * A double as R's `as.character` prints it: R's `format(x, digits = 15)` element by element.
 * The number of significant digits is the fewest (≤ 15) that represent x rounded to 15
 * significant digits; fixed notation is used when its width is at most the scientific
 * width (R's `scipen = 0`), e.g. 308 → "308", 0.5 → "0.5", 1e5 → "1e+05", 123456 → "123456",
 * 1e-4 → "1e-04", 0.001 → "0.001". Fixed notation prints the decimal expansion of x itself
 * with the needed decimals (as C's `%.*f`), so 1234567890123456 stays "1234567890123456".
 * NaN → "NaN", ±Infinity → "Inf"/"-Inf", -0 → "0". (R's NA has no JS counterpart.)
 */
export function rFormatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Inf";
  if (x === -Infinity) return "-Inf";
  if (x === 0) return "0";
  const neg = x < 0;
  // 15 significant digits, rounded: "d.dddddddddddddde±X"
  const e15 = Math.abs(x).toExponential(14);
  const ePos = e15.indexOf("e");
  let digits = e15[0] + e15.slice(2, ePos);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  const exp = Number(e15.slice(ePos + 1));
  const nsig = digits.length;

  const mant = nsig > 1 ? digits[0] + "." + digits.slice(1) : digits;
  const absExp = Math.abs(exp);
  const expStr = (exp < 0 ? "-" : "+") + (absExp < 10 ? "0" + absExp : String(absExp));
  const sci = mant + "e" + expStr;

  const decimals = Math.max(0, nsig - 1 - exp);
  const intDigits = exp >= 0 ? exp + 1 : 1;
  const fixedWidth = intDigits + (decimals > 0 ? decimals + 1 : 0);
  if (fixedWidth <= sci.length && Math.abs(x) < 1e21) {
    const fixed = Math.abs(x).toFixed(decimals);
    return neg ? "-" + fixed : fixed;
  }
  return neg ? "-" + sci : sci;
}

const collator = new Intl.Collator("en-US");

/**
 * R's string order in its default en_US locale: locale collation (case and accents matter
 * only to break ties: "a" < "A" < "b" < "B"), then code-point order for strings the collator
 * calls equal. ICU's en-US collation stands in for glibc's; they agree on letters, digits
 * and case, and may differ on punctuation-only differences.
 */
export function compareR(a: string, b: string): number {
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort strings as R's `sort()` does (see `compareR`); returns a new array. */
export function sortR(values: Iterable<string>): string[] {
  return Array.from(values).sort(compareR);
}

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/**
 * The candidate closest to `name` for a "did you mean" hint: a case-insensitive match first,
 * else the smallest edit distance if it is at most max(1, ⌊length/3⌋); null if none is close.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const lower = name.toLowerCase();
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  let best: string | null = null;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) >= bestD) continue;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
