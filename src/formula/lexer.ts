/**
 * Tokenizer of the formula language: R names (`age_s`, `.x`, `` `odd name` ``), numbers
 * (`2`, `1.5e-3`, `2L`), quoted strings (`"cr"`, `'ps'`: a `name` token whose text keeps the
 * double quotes, `"cr"`, so that no column can match it; used by `s(x, bs = "cr")`), and the
 * operators `~ + - * / ^ ** : | || %in% ( ) , =`.
 */
import { formulaErrorAt, unexpected } from "../messages/formula.js";

/** Token kinds; operators are their own text. */
export type TokenKind = "name" | "num" | "op" | "end";

/** One token; `pos` is its 0-based offset in the source. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
  /** Numeric value for `num` tokens. */
  readonly value?: number;
}

const OPS2 = ["||", "**", "%in%"];
const OPS1 = "~+-*/^:|(),=";

/** A number at `lastIndex` (sticky: no copy of the rest of the formula per number). */
const NUMBER = /(\d*\.?\d*(?:[eE][+-]?\d+)?)(L?)/y;

const isNameStart = (c: string) => /[A-Za-z.]/.test(c);
const isNameChar = (c: string) => /[A-Za-z0-9._]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

/**
 * Splits a formula into tokens, ending with an `end` token at `src.length`. Throws
 * LmeError("formula") with a caret under an unknown character or unterminated back-quote.
 * `**` is returned as `^` (R reads `**` as `^`).
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (isDigit(c) || (c === "." && i + 1 < n && isDigit(src[i + 1]!))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src)!;
      const text = m[1]!;
      out.push({ kind: "num", text, pos: i, value: Number(text) });
      i += m[0].length;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNameChar(src[j]!)) j++;
      out.push({ kind: "name", text: src.slice(i, j), pos: i });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      const j = src.indexOf(c, i + 1);
      if (j < 0) throw formulaErrorAt(src, i, `unterminated string at position ${i}: close it with ${c}`);
      out.push({ kind: "name", text: `"${src.slice(i + 1, j)}"`, pos: i });
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) throw formulaErrorAt(src, i, `unterminated back-quoted name at position ${i}: close it with \``);
      out.push({ kind: "name", text: src.slice(i + 1, j), pos: i });
      i = j + 1;
      continue;
    }
    const two = OPS2.find((op) => src.startsWith(op, i));
    if (two) {
      out.push({ kind: "op", text: two === "**" ? "^" : two, pos: i });
      i += two.length;
      continue;
    }
    if (c === "%") {
      const j = src.indexOf("%", i + 1);
      const op = j > 0 ? src.slice(i, j + 1) : "%";
      throw formulaErrorAt(src, i, `unsupported operator '${op}' at position ${i}; only %in% is supported`);
    }
    if (OPS1.includes(c)) {
      out.push({ kind: "op", text: c, pos: i });
      i++;
      continue;
    }
    throw unexpected(src, i, `'${c}'`, "a variable, a number, an operator (~ + - * / ^ : | ||) or a parenthesis");
  }
  out.push({ kind: "end", text: "", pos: n });
  return out;
}
