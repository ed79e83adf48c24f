// A hit on its daily chart: candlesticks from 60 sessions before the hit to 20 after, EMA 9/20/50/200, a
// volume pane, the hit day marked. Bars and EMAs come from /api/bars, computed by the scanner itself.

import {createChart, CandlestickSeries, HistogramSeries, LineSeries, createSeriesMarkers}
  from '../vendor/lightweight-charts-5.2.1/lightweight-charts.standalone.production.mjs';
import {api} from './api.js';
import {addDays, daysBetween, fill, h} from './dom.js';

export const SESSIONS_BEFORE = 60;
export const SESSIONS_AFTER = 20;
const EMAS = [['ema9', '#f5c542'], ['ema20', '#4aa3ff'], ['ema50', '#c678dd'], ['ema200', '#e8e8e8']];
const UP = '#26a69a';
const DOWN = '#ef5350';
const HIT = '#ffb020';
/** The longest history /api/bars loads before its range (a scan's bound). */
/** The server loads at most 5 years for a chart, lookback included (SCANNER_BARS_MAX_YEARS' default). */
const MAX_LOAD_DAYS = 5 * 365;

export class HitChart {
  /** @param container the element that holds the chart's canvas (data-testid="chart") */
  constructor(container) {
    this.container = container;
    this.caption = h('div', {class: 'chart-caption'});
    this.canvasHolder = h('div', {class: 'chart-canvas'});
    fill(container, this.caption, this.canvasHolder);
    this.chart = createChart(this.canvasHolder, {
      autoSize: true,
      layout: {background: {color: '#12161c'}, textColor: '#c9d1d9', attributionLogo: true,
        panes: {separatorColor: '#2a313b'}},
      grid: {vertLines: {color: '#1d232c'}, horzLines: {color: '#1d232c'}},
      rightPriceScale: {borderColor: '#2a313b'},
      timeScale: {borderColor: '#2a313b'},
      crosshair: {mode: 0},
    });
    this.candles = this.chart.addSeries(CandlestickSeries, {upColor: UP, downColor: DOWN, wickUpColor: UP,
      wickDownColor: DOWN, borderVisible: false, priceLineVisible: false});
    this.emas = EMAS.map(([name, color]) => this.chart.addSeries(LineSeries, {color, lineWidth: 1, title: name,
      priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false}));
    this.volume = this.chart.addSeries(HistogramSeries, {priceFormat: {type: 'volume'}, priceLineVisible: false,
      lastValueVisible: false}, 1);
    this.chart.panes()[1].setStretchFactor(0.25);
    this.markers = createSeriesMarkers(this.candles, []);
    this.request = 0;
  }

  /**
   * Shows hit (a row with ticker and date) of a scan. The bars' EMAs are seeded where the scan's were: at
   * the scan's start minus its lookback, so they equal the hit's ema values.
   *
   * @param scan {start_date, lookback_days, reference_rounding}
   */
  async show(hit, scan) {
    const request = ++this.request;
    this.container.dataset.state = 'loading';
    this.container.dataset.ticker = hit.ticker;
    this.container.dataset.hitDate = hit.date;
    delete this.container.dataset.markedDate;
    fill(this.caption, h('strong', {}, hit.ticker), ' ', hit.date, h('span', {class: 'muted'}, ' loading…'));
    // enough calendar days for 60 sessions before and 20 after, trimmed below
    const from = addDays(hit.date, -Math.ceil(SESSIONS_BEFORE * 7 / 5) - 20);
    const to = addDays(hit.date, Math.ceil(SESSIONS_AFTER * 7 / 5) + 12);
    const seed = addDays(scan.start_date || from, -(scan.lookback_days ?? 400));
    // a hit years into a long scan gets the longest seed the server loads: its slow EMAs may then differ from
    // the hit's in the last digits
    const lookback = Math.min(MAX_LOAD_DAYS - daysBetween(from, to), Math.max(0, daysBetween(seed, from)));
    const rounding = scan.reference_rounding === false ? 'none' : 'reference';
    const params = new URLSearchParams({from, to, lookback_days: String(lookback), rounding});
    let data;
    try {
      data = await api(`/api/bars/${encodeURIComponent(hit.ticker)}?${params}`);
    } catch (e) {
      if (request !== this.request) return;
      this.container.dataset.state = 'error';
      fill(this.caption, h('strong', {}, hit.ticker), ' ', hit.date, h('span', {class: 'error'}, ' ' + e.message));
      return;
    }
    if (request !== this.request) return; // a newer hit was asked for meanwhile
    let bars = data.bars;
    const at = bars.findIndex(b => b.date >= hit.date);
    if (at >= 0) bars = bars.slice(Math.max(0, at - SESSIONS_BEFORE), at + SESSIONS_AFTER + 1);
    this.candles.setData(bars.map(b => ({time: b.date, open: b.open, high: b.high, low: b.low, close: b.close})));
    this.emas.forEach((series, i) => {
      const name = EMAS[i][0];
      series.setData(bars.filter(b => b[name] !== null).map(b => ({time: b.date, value: b[name]})));
    });
    this.volume.setData(bars.map(b => ({time: b.date, value: b.volume,
      color: b.close >= b.open ? UP + '80' : DOWN + '80'})));
    const marked = bars.some(b => b.date === hit.date);
    this.markers.setMarkers(marked
      ? [{time: hit.date, position: 'aboveBar', color: HIT, shape: 'arrowDown', text: 'hit'}] : []);
    this.chart.timeScale().fitContent();
    // what the chart holds, for people and tests: the marked day as the chart library has it
    const held = this.markers.markers();
    if (held.length) this.container.dataset.markedDate = String(held[0].time);
    this.container.dataset.state = 'ready';
    this.container.dataset.bars = String(bars.length);
    fill(this.caption, h('strong', {}, hit.ticker), ' ', hit.date,
        h('span', {class: 'legend'}, EMAS.map(([name, color]) => h('span', {class: 'ema-' + name}, name))),
        marked ? null : h('span', {class: 'muted'}, ' (no bar on the hit day)'));
    this.legendColours();
  }

  legendColours() {
    for (const [name, color] of EMAS) {
      const el = this.caption.querySelector('.ema-' + name);
      if (el) el.style.color = color;
    }
  }

  dispose() {
    this.request++;
    this.chart.remove();
  }
}
