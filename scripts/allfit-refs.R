# Writes test/fixtures/allfit/allfit.json: lme4's allFit on sleepstudy (REML), cbpp (binomial)
# and a convergence-warning case (sleepstudy with Days in minutes, so the slope's scale is tiny):
# per optimizer, whether it ran, its logLik, fixed effects and messages. Run from the project root:
#   Rscript scripts/allfit-refs.R
suppressMessages({ library(lme4); library(jsonlite); library(optimx); library(dfoptim) })
source(file.path("scripts", "read-data.R"))
ss <- readData("sleepstudy"); cbpp <- readData("cbpp")
ss$Minutes <- ss$Days * 24 * 60
one <- function(id, m) {
  a <- suppressWarnings(allFit(m, verbose = FALSE))
  s <- summary(a)
  list(id = id, optimizers = I(names(a)), logLik = as.list(s$llik), fixef = lapply(seq_len(nrow(s$fixef)), function(i) as.list(s$fixef[i, ])),
       messages = lapply(s$msgs, function(x) if (is.null(x)) I(character(0)) else I(as.character(x))))
}
out <- list(
  one("sleepstudy", lmer(Reaction ~ Days + (Days | Subject), ss)),
  one("cbpp", glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp, family = binomial)),
  one("sleepstudy_minutes", suppressWarnings(lmer(Reaction ~ Minutes + (Minutes | Subject), ss)))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), file.path("test", "fixtures", "allfit", "allfit.json"))
