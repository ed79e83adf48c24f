// One scan: its live progress, then its hits (table, filters, downloads, outcome summary) and the selected
// hit on its chart with its fields beside it.

import {api, download, followProgress, resultsPage, serverCapabilities} from './api.js';
import {HitChart} from './chart.js';
import {fill, formatDuration, formatReturn, formatValue, h} from './dom.js';
import {columnsOf, headerOf} from './schema.js';
import {HitsTable, PAGE_SIZE} from './table.js';

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
    // what makes the hits less meaningful (too little history, tickers the data lacks): said above them
    this.warnings = h('div', {class: 'warnings', 'data-testid': 'warnings', role: 'status', hidden: true});
    fill(view, h('section', {class: 'scan'}, this.title, this.progress, this.warnings, this.error, this.summary,
        this.results));
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
          + (scan.request && scan.request.outcomes ? ' · with outcomes' : '')
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
    if (Array.isArray(p.warnings)) { // events leave them out; the stored progress has them
      fill(this.warnings, p.warnings.map(w => h('p', {class: 'warning'}, w)));
      this.warnings.hidden = p.warnings.length === 0;
    }
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
      results = await resultsPage(this.scanId, {offset: 0, limit: PAGE_SIZE});
    } catch (e) {
      this.showError(e.message);
      return;
    }
    if (this.disposed) return;
    this.columns = columnsOf(results);
    const id = this.scanId;
    const links = h('div', {class: 'downloads'}, 'Download ',
        ['csv', 'json'].map(format => {
          const path = `/api/scan/results/${encodeURIComponent(id)}/export?format=${format}`;
          return h('a', {href: path, class: 'button', 'data-format': format, onclick: e => {
            e.preventDefault();
            download(path, `${id}_${results.scanner || 'lc'}_results.${format}`).catch(err => this.showError(err.message));
          }}, format.toUpperCase());
        }));
    this.table = new HitsTable({first: results, columns: this.columns, onSelect: row => this.selected(row),
      load: query => resultsPage(id, query), onError: message => this.showError(message)});
    const chartBox = h('div', {class: 'chart', 'data-testid': 'chart'});
    this.fields = h('dl', {class: 'fields'});
    const side = h('aside', {class: 'hit-panel card'}, chartBox,
        h('div', {class: 'hint muted'}, 'Click a hit, or use ↑ / ↓ to move between hits.'), this.fields);
    this.split = h('div', {class: 'split'}, this.table.element, side);
    fill(this.results, h('div', {class: 'results-head'}, links), this.split);
    this.chart = new HitChart(chartBox);
    this.loadSummary();
    this.route(this.wanted);
  }

  async loadSummary() {
    const caps = await serverCapabilities();
    // only a scan that asked for outcomes has a summary (asking for one that has none would log a 404)
    if (!caps.summary || !(this.scan.request && this.scan.request.outcomes)) return;
    let s;
    try {
      s = await api(`/api/scan/results/${encodeURIComponent(this.scanId)}/summary`);
    } catch (e) {
      this.showError(e.message);
      return;
    }
    if (this.disposed) return;
    fill(this.summary, h('h2', {}, 'Outcomes'), summaryTable(s.summary),
        h('p', {class: 'muted'}, 'D+1: the next session\'s close / open − 1 (a short from the open gains when negative); '
          + 'open gap: its open / the hit\'s close − 1; 5 days: the close five sessions later / the hit\'s close − 1; '
          + 'max high, min low: over those sessions. Means over the hits that have them.'));
    this.summary.hidden = false;
  }

  /**
   * Follows a route within this scan: selects its hit, if any, and brings its row and chart into view (a deep
   * link's hit sits below the progress and the outcome summary); without one the chart shows the first hit.
   */
  async route(r) {
    this.wanted = r;
    if (!this.table) return;
    if (r.ticker && r.date) {
      if (!(await this.table.selectHit(r.ticker, r.date))) {
        if (!this.disposed) this.showError(`No hit ${r.ticker} on ${r.date} in this scan.`);
      } else if (!this.shownOnce) {
        this.shownOnce = true;
        // the table and chart to the window's top (the row is scrolled into view inside the table's own box,
        // which is shorter than the window)
        this.split.scrollIntoView({block: 'start'});
      }
    } else if (!this.table.selected && this.table.view.length) {
      this.show(this.table.view[0].row); // a preview: not selected, the address stays the scan's
    }
  }

  /** A hit was selected: its address, chart and fields. */
  selected(row) {
    if (!row) return;
    const hash = hitHash(this.scanId, row);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    this.show(row);
  }

  /** The chart and fields of a hit. */
  show(row) {
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

const SUMMARY_COLUMNS = [
  ['hits', 'Hits', 'count'], ['hits_with_next_day', 'With D+1', 'count'], ['mean_next_day_return', 'Mean D+1', 'percent'],
  ['median_next_day_return', 'Median D+1', 'percent'], ['share_next_day_return_negative', 'D+1 < 0', 'share'],
  ['mean_next_open_gap', 'Open gap', 'percent'], ['mean_ret_5d', '5 days', 'percent'],
  ['mean_max_high_5d', 'Max high 5d', 'percent'], ['mean_min_low_5d', 'Min low 5d', 'percent'],
];

/** The outcome summary: a row overall, per pattern and per tier. */
function summaryTable(summary) {
  const groups = [['all', 'All hits', summary.overall]];
  for (const [name, g] of Object.entries(summary.by_pattern || {})) groups.push(['pattern', headerOf(name), g, name]);
  for (const [name, g] of Object.entries(summary.by_tier || {})) groups.push(['tier', 'Tier ' + name, g, name]);
  return h('table', {class: 'summary-table'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, ''), SUMMARY_COLUMNS.map(([, title]) => h('th', {scope: 'col'}, title)))),
      h('tbody', {}, groups.map(([kind, title, g, name]) => h('tr', {dataset: {group: kind, name: name || 'all'}},
          h('th', {scope: 'row'}, title),
          SUMMARY_COLUMNS.map(([field, , format]) => h('td', {'data-field': field}, summaryValue(g[field], format)))))));
}

function summaryValue(v, format) {
  if (v === null || v === undefined) return '–';
  if (format === 'count') return String(v);
  if (format === 'share') return Math.round(v * 100) + ' %';
  return formatReturn(v);
}
