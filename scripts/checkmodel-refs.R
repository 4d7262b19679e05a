# Writes test/fixtures/checks/checkmodel.json: the numbers behind performance::check_model's
# panels (performance 0.10.2, lme4 1.1-31) for the models lme4ts's checkModel is tested on:
# collinearity (check_collinearity: term-wise generalized VIFs from vcov, with their CIs),
# leverage and Cook's distance (hatvalues / cooks.distance of lme4; for GLMMs also the leverage
# with working weights, hatWorking, which checkModel uses), homogeneity of variance
# (sqrt|residuals(m, scaled = TRUE)|), the residuals of the Q-Q panel, the random-effect Q-Q
# data (.diag_reqq), for binomial fits binned_residuals, for poisson fits .diag_overdispersion.
# Run from the project root: Rscript scripts/checkmodel-refs.R
suppressMessages({ library(lme4); library(performance); library(jsonlite) })
source("scripts/read-data.R")

vifOf <- function(m) {
  v <- suppressWarnings(check_collinearity(m, verbose = FALSE))
  if (is.null(v) || !nrow(v)) return(NULL)
  v <- as.data.frame(v)
  list(term = v$Term, vif = v$VIF, ciLow = v$VIF_CI_low, ciHigh = v$VIF_CI_high, seFactor = v$SE_factor,
       nParameters = insight::n_parameters(m), nObs = insight::n_obs(m))
}
reqqOf <- function(m) {
  r <- performance:::.diag_reqq(m, level = 0.95, model_info = insight::model_info(m), verbose = FALSE)
  lapply(r, function(d) list(x = d$x, y = d$y, confLow = d$conf.low, confHigh = d$conf.high, facet = as.character(d$facet)))
}
# (NULL for a cbind() response: performance 0.10.2 then subtracts the fitted proportions from the
# success counts, since insight::get_response returns both columns; checkModel uses proportions.)
binnedOf <- function(m) {
  if (!isTRUE(insight::model_info(m)$is_binomial) || is.matrix(model.response(model.frame(m)))) return(NULL)
  b <- as.data.frame(binned_residuals(m))
  list(xbar = b$xbar, ybar = b$ybar, n = b$n, xLo = b$x.lo, xHi = b$x.hi, se = b$se, ciLow = b$CI_low, ciHigh = b$CI_high, ok = b$group == "yes")
}
# The GLM leverage of the final PIRLS step: diag(W^1/2 A M^-1 A' W^1/2) with A = [Z Lambda, X],
# M = A'WA + diag(1_q, 0_p) and W the working weights prior * mu.eta(eta)^2 / V(mu) (for an LMM,
# hatvalues(m)). lme4's hatvalues for a GLMM uses the prior weights outside M instead.
hatWorking <- function(m) {
  X <- getME(m, "X"); A <- cbind(as.matrix(getME(m, "Z") %*% getME(m, "Lambda")), X)
  w <- weights(m, type = "prior")
  if (isGLMM(m)) { f <- family(m); eta <- predict(m, type = "link"); w <- w * f$mu.eta(eta)^2 / f$variance(f$linkinv(eta)) }
  q <- ncol(A) - ncol(X)
  M <- crossprod(A * sqrt(w)) + diag(c(rep(1, q), rep(0, ncol(X))))
  rowSums((A %*% solve(M)) * A) * w
}
refsOf <- function(m) {
  list(
    formula = deparse1(formula(m)),
    vif = vifOf(m),
    hat = unname(hatvalues(m)),
    hatWorking = unname(hatWorking(m)),
    pearson = unname(residuals(m, type = "pearson")),
    cooks = unname(cooks.distance(m)),
    cookThreshold = attributes(check_outliers(m, method = "cook"))$threshold$cook,
    fitted = unname(fitted(m)),
    residuals = unname(residuals(m)),
    homogeneity = unname(sqrt(abs(residuals(m, scaled = TRUE)))),
    reqq = reqqOf(m),
    binned = binnedOf(m),
    overdispersion = if (isTRUE(insight::model_info(m)$is_poisson)) {
      d <- performance:::.diag_overdispersion(m); list(predicted = d$Predicted, res2 = d$Res2, variance = d$V)
    } else NULL
  )
}

ss <- readData("sleepstudy")
cb <- readData("cbpp")
cb2 <- readData("cbpp2")
cm6d <- readData("Contraception_contraception_cm6")
gt <- readData("grouseticks")
out <- list(
  engine = paste(R.version.string, "lme4", packageVersion("lme4"), "performance", packageVersion("performance")),
  sleepstudy = refsOf(lmer(Reaction ~ Days + (Days | Subject), ss)),
  sleepstudyQuad = refsOf(lmer(Reaction ~ Days + I(Days^2) + (Days | Subject), ss)),
  cbpp = refsOf(glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cb, family = binomial)),
  cbpp2 = refsOf(glmer(incidence / size ~ period + treatment + avg_size + (1 | herd), cb2, family = binomial, weights = size)),
  grouseticks = refsOf(glmer(TICKS ~ YEAR + (1 | BROOD), gt, family = poisson)),
  cm6 = refsOf(glmer(use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district:urban), cm6d, family = binomial))
)
dir.create(file.path("test", "fixtures", "checks"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null"), file.path("test", "fixtures", "checks", "checkmodel.json"))
