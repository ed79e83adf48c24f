// Small DOM helpers: the page builds its views with these instead of a framework.

/**
 * Creates an element: h('a', {href: '#/', class: 'x', onclick: fn, dataset: {id: 1}}, 'text', child…).
 * Attributes whose value is null, undefined or false are left out; true gives an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'value' || name === 'checked') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2});
const plain = new Intl.NumberFormat('en-US', {maximumFractionDigits: 4});

const signed = new Intl.NumberFormat('en-US', {minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero'});

/** A return (0.0125) as a signed percentage: "+1.25 %". */
export function formatReturn(x) {
  return signed.format(x * 100) + ' %';
}

/** A hit value as a trader reads it, by the column's kind, group and name. */
export function formatValue(column, value) {
  if (value === null || value === undefined || value === '') return '–';
  if (column.group === 'outcome' && Number.isFinite(Number(value))) return formatReturn(Number(value));
  switch (column.kind) {
    case 'flag':
      return Number(value) ? '✓' : '';
    case 'number': {
      const x = Number(value);
      if (!Number.isFinite(x)) return String(value);
      const name = column.name;
      if (name.includes('volume') || name.includes('dol_vol')) return integer.format(x);
      if (name.endsWith('_pct')) return decimal.format(x * 100) + ' %';
      if (name.endsWith('_score')) return plain.format(x);
      return decimal.format(x);
    }
    default:
      return String(value);
  }
}

/** Seconds as "0.4 s", "2 min 5 s". */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return (Math.round(seconds * 10) / 10) + ' s';
  const m = Math.floor(seconds / 60);
  return m + ' min ' + Math.round(seconds - m * 60) + ' s';
}

/** An ISO instant in the browser's time zone, to the minute. */
export function formatInstant(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** YYYY-MM-DD shifted by a number of calendar days (UTC arithmetic: dates have no time zone). */
export function addDays(date, days) {
  const t = Date.parse(date + 'T00:00:00Z') + days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole calendar days from a to b (both YYYY-MM-DD). */
export function daysBetween(a, b) {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000);
}
