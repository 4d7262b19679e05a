# Shared by scripts/families2-refs.R and families3-refs.R (sourced from the project root):
# writeData() writes a data set as CSV + schema JSON beside the fits; fitCase() fits one case
# with glmmTMB and writes <id>.json, fitRecord() being what the tests read of the fit.
# `out` and `wjson` are the sourcing script's.

writeData <- function(d, name, source) {
  write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE)
  cols <- lapply(names(d), function(v) {
    if (is.factor(d[[v]])) list(name = v, type = "factor", levels = I(levels(d[[v]])), ordered = FALSE)
    else list(name = v, type = "numeric")
  })
  wjson(list(name = name, source = source, nrow = nrow(d), columns = cols), paste0(name, ".schema.json"))
}

# The fit `m` of family object `fam`: estimates, standard errors, logLik, variance components,
# conditional modes, predictions of the given types at the data and the printed summary.
fitRecord <- function(m, fam, types) {
  named <- function(v) as.list(v)
  fe <- fixef(m)
  se <- lapply(vcov(m), function(v) if (length(v)) as.list(sqrt(diag(v))) else NULL)
  vc <- VarCorr(m)$cond
  list(
    class = "glmmTMB", family = fam$family, link = fam$link, nobs = nobs(m),
    fixef = list(cond = named(fe$cond), zi = if (length(fe$zi)) named(fe$zi) else NULL,
                 disp = if (length(fe$disp)) named(fe$disp) else NULL),
    se = list(cond = se$cond, zi = se$zi, disp = se$disp),
    sigma = sigma(m),          # glmmTMB's dispersion (NA with a dispersion model)
    logLik = as.numeric(logLik(m)), df = attr(logLik(m), "df"), AIC = AIC(m), BIC = BIC(m),
    theta = I(unname(getME(m, "theta"))),  # log SDs (glmmTMB's θ)
    varcorr = lapply(names(vc), function(gname) list(group = gname, names = I(colnames(vc[[gname]])),
                                                   sd = I(unname(attr(vc[[gname]], "stddev"))))),
    ranef = I(unname(ranef(m)$cond[[1]][, 1])),
    ranefNames = I(rownames(ranef(m)$cond[[1]])),
    predict = setNames(lapply(types, function(t) I(unname(predict(m, type = t)))), types),
    convergence = m$fit$convergence, pdHess = m$sdr$pdHess,
    summaryText = I(capture.output(print(summary(m))))  # glmmTMB's printed summary
  )
}

# Case `cs` (id, formula, family name, optional ziformula / dispformula) on data `d` (called
# `dname` in the JSON), with predictions of `types`; prints the logLik and convergence.
fitCase <- function(cs, d, dname, types) {
  fam <- get(cs$family)()
  zi <- if (is.null(cs$ziformula)) ~0 else as.formula(cs$ziformula)
  dp <- if (is.null(cs$dispformula)) ~1 else as.formula(cs$dispformula)
  m <- glmmTMB(as.formula(cs$formula), data = d, family = fam, ziformula = zi, dispformula = dp)
  fit <- fitRecord(m, fam, types)
  res <- list(id = cs$id, data = dname, engine = paste("glmmTMB", packageVersion("glmmTMB")),
              call = list(formula = cs$formula, family = fam$family, link = fam$link,
                          ziformula = if (is.null(cs$ziformula)) NULL else cs$ziformula,
                          dispformula = if (is.null(cs$dispformula)) NULL else cs$dispformula),
              fit = fit)
  wjson(res, paste0(cs$id, ".json"))
  cat(cs$id, format(fit$logLik, digits = 10), "conv", fit$convergence, "pdHess", fit$pdHess, "\n")
}
