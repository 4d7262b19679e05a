# Times R's lme4 on one benchmark case and prints one JSON line on stdout.
#
#   Rscript bench/lme4_time.R --id ID --data FILE.csv --schema FILE.schema.json --formula "y ~ x + (1|g)"
#           [--reml true|false] [--family NAME [--link NAME] [--nagq K]] [--weights COLUMN]
#           [--reps N] [--warmup W]
#
# The data are read as the project reads them: every CSV column as text, then factor columns
# become factor(x, levels = schema levels, ordered = schema ordered) and integer/numeric
# columns become numeric. The fit is the one the reference files in ../shared/reference were
# made with (their "call"): lmer(formula, data, REML = reml [, weights = COLUMN]) for a
# linear model, glmer(formula, data, family = FAMILY(link = LINK), nAGQ = K [, weights = COLUMN])
# otherwise, all controls at lme4's defaults.
#
# W warm-up fits (default 1) are followed by N timed fits (default 5), each timed with
# Sys.time() deltas (wall clock). Output keys: id, n, warmup, median_ms, min_ms, cpu_ms (median
# process CPU, user + system, of the timed fits), times_ms,
# logLik (full scale, see below), logLik_lme4 (as lme4 reports it), REMLcrit (REML fits), feval
# (the last optimizer's evaluations, optinfo$feval),
# maxrss_kb (VmHWM of this R process from /proc/self/status: the peak of the whole process,
# data and package loading included; null where /proc is missing), warnings, R, lme4.
#
# Caveat on logLik: for nAGQ > 1, lme4 1.1-31 reports the log-likelihood relative to the
# saturated model. logLik adds the saturated log-likelihood back for binomial and poisson
# families so that it is on the full scale, as in the reference files (cbpp_agq.json "note")
# and as lme4ts reports it.

args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default = NULL) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) return(default)
  if (i == length(args)) stop("option --", name, " needs a value")
  args[[i + 1L]]
}

id <- opt("id", "case")
data_path <- opt("data")
schema_path <- opt("schema")
formula_text <- opt("formula")
if (is.null(data_path) || is.null(schema_path) || is.null(formula_text)) {
  stop("lme4_time.R needs --data FILE.csv --schema FILE.schema.json --formula \"...\"")
}
reml <- tolower(opt("reml", "true")) %in% c("true", "t", "1", "yes")
family_name <- opt("family")
link_name <- opt("link")
nagq <- as.integer(opt("nagq", "1"))
weights_col <- opt("weights")
reps <- as.integer(opt("reps", "5"))
warmup <- as.integer(opt("warmup", "1"))
if (is.na(reps) || reps < 1L) stop("--reps must be a positive integer")
if (is.na(warmup) || warmup < 0L) stop("--warmup must be a non-negative integer")

# ---- JSON input: jsonlite when installed, else a small recursive-descent parser ----------------

parse_json_small <- function(text) {
  pattern <- "\"(\\\\.|[^\"\\\\])*\"|-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null|[][{}:,]"
  tokens <- regmatches(text, gregexpr(pattern, text, perl = TRUE))[[1]]
  pos <- 1L
  unescape <- function(s) {
    s <- substr(s, 2L, nchar(s) - 1L)
    s <- gsub("\\\\\"", "\"", s)
    s <- gsub("\\\\/", "/", s)
    gsub("\\\\\\\\", "\\\\", s)
  }
  value <- function() {
    tok <- tokens[[pos]]
    pos <<- pos + 1L
    if (tok == "{") {
      out <- list()
      if (tokens[[pos]] == "}") { pos <<- pos + 1L; return(out) }
      repeat {
        key <- unescape(tokens[[pos]])
        pos <<- pos + 2L # key and ':'
        v <- value()
        out[key] <- list(v)
        sep <- tokens[[pos]]
        pos <<- pos + 1L
        if (sep == "}") return(out)
      }
    }
    if (tok == "[") {
      out <- list()
      if (tokens[[pos]] == "]") { pos <<- pos + 1L; return(out) }
      repeat {
        out[[length(out) + 1L]] <- value()
        sep <- tokens[[pos]]
        pos <<- pos + 1L
        if (sep == "]") return(out)
      }
    }
    if (tok == "true") return(TRUE)
    if (tok == "false") return(FALSE)
    if (tok == "null") return(NULL)
    if (startsWith(tok, "\"")) return(unescape(tok))
    as.numeric(tok)
  }
  value()
}

read_schema <- function(path) {
  text <- paste(readLines(path, warn = FALSE), collapse = "\n")
  if (requireNamespace("jsonlite", quietly = TRUE)) {
    return(jsonlite::fromJSON(text, simplifyVector = FALSE))
  }
  parse_json_small(text)
}

# ---- data ----------------------------------------------------------------------------------------

read_case_data <- function(csv, schema_file) {
  schema <- read_schema(schema_file)
  raw <- utils::read.csv(csv, colClasses = "character", check.names = FALSE,
                         na.strings = c("NA", ""), stringsAsFactors = FALSE)
  out <- list()
  for (col in schema$columns) {
    nm <- col$name
    if (!nm %in% names(raw)) stop("column ", nm, " of ", schema_file, " is not in ", csv)
    x <- raw[[nm]]
    if (identical(col$type, "factor")) {
      levs <- unlist(col$levels)
      bad <- setdiff(unique(x[!is.na(x)]), levs)
      if (length(bad)) stop("column ", nm, ": values not among the schema levels: ",
                            paste(head(bad, 5), collapse = ", "))
      out[[nm]] <- factor(x, levels = levs, ordered = isTRUE(col$ordered))
    } else {
      out[[nm]] <- as.numeric(x)
    }
  }
  as.data.frame(out, check.names = FALSE, stringsAsFactors = FALSE)
}

suppressPackageStartupMessages(library(lme4))
dat <- read_case_data(data_path, schema_path)
form <- stats::as.formula(formula_text)

# ---- the fit, built as a call so that weights is a column name evaluated in data ----------------

fit_call <- if (is.null(family_name)) {
  call("lmer", form, data = quote(dat), REML = reml)
} else {
  fam <- if (is.null(link_name)) call(family_name) else call(family_name, link = link_name)
  call("glmer", form, data = quote(dat), family = fam, nAGQ = nagq)
}
if (!is.null(weights_col)) fit_call$weights <- as.name(weights_col)

warn_msgs <- character(0)
fit_once <- function() {
  withCallingHandlers(eval(fit_call),
    warning = function(w) {
      warn_msgs <<- unique(c(warn_msgs, conditionMessage(w)))
      invokeRestart("muffleWarning")
    },
    message = function(m) invokeRestart("muffleMessage"))
}

fit <- NULL
for (i in seq_len(warmup)) fit <- fit_once()
times <- numeric(reps)
cpu <- numeric(reps) # process CPU (user + system) per fit: robust to other load on the machine
for (i in seq_len(reps)) {
  t0 <- Sys.time()
  p0 <- proc.time()
  fit <- fit_once()
  p1 <- proc.time() - p0
  times[i] <- as.numeric(difftime(Sys.time(), t0, units = "secs")) * 1000
  cpu[i] <- (p1[["user.self"]] + p1[["sys.self"]]) * 1000
}

# ---- log-likelihood on the full scale ----------------------------------------------------------

saturated_loglik <- function(m) {
  fam <- stats::family(m)$family
  y <- m@resp$y
  w <- m@resp$weights # binomial: number of trials per observation
  if (fam == "binomial") {
    return(sum(stats::dbinom(round(y * w), round(w), y, log = TRUE)))
  }
  if (fam == "poisson") return(sum(m@resp$weights * stats::dpois(y, y, log = TRUE)))
  NA_real_
}
ll_lme4 <- as.numeric(stats::logLik(fit))
ll_full <- ll_lme4
if (!is.null(family_name) && nagq > 1L) ll_full <- ll_lme4 + saturated_loglik(fit)
reml_crit <- if (isLMM(fit) && reml) as.numeric(lme4::REMLcrit(fit)) else NA_real_

maxrss_kb <- NA_real_
if (file.exists("/proc/self/status")) {
  st <- readLines("/proc/self/status", warn = FALSE)
  hwm <- grep("^VmHWM:", st, value = TRUE)
  if (length(hwm)) maxrss_kb <- as.numeric(gsub("[^0-9]", "", hwm))
}

# ---- JSON output (flat object; written by hand so that jsonlite is optional) -------------------

jnum <- function(x) if (length(x) == 1L && is.finite(x)) sprintf("%.15g", x) else "null"
jstr <- function(s) paste0("\"", gsub("[\r\n\t]", " ", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s))), "\"")
jarr <- function(v, f) paste0("[", paste(vapply(v, f, ""), collapse = ","), "]")
fields <- c(
  id = jstr(id),
  n = jnum(reps),
  warmup = jnum(warmup),
  median_ms = jnum(stats::median(times)),
  min_ms = jnum(min(times)),
  cpu_ms = jnum(stats::median(cpu)),
  times_ms = jarr(times, function(t) sprintf("%.3f", t)),
  logLik = jnum(ll_full),
  logLik_lme4 = jnum(ll_lme4),
  REMLcrit = jnum(reml_crit),
  feval = jnum(if (is.null(fit@optinfo$feval)) NA_real_ else fit@optinfo$feval),
  maxrss_kb = jnum(maxrss_kb),
  warnings = jarr(warn_msgs, jstr),
  R = jstr(paste(R.version$major, R.version$minor, sep = ".")),
  lme4 = jstr(as.character(utils::packageVersion("lme4")))
)
cat(paste0("{", paste0("\"", names(fields), "\":", fields, collapse = ","), "}\n"))
