// The hits table: sort by any column (click its header), filter by pattern and tier, all/compact columns,
// pages of PAGE_SIZE rows so thousands of hits stay responsive, one selected hit moved with ↑/↓.

import {h, fill, formatValue} from './dom.js';
import {compactColumns, headerOf, patternsOf, tierOf, tiersIn} from './schema.js';

const PAGE_SIZE = 100;
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

export class HitsTable {
  /**
   * @param rows     the hits (objects with a field per column)
   * @param columns  [{name, kind}]
   * @param onSelect called with the selected row (or null) after every selection change
   */
  constructor(rows, columns, onSelect) {
    this.all = rows.map((row, index) => ({row, index}));
    this.columns = columns;
    this.onSelect = onSelect;
    this.patterns = patternsOf(columns);
    this.tierColumn = tierOf(columns);
    // a scanner with many columns (LC's 24) opens compact; its other columns are one click away
    this.preset = columns.length > COMPACT_FROM && compactColumns(columns).length < columns.length ? 'compact' : 'all';
    this.pattern = '';
    this.tier = '';
    this.sort = null; // {name, dir: 1 | -1}
    this.page = 0;
    this.selected = null; // an entry of this.all
    this.view = this.all;

    this.table = h('table', {class: 'hits', 'data-testid': 'hits-table'});
    this.count = h('span', {class: 'count'});
    this.pager = h('div', {class: 'pager'});
    this.element = h('div', {class: 'hits-panel'}, this.toolbar(), h('div', {class: 'table-wrap'}, this.table), this.pager);
    this.refresh();
  }

  toolbar() {
    const preset = h('select', {'aria-label': 'Columns', onchange: e => { this.preset = e.target.value; this.render(); }},
        h('option', {value: 'all', selected: this.preset === 'all'}, 'All columns'),
        h('option', {value: 'compact', selected: this.preset === 'compact'}, 'Compact'));
    const pattern = h('select', {'aria-label': 'Pattern', 'data-filter': 'pattern',
      onchange: e => { this.pattern = e.target.value; this.refresh(); }},
    h('option', {value: ''}, 'Every pattern'), this.patterns.map(p => h('option', {value: p}, headerOf(p))));
    const tiers = this.tierColumn ? tiersIn(this.all.map(e => e.row), this.tierColumn) : [];
    const tier = h('select', {'aria-label': 'Tier', 'data-filter': 'tier', disabled: !this.tierColumn,
      onchange: e => { this.tier = e.target.value; this.refresh(); }},
    h('option', {value: ''}, 'Every tier'), tiers.map(t => h('option', {value: t}, 'Tier ' + t)));
    return h('div', {class: 'toolbar'}, preset, pattern, tier, this.count);
  }

  /** Filters and sorts again, keeping the selected hit on view when it still passes. */
  refresh() {
    let rows = this.all;
    if (this.pattern) rows = rows.filter(e => Number(e.row[this.pattern]) === 1);
    if (this.tier) rows = rows.filter(e => e.row[this.tierColumn] === this.tier);
    if (this.sort) {
      const {name, dir} = this.sort;
      const kind = (this.columns.find(c => c.name === name) || {}).kind;
      const numeric = kind === 'number' || kind === 'flag';
      rows = [...rows].sort((a, b) => {
        const x = a.row[name];
        const y = b.row[name];
        const xMissing = x === null || x === undefined;
        const yMissing = y === null || y === undefined;
        if (xMissing || yMissing) return xMissing === yMissing ? a.index - b.index : xMissing ? 1 : -1;
        const c = numeric ? Number(x) - Number(y) : String(x).localeCompare(String(y));
        return c !== 0 ? dir * c : a.index - b.index; // stable: ties keep the server's order
      });
    }
    this.view = rows;
    const at = this.selected ? rows.indexOf(this.selected) : -1;
    this.page = at >= 0 ? Math.floor(at / PAGE_SIZE) : Math.min(this.page, Math.max(0, this.pages() - 1));
    this.render();
  }

  pages() {
    return Math.ceil(this.view.length / PAGE_SIZE);
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
    this.refresh();
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
    const start = this.page * PAGE_SIZE;
    const body = h('tbody', {}, this.view.slice(start, start + PAGE_SIZE).map(entry => {
      const tr = h('tr', {dataset: {ticker: entry.row.ticker, date: entry.row.date},
        class: entry === this.selected ? 'selected' : null, 'aria-selected': entry === this.selected ? 'true' : null,
        onclick: () => this.select(entry)},
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
    const total = this.all.length;
    fill(this.count, this.view.length === total ? `${total} hits` : `${this.view.length} of ${total} hits`);
    const pages = this.pages();
    fill(this.pager, pages <= 1 ? null : [
      h('button', {type: 'button', disabled: this.page === 0, onclick: () => this.goTo(this.page - 1)}, '‹ Previous'),
      h('span', {}, ` page ${this.page + 1} of ${pages} `),
      h('button', {type: 'button', disabled: this.page >= pages - 1, onclick: () => this.goTo(this.page + 1)}, 'Next ›'),
    ]);
  }

  goTo(page) {
    this.page = page;
    this.render();
  }

  /** Selects an entry (and shows its page); null clears the selection. */
  select(entry, {notify = true} = {}) {
    this.selected = entry;
    const at = entry ? this.view.indexOf(entry) : -1;
    if (at >= 0 && Math.floor(at / PAGE_SIZE) !== this.page) this.page = Math.floor(at / PAGE_SIZE);
    this.render();
    if (entry && entry.tr) showRow(entry.tr);
    if (notify) this.onSelect(entry ? entry.row : null);
  }

  /** Selects the hit of ticker on date; returns whether it exists. */
  selectHit(ticker, date, options) {
    const entry = this.all.find(e => e.row.ticker === ticker && e.row.date === date);
    if (!entry) return false;
    if (!this.view.includes(entry)) {
      this.pattern = '';
      this.tier = '';
      this.element.querySelectorAll('[data-filter]').forEach(s => { s.value = ''; });
      this.refresh();
    }
    this.select(entry, options);
    return true;
  }

  /** Moves the selection by delta rows in the shown order (↑/↓). */
  move(delta) {
    if (!this.view.length) return;
    const at = this.selected ? this.view.indexOf(this.selected) : -1;
    const next = at < 0 ? (delta > 0 ? 0 : this.view.length - 1) : Math.min(this.view.length - 1, Math.max(0, at + delta));
    if (this.view[next] !== this.selected) this.select(this.view[next]);
  }
}
