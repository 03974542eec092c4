// How responsive a page stays while it works: a 50 ms heartbeat's longest gap (how long the
// page could not answer) and the long tasks the browser reports. Both functions run in the
// page: pass them to Playwright's page.evaluate(). Used by the dashboard's benchmark
// (bench/browser.mjs) and its test (tests/examples/dashboard.test.mjs).

/** Starts watching, or starts counting again from now if already watching. */
export function startProbe() {
  const probe = (window.__probe ??= { gaps: [], long: [], beat: 0 });
  probe.gaps = [];
  probe.long = [];
  if (probe.beat) return;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__probe.long.push(e.duration);
  }).observe({ type: "longtask" });
  let last = performance.now();
  probe.beat = setInterval(() => {
    const now = performance.now();
    window.__probe.gaps.push(now - last);
    last = now;
  }, 50);
}

/** What the probe saw since it started (ms); `stop` ends the heartbeat. */
export function readProbe(stop) {
  const probe = window.__probe;
  if (stop) clearInterval(probe.beat);
  return { longestGapMs: Math.max(0, ...probe.gaps), longestTaskMs: Math.max(0, ...probe.long), longTasks: probe.long.length };
}
