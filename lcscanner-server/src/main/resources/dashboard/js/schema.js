// What a scan's hits hold: the columns (name and kind) the results response lists, or LC's layout when it
// lists none, and what follows from them: the patterns to filter by, the tier, the compact preset.

/** LC's scanner when the server cannot list its scanners: today's request with its three filters. */
export const LC_SCANNER = {
  name: 'lc',
  description: 'LC: large-cap parabolic frontside setups',
  params: {min_volume: 10000000, min_dollar_volume: 500000000, min_price: 5},
  builtin: true,
};

const LC_FLAGS = ['lc_frontside_d3_extended_1', 'lc_frontside_d2_extended', 'lc_frontside_d2_extended_1'];

/** docs/spec/lc-scanner.md §6, then the §7 fields (shown when the rows have them). */
const LC_COLUMNS = [
  ['ticker', 'text'], ['date', 'date'], ...LC_FLAGS.map(f => [f, 'flag']),
  ['parabolic_score', 'number'], ['parabolic_tier', 'text'], ['gap_pct', 'number'], ['volume', 'number'],
  ['dollar_volume', 'number'], ['open_price', 'number'], ['high_price', 'number'], ['low_price', 'number'],
  ['close_price', 'number'], ['close_ua', 'number'], ['ema9', 'number'], ['ema20', 'number'], ['ema50', 'number'],
  ['ema200', 'number'], ['atr', 'number'], ['high_chg_atr', 'number'], ['dist_h_9ema_atr', 'number'],
  ['dist_h_20ema_atr', 'number'], ['close_range', 'number'],
].map(([name, kind]) => ({name, kind}));

const LC_PREMARKET = ['valid_pm_liq', 'avg_5d_pm_dol_vol', 'pmh_next_day', 'pm_dol_vol_next_day', 'open_next_day'];

/**
 * The columns of a results response: its "columns" when it lists them, else LC's layout, with any further
 * field the rows carry (e.g. outcomes) after it, typed by its values.
 */
export function columnsOf(results) {
  if (Array.isArray(results.columns) && results.columns.length) {
    return results.columns.map(c => (typeof c === 'string'
      ? {name: c, kind: 'text'}
      : {name: c.name, kind: String(c.kind || 'text').toLowerCase(), group: c.group, labels: c.labels}));
  }
  const rows = results.results || [];
  const cols = [...LC_COLUMNS];
  for (const name of LC_PREMARKET) {
    if (rows.some(r => name in r)) cols.push({name, kind: name === 'valid_pm_liq' ? 'flag' : 'number'});
  }
  const known = new Set(cols.map(c => c.name));
  for (const name of rows.length ? Object.keys(rows[0]) : []) {
    if (known.has(name)) continue;
    const value = rows.map(r => r[name]).find(v => v !== null && v !== undefined);
    cols.push({name, kind: typeof value === 'number' ? 'number' : 'text'});
  }
  return cols;
}

/** The scanner's patterns: its flag columns (the pattern group, when the server says). */
export function patternsOf(columns) {
  return columns.filter(c => (c.group ? c.group === 'pattern' : c.kind === 'flag' && c.name !== 'valid_pm_liq'))
      .map(c => c.name);
}

/** The tier column: the scanner's first text column with labels (else one named *_tier), or null. */
export function tierOf(columns) {
  const c = columns.find(col => col.group === 'value' && col.kind === 'text' && col.labels && col.labels.length)
    || columns.find(col => col.kind === 'text' && col.name.endsWith('_tier'));
  return c ? c.name : null;
}

const TIER_ORDER = ['A+', 'A', 'B', 'C', 'D'];

/** The tiers present in rows, best first. */
export function tiersIn(rows, tierColumn) {
  const seen = [...new Set(rows.map(r => r[tierColumn]).filter(t => t !== null && t !== undefined))];
  const rank = t => (TIER_ORDER.includes(t) ? TIER_ORDER.indexOf(t) : TIER_ORDER.length);
  return seen.sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}

const COMPACT_NUMBERS = ['close_price', 'gap_pct', 'volume', 'dollar_volume', 'atr', 'high_chg_atr'];

/**
 * The compact preset: what identifies a hit (text, date, flags), its score, and a few numbers: LC's
 * price, gap, volumes and range when the scanner has them, else its first four.
 */
export function compactColumns(columns) {
  const numbers = columns.filter(c => c.kind === 'number');
  const score = numbers.filter(c => c.name.endsWith('_score'));
  let picked = numbers.filter(c => COMPACT_NUMBERS.includes(c.name));
  if (!picked.length) picked = numbers.filter(c => !score.includes(c)).slice(0, 4);
  // with outcomes, the next day's and the week's return stay in view
  const outcomes = numbers.filter(c => c.name === 'next_day_return' || c.name === 'ret_5d');
  const keep = new Set([...score, ...picked, ...outcomes].map(c => c.name));
  return columns.filter(c => c.kind !== 'number' || keep.has(c.name));
}

/** A short header for a column: LC's pattern names are long. */
export function headerOf(name) {
  return name.replace(/^lc_frontside_/, '').replace(/_/g, ' ');
}
