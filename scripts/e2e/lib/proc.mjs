/**
 * Process helpers for the end-to-end harness: run a command with a time-out (its whole process
 * group is killed when the time runs out), start a long-lived server that is killed on exit, wait
 * for a condition with a deadline, pick a free loopback port.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Runs `cmd args` and resolves to `{ code, stdout, stderr, ms }` (never rejects on a non-zero
 * exit; rejects only when the command cannot be started). After `timeoutMs` the process group
 * gets SIGKILL and `code` is null with `timedOut: true`.
 */
export function run(cmd, args = [], { cwd, env, timeoutMs = 300_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "", timedOut = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.on("error", () => {}); // EPIPE when the command exits without reading its input
    child.stdin.end(input ?? "");
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${cmd}: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ms: Date.now() - t0 });
    });
  });
}

/** Like `run`, but throws with the command's last output lines when it fails or times out. */
export async function runOk(cmd, args = [], opts = {}) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const tail = (r.stderr + "\n" + r.stdout).trim().split("\n").slice(-25).join("\n");
    throw new Error(`\`${[cmd, ...args].join(" ")}\` ${r.timedOut ? `timed out after ${opts.timeoutMs ?? 300_000} ms` : `exited ${r.code}`}:\n${tail}`);
  }
  return r;
}

/** Sends `signal` to the child's whole process group (it was started detached). */
export function killGroup(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

const servers = new Set();
/**
 * Starts a long-lived process in its own process group; its output is kept (last 200 kB) in
 * `.log()`. `stop()` sends SIGTERM, then SIGKILL after 5 s, and resolves when it has exited.
 * Every server still running is killed when this Node process exits.
 */
export function startServer(cmd, args, { cwd, env, stdio } = {}) {
  const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: stdio ?? ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (d) => {
    log += d;
    if (log.length > 200_000) log = log.slice(-200_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise((r) => child.once("exit", r));
  const handle = {
    child,
    log: () => log,
    exited,
    async stop() {
      killGroup(child, "SIGTERM");
      const t = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      servers.delete(handle);
    },
  };
  servers.add(handle);
  return handle;
}
/**
 * Kills (SIGKILL) every process whose command line contains `marker` (read from /proc; Linux
 * only, elsewhere a no-op). Kernels started by Jupyter run in sessions of their own, so killing
 * a server's or nbconvert's process group leaves them running; their command line names their
 * connection file, which lies in the harness's own runtime folder — a unique temp path.
 */
export function killMatching(marker) {
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid);
  } catch {
    return 0;
  }
  let n = 0;
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) {
        process.kill(Number(pid), "SIGKILL");
        n++;
      }
    } catch {
      /* gone, or not ours to read */
    }
  }
  return n;
}
const markers = new Set();
/** Registers a command-line marker whose processes `killMatching` ends when this process exits. */
export function killMatchingOnExit(marker) {
  markers.add(marker);
}

const others = new Set();
/** Registers a child process (not a server) to be killed if this Node process exits first. */
export function killOnExit(child) {
  others.add(child);
  child.once("exit", () => others.delete(child));
}
for (const sig of ["exit", "SIGINT", "SIGTERM"])
  process.on(sig, () => {
    for (const s of servers) killGroup(s.child, "SIGKILL");
    for (const c of others) c.kill("SIGKILL");
    for (const m of markers) killMatching(m);
    if (sig !== "exit") process.exit(130);
  });

/** Polls `fn` (sync or async) every `everyMs` until it returns a truthy value or `ms` pass. */
export async function waitFor(what, fn, { ms = 60_000, everyMs = 250 } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ""}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
