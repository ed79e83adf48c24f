// The dashboard's entry: routes #/ (and #/new/{scanner}), #/scans, #/scan/{id}, #/scan/{id}/hit/{ticker}/{date},
// #/scanners/new and #/scanners/{name} to views.

import {api} from './api.js';
import {fill, h} from './dom.js';
import {renderEditor} from './editor.js';
import {renderForm} from './form.js';
import {renderHistory} from './history.js';
import {ScanView} from './scan.js';

const view = document.getElementById('view');
let current = null; // {name, scanId?, dispose?, route?, key?}

function parse(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'scans') return {name: 'scans'};
  if (parts[0] === 'scanners') return {name: 'scanners', scanner: parts[1] && parts[1] !== 'new' ? parts[1] : null};
  if (parts[0] === 'new' && parts[1]) return {name: 'new', scanner: parts[1]};
  if (parts[0] === 'scan' && parts[1]) {
    const r = {name: 'scan', scanId: parts[1]};
    if (parts[2] === 'hit' && parts[3] && parts[4]) {
      r.ticker = parts[3];
      r.date = parts[4];
    }
    return r;
  }
  return {name: 'new'};
}

function show() {
  const r = parse(location.hash);
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === r.name));
  if (current && current.name === 'scan' && r.name === 'scan' && current.scanId === r.scanId) {
    current.route(r); // same scan: only the selected hit changes
    return;
  }
  if (current && current.dispose) current.dispose();
  current = null;
  if (r.name === 'scans') {
    const stop = renderHistory(view);
    current = {name: 'scans', dispose: stop};
  } else if (r.name === 'scan') {
    const v = new ScanView(view, r);
    current = {name: 'scan', scanId: r.scanId, dispose: () => v.dispose(), route: x => v.route(x), key: e => v.key(e)};
  } else if (r.name === 'scanners') {
    current = {name: 'scanners', dispose: renderEditor(view, r.scanner)};
  } else {
    const mine = {name: 'new'};
    current = mine;
    renderForm(view, () => current === mine, r.scanner).catch(e => {
      if (current === mine) fill(view, h('p', {class: 'error', role: 'alert'}, e.message));
    });
  }
}

document.addEventListener('keydown', e => {
  const target = e.target;
  const typing = target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
  if (!typing && !e.altKey && !e.ctrlKey && !e.metaKey && current && current.key) current.key(e);
});

window.addEventListener('hashchange', show);
show();

api('/api/health').then(health => {
  fill(document.getElementById('server-info'), `${health.data_source} · v${health.version}`);
}).catch(() => {});
