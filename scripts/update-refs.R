# Writes test/fixtures/update/*.json: lme4 1.1-31's answers for formula updates (R's
# update.formula), update/refit chains (fixef, θ, logLik, deviance, REMLcrit, df.residual, nobs,
# ngrps), GLMM coef and deviance, and partial re.form in predict.
# Run from the project root with R and lme4 installed (scripts/install-r.sh):
#   Rscript scripts/update-refs.R
# logLik is on the full scale for every nAGQ (lme4 1.1-31 reports nAGQ > 1 relative to the
# saturated model; the saturated log-likelihood is added back, as scripts/lme4-extra-refs.R).
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
out_dir <- file.path("test", "fixtures", "update")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
write_json <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out_dir, name))
fstr <- function(f) paste(deparse(f, width.cutoff = 500L), collapse = "")

# 1. Formula updates: R's update.formula (then terms.formula(simplify = TRUE)).
pairs <- list(
  c("Reaction ~ Days + (Days | Subject)", ". ~ . - Days"),
  c("Reaction ~ Days + (Days | Subject)", ". ~ . + (1 | Subject)"),
  c("Reaction ~ Days + (Days | Subject)", "log(.) ~ ."),
  c("Reaction ~ Days + (Days | Subject)", "~ . - (Days | Subject) + (Days || Subject)"),
  c("Reaction ~ Days + (Days|Subject)", ". ~ . - (Days | Subject) + (Days || Subject)"),
  c("Reaction ~ Days + (Days | Subject)", ". ~ . - 1"),
  c("Reaction ~ Days + (Days | Subject)", ". ~ . + 0"),
  c("Reaction ~ Days + (Days | Subject)", ". ~ . + I(Days^2)"),
  c("Reaction ~ Days + (1 | Subject)", ". ~ . + (0 + Days | Subject)"),
  c("Reaction ~ Days + (1 | Subject)", "Reaction ~ Days + (Days | Subject)"),
  c("Reaction ~ Days + (1 | Subject)", "sqrt(.) ~ . - Days"),
  c("Reaction ~ Days + (1 | Subject)", "~ ."),
  c("Reaction ~ Days + (1 | Subject)", ". ~ . - Days + log(Days + 1)"),
  c("y ~ a * b + offset(o) + (1 | g)", ". ~ . - a:b"),
  c("y ~ a * b + (1 | g)", ". ~ . - a"),
  c("y ~ a + b + (1 | g)", ". ~ .^2"),
  c("y ~ a + b + c + (1 | g)", ". ~ . - b + b:c"),
  c("y ~ x + (1 | g)", ". ~ . + z - x"),
  c("y ~ 1 + (1 | g)", ". ~ . + x"),
  c("y ~ x - 1 + (1 | g)", ". ~ . + 1"),
  c("y ~ 0 + x + (1 | g)", ". ~ . + z"),
  c("y ~ x + (1 | g/h)", ". ~ . - (1 | g/h) + (1 | g)"),
  c("y ~ x + (1 | g) + (1 | h)", ". ~ . - (1 | h)"),
  c("y ~ x + (x | g)", ". ~ . - (x | g) + diag(x | g)"),
  c("cbind(a, n - a) ~ x + (1 | g)", ". ~ . - x"),
  c("cbind(a, n - a) ~ x + (1 | g)", "a/n ~ ."),
  c("y ~ x + (1 | g)", "z ~ ."),
  c("y ~ x + (1 | g)", "~ . + w:x"),
  c("y ~ x + w + (1 | g)", ". ~ . + x:w + factor(k)"),
  c("incidence ~ period + offset(log(size)) + (1 | herd)", ". ~ . - period"),
  c("y ~ poly1 + x + (1 | g)", ". ~ x + (1 | g) + ."),
  c("y ~ x + offset(o) + (1 | g)", ". ~ . - offset(o)"),
  c("y ~ x + offset(o) + (1 | g)", ". ~ offset(w) + ."),
  c("y ~ x + (1 | g)", ". ~ . - x - 1"),
  c("y ~ x + (1 | g)", ". ~ . - 1 + offset(o)"),
  c("y ~ x + (1 | g)", ". ~ 1 + (1 | g)"),
  c("y ~ x + (1 | g)", ". ~ . + (1 | g)"),
  c("y ~ x + z + (1 | g)", ". ~ . - z + (z | g) - (1 | g)"),
  c("y ~ x * z + (x | g)", ". ~ . - x:z")
)
write_json(lapply(pairs, function(p) list(old = p[1], new = p[2], result = fstr(update(as.formula(p[1]), as.formula(p[2]))))), "formulas.json")

# 2. Fits along update chains.
fitInfo <- function(m, label, nAGQ = 1) {
  glmm <- isGLMM(m)
  ll <- as.numeric(logLik(m))
  if (glmm && nAGQ > 1) { fam <- family(m); ll <- ll - fam$aic(m@resp$y, m@resp$n, m@resp$y, m@resp$weights, 0) / 2 }
  list(
    label = label, formula = fstr(formula(m)), class = class(m)[1], REML = isREML(m), nAGQ = nAGQ,
    family = family(m)$family, link = family(m)$link,
    fixef = as.list(fixef(m)), theta = I(unname(getME(m, "theta"))), logLik = ll,
    deviance = suppressWarnings(deviance(m)),
    devianceML = if (!glmm) deviance(m, REML = FALSE) else NULL,
    REMLcrit = if (!glmm) REMLcrit(m) else NULL,
    dfResidual = df.residual(m), nobs = nobs(m), ngrps = as.list(ngrps(m)), sigma = sigma(m),
    weights = I(unname(weights(m)))
  )
}
ss <- readData("sleepstudy"); cb <- readData("cbpp"); pen <- readData("Penicillin"); pas <- readData("Pastes")
fm1 <- lmer(Reaction ~ Days + (Days | Subject), ss)
fm1ml <- update(fm1, REML = FALSE)
fm0 <- lmer(Reaction ~ Days + (1 | Subject), ss)
fm2 <- update(fm1, . ~ . - Days)
fm3 <- update(fm1, ~ . - (Days | Subject) + (Days || Subject))
fm4 <- update(fm0, . ~ . + (0 + Days | Subject))
fm5 <- update(fm1, log(.) ~ .)
fm6 <- update(fm1ml, . ~ . + I(Days^2))
a16 <- anova(fm1ml, fm6)
wss <- rep(c(1, 2, 0.5), length.out = nrow(ss))
fm7 <- update(fm1, weights = wss)
gm1 <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cb, family = binomial)
gm2 <- update(gm1, . ~ . - period)
gm3 <- update(gm1, nAGQ = 9)
gm4 <- update(gm1, family = binomial(link = "probit"))
gm5 <- update(gm1, incidence ~ period + offset(log(size)) + (1 | herd), family = poisson)
gw1 <- glmer(incidence / size ~ period + (1 | herd), cb, family = binomial, weights = size)
gw2 <- update(gw1, . ~ . - period)
a12 <- anova(gm2, gm1)
wcb <- rep(1:2, length.out = nrow(cb))
gm6 <- update(gm1, weights = wcb)
pm1 <- lmer(diameter ~ 1 + (1 | plate) + (1 | sample), pen)
pm2 <- update(pm1, . ~ . - (1 | sample))
chains <- list(
  list(id = "sleepstudy", data = "sleepstudy", base = list(formula = "Reaction ~ Days + (Days | Subject)", REML = TRUE),
       steps = list(
         list(from = "fm1", update = ". ~ . - Days", fit = fitInfo(fm2, "fm2")),
         list(from = "fm1", update = "~ . - (Days | Subject) + (Days || Subject)", fit = fitInfo(fm3, "fm3")),
         list(from = "fm0", update = ". ~ . + (0 + Days | Subject)", fit = fitInfo(fm4, "fm4")),
         list(from = "fm1", update = "log(.) ~ .", fit = fitInfo(fm5, "fm5")),
         list(from = "fm1", options = list(REML = FALSE), fit = fitInfo(fm1ml, "fm1ml")),
         list(from = "fm1ml", update = ". ~ . + I(Days^2)", fit = fitInfo(fm6, "fm6")),
         list(from = "fm1", options = list(weights = wss), fit = fitInfo(fm7, "fm7"))),
       fits = list(fm1 = fitInfo(fm1, "fm1"), fm0 = fitInfo(fm0, "fm0")),
       anova = list(models = c("fm1ml", "fm6"), Chisq = a16$Chisq[2], Df = a16$Df[2], p = a16[["Pr(>Chisq)"]][2])),
  list(id = "cbpp", data = "cbpp", base = list(formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial"),
       steps = list(
         list(from = "gm1", update = ". ~ . - period", fit = fitInfo(gm2, "gm2")),
         list(from = "gm1", options = list(nAGQ = 9), fit = fitInfo(gm3, "gm3", 9)),
         list(from = "gm1", options = list(family = "binomial", link = "probit"), fit = fitInfo(gm4, "gm4")),
         list(from = "gm1", update = "incidence ~ period + offset(log(size)) + (1 | herd)", options = list(family = "poisson"), fit = fitInfo(gm5, "gm5")),
         list(from = "gw1", update = ". ~ . - period", fit = fitInfo(gw2, "gw2")),
         list(from = "gm1", options = list(weights = wcb), fit = fitInfo(gm6, "gm6"))),
       fits = list(gm1 = fitInfo(gm1, "gm1"), gw1 = fitInfo(gw1, "gw1")),
       anova = list(models = c("gm2", "gm1"), Chisq = a12$Chisq[2], Df = a12$Df[2], p = a12[["Pr(>Chisq)"]][2])),
  list(id = "penicillin", data = "Penicillin", base = list(formula = "diameter ~ 1 + (1 | plate) + (1 | sample)", REML = TRUE),
       steps = list(list(from = "pm1", update = ". ~ . - (1 | sample)", fit = fitInfo(pm2, "pm2"))),
       fits = list(pm1 = fitInfo(pm1, "pm1")))
)
write_json(chains, "chains.json")

# 3. GLMM coef and refit with a new response.
cf <- coef(gm1)$herd
# GLMM: lme4 1.1-31's refit takes a two-column (successes, failures) matrix for a cbind()
# response (a vector of proportions is mishandled there: refit(gm1, gm1@resp$y) gives logLik -3.67
# instead of -92.03); its answer equals a fresh glmer fit on the new counts.
sim <- simulate(gm1, seed = 101)[[1]]
gr <- refit(gm1, newresp = sim)
gr9 <- refit(gm3, newresp = sim)
# LMM: lme4 1.1-31's refit(newresp) of a REML fit evaluates the REML criterion with p = 1 (it
# passes REML = TRUE, not the number of fixed effects, to mkRespMod): refit(fm1, Reaction) has
# REMLcrit 1751.95 where fm1 has 1743.63. The reference is therefore a fresh lmer fit on the new
# response, the answer refit is documented to give; lme4's refit values are kept for the record.
newy <- ss$Reaction + 10 * sin(seq_len(nrow(ss)))
ssy <- ss; ssy$Reaction <- newy
fr <- lmer(Reaction ~ Days + (Days | Subject), ssy)
frBuggy <- refit(fm1, newresp = newy)
write_json(list(
  coef = list(group = "herd", levels = rownames(cf), names = colnames(cf), values = unname(lapply(seq_len(nrow(cf)), function(i) unlist(cf[i, ])))),
  glmmRefit = list(successes = I(unname(sim[, 1])), failures = I(unname(sim[, 2])), fit = fitInfo(gr, "gr"), fitAGQ9 = fitInfo(gr9, "gr9", 9)),
  lmmRefit = list(newresponse = I(newy), fit = fitInfo(fr, "fr"), lme4refit = list(REMLcrit = REMLcrit(frBuggy), theta = I(unname(getME(frBuggy, "theta"))))),
  ml = fitInfo(fm1ml, "fm1ml")
), "accessors.json")

# 4. Partial re.form in predict.
pas_m <- lmer(strength ~ 1 + (1 | batch/cask), pas)
pen_m <- pm1
gt <- readData("grouseticks")
gt_m <- glmer(TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION), gt, family = poisson)
ndPen <- data.frame(plate = factor(c("a", "zz", "c")), sample = factor(c("A", "B", "new")))
ndGt <- gt[c(1, 50, 200), c("YEAR", "HEIGHT", "BROOD", "INDEX", "LOCATION")]
ndGt$LOCATION <- as.character(ndGt$LOCATION); ndGt$LOCATION[2] <- "nowhere"
ndGt$BROOD <- as.character(ndGt$BROOD); ndGt$INDEX <- as.character(ndGt$INDEX)
pr <- function(m, ...) I(unname(predict(m, ...)))
write_json(list(
  list(id = "penicillin", data = "Penicillin", formula = "diameter ~ 1 + (1 | plate) + (1 | sample)", family = NULL,
       cases = list(
         list(reForm = "~(1|plate)", pred = pr(pen_m, re.form = ~(1 | plate))),
         list(reForm = "~(1|sample)", pred = pr(pen_m, re.form = ~(1 | sample))),
         list(reForm = "~(1|plate) + (1|sample)", pred = pr(pen_m, re.form = ~(1 | plate) + (1 | sample))),
         list(reForm = "NA", pred = pr(pen_m, re.form = NA)),
         list(reForm = "~(1|plate)", newdata = ndPen, allowNewLevels = TRUE, pred = pr(pen_m, newdata = ndPen, re.form = ~(1 | plate), allow.new.levels = TRUE)),
         list(reForm = "~(1|sample)", newdata = ndPen[1:2, ], pred = pr(pen_m, newdata = ndPen[1:2, ], re.form = ~(1 | sample))))),
  list(id = "pastes", data = "Pastes", formula = "strength ~ 1 + (1 | batch/cask)", family = NULL,
       cases = list(
         list(reForm = "~(1|batch)", pred = pr(pas_m, re.form = ~(1 | batch))),
         list(reForm = "~(1|cask:batch)", pred = pr(pas_m, re.form = ~(1 | cask:batch))),
         list(reForm = "~(1|batch/cask)", pred = pr(pas_m, re.form = ~(1 | batch/cask))))),
  list(id = "sleepstudy", data = "sleepstudy", formula = "Reaction ~ Days + (Days | Subject)", family = NULL,
       cases = list(
         list(reForm = "~(1|Subject)", pred = pr(fm1, re.form = ~(1 | Subject))),
         list(reForm = "~(0 + Days|Subject)", pred = pr(fm1, re.form = ~(0 + Days | Subject))))),
  list(id = "sleepstudy_uncorr", data = "sleepstudy", formula = "Reaction ~ Days + (Days || Subject)", family = NULL,
       cases = list(
         list(reForm = "~(0 + Days|Subject)", pred = pr(fm3, re.form = ~(0 + Days | Subject))),
         list(reForm = "~(Days|Subject)", pred = pr(fm3, re.form = ~(Days | Subject))))),
  list(id = "grouseticks", data = "grouseticks", formula = "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", family = "poisson",
       cases = list(
         list(reForm = "~(1|LOCATION)", type = "link", pred = pr(gt_m, re.form = ~(1 | LOCATION))),
         list(reForm = "~(1|LOCATION)", type = "response", pred = pr(gt_m, re.form = ~(1 | LOCATION), type = "response")),
         list(reForm = "~(1|BROOD) + (1|LOCATION)", type = "response", pred = pr(gt_m, re.form = ~(1 | BROOD) + (1 | LOCATION), type = "response")),
         list(reForm = "~(1|LOCATION)", type = "response", newdata = ndGt, allowNewLevels = TRUE,
              pred = pr(gt_m, newdata = ndGt, re.form = ~(1 | LOCATION), type = "response", allow.new.levels = TRUE)))),
  list(id = "cbpp", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial",
       cases = list(list(reForm = "~(1|herd)", type = "response", pred = pr(gm1, re.form = ~(1 | herd), type = "response"))))
), "reform.json")
cat("deviance(gm1) =", deviance(gm1), " -2 logLik =", -2 * as.numeric(logLik(gm1)), "\n")
