// History: every stored scan (status, scanner, dates, hits, duration), to open, cancel or delete.

import {api} from './api.js';
import {fill, formatDuration, formatInstant, h} from './dom.js';

const ACTIVE = new Set(['queued', 'running']);

/** Renders the list into view; returns a function that stops its refreshing. */
export function renderHistory(view) {
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const body = h('tbody');
  const table = h('table', {class: 'scans', 'data-testid': 'scan-list'},
      h('thead', {}, h('tr', {}, ['Scan', 'Status', 'Scanner', 'Dates', 'Hits', 'Duration', 'Created', ''].map(t =>
        h('th', {scope: 'col'}, t)))),
      body);
  fill(view, h('section', {class: 'card'}, h('h1', {}, 'Scans'), error, h('div', {class: 'table-wrap'}, table)));
  let timer = null;
  let stopped = false;

  const load = async () => {
    clearTimeout(timer);
    let list;
    try {
      list = await api('/api/scan/list');
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return;
    }
    if (stopped) return;
    error.hidden = true;
    const scans = list.scans || [];
    fill(body, scans.length ? scans.map(row) : h('tr', {}, h('td', {colspan: 8, class: 'muted'},
        'No scans yet. ', h('a', {href: '#/'}, 'Start one.'))));
    view.dataset.loaded = 'true';
    if (scans.some(s => ACTIVE.has(s.status))) timer = setTimeout(load, 1500);
  };

  const act = async (button, fn) => {
    button.disabled = true;
    try {
      await fn();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
    load();
  };

  const row = s => {
    const id = s.scan_id;
    const open = h('a', {href: `#/scan/${id}`, class: 'button'}, 'Open');
    const actions = [open];
    if (ACTIVE.has(s.status)) {
      const cancel = h('button', {type: 'button', onclick: () => act(cancel,
          () => api(`/api/scan/${id}/cancel`, {method: 'POST'}))}, 'Cancel');
      actions.push(cancel);
    } else {
      // two clicks: the first asks, the second deletes
      const del = h('button', {type: 'button', class: 'danger', 'data-action': 'delete', onclick: () => {
        if (del.dataset.armed) act(del, () => api(`/api/scan/${id}`, {method: 'DELETE'}));
        else {
          del.dataset.armed = 'true';
          del.textContent = 'Really delete?';
        }
      }}, 'Delete');
      actions.push(del);
    }
    return h('tr', {dataset: {scanId: id, status: s.status}},
        h('td', {}, h('a', {href: `#/scan/${id}`}, id)),
        h('td', {}, h('span', {class: 'status ' + s.status}, s.status),
            ACTIVE.has(s.status) ? ` ${Math.round(s.progress_percent || 0)} %` : ''),
        h('td', {}, s.scanner || 'lc'),
        h('td', {}, `${s.start_date || '?'} … ${s.end_date || '?'}`),
        h('td', {class: 'number'}, s.results_found ?? '–'),
        h('td', {class: 'number'}, formatDuration(s.execution_time)),
        h('td', {}, formatInstant(s.created_at)),
        h('td', {class: 'actions'}, actions));
  };

  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
