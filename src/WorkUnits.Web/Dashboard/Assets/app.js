// The WorkUnits dashboard: a jobs table at / and one job at /jobs/{id}, refreshed by polling the job API.
(() => {
  'use strict';

  const refreshMs = 1000;
  const finalStates = ['completed', 'failed', 'cancelled'];
  const app = document.getElementById('app');
  const message = document.getElementById('message');
  const tokenInput = document.getElementById('token');
  let timer = null;

  tokenInput.value = localStorage.getItem('workunits.token') || '';
  document.getElementById('token-form').addEventListener('submit', event => {
    event.preventDefault();
    localStorage.setItem('workunits.token', tokenInput.value.trim());
    say('Token saved in this browser.');
  });

  function headers(extra) {
    const token = tokenInput.value.trim();
    return Object.assign(token ? { Authorization: 'Bearer ' + token } : {}, extra || {});
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: headers() }, options || {}));
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    if (!response.ok) {
      const detail = body && (body.detail || (body.errors && Object.values(body.errors).flat().join(' ')) || body.title);
      throw new Error(detail || ('HTTP ' + response.status));
    }
    return body;
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? 'error' : '';
    message.hidden = false;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { message.hidden = true; }, 5000);
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const number = value => value === null || value === undefined ? '?' : Number(value).toLocaleString('en-US');
  // Ids made in one process share their first digits, so the short form keeps both ends.
  const shortId = id => id.slice(0, 8) + '…' + id.slice(-4);

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.round(seconds);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function bar(job, big) {
    const total = job.total ?? Math.max(job.dispatched, 1);
    const share = value => total === 0 ? 0 : Math.min(100, (100 * value) / total);
    return el('div', { class: big ? 'bar big' : 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': Math.round(job.percent ?? 0) },
      el('span', { class: 'ok', style: `width:${share(job.succeeded)}%` }),
      el('span', { class: 'bad', style: `width:${share(job.failed)}%` }));
  }

  const stateBadge = state => el('span', { class: 'state state-' + state, 'data-state': state }, state);
  const progressText = job =>
    `${number(job.succeeded + job.failed)} / ${number(job.total)} (${job.percent === null ? '?' : job.percent + '%'})`;

  // The jobs table.
  async function showJobs() {
    const params = new URLSearchParams(location.search);
    const state = el('select', { id: 'state-filter', 'aria-label': 'State' },
      el('option', { value: '' }, 'any state'),
      ['submitted', 'splitting', 'running', 'finalizing', 'completed', 'failed', 'cancelled']
        .map(name => el('option', { value: name, selected: params.get('state') === name }, name)));
    const type = el('input', { id: 'type-filter', placeholder: 'job type', 'aria-label': 'Job type',
      value: params.get('type') || '' });
    const apply = () => {
      const next = new URLSearchParams();
      if (state.value) next.set('state', state.value);
      if (type.value.trim()) next.set('type', type.value.trim());
      history.replaceState(null, '', '/' + (next.toString() ? '?' + next : ''));
      refresh();
    };
    state.addEventListener('change', apply);
    type.addEventListener('change', apply);

    const body = el('tbody', { id: 'jobs' });
    app.replaceChildren(
      el('h1', null, 'Jobs'),
      el('div', { class: 'filters' }, state, type),
      el('div', { class: 'scroll' }, el('table', null,
        el('thead', null, el('tr', null,
          el('th', null, 'Job'), el('th', null, 'Type'), el('th', null, 'State'), el('th', null, 'Progress'),
          el('th', { class: 'num' }, 'Succeeded'), el('th', { class: 'num' }, 'Failed'),
          el('th', { class: 'num hide-narrow' }, 'In flight'), el('th', { class: 'num hide-narrow' }, 'Units/s'),
          el('th', { class: 'hide-narrow' }, 'Created'))),
        body)));

    async function refresh() {
      const query = new URLSearchParams(location.search);
      query.set('limit', '100');
      const page = await api('/api/jobs?' + query);
      body.replaceChildren(...page.jobs.map(job => el('tr', { 'data-job-id': job.jobId },
        el('td', { class: 'mono' }, el('a', { href: '/jobs/' + job.jobId, title: job.jobId }, shortId(job.jobId))),
        el('td', null, job.jobType),
        el('td', null, stateBadge(job.state)),
        el('td', null, bar(job), el('small', { class: 'muted' }, progressText(job))),
        el('td', { class: 'num' }, number(job.succeeded)),
        el('td', { class: 'num' }, number(job.failed)),
        el('td', { class: 'num hide-narrow' }, number(job.inFlight)),
        el('td', { class: 'num hide-narrow' }, job.unitsPerSecond.toFixed(1)),
        el('td', { class: 'hide-narrow' }, new Date(job.createdAt).toLocaleString()))));
      if (page.jobs.length === 0) {
        body.replaceChildren(el('tr', null, el('td', { colspan: 9, class: 'muted' }, 'No jobs match.')));
      }
    }

    poll(refresh);
  }

  // One job.
  async function showJob(jobId) {
    const view = el('div');
    app.replaceChildren(el('p', null, el('a', { href: '/' }, '← all jobs')), view);
    let rendered = false;
    let parts = {};
    // After an action the job may still look ended for a moment; keep polling until it shows the change.
    let pollAtLeastUntil = 0;

    function render(job) {
      parts = {
        state: el('span', { id: 'state' }),
        bar: el('div', { id: 'bar' }),
        progress: el('span', { id: 'progress-text' }),
        cards: el('div', { class: 'cards', id: 'counts' }),
        chart: el('div', { id: 'chart' }),
        errors: el('div', { id: 'errors' }),
        reason: el('p', { id: 'reason', class: 'muted' }),
        cancel: el('button', { id: 'cancel', class: 'danger', type: 'button', onclick: cancel }, 'Cancel job'),
        retry: el('button', { id: 'retry-failed', type: 'button', onclick: retryFailed }, 'Retry failed units'),
      };
      view.replaceChildren(
        el('h1', null, job.jobType, ' ', el('span', { class: 'mono muted' }, job.jobId)),
        el('p', null, parts.state, ' ', parts.progress),
        parts.bar,
        parts.cards,
        parts.reason,
        el('div', { class: 'actions' }, parts.cancel, parts.retry),
        el('h2', null, 'Throughput'),
        parts.chart,
        el('h2', null, 'Errors'),
        parts.errors);
      rendered = true;
    }

    async function cancel() {
      if (!confirm('Cancel this job? Units that have not started will not run.')) return;
      parts.cancel.disabled = true;
      try {
        await api(`/api/jobs/${jobId}/cancel`, {
          method: 'POST',
          headers: headers({ 'Content-Type': 'application/json' }),
          body: JSON.stringify({ reason: 'cancelled from the dashboard' }),
        });
        say('Cancel requested.');
      } catch (error) {
        say('Cancel failed: ' + error.message, true);
        parts.cancel.disabled = false;
      }
    }

    async function retryFailed() {
      parts.retry.disabled = true;
      try {
        const accepted = await api(`/api/jobs/${jobId}/retry-failed`, { method: 'POST', headers: headers() });
        say(accepted.message);
        pollAtLeastUntil = Date.now() + 10000;
        poll(refresh);
      } catch (error) {
        say('Retry failed: ' + error.message, true);
        parts.retry.disabled = false;
      }
    }

    async function refresh() {
      const [job, errors, throughput] = await Promise.all([
        api(`/api/jobs/${jobId}`),
        api(`/api/jobs/${jobId}/errors`),
        api(`/api/jobs/${jobId}/throughput`),
      ]);
      if (!rendered) render(job);
      document.title = `${job.jobType} ${shortId(job.jobId)} – WorkUnits`;

      parts.state.replaceChildren(stateBadge(job.state));
      parts.progress.textContent = progressText(job);
      parts.bar.replaceChildren(bar(job, true));
      const final = finalStates.includes(job.state);
      const pending = job.total === null ? null : Math.max(0, job.total - job.dispatched);
      parts.cards.replaceChildren(...[
        ['succeeded', job.succeeded], ['failed', job.failed], ['in flight', job.inFlight],
        ['not dispatched', pending], ['total', job.total],
        ['units/s', job.unitsPerSecond.toFixed(1)], ['ETA', final ? '–' : duration(job.etaSeconds)],
      ].map(([label, value]) => el('div', { class: 'card', 'data-count': label },
        el('b', null, typeof value === 'string' ? value : number(value)), el('small', null, label))));
      parts.reason.textContent = job.reason ? 'Reason: ' + job.reason : '';
      parts.cancel.disabled = final;
      parts.retry.disabled = !(job.state === 'completed' || job.state === 'failed') || job.failed === 0;
      parts.chart.replaceChildren(chart(throughput));
      parts.errors.replaceChildren(errorTable(errors.groups));
      return final && Date.now() > pollAtLeastUntil;
    }

    poll(refresh);
  }

  function chart(throughput) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    const width = 600;
    const height = 160;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    const buckets = throughput.buckets;
    const peak = Math.max(1, ...buckets.map(b => b.succeeded + b.failed));
    const step = width / Math.max(buckets.length, 1);
    svg.setAttribute('aria-label', `Units ended per ${throughput.bucketSeconds} s; peak ${peak}`);
    buckets.forEach((bucket, index) => {
      const ok = (bucket.succeeded / peak) * (height - 10);
      const bad = (bucket.failed / peak) * (height - 10);
      for (const [value, offset, color] of [[ok, 0, '#2f8f4e'], [bad, ok, '#c43c35']]) {
        if (value <= 0) continue;
        const rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', index * step + 1);
        rect.setAttribute('width', Math.max(step - 2, 1));
        rect.setAttribute('y', height - offset - value);
        rect.setAttribute('height', value);
        rect.setAttribute('fill', color);
        svg.append(rect);
      }
    });
    const rate = (peak / throughput.bucketSeconds).toFixed(1);
    return el('div', null, svg, el('div', { class: 'legend' },
      `Units ended per ${throughput.bucketSeconds} s (peak ${peak}, ${rate}/s)`,
      el('i', { style: 'background:#2f8f4e' }), 'succeeded', el('i', { style: 'background:#c43c35' }), 'failed'));
  }

  function errorTable(groups) {
    if (groups.length === 0) return el('p', { class: 'muted' }, 'No failed units.');
    return el('div', { class: 'scroll' }, el('table', null,
      el('thead', null, el('tr', null, el('th', { class: 'num' }, 'Units'), el('th', null, 'Error'),
        el('th', null, 'Sample message'), el('th', { class: 'hide-narrow' }, 'Fingerprint'))),
      el('tbody', null, groups.map(group => el('tr', { 'data-fingerprint': group.fingerprint },
        el('td', { class: 'num' }, number(group.count)),
        el('td', { class: 'mono' }, group.errorType || '?'),
        el('td', { class: 'error-message' }, group.sampleMessage || ''),
        el('td', { class: 'mono hide-narrow' }, group.fingerprint))))));
  }

  // Polls until the page is left or, on a job page, the job has ended and been shown once more.
  function poll(refresh) {
    clearTimeout(timer);
    const tick = async () => {
      let done = false;
      try {
        done = (await refresh()) === true;
      } catch (error) {
        say(error.message, true);
      }
      if (!done) timer = setTimeout(tick, refreshMs);
    };
    tick();
  }

  const match = location.pathname.match(/^\/jobs\/([^/]+)$/);
  if (match) showJob(decodeURIComponent(match[1]));
  else showJobs();
})();
