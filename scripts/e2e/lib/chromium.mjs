/**
 * A minimal headless-Chromium driver speaking the DevTools protocol over a pipe
 * (`--remote-debugging-pipe`: file descriptors 3 and 4, NUL-separated JSON), so no npm package
 * is needed. Chromium runs with a fresh empty profile, no sandbox (CI runs as root), no GPU, no
 * background network services and no name resolution beyond loopback; the profile folder is
 * removed on `close()`.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.newPage({ width: 1100, height: 900 });
 *   await page.navigate("file:///…/x.html");
 *   const n = await page.eval("document.images.length");
 *   const png = await page.screenshot({ clip: { x, y, width, height } });
 *   const ink = await browser.ink(png);   // { fraction, dark, colors } of non-white pixels
 *   await browser.close();
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killOnExit } from "./proc.mjs";

/** The Chromium binary: $CHROMIUM, else Debian's /usr/bin/chromium (or Chrome). */
export function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const c of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"])
    if (existsSync(c)) return c;
  return null;
}

/** Starts headless Chromium; resolves to a browser handle (see the module comment). */
export async function launchChromium({ extraArgs = [] } = {}) {
  const bin = findChromium();
  if (!bin) throw new Error("Chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)");
  const profile = mkdtempSync(join(tmpdir(), "lme4ts-chromium-"));
  const chrome = spawn(bin, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
    // no name resolves except loopback: pages that load scripts from a CDN (nbconvert's
    // MathJax and require.js) fail at once instead of reaching out
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    `--user-data-dir=${profile}`, "--remote-debugging-pipe", ...extraArgs, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  killOnExit(chrome);
  let stderr = "";
  chrome.stderr.on("data", (d) => {
    stderr += d;
    if (stderr.length > 100_000) stderr = stderr.slice(-100_000);
  });
  const toChrome = chrome.stdio[3], fromChrome = chrome.stdio[4];
  toChrome.on("error", () => {}); // Chromium gone: pending commands fail through "exit" below
  fromChrome.on("error", () => {});
  let nextId = 1, buffer = "";
  const pending = new Map(), listeners = new Set();
  fromChrome.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    let k;
    while ((k = buffer.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffer.slice(0, k));
      buffer = buffer.slice(k + 1);
      if (msg.id !== undefined && pending.has(msg.id)) {
        const { ok, fail, method } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) fail(new Error(`${method}: ${msg.error.message}`));
        else ok(msg.result);
      } else for (const l of [...listeners]) l(msg);
    }
  });
  const exited = new Promise((r) => chrome.once("exit", r));
  chrome.on("exit", (code) => {
    for (const { fail } of pending.values()) fail(new Error(`Chromium exited (${code}): ${stderr.slice(-2000)}`));
    pending.clear();
  });
  chrome.on("error", (e) => {
    for (const { fail } of pending.values()) fail(e);
  });

  /** Sends one protocol command; rejects after `timeoutMs`. */
  function send(method, params = {}, sessionId, timeoutMs = 60_000) {
    const id = nextId++;
    return new Promise((ok, fail) => {
      const t = setTimeout(() => {
        pending.delete(id);
        fail(new Error(`${method}: no answer from Chromium in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { ok: (v) => (clearTimeout(t), ok(v)), fail: (e) => (clearTimeout(t), fail(e)), method });
      toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  }
  /** Resolves with the params of the next event `method` of `sessionId`. */
  function once(method, sessionId, timeoutMs = 60_000) {
    return new Promise((ok, fail) => {
      const l = (msg) => {
        if (msg.method === method && msg.sessionId === sessionId) {
          clearTimeout(t);
          listeners.delete(l);
          ok(msg.params);
        }
      };
      const t = setTimeout(() => {
        listeners.delete(l);
        fail(new Error(`timed out after ${timeoutMs} ms waiting for ${method}`));
      }, timeoutMs);
      listeners.add(l);
    });
  }

  let inkPage;
  const browser = {
    send,
    stderr: () => stderr,
    /** Opens a tab with the given viewport; see `Page` below. */
    async newPage({ width = 1100, height = 900, scale = 1 } = {}) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      const page = makePage(sessionId);
      await send("Page.enable", {}, sessionId);
      await send("Runtime.enable", {}, sessionId);
      await page.setViewport(width, height, scale);
      return page;
    },
    /**
     * Counts the "ink" of a PNG (a Buffer): pixels that are not near-white (any channel below
     * 235). Resolves to { width, height, fraction, dark, colors }: the share of inked pixels,
     * the share of dark ones (all channels below 128) and the number of distinct colours
     * (quantised to 4 bits a channel). Decoded by Chromium itself in a blank tab.
     */
    async ink(png) {
      inkPage ??= await browser.newPage({ width: 200, height: 200 });
      return inkPage.eval(`(async () => {
        const img = new Image();
        img.src = "data:image/png;base64,${png.toString("base64")}";
        await img.decode();
        const c = document.createElement("canvas");
        c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext("2d");
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let inked = 0, dark = 0; const colors = new Set();
        for (let i = 0; i < d.length; i += 4) {
          const r = d[i], gr = d[i + 1], b = d[i + 2];
          if (r < 235 || gr < 235 || b < 235) inked++;
          if (r < 128 && gr < 128 && b < 128) dark++;
          colors.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
        }
        const n = c.width * c.height;
        return { width: c.width, height: c.height, fraction: inked / n, dark: dark / n, colors: colors.size };
      })()`);
    },
    async close() {
      try {
        await send("Browser.close", {}, undefined, 5000);
      } catch {
        /* fall through to kill */
      }
      const t = setTimeout(() => chrome.kill("SIGKILL"), 5000);
      if (chrome.exitCode === null && chrome.signalCode === null) await exited;
      clearTimeout(t);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        /* a leftover empty profile in the temp folder is harmless */
      }
    },
  };

  function makePage(sessionId) {
    const consoleLines = [];
    const onMsg = (msg) => {
      if (msg.sessionId !== sessionId) return;
      if (msg.method === "Runtime.exceptionThrown") consoleLines.push(`exception: ${msg.params.exceptionDetails?.exception?.description ?? msg.params.exceptionDetails?.text}`);
      if (msg.method === "Runtime.consoleAPICalled" && ["error", "warning"].includes(msg.params.type))
        consoleLines.push(`${msg.params.type}: ${msg.params.args.map((a) => a.value ?? a.description ?? "").join(" ")}`);
    };
    listeners.add(onMsg);
    const page = {
      sessionId,
      /** Errors and warnings the page logged, and uncaught exceptions. */
      console: consoleLines,
      send: (method, params, timeoutMs) => send(method, params, sessionId, timeoutMs),
      async setViewport(width, height, scale = 1) {
        await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: scale, mobile: false }, sessionId);
      },
      /** Navigates and waits for the load event. */
      async navigate(url, timeoutMs = 60_000) {
        const loaded = once("Page.loadEventFired", sessionId, timeoutMs);
        const r = await send("Page.navigate", { url }, sessionId);
        if (r.errorText) throw new Error(`navigating to ${url}: ${r.errorText}`);
        await loaded;
      },
      /** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
      async eval(expression, timeoutMs = 60_000) {
        const r = await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true }, sessionId, timeoutMs);
        if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value;
      },
      /** A PNG Buffer of the viewport, or of `clip` ({x, y, width, height} in CSS pixels of the page). */
      async screenshot({ clip } = {}) {
        const params = { format: "png", captureBeyondViewport: true };
        if (clip) params.clip = { ...clip, scale: 1 };
        const { data } = await send("Page.captureScreenshot", params, sessionId, 120_000);
        return Buffer.from(data, "base64");
      },
    };
    return page;
  }

  // fail early when the binary cannot start (e.g. missing libraries)
  await send("Browser.getVersion", {}, undefined, 30_000);
  return browser;
}
