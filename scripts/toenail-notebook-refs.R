# Reference numbers for the toenail notebook and the Laplace/AGQ integrand diagnostics (the GLMM
# paper's Figures 1-3, lme4's vignettes/glmer.Rnw): writes test/fixtures/notebooks/toenail.json.
# Run from the repository root: Rscript scripts/toenail-notebook-refs.R
# - toenail: glmer(outcome ~ time * treatment + (1 | patientID), binomial) (the paper's model) for
#   nAGQ = 1 ... 25: fixed effects, sd(patientID), logLik (Bernoulli: the saturated log-likelihood
#   is 0, so lme4 1.1-31's nAGQ > 1 values are already on the full scale);
# - the paper's 9 patients (set.seed(101); sample(294, 9)) and, for them and for every cbpp herd,
#   the paper's `zeta()` evaluation: the normalized unscaled conditional density
#   exp(-(D_j(u_j(z)) - D_j(u~_j)) / 2) / sqrt(2 pi) at u_j(z) = u~_j + z / L_jj, z on a grid.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))

# The paper's zeta(): D_j(u) = sum of level j's unit deviances + u^2 at displaced modes.
zetaDensity <- function(m, zvals) {
  rr <- m@resp
  u0 <- getME(m, "u")
  sd <- 1 / getME(m, "L")@x
  ff <- as.integer(getME(m, "flist")[[1]])
  fc <- getME(m, "X") %*% getME(m, "beta")
  ZL <- t(getME(m, "Lambdat") %*% getME(m, "Zt"))
  dc <- function(z) {
    uu <- u0 + z * sd
    rr$updateMu(as.vector(fc + ZL %*% uu))
    unname(as.vector(tapply(rr$devResid(), ff, sum))) + uu * uu
  }
  d0 <- dc(0)
  dev <- t(vapply(zvals, dc, d0, USE.NAMES = FALSE)) # nz x q
  d0 <- dc(0) # restore the model's response module
  list(u = unname(u0), L = unname(1 / sd), density = exp(-0.5 * sweep(dev, 2, d0, "-")) / sqrt(2 * pi))
}

toenail <- readData("toenail")
form <- outcome ~ time * treatment + (1 | patientID)
fits <- lapply(1:25, function(k) glmer(form, data = toenail, family = binomial, nAGQ = k))
agq <- lapply(seq_along(fits), function(k) {
  m <- fits[[k]]
  list(nAGQ = k, fixef = as.list(fixef(m)), sd = unname(sqrt(VarCorr(m)$patientID[1, 1])),
       logLik = as.numeric(logLik(m)), se = as.list(sqrt(diag(as.matrix(vcov(m))))))
})
m1 <- fits[[1]]
set.seed(101); s <- sample(nlevels(toenail$patientID), size = 9)
zgrid <- seq(-3, 3, length.out = 13)
zt <- zetaDensity(m1, zgrid)

cbpp <- readData("cbpp")
gm <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp, family = binomial)
zc <- zetaDensity(gm, zgrid)

out <- list(
  engine = paste("lme4", packageVersion("lme4")),
  toenail = list(
    formula = deparse(form), nobs = nobs(m1), npatients = nlevels(toenail$patientID),
    obsPerPatient = nobs(m1) / nlevels(toenail$patientID),
    agq = agq,
    sample = list(seed = 101, index = s, levels = levels(toenail$patientID)[s]),
    zeta = list(z = zgrid, levels = levels(toenail$patientID)[s], u = zt$u[s], L = zt$L[s],
                density = lapply(s, function(j) zt$density[, j]))
  ),
  cbpp = list(
    zeta = list(z = zgrid, levels = levels(cbpp$herd), u = zc$u, L = zc$L,
                density = lapply(seq_len(ncol(zc$density)), function(j) zc$density[, j]))
  )
)
write_json(out, "test/fixtures/notebooks/toenail.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("nAGQ 1 logLik", agq[[1]]$logLik, " nAGQ 25 logLik", agq[[25]]$logLik, "\n")
cat("sample", s, "\n")
