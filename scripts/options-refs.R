# Writes test/fixtures/options/lme4-degenerate.json: what lme4 1.1-31 does with a response repeated
# on the right-hand side (its warnings and the estimates, which equal those of the model without the
# term) and the messages it gives for degenerate inputs (zero weights, p = n, constant glmer
# responses). Used by test/robustness/rows/options.ts. Run from the project root:
#   Rscript scripts/options-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
# Evaluates e, collecting warnings and the error message (if any).
run <- function(e) {
  ws <- character(0)
  val <- tryCatch(withCallingHandlers(eval(e), warning = function(w) { ws <<- c(ws, conditionMessage(w)); invokeRestart("muffleWarning") }),
                  error = function(err) structure(list(msg = conditionMessage(err)), class = "err"))
  list(value = val, warnings = ws)
}
fitOf <- function(m) list(fixef = as.list(fixef(m)), theta = I(unname(getME(m, "theta"))), sigma = sigma(m), logLik = as.numeric(logLik(m)))
ss <- readData("sleepstudy"); cbpp <- readData("cbpp")
out <- list()
r <- run(quote(lmer(Reaction ~ Reaction + Days + (1 | Subject), ss)))
out$lmer_repeated <- c(list(formula = "Reaction ~ Reaction + Days + (1 | Subject)", warnings = I(r$warnings)), fitOf(r$value))
out$lmer_without <- c(list(formula = "Reaction ~ Days + (1 | Subject)"), fitOf(lmer(Reaction ~ Days + (1 | Subject), ss)))
r <- run(quote(glmer(incidence ~ incidence + period + (1 | herd), cbpp, family = poisson)))
out$glmer_repeated <- c(list(formula = "incidence ~ incidence + period + (1 | herd)", family = "poisson", warnings = I(r$warnings)), fitOf(r$value))
out$glmer_without <- c(list(formula = "incidence ~ period + (1 | herd)", family = "poisson"), fitOf(glmer(incidence ~ period + (1 | herd), cbpp, family = poisson)))
errOf <- function(e) { r <- run(e); if (inherits(r$value, "err")) r$value$msg else NA }
cbpp$one <- 1L; cbpp$zero <- 0L
d12 <- data.frame(y = sin(7 * (0:11)), obs = factor(1:12), g = factor((0:11) %% 4))
out$errors <- list(
  lmer_zero_weights = errOf(quote(lmer(Reaction ~ Days + (1 | Subject), ss, weights = rep(0, 180)))),
  glmer_zero_weights = errOf(quote(glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp, family = binomial, weights = rep(0, 56)))),
  lmer_negative_weight = errOf(quote(lmer(Reaction ~ Days + (1 | Subject), ss, weights = c(-1, rep(1, 179))))),
  lmer_p_equals_n_REML = errOf(quote(lmer(y ~ obs + (1 | g), d12))),
  glmer_binomial_all_one = errOf(quote(glmer(one ~ period + (1 | herd), cbpp, family = binomial))),
  glmer_binomial_all_zero = errOf(quote(glmer(zero ~ period + (1 | herd), cbpp, family = binomial))),
  glmer_poisson_all_zero = errOf(quote(glmer(zero ~ period + (1 | herd), cbpp, family = poisson))),
  lmer_offset_short = errOf(quote(lmer(Reaction ~ Days + (1 | Subject), ss, offset = 1:3))),
  lmer_REML_no = errOf(quote(lmer(Reaction ~ Days + (1 | Subject), ss, REML = "no"))),
  lmer_reml_lowercase = errOf(quote(lmer(Reaction ~ Days + (1 | Subject), ss, reml = FALSE)))
)
dir.create(file.path("test", "fixtures", "options"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "options", "lme4-degenerate.json"))
