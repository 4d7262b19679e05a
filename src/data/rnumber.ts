/**
 * How R's `read.csv` reads one cell as a number: `type.convert` calls `R_strtod` (R 4.2,
 * src/main/arithmetic.c) and accepts the cell when only white space follows what was read.
 * Ported rule by rule so that a column is numeric in lme4ts exactly when it is in R
 * (checked cell by cell against R in test/data/rnumber.test.ts, fixture written by
 * scripts/csv-type-convert-refs.R):
 * - the cell `NA` is missing (read.csv's `na.strings`); any other cell whose text starts with
 *   `NA` after leading white space is not a number (`" NA"`, `"NA "`, `"NAN"` are text in R);
 * - a blank cell (ASCII white space only) is missing;
 * - otherwise optional leading white space, an optional sign, then `NaN`, `Inf` or `Infinity`
 *   in any letter case (`nan`, `-INF`);
 * - hexadecimal `0x1F`, `0x1.8p1` (as R 4.2.2: without a `p` exponent the digits after the
 *   point are read as integer digits, `0x.8` is 8);
 * - decimal digits with an optional point and an optional exponent whose digits may be
 *   absent (`1e` is 1, `1.` is 1, `.5` is 0.5; `.` alone is not a number); overflow is ±Inf;
 * - trailing ASCII white space only (`1 ` is 1; `1x`, `1L`, `1d2`, `- 1` are not numbers).
 * The value of a decimal is JavaScript's correctly rounded conversion of the digits read, which
 * equals R's on every cell of the fixture.
 */

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function startsWithCI(s: string, word: string, at: number): boolean {
  return s.length - at >= word.length && s.slice(at, at + word.length).toLowerCase() === word;
}

/** R's cap on the digits of an exponent (`MAX_EXPONENT_PREFIX`): larger values only overflow. */
const MAX_EXPONENT_PREFIX = 9999;

/** An optional `-` or `+` at `p`: the sign (±1) and the position after it. */
function readSign(s: string, p: number): { sign: number; end: number } {
  const c = s.charCodeAt(p);
  return c === 45 ? { sign: -1, end: p + 1 } : { sign: 1, end: c === 43 ? p + 1 : p };
}

/** Reads exponent digits at `p` (after an optional sign); returns the signed value and the end. */
function exponent(s: string, p: number): { e: number; end: number } {
  let sign: number;
  ({ sign, end: p } = readSign(s, p));
  let e = 0;
  for (; p < s.length && isDigit(s.charCodeAt(p)); p++) e = e < MAX_EXPONENT_PREFIX ? e * 10 + s.charCodeAt(p) - 48 : e;
  return { e: sign * e, end: p };
}

/** `R_strtod`'s hexadecimal branch from `p` (just after `0x`); value and end. */
function hexadecimal(s: string, p: number): { value: number; end: number } {
  let ans = 0;
  let exph = -1;
  for (; p < s.length; p++) {
    const c = s.charCodeAt(p);
    const d = hexDigit(c);
    if (d >= 0) ans = 16 * ans + d;
    else if (c === 46) {
      exph = 0;
      continue;
    } else break;
    if (exph >= 0) exph += 4;
  }
  const c = s.charCodeAt(p);
  if (c !== 112 && c !== 80) return { value: ans, end: p }; // no 'p': R 4.2.2 ignores exph
  const { e, end } = exponent(s, p + 1);
  if (ans === 0) return { value: 0, end };
  let expn = e;
  if (exph > 0) {
    if (expn - exph < -122) return { value: (ans / 2 ** exph) * 2 ** expn, end };
    expn -= exph;
  }
  return { value: ans * 2 ** expn, end };
}

/**
 * The number R's `read.csv` reads from `cell`: a number (±Infinity for `Inf`, `1e400`), NaN for
 * a missing value (blank, `NA`, `NaN`; R's `is.na` is TRUE for both and `na.omit` drops both), or
 * null when the cell is not a number (the column is then not numeric).
 */
export function parseRNumber(cell: string): number | null {
  const n = cell.length;
  let p = 0;
  while (p < n && isSpace(cell.charCodeAt(p))) p++;
  if (p === n) return NaN; // blank
  if (cell === "NA") return NaN; // read.csv's na.strings
  // R_strtod reads any other cell starting with "NA" as NA followed by text, and type.convert
  // then refuses the cell (" NA", "NA ", "NAN" and "NA1" are text in R)
  if (cell.startsWith("NA", p)) return null;
  let value: number;
  {
    let sign: number;
    ({ sign, end: p } = readSign(cell, p));
    if (startsWithCI(cell, "nan", p)) {
      value = NaN;
      p += 3;
    } else if (startsWithCI(cell, "infinity", p)) {
      value = Infinity;
      p += 8;
    } else if (startsWithCI(cell, "inf", p)) {
      value = Infinity;
      p += 3;
    } else if (n - p > 2 && cell.charCodeAt(p) === 48 && (cell.charCodeAt(p + 1) | 32) === 120) {
      const h = hexadecimal(cell, p + 2);
      value = h.value;
      p = h.end;
    } else {
      const start = p;
      let ndigits = 0;
      for (; p < n && isDigit(cell.charCodeAt(p)); p++) ndigits++;
      if (cell.charCodeAt(p) === 46) for (p++; p < n && isDigit(cell.charCodeAt(p)); p++) ndigits++;
      if (ndigits === 0) return null;
      const mantissa = cell.slice(start, p);
      let e = 0;
      if ((cell.charCodeAt(p) | 32) === 101) ({ e, end: p } = exponent(cell, p + 1));
      value = Number(`${mantissa}e${e}`);
    }
    value *= sign;
  }
  for (; p < n; p++) if (!isSpace(cell.charCodeAt(p))) return null;
  return value;
}

/** R's logical spellings in `type.convert` (`T`, `F`, `TRUE`, `FALSE`); others are not logical. */
export function parseRLogical(cell: string): boolean | null {
  switch (cell) {
    case "T":
    case "TRUE":
      return true;
    case "F":
    case "FALSE":
      return false;
    default:
      return null;
  }
}
