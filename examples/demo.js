// The demo pages' own script (external, because the demo's CSP forbids inline scripts).
// It only uses dub-track's public API: window.dubTrack and the dubtrack:* window events.
(() => {
  const page = document.body.dataset.page;
  const tracker = () => window.dubTrack;
  const scriptLoaded = () => typeof window.dubTrack?.version === 'string';

  // ---- Small DOM helpers (textContent only: event data never becomes markup) --------------

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function clock(time = Date.now()) {
    const date = new Date(time);
    const pad = (n, width = 2) => String(n).padStart(width, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  }

  function json(value) {
    return JSON.stringify(value, null, 2);
  }

  function details(label, value) {
    if (value === undefined) return null;
    return el('details', null, el('summary', null, label), el('pre', null, json(value)));
  }

  function shortId(id) {
    return typeof id === 'string' && id.length > 8 ? `${id.slice(0, 8)}…` : (id ?? '');
  }

  // ---- Script status, version and click ID (both pages) -----------------------------------

  function showScriptStatus() {
    const missing = document.getElementById('script-missing');
    if (missing) missing.hidden = scriptLoaded();
    for (const node of document.querySelectorAll('[data-version]')) {
      node.textContent = scriptLoaded() ? `dub-track ${tracker().version}` : 'dub-track not loaded';
    }
  }

  function showClickId() {
    let clickId = null;
    try {
      clickId = scriptLoaded() ? tracker().getClickId() : null;
    } catch (error) {
      console.error('getClickId() threw', error);
    }
    for (const node of document.querySelectorAll('[data-click-id]')) {
      node.textContent = clickId ?? 'none';
      node.classList.toggle('empty', clickId === null);
    }
  }

  function refresh() {
    showScriptStatus();
    showClickId();
  }

  for (const type of ['dubtrack:success', 'dubtrack:error', 'dubtrack:retry']) {
    window.addEventListener(type, showClickId);
  }
  window.addEventListener('load', refresh);
  window.addEventListener('pageshow', refresh);
  refresh();

  if (page !== 'checkout') return;

  // ---- The log of what the page saw ---------------------------------------------------------

  const log = document.getElementById('log');
  const LOG_LIMIT = 200;

  function addEntry(tone, title, summary, detailLabel, detailValue) {
    const entry = el(
      'li',
      `entry ${tone}`,
      el(
        'div',
        'entry-head',
        el('time', null, clock()),
        el('span', `badge ${tone}`, title),
        el('span', 'summary', summary),
      ),
      details(detailLabel, detailValue),
    );
    log.prepend(entry);
    while (log.children.length > LOG_LIMIT) log.lastElementChild.remove();
    showNewest(log);
  }

  /**
   * Brings a log's newest entry (its first) into view: the log scrolls to its top, and the page
   * scrolls only as far as needed (not at all where the logs sit beside the buttons).
   */
  function showNewest(list) {
    list.scrollTop = 0;
    list.firstElementChild?.scrollIntoView({ block: 'nearest' });
  }

  /** The fields of a DubTrackError (own and inherited ones, which JSON.stringify would skip). */
  function describeError(error) {
    if (!(error instanceof Error)) return { error };
    const fields = { name: error.name, message: error.message };
    for (const key of [
      'kind',
      'eventId',
      'status',
      'code',
      'docUrl',
      'attempt',
      'willRetry',
      'issues',
    ]) {
      if (error[key] !== undefined) fields[key] = error[key];
    }
    return fields;
  }

  function errorSummary(error) {
    if (!(error instanceof Error)) return String(error);
    const parts = [error.name];
    if (error.status) parts.push(String(error.status));
    if (error.code) parts.push(error.code);
    const issues = Array.isArray(error.issues)
      ? error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
      : '';
    return `${parts.join(' ')}: ${issues || error.message}`;
  }

  /** What went wrong with an attempt, as the status or failure, then the error name a handler sees. */
  function failure(error) {
    if (!(error instanceof Error)) return String(error);
    if (error.status)
      return `the endpoint answered ${error.status}${error.code ? ` ${error.code}` : ''} (${error.name})`;
    return `${error.message} (${error.name})`;
  }

  window.addEventListener('dubtrack:success', (event) => {
    const { kind, eventId, status } = event.detail ?? {};
    addEntry(
      'success',
      'dubtrack:success',
      `${kind} ${shortId(eventId)} delivered (${status})`,
      'detail',
      event.detail,
    );
  });

  window.addEventListener('dubtrack:retry', (event) => {
    const { kind, eventId, attempt, delayMs, error } = event.detail ?? {};
    const wait = typeof delayMs === 'number' ? `${(delayMs / 1000).toFixed(1)} s` : '?';
    addEntry(
      'retry',
      'dubtrack:retry',
      `${kind} ${shortId(eventId)} attempt ${attempt - 1} failed: ${failure(error)}; attempt ${attempt} in ${wait}`,
      'detail',
      { kind, eventId, attempt, delayMs, error: describeError(error) },
    );
  });

  window.addEventListener('dubtrack:error', (event) => {
    const error = event.detail;
    const fate = error?.willRetry ? 'kept, will retry later' : 'not retried';
    addEntry(
      'error',
      'dubtrack:error',
      `${error?.kind ?? 'tracker'} ${shortId(error?.eventId)} ${errorSummary(error)} (${fate})`,
      'error',
      describeError(error),
    );
  });

  // ---- The calls ----------------------------------------------------------------------------

  const field = (id) => document.getElementById(id);

  /** Optional text fields are left out when empty, as a site would. */
  function customerFields() {
    const input = { customerExternalId: field('customer-external-id').value };
    const name = field('customer-name').value.trim();
    const email = field('customer-email').value.trim();
    if (name) input.customerName = name;
    if (email) input.customerEmail = email;
    return input;
  }

  /** The last call that resolved: what "send again" repeats, with the same key. */
  let lastDelivered = null;

  function call(method, input) {
    addEntry('call', 'call', `dubTrack.${method}(…)`, 'input', input);
    let promise;
    try {
      promise = tracker()[method](input);
    } catch (error) {
      addEntry('rejected', 'threw', errorSummary(error), 'error', describeError(error));
      return Promise.resolve(undefined);
    }
    if (!scriptLoaded()) {
      addEntry('retry', 'queued', `dub-track has not loaded; the call waits in the pre-load queue`);
    }
    return Promise.resolve(promise).then(
      (result) => {
        addEntry(
          'resolved',
          'resolved',
          `${method}() → ${shortId(result?.eventId)} status ${result?.status}`,
          'TrackResult',
          result,
        );
        if (result?.eventId) lastDelivered = { method, input, eventId: result.eventId };
        return result;
      },
      (error) => {
        addEntry(
          'rejected',
          'rejected',
          `${method}() → ${errorSummary(error)}`,
          'error',
          describeError(error),
        );
        return undefined;
      },
    );
  }

  field('lead-form').addEventListener('submit', (event) => {
    event.preventDefault();
    call('lead', { eventName: field('lead-event-name').value, ...customerFields() });
  });

  let invoiceNumber = 1;
  field('sale-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const amount = field('sale-amount').value;
    const input = {
      customerExternalId: field('customer-external-id').value,
      amount: amount === '' ? undefined : Number(amount),
      currency: field('sale-currency').value,
    };
    const invoiceId = field('sale-invoice-id').value.trim();
    if (invoiceId) input.invoiceId = invoiceId;
    call('sale', input).then((result) => {
      // Dub de-duplicates sales by invoice, so the next purchase gets a new one.
      if (result && invoiceId === field('sale-invoice-id').value.trim()) {
        invoiceNumber += 1;
        field('sale-invoice-id').value = `inv_demo_${invoiceNumber}`;
      }
    });
  });

  field('customer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    call('customer', customerFields());
  });

  field('send-typo').addEventListener('click', () => {
    call('sale', {
      customerExternalId: field('customer-external-id').value,
      ammount: 4900,
      currency: 'usd',
    });
  });

  field('flush').addEventListener('click', () => {
    addEntry('call', 'call', 'dubTrack.flush()');
    if (typeof tracker().flush !== 'function') {
      addEntry('rejected', 'unavailable', 'flush() exists once dub-track has loaded');
      return;
    }
    Promise.resolve(tracker().flush()).then(
      () => addEntry('resolved', 'resolved', 'flush() → done'),
      (error) =>
        addEntry(
          'rejected',
          'rejected',
          `flush() → ${errorSummary(error)}`,
          'error',
          describeError(error),
        ),
    );
  });

  field('clear-log').addEventListener('click', () => log.replaceChildren());

  // ---- Endpoint -----------------------------------------------------------------------------

  const endpointName = field('endpoint').dataset.endpoint;
  for (const link of document.querySelectorAll('[data-endpoint-link]')) {
    if (link.dataset.endpointLink === endpointName) link.setAttribute('aria-current', 'page');
  }
  // Dub's API has no route for customers that a browser may call: under the stand-in, say so
  // instead of offering a call that can only fail.
  if (endpointName === 'dub') {
    field('track-customer').disabled = true;
    const off = field('customer-off');
    off.hidden = false;
    off.textContent =
      'Not available here: Dub has no browser route for customers (only a server with a secret key can update one). Choose “Through the first-party endpoint” above.';
  }
  // Straight to Dub no Idempotency-Key is sent (Dub's CORS refuses it, and Dub would ignore it).
  field('resend-last').textContent =
    endpointName === 'dub'
      ? 'send the last event again, as a second tab or a resend would'
      : 'send the last event again with its Idempotency-Key';
  const ROUTES = {
    lead: '/track/lead/client',
    sale: '/track/sale/client',
    customer: '/track/customer',
  };

  /** What became of a repeated event, in the words of what the endpoint did with it. */
  function resendOutcome({ method, input, response, replayed }) {
    if (!response.ok) return `refused: ${response.status}`;
    if (replayed)
      return 'absorbed by the first-party endpoint: the first answer again, nothing sent to Dub';
    if (endpointName === 'collector')
      return 'recorded again: the local collector keeps every request (Dub and the first-party endpoint would not count it twice)';
    if (method === 'sale')
      return input.invoiceId
        ? `Dub de-duplicated it by invoiceId (${input.invoiceId}): the first answer again, no second sale`
        : 'Dub recorded a second sale: without invoiceId it cannot tell a resend from a new sale';
    if (method === 'lead' && input.mode !== 'deferred')
      return 'Dub de-duplicated it: one lead per customer and event name, nothing new recorded';
    return 'answered as a new request';
  }

  field('resend-last').addEventListener('click', async () => {
    if (!lastDelivered) {
      addEntry('rejected', 'nothing yet', 'send an event first, then repeat it');
      return;
    }
    const { method, input, eventId } = lastDelivered;
    const script = document.querySelector('script[data-api-host]');
    const headers = { 'Content-Type': 'application/json' };
    // Dub takes the publishable key and, by its CORS, no Idempotency-Key (it would ignore it);
    // the first-party endpoint holds its own secret key and answers each key once.
    if (endpointName === 'dub') headers.Authorization = `Bearer ${script.dataset.publishableKey}`;
    else headers['Idempotency-Key'] = eventId;
    addEntry('call', 'repeat', `${method} ${shortId(eventId)} again, same key`, 'input', input);
    try {
      const response = await fetch(script.dataset.apiHost + ROUTES[method], {
        method: 'POST',
        headers,
        // The event as the script sent it, click ID included: a key is bound to its body.
        body: JSON.stringify({ clickId: window.dubTrack.getClickId() ?? undefined, ...input }),
      });
      const replayed = response.headers.get('Idempotent-Replayed') === 'true';
      const body = await response.json().catch(() => null);
      addEntry(
        response.ok ? 'resolved' : 'rejected',
        String(response.status),
        resendOutcome({ method, input, response, replayed, body }),
        'body',
        body,
      );
    } catch (error) {
      addEntry('rejected', 'failed', String(error));
    }
  });

  // ---- Collector mode -----------------------------------------------------------------------

  const modeStatus = field('mode-status');
  // The failure modes change how the local collector answers; the other endpoints never reach it.
  const modesApply = endpointName === 'collector';
  if (!modesApply) {
    field('modes').disabled = true;
    const off = field('modes-off');
    off.hidden = false;
    off.textContent =
      endpointName === 'dub'
        ? "Not available here: these modes change the local collector's answers, and this page sends to the Dub stand-in, which answers as Dub does. Choose “Local collector” above to try them."
        : "Not available here: these modes change the local collector's answers, and this page sends through the first-party endpoint to the Dub stand-in. Choose “Local collector” above to try them.";
  }

  function showMode(state) {
    if (!modesApply) {
      modeStatus.textContent = '';
      return;
    }
    for (const radio of document.querySelectorAll('input[name="mode"]')) {
      radio.checked = radio.value === state.mode;
    }
    modeStatus.textContent =
      state.mode === 'ok'
        ? 'The collector answers like Dub.'
        : state.mode === 'hold'
          ? 'Mode hold: every attempt fails until a page is loaded; reload to deliver what waits.'
          : state.remaining === null
            ? `Mode ${state.mode}: every attempt, until changed.`
            : `Mode ${state.mode}: ${state.remaining} more attempt(s), then back to OK.`;
  }

  async function fetchJson(url, init) {
    const response = await fetch(url, { cache: 'no-store', ...init });
    const body = await response.json();
    if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
    return body;
  }

  let settingMode = 0;
  field('modes').addEventListener('change', async (event) => {
    const mode = event.target?.value;
    settingMode += 1;
    try {
      showMode(
        await fetchJson('/__demo/mode', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ mode }),
        }),
      );
    } catch (error) {
      modeStatus.textContent = `Could not set the mode: ${error.message}`;
    } finally {
      settingMode -= 1;
    }
  });

  // ---- What the collector received ----------------------------------------------------------

  const received = field('received');
  let lastSeen = '';

  function renderReceived(events) {
    const key = events.length ? `${events.length}:${events[0].time}:${events[0].status}` : '0';
    if (key === lastSeen) return;
    const first = lastSeen === '';
    lastSeen = key;
    received.replaceChildren(
      ...events.slice(0, 100).map((event) => {
        // Colour by what the tracker does next: delivered, retried, or refused for good.
        const status = event.status;
        const retried = typeof status !== 'number' || status >= 500 || [408, 429].includes(status);
        const tone = status < 300 ? 'success' : retried ? 'retry' : 'error';
        return el(
          'li',
          `entry ${tone}`,
          el(
            'div',
            'entry-head',
            el('time', null, clock(Date.parse(event.time))),
            el('span', `badge ${tone}`, String(event.status)),
            el(
              'span',
              'summary',
              `${event.method ?? 'POST'} ${event.path}${event.note ? ` (${event.note})` : ''}`,
            ),
          ),
          details('body', event.body),
        );
      }),
    );
    if (!first) showNewest(received);
  }

  /** The events waiting in the outbox, as `kind id` (the tracker's own localStorage keys); their number. */
  function showOutbox() {
    const outbox = field('outbox');
    if (!outbox) return 0;
    const kept = [];
    try {
      for (const key of Object.keys(localStorage)) {
        if (!key.startsWith('dub_track_event')) continue;
        const entry = JSON.parse(localStorage.getItem(key) ?? '{}');
        kept.push(`${entry.kind} ${shortId(entry.id)}`);
      }
    } catch {}
    outbox.textContent = kept.length ? kept.join(', ') : 'none';
    return kept.length;
  }

  // An event an earlier page was still retrying when it was left stays taken by that page for up
  // to 45 s (its lease); the tracker replays it on the next page load, online, or flush(). The
  // demo flushes every few seconds while something waits, so a reload shows it delivered.
  let lastFlush = 0;
  function flushWaiting(waiting, state) {
    if (!waiting || state.mode !== 'ok' || !scriptLoaded() || Date.now() - lastFlush < 5000) return;
    lastFlush = Date.now();
    Promise.resolve(tracker().flush()).catch(() => {});
  }

  async function poll() {
    const waiting = showOutbox();
    try {
      const [state, { events }] = await Promise.all([
        fetchJson('/__demo/mode'),
        fetchJson('/__demo/events'),
      ]);
      flushWaiting(waiting, state);
      // A temporary failure mode switches back to OK by itself; show that, unless a change is on its way.
      if (settingMode === 0) showMode(state);
      renderReceived(events);
    } catch {
      modeStatus.textContent = 'The demo server is not answering.';
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
