// The new-scan form: the scanner (listed by /api/scanners, else LC), dates, the scanner's params,
// tickers to include or exclude, outcomes; Start posts /api/scan/execute and opens the scan.

import {api, serverCapabilities} from './api.js';
import {addDays, fill, h} from './dom.js';
import {LC_SCANNER} from './schema.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

async function scanners(caps) {
  if (!caps.scanners) return {list: [LC_SCANNER], listed: false};
  try {
    const r = await api('/api/scanners');
    if (Array.isArray(r.scanners) && r.scanners.length) return {list: r.scanners, listed: true};
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  return {list: [LC_SCANNER], listed: false};
}

/** min_dollar_volume → "Min dollar volume". */
function label(name) {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function tickers(text) {
  return text.split(/[\s,;]+/).map(t => t.trim().toUpperCase()).filter(Boolean);
}

/** Renders the form into view, unless the page has moved on (isCurrent() false) while it loaded. */
export async function renderForm(view, isCurrent, chosen) {
  const caps = await serverCapabilities();
  const [{list, listed}, universe] = await Promise.all([
    scanners(caps),
    api('/api/scan/universe').catch(() => ({})),
  ]);
  const last = universe.last_session || new Date().toISOString().slice(0, 10);
  const first = universe.first_session || addDays(last, -730);
  const defaultStart = [addDays(last, -365), first].sort()[1];

  const error = h('p', {class: 'error', role: 'alert', hidden: true});
  const params = h('fieldset', {class: 'params'});
  const about = h('p', {class: 'muted scanner-description'});
  const scannerSelect = h('select', {name: 'scanner', id: 'f-scanner', disabled: list.length < 2},
      list.map(s => h('option', {value: s.name, title: s.description || null}, s.name + (s.builtin === false ? ' (yours)' : ''))));
  const showParams = () => {
    const s = list.find(x => x.name === scannerSelect.value) || list[0];
    fill(about, s.description || '', s.patterns && s.patterns.length ? ` Patterns: ${s.patterns.join(', ')}.` : '');
    const entries = Object.entries(s.params || {});
    params.hidden = entries.length === 0;
    fill(params, h('legend', {}, 'Parameters'), entries.map(([name, value]) =>
      h('label', {}, h('span', {}, label(name)),
          typeof value === 'boolean'
            ? h('input', {type: 'checkbox', name: 'param.' + name, checked: value, dataset: {type: 'boolean'}})
            : h('input', {type: typeof value === 'number' ? 'number' : 'text', step: 'any',
              name: 'param.' + name, value: String(value), dataset: {type: typeof value}}))));
  };
  if (chosen && list.some(s => s.name === chosen)) scannerSelect.value = chosen; // #/new/{scanner}, from the editor
  const edit = h('a', {href: '#/scanners/' + encodeURIComponent(scannerSelect.value), 'data-testid': 'edit-scanner'}, 'edit');
  scannerSelect.addEventListener('change', showParams);
  scannerSelect.addEventListener('change', () => { edit.href = '#/scanners/' + encodeURIComponent(scannerSelect.value); });
  showParams();

  const form = h('form', {class: 'scan-form card', 'data-testid': 'scan-form', novalidate: true},
      h('h1', {}, 'New scan'),
      h('div', {class: 'row'},
          h('label', {}, h('span', {}, 'Scanner'), scannerSelect),
          listed ? h('p', {class: 'scanner-links'}, edit, ' · ', h('a', {href: '#/scanners/new'}, 'new scanner')) : null,
          h('label', {}, h('span', {}, 'Start'), h('input', {name: 'start_date', value: defaultStart, placeholder: 'YYYY-MM-DD',
            pattern: '\\d{4}-\\d{2}-\\d{2}', required: true, autocomplete: 'off', inputmode: 'numeric'})),
          h('label', {}, h('span', {}, 'End'), h('input', {name: 'end_date', value: last, placeholder: 'YYYY-MM-DD',
            pattern: '\\d{4}-\\d{2}-\\d{2}', required: true, autocomplete: 'off', inputmode: 'numeric'}))),
      about,
      params,
      h('div', {class: 'row'},
          h('label', {class: 'wide'}, h('span', {}, 'Only these tickers'),
              h('input', {name: 'include_tickers', placeholder: 'all (or e.g. AAPL, MSFT)', autocomplete: 'off'})),
          h('label', {class: 'wide'}, h('span', {}, 'Never these tickers'),
              h('input', {name: 'exclude_tickers', placeholder: 'none', autocomplete: 'off'}))),
      h('label', {class: 'check', title: listed ? null : 'this server does not compute outcomes yet'},
          h('input', {type: 'checkbox', name: 'outcomes', disabled: !listed}), ' Outcomes (what happened after each hit)'),
      universe.data_source
        ? h('p', {class: 'muted'}, `Data: ${universe.data_source}, ${universe.total_tickers} tickers, `
            + `${universe.first_session || '?'} … ${universe.last_session || '?'}`)
        : null,
      error,
      h('button', {type: 'submit', class: 'primary'}, 'Start scan'));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.hidden = true;
    form.querySelectorAll('.invalid').forEach(el => el.classList.remove('invalid'));
    const fail = (field, message) => {
      error.textContent = message;
      error.hidden = false;
      const bare = field && field.replace(/^(filters|params)\./, '');
      const input = bare && (form.elements[bare] || form.elements['param.' + bare]);
      if (input && input.classList) {
        input.classList.add('invalid');
        input.focus();
      }
    };
    const start = form.elements.start_date.value.trim();
    const end = form.elements.end_date.value.trim();
    if (!DATE.test(start)) return fail('start_date', 'Start must be a date YYYY-MM-DD.');
    if (!DATE.test(end)) return fail('end_date', 'End must be a date YYYY-MM-DD.');
    // the server refuses a window without a session of its data too (a weekend, a holiday): this spares the round trip
    if (universe.first_session && universe.last_session && (start > universe.last_session || end < universe.first_session)) {
      return fail(start > universe.last_session ? 'start_date' : 'end_date', `No sessions of ${(universe.data_source || 'the').split(/[:(,]/)[0]} `
        + `data in ${start}..${end} (the data covers ${universe.first_session}..${universe.last_session}).`);
    }
    const values = {};
    for (const input of params.querySelectorAll('input')) {
      const name = input.name.slice('param.'.length);
      if (input.dataset.type === 'boolean') values[name] = input.checked;
      else if (input.dataset.type === 'number') {
        const x = Number(input.value);
        if (input.value.trim() === '' || !Number.isFinite(x)) return fail(input.name, `${name} must be a number.`);
        values[name] = x;
      } else values[name] = input.value;
    }
    const filters = {
      include_tickers: tickers(form.elements.include_tickers.value),
      exclude_tickers: tickers(form.elements.exclude_tickers.value),
    };
    // a server that lists scanners takes the scanner and its params; today's takes LC's params as filters
    const body = listed
      ? {scanner: scannerSelect.value, start_date: start, end_date: end, params: values, filters,
        outcomes: form.elements.outcomes.checked}
      : {start_date: start, end_date: end, filters: {...values, ...filters}};
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const r = await api('/api/scan/execute', {method: 'POST', body});
      location.hash = `#/scan/${r.scan_id}`;
    } catch (err) {
      fail(err.field, err.message);
    } finally {
      button.disabled = false;
    }
  });
  if (isCurrent()) fill(view, form);
}
