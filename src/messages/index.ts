/**
 * Every error and warning text of lme4ts lives under `src/messages/`: one file per stage,
 * re-exported here. Errors name the culprit (the column, the term, the level) and say what to do.
 */
export { LmeError, type LmeErrorCode } from "./error.js";
