# Reference numbers for the sleepstudy notebook's update/anova chain and prediction band
# (lme4 1.1-31, ggeffects): writes test/fixtures/notebooks/sleepstudy.json.
# Run from the repository root: Rscript scripts/sleepstudy-notebook-refs.R
suppressPackageStartupMessages({ library(lme4); library(ggeffects); library(jsonlite) })
fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)
fm0 <- update(fm1, . ~ . - (Days | Subject) + (1 | Subject))
a <- anova(fm0, fm1)
pf <- as.data.frame(ggpredict(fm1, "Days"))
out <- list(
  fm0 = list(formula = deparse(formula(fm0)), logLikML = as.numeric(logLik(refitML(fm0)))),
  anova = list(models = c("fm0", "fm1"), Chisq = a$Chisq[2], Df = a$Df[2], p = a[["Pr(>Chisq)"]][2]),
  predictionFrame = list(x = pf$x, predicted = pf$predicted, conf.low = pf$conf.low, conf.high = pf$conf.high)
)
write_json(out, "test/fixtures/notebooks/sleepstudy.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
