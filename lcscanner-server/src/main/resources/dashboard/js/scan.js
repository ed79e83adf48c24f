// One scan: its live progress, then its hits (table, filters, downloads, outcome summary) and the selected
// hit on its chart with its fields beside it.

import {api, download, followProgress, serverCapabilities} from './api.js';
import {HitChart} from './chart.js';
import {fill, formatDuration, formatValue, h} from './dom.js';
import {columnsOf, headerOf} from './schema.js';
import {HitsTable} from './table.js';

const FINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

export function hitHash(scanId, row) {
  return `#/scan/${scanId}/hit/${encodeURIComponent(row.ticker)}/${row.date}`;
}

/** The scan view; route = {scanId, ticker?, date?}. */
export class ScanView {
  constructor(view, route) {
    this.view = view;
    this.scanId = route.scanId;
    this.wanted = route;
    this.stopProgress = null;
    this.chart = null;
    this.table = null;

    this.title = h('div', {class: 'scan-title'}, h('h1', {}, this.scanId));
    this.bar = h('div', {class: 'fill'});
    this.progressText = h('div', {class: 'progress-text'});
    this.cancelButton = h('button', {type: 'button', hidden: true, onclick: () => this.cancel()}, 'Cancel');
    this.progress = h('section', {class: 'progress', 'data-testid': 'progress', role: 'progressbar',
      'aria-valuemin': 0, 'aria-valuemax': 100},
    h('div', {class: 'bar'}, this.bar), h('div', {class: 'progress-line'}, this.progressText, this.cancelButton));
    this.summary = h('section', {class: 'summary card', 'data-testid': 'summary', hidden: true});
    this.results = h('div', {class: 'results'});
    this.error = h('p', {class: 'error', role: 'alert', hidden: true});
    fill(view, h('section', {class: 'scan'}, this.title, this.progress, this.error, this.summary, this.results));
    this.start();
  }

  async start() {
    let scan;
    try {
      scan = await api(`/api/scan/progress/${encodeURIComponent(this.scanId)}`);
    } catch (e) {
      this.showError(e.status === 404 ? `No scan ${this.scanId}.` : e.message);
      this.progress.hidden = true;
      return;
    }
    if (this.disposed) return;
    this.scan = scan;
    fill(this.title, h('h1', {}, this.scanId),
        h('p', {class: 'muted'}, `${scan.scanner || 'lc'} · ${scan.start_date} … ${scan.end_date}`
          + (scan.data_source ? ' · ' + scan.data_source : '')));
    this.update(scan);
    if (!FINAL.has(scan.status)) {
      this.stopProgress = followProgress(this.scanId, data => this.update(data));
    } else if (scan.status === 'completed') {
      this.loadResults();
    }
  }

  update(p) {
    const percent = Math.max(0, Math.min(100, Number(p.progress_percent) || 0));
    this.bar.style.width = percent + '%';
    this.progress.dataset.status = p.status;
    this.progress.dataset.percent = String(percent);
    this.progress.setAttribute('aria-valuenow', String(percent));
    this.progress.className = 'progress ' + p.status;
    const parts = [h('strong', {class: 'status ' + p.status}, p.status), ` ${percent} %`];
    if (p.message) parts.push(' · ' + p.message);
    if (p.current_ticker && !FINAL.has(p.status)) parts.push(' · ' + p.current_ticker);
    if (p.total_tickers) parts.push(` · ${p.processed_tickers ?? 0} / ${p.total_tickers} tickers`);
    parts.push(` · ${p.results_found ?? 0} hits`);
    if (p.execution_time !== undefined && p.execution_time !== null && FINAL.has(p.status)) {
      parts.push(' · ' + formatDuration(p.execution_time));
    }
    fill(this.progressText, parts);
    this.cancelButton.hidden = FINAL.has(p.status);
    if (p.error) this.showError(p.error);
    if (FINAL.has(p.status) && !this.finalSeen) {
      this.finalSeen = true;
      if (this.scan && !FINAL.has(this.scan.status)) {
        // followed live: the stored state adds what events leave out (duration, error details)
        this.scan = {...this.scan, status: p.status};
        api(`/api/scan/progress/${encodeURIComponent(this.scanId)}`).then(s => this.update(s)).catch(() => {});
        if (p.status === 'completed') this.loadResults();
      }
    }
  }

  async cancel() {
    this.cancelButton.disabled = true;
    try {
      await api(`/api/scan/${encodeURIComponent(this.scanId)}/cancel`, {method: 'POST'});
    } catch (e) {
      this.showError(e.message);
    }
    this.cancelButton.disabled = false;
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  async loadResults() {
    let results;
    try {
      results = await api(`/api/scan/results/${encodeURIComponent(this.scanId)}`);
    } catch (e) {
      this.showError(e.message);
      return;
    }
    if (this.disposed) return;
    const rows = results.results || [];
    this.columns = columnsOf(results);
    const id = this.scanId;
    const links = h('div', {class: 'downloads'}, 'Download ',
        ['csv', 'json'].map(format => {
          const path = `/api/scan/results/${encodeURIComponent(id)}/export?format=${format}`;
          return h('a', {href: path, class: 'button', 'data-format': format, onclick: e => {
            e.preventDefault();
            download(path, `${id}_results.${format}`).catch(err => this.showError(err.message));
          }}, format.toUpperCase());
        }));
    this.table = new HitsTable(rows, this.columns, row => this.selected(row));
    const chartBox = h('div', {class: 'chart', 'data-testid': 'chart'});
    this.fields = h('dl', {class: 'fields'});
    const side = h('aside', {class: 'hit-panel card'}, chartBox,
        h('div', {class: 'hint muted'}, 'Click a hit, or use ↑ / ↓ to move between hits.'), this.fields);
    fill(this.results, h('div', {class: 'results-head'}, links), h('div', {class: 'split'}, this.table.element, side));
    this.chart = new HitChart(chartBox);
    this.loadSummary();
    this.route(this.wanted);
  }

  async loadSummary() {
    const caps = await serverCapabilities();
    if (!caps.summary || (this.scan.request && this.scan.request.outcomes === false)) return;
    let s;
    try {
      s = await api(`/api/scan/results/${encodeURIComponent(this.scanId)}/summary`);
    } catch {
      return; // 404: this scan has no summary, and nothing is shown
    }
    const data = s && typeof s === 'object' ? (s.summary ?? stripEnvelope(s)) : s;
    fill(this.summary, h('h2', {}, 'Outcomes'), describe(data));
    this.summary.hidden = false;
  }

  /** Follows a route within this scan: selects its hit, if any. */
  route(r) {
    this.wanted = r;
    if (!this.table) return;
    if (r.ticker && r.date) {
      if (!this.table.selectHit(r.ticker, r.date)) this.showError(`No hit ${r.ticker} on ${r.date} in this scan.`);
    }
  }

  /** A hit was selected: its address, chart and fields. */
  selected(row) {
    if (!row) return;
    const hash = hitHash(this.scanId, row);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    const request = this.scan.request || {};
    this.chart.show(row, {start_date: this.scan.start_date, lookback_days: request.lookback_days,
      reference_rounding: request.reference_rounding});
    fill(this.fields, this.columns.map(c => [
      h('dt', {title: c.name}, headerOf(c.name)),
      h('dd', {class: c.kind}, c.kind === 'flag' ? (Number(row[c.name]) ? 'yes' : 'no') : formatValue(c, row[c.name])),
    ]));
  }

  key(e) {
    if (!this.table) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.table.move(e.key === 'ArrowDown' ? 1 : -1);
    }
  }

  dispose() {
    this.disposed = true;
    if (this.stopProgress) this.stopProgress();
    if (this.chart) this.chart.dispose();
  }
}

function stripEnvelope(o) {
  const copy = {...o};
  delete copy.success;
  delete copy.scan_id;
  return copy;
}

/** Any JSON as nested definition lists and tables, for a summary whose shape this page does not know. */
function describe(value) {
  if (Array.isArray(value)) {
    if (value.length && value.every(v => v && typeof v === 'object' && !Array.isArray(v))) {
      const keys = [...new Set(value.flatMap(Object.keys))];
      return h('table', {class: 'summary-table'},
          h('thead', {}, h('tr', {}, keys.map(k => h('th', {}, headerOf(k))))),
          h('tbody', {}, value.map(v => h('tr', {}, keys.map(k => h('td', {}, scalar(v[k])))))));
    }
    return h('span', {}, value.map(scalar).join(', '));
  }
  if (value && typeof value === 'object') {
    return h('dl', {}, Object.entries(value).map(([k, v]) => [h('dt', {}, headerOf(k)), h('dd', {}, describe(v))]));
  }
  return h('span', {}, scalar(value));
}

function scalar(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/\.?0+$/, '');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
