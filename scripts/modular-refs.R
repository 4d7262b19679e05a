# Writes test/fixtures/modular/devfun.json: lme4's modular objectives (mkLmerDevfun, and
# mkGlmerDevfun after updateGlmerDevfun) evaluated at fixed points, and the optimum of
# lmer / glmer, for test/lmm/modular.test.ts. Run from the project root:
#   Rscript scripts/modular-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
ss <- readData("sleepstudy"); pen <- readData("Penicillin"); cbpp <- readData("cbpp")
lmmCase <- function(id, formula, data, REML, thetas) {
  lf <- lFormula(as.formula(formula), data = data, REML = REML)
  dev <- do.call(mkLmerDevfun, lf)
  m <- lmer(as.formula(formula), data = data, REML = REML)
  list(id = id, formula = formula, REML = REML, thetas = thetas,
       values = sapply(thetas, function(th) dev(unlist(th))),
       theta = I(unname(getME(m, "theta"))), beta = I(unname(fixef(m))), logLik = as.numeric(logLik(m)))
}
out <- list(
  lmm = list(
    lmmCase("sleepstudy_reml", "Reaction ~ Days + (Days | Subject)", ss, TRUE, list(I(c(1, 0, 1)), I(c(0.9, 0.05, 0.2)), I(c(0.5, -0.1, 0.3)))),
    lmmCase("penicillin_ml", "diameter ~ 1 + (1 | plate) + (1 | sample)", pen, FALSE, list(I(c(1, 1)), I(c(1.5, 3.5)), I(c(0.2, 2))))
  )
)
f <- cbind(incidence, size - incidence) ~ period + (1 | herd)
g <- glmer(f, data = cbpp, family = binomial)
glf <- glFormula(f, data = cbpp, family = binomial)
gdev <- do.call(mkGlmerDevfun, glf)
opt0 <- optimizeGlmer(gdev)
gdev <- updateGlmerDevfun(gdev, glf$reTrms)
pts <- list(I(c(getME(g, "theta"), fixef(g))), I(c(0.5, -1.5, -1, -1.1, -1.5)), I(c(1, -1.4, -1, -1.2, -1.6)))
out$glmm <- list(id = "cbpp", formula = deparse(f), points = lapply(pts, unname),
                 values = sapply(pts, function(x) gdev(unname(unlist(x)))), deviance = -2 * as.numeric(logLik(g)),
                 stage1Theta = I(opt0$par))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), file.path("test", "fixtures", "modular", "devfun.json"))
