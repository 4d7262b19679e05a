/**
 * Process helpers for the end-to-end harness: run a command with a time-out (its whole process
 * group is killed when the time runs out), start a long-lived server that is killed on exit, wait
 * for a condition with a deadline, pick a free loopback port.
 */
import { spawn } from "node:child_process";
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
for (const sig of ["exit", "SIGINT", "SIGTERM"])
  process.on(sig, () => {
    for (const s of servers) killGroup(s.child, "SIGKILL");
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
