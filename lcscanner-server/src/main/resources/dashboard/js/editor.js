// The scanner editor (#/scanners/new, #/scanners/{name}): the document as JSON, checked by the server as you
// type (POST /api/scanners/validate) with each problem at its key and position, saved with PUT /api/scanners/{name},
// then run from the scan form (#/new/{name}).

import {api} from './api.js';
import {fill, h} from './dom.js';

/** What a new document starts from: a small, valid scanner to change. */
const TEMPLATE = {
  name: 'my_scanner',
  description: 'A gap up on volume that holds',
  params: {min_gap: 0.03, min_rvol: 1.5, min_price: 5},
  lookback_days: 60,
  features: {pdc: 'shift(c, 1)', gap: 'o / pdc - 1', rvol: 'v / shift(sma(v, 20), 1)'},
  signals: {gapped_on_volume: 'gap >= $min_gap and rvol >= $min_rvol'},
  gate: 'c_ua >= $min_price',
  patterns: {gap_and_go: 'gapped_on_volume and c > o'},
  columns: {gap_pct: 'gap', rvol: 'rvol', close_price: 'c'},
};
const CHECK_DELAY_MS = 250;

/**
 * Where a problem points in the text: the start of the string value of its key (the last segment,
 * e.g. "gap" of features.gap, searched after its section's name) plus its 1-based position; -1 if not found.
 */
export function locate(text, key, position) {
  if (!key) return -1;
  const parts = key.split('.');
  let from = 0;
  for (let i = 0; i < parts.length; i++) {
    const name = JSON.stringify(parts[i]);
    const at = text.indexOf(name, from);
    if (at < 0) return -1;
    from = at + name.length;
  }
  const value = /\s*:\s*"/y;
  value.lastIndex = from;
  if (!value.exec(text)) return from;
  return value.lastIndex + Math.max(0, (position || 1) - 1);
}

/** Renders the editor; `name` is a stored or built-in scanner, or null for a new one. Returns a dispose function. */
export function renderEditor(view, name) {
  let disposed = false;
  let timer = null;
  let sequence = 0;
  let lastValid = false;
  const title = h('h1', {}, name ? `Scanner ${name}` : 'New scanner');
  const text = h('textarea', {name: 'document', rows: 24, spellcheck: 'false', autocomplete: 'off',
    'aria-label': 'Scanner document (JSON)', 'data-testid': 'scanner-json', class: 'scanner-json'});
  const status = h('p', {class: 'muted', 'data-testid': 'scanner-status', role: 'status'});
  const problems = h('ul', {class: 'problems', 'data-testid': 'scanner-problems'});
  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const save = h('button', {type: 'button', class: 'primary', disabled: true}, 'Save');
  const run = h('a', {class: 'button', hidden: true, 'data-testid': 'run-scanner'}, 'Run it');
  const card = h('section', {class: 'card scanner-editor', 'data-testid': 'scanner-editor'},
      title,
      h('p', {class: 'muted'}, 'A scanner is a JSON document (docs/spec/scanner-rules.md). It is checked as you type.'),
      text, status, problems, error, h('div', {class: 'row'}, save, run));

  const documentName = () => {
    try {
      const d = JSON.parse(text.value);
      return d && typeof d.name === 'string' ? d.name : null;
    } catch {
      return null;
    }
  };

  const showProblems = list => {
    fill(problems, list.map(p => h('li', {dataset: {key: p.key || '', position: String(p.position || 0)},
      tabindex: 0, title: 'show it in the document',
      onclick: () => point(p)}, h('code', {}, p.key || '(document)'),
      p.position ? `: position ${p.position}` : '', `: ${p.message}`)));
  };

  const point = p => {
    const at = locate(text.value, p.key, p.position);
    if (at < 0) return;
    text.focus();
    text.setSelectionRange(at, Math.min(text.value.length, at + 1));
  };

  const check = async () => {
    const mine = ++sequence;
    const body = text.value;
    let r;
    try {
      r = await api('/api/scanners/validate', {method: 'POST', body: body, raw: true});
    } catch (e) {
      if (mine !== sequence || disposed) return;
      fill(status, e.message);
      return;
    }
    if (mine !== sequence || disposed) return; // an older answer than the text now shown
    lastValid = r.valid;
    const n = r.errors.length;
    fill(status, r.valid ? `Valid (checked and compiled in ${r.compile_ms} ms).` : `${n} ${n === 1 ? 'problem' : 'problems'}.`);
    status.dataset.valid = String(r.valid);
    showProblems(r.errors);
    save.disabled = !r.valid || !documentName();
  };

  const changed = () => {
    save.disabled = true;
    run.hidden = true;
    status.dataset.valid = 'checking';
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_DELAY_MS);
  };
  text.addEventListener('input', changed);

  save.addEventListener('click', async () => {
    const target = documentName();
    if (!target || !lastValid) return;
    error.hidden = true;
    save.disabled = true;
    try {
      const r = await api(`/api/scanners/${encodeURIComponent(target)}`, {method: 'PUT', body: text.value, raw: true});
      fill(status, `${r.message}: ${target}.`);
      status.dataset.saved = target;
      run.href = `#/new/${encodeURIComponent(target)}`;
      run.hidden = false;
      if (target !== name) history.replaceState(null, '', `#/scanners/${encodeURIComponent(target)}`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      save.disabled = !lastValid;
    }
  });

  fill(view, card);
  (async () => {
    if (name) {
      try {
        const r = await api(`/api/scanners/${encodeURIComponent(name)}`);
        text.value = JSON.stringify(r.document, null, 2);
        if (r.builtin) fill(title, `Scanner ${name} (built-in: save a copy under another name)`);
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        text.value = JSON.stringify(TEMPLATE, null, 2);
      }
    } else {
      text.value = JSON.stringify(TEMPLATE, null, 2);
    }
    if (!disposed) check();
  })();
  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
