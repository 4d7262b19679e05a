/**
 * Expectations of one check: each `ok(cond, what, why)` records a named requirement; the check
 * fails when any requirement fails, and reports every one (so a run shows everything missing,
 * not only the first).
 */
export function expectations() {
  const items = [];
  return {
    items,
    /** Records `what` as met when `cond` is truthy; `why` explains a failure. */
    ok(cond, what, why = "") {
      items.push({ pass: Boolean(cond), what, why: cond ? "" : why });
      return Boolean(cond);
    },
    get failed() {
      return items.filter((i) => !i.pass);
    },
  };
}
