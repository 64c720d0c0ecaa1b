// Served to every test page as /harness/instrument.js, before the tracker's tag: records the
// tracker's `dubtrack:*` events, uncaught errors and CSP violations in `window.__test`, in any
// engine (WebDriver classic has no init scripts, so the page itself loads this).
(() => {
  const serialize = (error) => ({
    name: error?.name,
    message: error?.message,
    kind: error?.kind,
    eventId: error?.eventId,
    status: error?.status,
    code: error?.code,
    docUrl: error?.docUrl,
    issues: error?.issues,
    attempt: error?.attempt,
    willRetry: error?.willRetry,
    kept: error?.kept,
    isError: error instanceof Error,
  });
  const record = (seen, raw, type, detail) => {
    if (type === 'error') {
      raw.push(detail);
      seen.error.push(serialize(detail));
    } else if (type === 'retry') {
      seen.retry.push({ ...detail, error: serialize(detail.error) });
    } else seen.success.push(detail);
  };
  const harness = {
    window: { success: [], error: [], retry: [] },
    on: { success: [], error: [], retry: [] },
    rawErrors: { window: [], on: [] },
    uncaught: [],
    violations: [],
    /** How many times this document came back from the back/forward cache. */
    restored: 0,
    serialize,
    listen(tracker = window.dubTrack) {
      for (const type of ['success', 'error', 'retry'])
        tracker.on(type, (detail) => record(harness.on, harness.rawErrors.on, type, detail));
    },
    settle(promise, withinMs = 20000) {
      const outcome = promise.then(
        (result) => ({ ok: true, result }),
        (error) => ({
          ok: false,
          error: serialize(error),
          sameAsWindowEvent: harness.rawErrors.window.includes(error),
          sameAsOnHandler: harness.rawErrors.on.includes(error),
        }),
      );
      const late = new Promise((resolve) => setTimeout(() => resolve({ pending: true }), withinMs));
      return Promise.race([outcome, late]);
    },
  };
  for (const type of ['success', 'error', 'retry']) {
    addEventListener(`dubtrack:${type}`, (event) =>
      record(harness.window, harness.rawErrors.window, type, event.detail),
    );
  }
  addEventListener('error', (event) => {
    // Resource load failures also reach capturing listeners; only script errors count here.
    if (event instanceof ErrorEvent)
      harness.uncaught.push(String(event.error?.stack ?? event.message));
  });
  addEventListener('unhandledrejection', (event) =>
    harness.uncaught.push(String(event.reason?.stack ?? event.reason)),
  );
  document.addEventListener(
    'securitypolicyviolation',
    (event) => harness.violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    true,
  );
  addEventListener('pageshow', (event) => {
    if (event.persisted) harness.restored += 1;
  });
  window.__test = harness;
})();
