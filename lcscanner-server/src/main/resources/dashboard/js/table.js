// The hits table: sort by any column (click its header), filter by pattern and tier, all/compact columns,
// pages of PAGE_SIZE rows, one selected hit moved with ↑/↓. The server sorts and filters every hit of the scan
// (a scan may have millions): the table asks it for the page on view, never for all of them.

import {h, fill, formatValue} from './dom.js';
import {compactColumns, headerOf, patternsOf, tierOf, tiersIn} from './schema.js';

export const PAGE_SIZE = 100;
/** More columns than this open as the compact preset. */
const COMPACT_FROM = 16;

/** Scrolls the table (vertically only) so that tr is in view below the sticky header. */
function showRow(tr) {
  const wrap = tr.closest('.table-wrap');
  if (!wrap) return;
  const head = wrap.querySelector('thead');
  const top = tr.offsetTop - (head ? head.offsetHeight : 0);
  const bottom = tr.offsetTop + tr.offsetHeight;
  if (top < wrap.scrollTop) wrap.scrollTop = top;
  else if (bottom > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = bottom - wrap.clientHeight;
}

/** The stored order: date, then ticker. */
function storedBefore(row, ticker, date) {
  return row.date < date || (row.date === date && row.ticker < ticker);
}

export class HitsTable {
  /**
   * @param first    the server's first page of the scan in the stored order ({results, total_found})
   * @param columns  [{name, kind, labels?}]
   * @param load     asks the server for a page: ({offset, limit, sort, order, filter, pattern}) → {results, total_found}
   * @param onSelect called with the selected row (or null) after every selection change
   * @param onError  called with a message when a page cannot be had
   */
  constructor({first, columns, load, onSelect, onError = () => {}}) {
    this.columns = columns;
    this.load = load;
    this.onSelect = onSelect;
    this.onError = onError;
    this.patterns = patternsOf(columns);
    this.tierColumn = tierOf(columns);
    this.scanTotal = first.total_found;
    // a scanner with many columns (LC's 24) opens compact; its other columns are one click away
    this.preset = columns.length > COMPACT_FROM && compactColumns(columns).length < columns.length ? 'compact' : 'all';
    this.pattern = '';
    this.tier = '';
    this.sort = null; // {name, dir: 1 | -1}; null: the stored order
    this.page = 0;
    this.total = first.total_found; // the hits that pass the filters
    this.selected = null; // {ticker, date} of the selected hit
    this.asked = 0; // the latest request: an older answer arriving late is dropped
    this.view = (first.results || []).slice(0, PAGE_SIZE).map(row => ({row}));

    this.table = h('table', {class: 'hits', 'data-testid': 'hits-table'});
    this.count = h('span', {class: 'count'});
    this.pager = h('div', {class: 'pager'});
    this.element = h('div', {class: 'hits-panel'}, this.toolbar(first), h('div', {class: 'table-wrap'}, this.table),
        this.pager);
    this.render();
  }

  toolbar(first) {
    const preset = h('select', {'aria-label': 'Columns', onchange: e => { this.preset = e.target.value; this.render(); }},
        h('option', {value: 'all', selected: this.preset === 'all'}, 'All columns'),
        h('option', {value: 'compact', selected: this.preset === 'compact'}, 'Compact'));
    const pattern = h('select', {'aria-label': 'Pattern', 'data-filter': 'pattern',
      onchange: e => { this.pattern = e.target.value; this.refresh(); }},
    h('option', {value: ''}, 'Every pattern'), this.patterns.map(p => h('option', {value: p}, headerOf(p))));
    // the tiers the scanner declares; a scanner that declares none: those of the first page
    const col = this.columns.find(c => c.name === this.tierColumn);
    const tiers = !this.tierColumn ? [] : col && col.labels && col.labels.length
      ? tiersIn(col.labels.map(t => ({t})), 't') : tiersIn(first.results || [], this.tierColumn);
    const tier = h('select', {'aria-label': 'Tier', 'data-filter': 'tier', disabled: !this.tierColumn,
      onchange: e => { this.tier = e.target.value; this.refresh(); }},
    h('option', {value: ''}, 'Every tier'), tiers.map(t => h('option', {value: t}, 'Tier ' + t)));
    return h('div', {class: 'toolbar'}, preset, pattern, tier, this.count);
  }

  /** The server's query for the current filters and sort (the date column's descending order aside). */
  query() {
    const q = {filter: this.tier ? [`${this.tierColumn}:${this.tier}`] : [], pattern: this.pattern || undefined};
    if (this.sort && this.sort.name !== 'date') {
      q.sort = this.sort.name;
      q.order = this.sort.dir > 0 ? 'asc' : 'desc';
    }
    return q;
  }

  /** Newest first by date: the stored order read from its end (within a date, tickers Z → A). */
  reversed() {
    return this.sort && this.sort.name === 'date' && this.sort.dir < 0;
  }

  /**
   * Shows page (of the current filters and sort) once the server has sent it; resolves to whether it is shown
   * (false when the server failed or a later request overtook this one).
   */
  async goTo(page) {
    const asked = ++this.asked;
    const q = this.query();
    let answer;
    try {
      if (this.reversed()) {
        // the filters' total first, when the last answer was for other filters
        const total = this.totalFor === JSON.stringify(q) ? this.total
          : (await this.load({...q, offset: 0, limit: 1})).total_found;
        const end = Math.max(0, total - page * PAGE_SIZE);
        const start = Math.max(0, end - PAGE_SIZE);
        answer = end === 0 ? {results: [], total_found: total}
          : await this.load({...q, offset: start, limit: end - start});
        answer = {...answer, results: [...(answer.results || [])].reverse()};
      } else {
        answer = await this.load({...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE});
      }
    } catch (e) {
      if (asked === this.asked) this.onError(e.message);
      return false;
    }
    if (asked !== this.asked) return false;
    this.totalFor = JSON.stringify(q);
    this.total = answer.total_found;
    this.page = page;
    this.view = (answer.results || []).map(row => ({row}));
    this.render();
    return true;
  }

  /** Filters or sort changed: their first page. */
  refresh() {
    return this.goTo(0);
  }

  pages() {
    return Math.ceil(this.total / PAGE_SIZE);
  }

  shownColumns() {
    return this.preset === 'compact' ? compactColumns(this.columns) : this.columns;
  }

  sortBy(name) {
    const kind = (this.columns.find(c => c.name === name) || {}).kind;
    if (this.sort && this.sort.name === name) {
      this.sort = {name, dir: -this.sort.dir};
    } else {
      // numbers and flags: largest first, as a trader ranks them; text and dates: A → Z, oldest first
      this.sort = {name, dir: kind === 'number' || kind === 'flag' ? -1 : 1};
    }
    return this.refresh();
  }

  isSelected(entry) {
    return Boolean(this.selected && entry.row.ticker === this.selected.ticker && entry.row.date === this.selected.date);
  }

  render() {
    const cols = this.shownColumns();
    const head = h('tr', {}, cols.map(c => {
      const sorted = this.sort && this.sort.name === c.name;
      const ariaSort = sorted ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none';
      return h('th', {scope: 'col', 'data-col': c.name, 'aria-sort': ariaSort, class: c.kind, title: c.name,
        onclick: () => this.sortBy(c.name)},
      headerOf(c.name), sorted ? (this.sort.dir > 0 ? ' ▲' : ' ▼') : '');
    }));
    const body = h('tbody', {}, this.view.map(entry => {
      const on = this.isSelected(entry);
      const tr = h('tr', {dataset: {ticker: entry.row.ticker, date: entry.row.date},
        class: on ? 'selected' : null, 'aria-selected': on ? 'true' : null, onclick: () => this.select(entry)},
      cols.map(c => h('td', {class: c.kind, 'data-col': c.name}, formatValue(c, entry.row[c.name]))));
      entry.tr = tr;
      return tr;
    }));
    fill(this.table, h('thead', {}, head), body);
    // ticker and date stay put when the table scrolls sideways: date's offset is the ticker column's width,
    // followed as it changes (it is 0 until the table is on the page)
    const ticker = this.table.querySelector('th[data-col="ticker"]');
    if (!this.tickerWidth) {
      this.tickerWidth = new ResizeObserver(() => {
        const th = this.table.querySelector('th[data-col="ticker"]');
        if (th) this.table.style.setProperty('--date-left', th.offsetWidth + 'px');
      });
    }
    this.tickerWidth.disconnect();
    if (ticker) this.tickerWidth.observe(ticker);
    const all = this.scanTotal.toLocaleString('en-US');
    fill(this.count, this.total === this.scanTotal ? `${all} hits` : `${this.total.toLocaleString('en-US')} of ${all} hits`);
    const pages = this.pages();
    fill(this.pager, pages <= 1 ? null : [
      h('button', {type: 'button', disabled: this.page === 0, onclick: () => this.goTo(this.page - 1)}, '‹ Previous'),
      h('span', {}, ` page ${(this.page + 1).toLocaleString('en-US')} of ${pages.toLocaleString('en-US')} `),
      h('button', {type: 'button', disabled: this.page >= pages - 1, onclick: () => this.goTo(this.page + 1)}, 'Next ›'),
    ]);
  }

  /** Selects an entry of the page on view; null clears the selection. */
  select(entry, {notify = true} = {}) {
    this.selected = entry ? {ticker: entry.row.ticker, date: entry.row.date} : null;
    this.render();
    if (entry && entry.tr) showRow(entry.tr);
    if (notify) this.onSelect(entry ? entry.row : null);
  }

  /**
   * Selects the hit of ticker on date, showing its page; resolves to whether the scan has it. A hit not on the
   * page on view is found in the stored order (filters and sort cleared) by bisection, a hit per request.
   */
  async selectHit(ticker, date, options) {
    const here = this.view.find(e => e.row.ticker === ticker && e.row.date === date);
    if (here) {
      this.select(here, options);
      return true;
    }
    this.pattern = '';
    this.tier = '';
    this.sort = null;
    this.element.querySelectorAll('[data-filter]').forEach(s => { s.value = ''; });
    let lo = 0;
    let hi = this.scanTotal;
    try {
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        const [row] = (await this.load({offset: mid, limit: 1})).results || [];
        if (row && storedBefore(row, ticker, date)) lo = mid + 1;
        else hi = mid;
      }
    } catch (e) {
      this.onError(e.message);
      return false;
    }
    if (!(await this.goTo(Math.floor(lo / PAGE_SIZE)))) return false;
    const entry = this.view.find(e => e.row.ticker === ticker && e.row.date === date);
    if (!entry) return false;
    this.select(entry, options);
    return true;
  }

  /** Moves the selection by delta rows in the shown order (↑/↓), onto the next or previous page at its ends. */
  async move(delta) {
    if (!this.view.length) return;
    const at = this.view.findIndex(e => this.isSelected(e));
    const next = at < 0 ? (delta > 0 ? 0 : this.view.length - 1) : at + delta;
    if (next >= this.view.length) {
      if (this.page < this.pages() - 1 && await this.goTo(this.page + 1) && this.view.length) this.select(this.view[0]);
    } else if (next < 0) {
      if (this.page > 0 && await this.goTo(this.page - 1) && this.view.length) this.select(this.view[this.view.length - 1]);
    } else {
      this.select(this.view[next]);
    }
  }
}
