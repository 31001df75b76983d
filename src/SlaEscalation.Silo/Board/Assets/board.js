// The board's one script: countdowns, and the live channel (server-sent events from /board/live): on the Now page its
// rows, on the Escalations page a notice that the list changed.
// Rows are built with textContent only: nothing a ticket carries is ever read as HTML.
(() => {
  'use strict';
  // The server stamped its clock when it wrote the page; the browser got the page's first byte just after. Comparing
  // with that moment, not with when this script runs, keeps the page's load time out of the skew.
  const serverNow = Date.parse(document.body.dataset.serverNow || '');
  const navigation = performance.getEntriesByType('navigation')[0];
  const received = navigation && navigation.responseStart > 0 ? performance.timeOrigin + navigation.responseStart : Date.now();
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - received;
  const now = () => Date.now() + skew;

  const span = (ms) => {
    const s = Math.floor(ms / 1000);
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${m}m`;
    if (m > 0) return `${m}m ${r}s`;
    return `${r}s`;
  };

  const tick = () => {
    for (const time of document.querySelectorAll('time[data-deadline]')) {
      // A breached deadline has passed, whatever a clock a few milliseconds behind the silo's says.
      const breached = time.closest('[data-state="breached"]') !== null;
      const left = Date.parse(time.dataset.deadline) - now();
      const past = left < 0 || breached;
      time.textContent = past ? `${span(Math.max(0, -left))} ago` : `in ${span(left)}`;
      time.classList.toggle('past', past);
    }
  };
  tick();
  setInterval(tick, 1000);

  // The Escalations page: drawn once, with forms a lead may be filling in, so a change is announced with a count and
  // a Reload link rather than redrawn. A change concerns the page when it matches its filters or its row is shown.
  function followEscalations(live) {
    const team = live.dataset.team || '';
    const owner = live.dataset.owner || '';
    const notice = document.getElementById('escalations-changed');
    const changed = new Set();
    const source = new EventSource('/board/live');
    source.addEventListener('open', () => {
      live.textContent = 'Live: changes are announced here.';
    });
    source.addEventListener('escalation', (event) => {
      const escalation = JSON.parse(event.data);
      const drawn = document.querySelector(`tr[data-escalation="${CSS.escape(escalation.id)}"]`) !== null;
      const matches = escalation.state === 'open' && (!team || escalation.team === team) && (!owner || escalation.owner === owner);
      if (!drawn && !matches) return;
      changed.add(escalation.id);
      notice.querySelector('span').textContent = changed.size === 1
        ? '1 escalation changed since this page was drawn.'
        : `${changed.size} escalations changed since this page was drawn.`;
      notice.hidden = false;
    });
    source.addEventListener('error', () => {
      live.textContent = source.readyState === EventSource.CLOSED
        ? 'Not live: reload the page (the session may have ended).'
        : 'Reconnecting…';
    });
  }

  const status = document.getElementById('live-status');
  if (status && status.dataset.escalations !== undefined) {
    followEscalations(status);
    return;
  }

  const board = document.getElementById('now');
  if (!board) return;
  const teamFilter = board.dataset.team || '';
  const agentFilter = board.dataset.agent || '';

  const countOf = (state) => {
    const count = board.querySelector(`[data-count="${state}"]`);
    const body = document.querySelector(`table[data-state="${state}"] tbody`);
    if (count && body) count.textContent = String(body.rows.length + Number(count.dataset.hidden || 0));
  };

  const cell = (tag, text) => {
    const element = document.createElement(tag);
    element.textContent = text;
    return element;
  };

  const row = (ticket) => {
    const tr = document.createElement('tr');
    tr.dataset.key = ticket.key;
    tr.dataset.team = ticket.team;
    tr.dataset.agent = ticket.agent || '';
    tr.dataset.deadline = ticket.deadline || '';
    const head = document.createElement('th');
    head.scope = 'row';
    const link = cell('a', ticket.key);
    link.href = `/board/tickets/${encodeURIComponent(ticket.key)}`;
    head.append(link);
    const due = document.createElement('td');
    if (ticket.deadline) {
      const time = cell('time', '');
      time.className = 'countdown';
      time.dateTime = ticket.deadline;
      time.dataset.deadline = ticket.deadline;
      due.append(time);
    } else {
      due.textContent = 'none';
    }
    tr.append(head, due, cell('td', ticket.metric || ''),
      cell('td', ticket.agent ? `${ticket.team} / ${ticket.agent}` : ticket.team), cell('td', ticket.policyId || ''));
    return tr;
  };

  const apply = (ticket) => {
    for (const old of board.querySelectorAll('tr[data-key]')) {
      if (old.dataset.key === ticket.key) {
        const state = old.closest('table').dataset.state;
        old.remove();
        countOf(state);
      }
    }
    const shown = ticket.slaState === 'breached' || ticket.slaState === 'at_risk';
    if (!shown || (teamFilter && ticket.team !== teamFilter) || (agentFilter && ticket.agent !== agentFilter)) return;
    const body = document.querySelector(`table[data-state="${ticket.slaState}"] tbody`);
    if (!body) return;
    const due = ticket.deadline ? Date.parse(ticket.deadline) : Infinity;
    const before = [...body.rows].find((r) => (r.dataset.deadline ? Date.parse(r.dataset.deadline) : Infinity) > due);
    body.insertBefore(row(ticket), before || null);
    countOf(ticket.slaState);
    tick();
  };

  let failed = false;
  const source = new EventSource('/board/live');
  source.addEventListener('open', () => {
    // Changes made while the channel was down are only in the lists: read them again.
    if (failed) window.location.reload();
    status.textContent = 'Live: changes appear as they happen.';
  });
  source.addEventListener('ticket', (event) => apply(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    failed = true;
    status.textContent = source.readyState === EventSource.CLOSED
      ? 'Not live: reload the page (the session may have ended).'
      : 'Reconnecting…';
  });
})();
