// The page of `planlint serve`. Plain JavaScript, no build step, nothing loaded from elsewhere.
// Document text is only ever put into the page through textContent and text nodes, never
// innerHTML: a plan may contain anything, <script> included.
'use strict';

const $ = (sel) => document.querySelector(sel);

const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' };
const SEVERITY_RANK = { info: 1, warning: 2, error: 3 };
const KIND_LABEL = { date: '明确日期', recurring: '周期性', ongoing: '长期', vague: '模糊' };
const PACK_LABEL = {
  plan: '任务要素', format: '公文格式', punctuation: '标点', numbers: '数字与日期',
  wording: '用词', hygiene: '残留与乱码',
};
const PASTED_NAME = '粘贴的方案.txt';
const REVIEW_DELAY_MS = 300;

const state = {
  doc: null,        // { name, body }: what the server reads, as typed or as uploaded
  review: null,     // the last /api/review answer
  findings: [],     // its diagnostics with UTF-16 offsets (from, to) and an id
  marks: new Map(), // finding id → the elements that mark it
  seq: 0,           // answers to older requests are dropped
  timer: null,
  packs: [],
};

// ---- offsets ------------------------------------------------------------------------------

// The CLI's spans are byte offsets into UTF-8; a JavaScript string counts UTF-16 units, and a
// character outside the BMP (𠀀) is 4 bytes but 2 units. One pass over the text converts every
// offset asked for.
function utf16Indices(text, byteOffsets) {
  const wanted = [...new Set(byteOffsets)].sort((a, b) => a - b);
  const out = new Map();
  let bytes = 0;
  let units = 0;
  for (const offset of wanted) {
    while (bytes < offset && units < text.length) {
      const cp = text.codePointAt(units);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      units += cp >= 0x10000 ? 2 : 1;
    }
    out.set(offset, units);
  }
  return out;
}

// ---- requests -----------------------------------------------------------------------------

function options() {
  const params = new URLSearchParams();
  const today = $('#today').value;
  if (today) params.set('today', today);
  const packs = [...document.querySelectorAll('#packs input:checked')].map((i) => i.value);
  if (packs.length < state.packs.length) params.set('packs', packs.join(','));
  return { params, packs };
}

async function post(path, doc) {
  const { params } = options();
  params.set('name', doc.name);
  const res = await fetch(`${path}?${params}`, { method: 'POST', body: doc.body });
  if (!res.ok) {
    let message = `服务出错（${res.status}）`;
    try {
      const err = await res.json();
      message = err.path ? `${err.path}：${err.error}` : err.error;
    } catch (_) { /* not JSON: keep the status */ }
    throw new Error(message);
  }
  return res;
}

function setStatus(message, kind) {
  const s = $('#status');
  s.textContent = message;
  s.className = `status ${kind || ''}`;
}

async function runReview() {
  clearTimeout(state.timer);
  if (!state.doc) return;
  if (options().packs.length === 0) {
    setStatus('请至少选择一个规则包。', 'error');
    return;
  }
  const seq = ++state.seq;
  const started = performance.now();
  setStatus('正在检查…', 'busy');
  try {
    const res = await post('/api/review', state.doc);
    const review = await res.json();
    if (seq !== state.seq) return;
    state.review = review;
    if (state.doc.body instanceof Blob) $('#plan').value = review.text;
    render();
    const ms = Math.round(performance.now() - started);
    setStatus(`检查完成（${ms} 毫秒）。`, 'done');
  } catch (e) {
    if (seq !== state.seq) return;
    setStatus(e.message, 'error');
  }
}

function scheduleReview() {
  clearTimeout(state.timer);
  state.timer = setTimeout(runReview, REVIEW_DELAY_MS);
}

// ---- input --------------------------------------------------------------------------------

function stem(name) {
  const base = name.split(/[\\/]/).pop();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

// Once edited in the text area, an uploaded .docx is plain text; .md stays Markdown.
function editedName(name) {
  if (!name) return PASTED_NAME;
  return /\.(md|markdown|txt|text)$/i.test(name) ? name : `${stem(name)}.txt`;
}

function useText(text, name) {
  state.doc = { name, body: text };
  $('#doc-name').textContent = name === PASTED_NAME ? '' : name;
}

function loadFile(file) {
  if (!file) return;
  state.doc = { name: file.name, body: file };
  $('#doc-name').textContent = file.name;
  runReview();
}

function setUpInput() {
  $('#plan').addEventListener('input', () => {
    useText($('#plan').value, editedName(state.doc && state.doc.name));
    scheduleReview();
  });
  $('#file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  $('#run').addEventListener('click', () => {
    if (!state.doc && $('#plan').value) useText($('#plan').value, PASTED_NAME);
    runReview();
  });
  $('#sample').addEventListener('click', async () => {
    const text = await (await fetch('/sample.txt')).text();
    $('#plan').value = text;
    useText(text, '示例方案.txt');
    runReview();
  });
  // Dropping a file anywhere on the page loads it; the browser must not open it instead.
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    $('#drop').classList.add('dragging');
  });
  document.addEventListener('dragleave', () => $('#drop').classList.remove('dragging'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    $('#drop').classList.remove('dragging');
    loadFile(e.dataTransfer.files[0]);
  });
  $('#today').addEventListener('change', runReview);
  $('#severities').addEventListener('change', () => state.review && render());
}

async function setUpPacks() {
  const res = await fetch('/api/packs');
  state.packs = (await res.json()).packs;
  const box = $('#packs');
  for (const name of state.packs) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.value = name;
    input.checked = true;
    input.addEventListener('change', runReview);
    label.append(input, ` ${PACK_LABEL[name] || name}`);
    box.append(label);
  }
}

// ---- rendering ----------------------------------------------------------------------------

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function shownSeverities() {
  return new Set([...document.querySelectorAll('#severities input:checked')].map((i) => i.value));
}

function render() {
  const { text, check, extract } = state.review;
  const diagnostics = check.files[0].diagnostics;
  const offsets = diagnostics.flatMap((d) => [d.span.start, d.span.end]);
  const at = utf16Indices(text, offsets);
  const shown = shownSeverities();
  state.findings = diagnostics
    .map((d, id) => ({ ...d, id, from: at.get(d.span.start), to: at.get(d.span.end) }))
    .filter((f) => shown.has(f.severity));
  $('#results').hidden = false;
  renderCounts(extract.files[0], diagnostics);
  renderText(text, state.findings);
  renderRuleList(state.findings);
  renderLedger(extract.files[0]);
  renderFixButton(diagnostics);
  $('#finding').hidden = true;
}

function ledgerCounts(ledger) {
  const tasks = ledger.tasks;
  return {
    tasks: tasks.length,
    noUnit: tasks.filter((t) => t.units.length === 0).length,
    noDeadline: tasks.filter((t) => !t.deadline).length,
    vague: tasks.filter((t) => t.deadline && t.deadline.kind === 'vague').length,
    accountability: ledger.accountability.length,
  };
}

function renderCounts(ledger, diagnostics) {
  const c = ledgerCounts(ledger);
  const box = $('#counts');
  box.replaceChildren();
  // A count reads number first (9 项任务); a state reads label first (问责条款 有).
  const card = (id, label, value, bad, labelFirst) => {
    const d = el('div', `count${bad ? ' bad' : ''}`);
    d.id = id;
    const parts = [el('span', 'value', String(value)), el('span', 'label', label)];
    d.append(...(labelFirst ? parts.reverse() : parts));
    box.append(d);
  };
  card('count-tasks', '项任务', c.tasks, false);
  card('count-no-unit', '项未明确责任单位', c.noUnit, c.noUnit > 0);
  card('count-no-deadline', '项未明确完成时限', c.noDeadline, c.noDeadline > 0);
  card('count-vague', '项时限模糊', c.vague, c.vague > 0);
  card('count-accountability', '问责条款', c.accountability > 0 ? `有（${c.accountability} 处）` : '无',
    c.accountability === 0 && c.tasks > 0, true);
  const bySeverity = (s) => diagnostics.filter((d) => d.severity === s).length;
  card('count-findings', '问题',
    `错误 ${bySeverity('error')} · 警告 ${bySeverity('warning')} · 提示 ${bySeverity('info')}`, false, true);
  box.hidden = false;
}

// The text, one element per line, cut wherever a finding starts or ends, so every piece is
// covered by a fixed set of findings and is marked in the colour of the most severe one.
function renderText(text, findings) {
  const box = $('#text');
  const cuts = new Set([0, text.length]);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) cuts.add(i + 1);
  const starts = new Map();
  const ends = new Map();
  const points = new Map();
  const push = (map, key, f) => (map.get(key) || map.set(key, []).get(key)).push(f);
  for (const f of findings) {
    if (f.from === f.to) {
      push(points, f.from, f);
      cuts.add(f.from);
    } else {
      push(starts, f.from, f);
      push(ends, f.to, f);
      cuts.add(f.from);
      cuts.add(f.to);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  state.marks = new Map();
  const frag = document.createDocumentFragment();
  let lineNo = 1;
  let line = newLine(lineNo);
  const active = new Set();
  for (let k = 0; k < sorted.length; k += 1) {
    const pos = sorted[k];
    for (const f of ends.get(pos) || []) active.delete(f);
    for (const f of starts.get(pos) || []) active.add(f);
    for (const f of points.get(pos) || []) line.append(markElement([f], '', true));
    if (k + 1 === sorted.length) break;
    let piece = text.slice(pos, sorted[k + 1]);
    const endsLine = piece.endsWith('\n');
    if (endsLine) piece = piece.slice(0, -1).replace(/\r$/, '');
    if (piece) line.append(active.size ? markElement([...active], piece, false) : piece);
    if (endsLine) {
      frag.append(line);
      lineNo += 1;
      line = newLine(lineNo);
    }
  }
  frag.append(line);
  box.replaceChildren(frag);
}

function newLine(n) {
  const d = el('div', 'line');
  d.dataset.line = String(n);
  return d;
}

function markElement(covering, piece, point) {
  const worst = covering.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
  const m = el('mark', `mark sev-${worst.severity}${point ? ' point' : ''}`, piece);
  m.dataset.findings = covering.map((f) => f.id).join(' ');
  m.dataset.codes = covering.map((f) => f.code).join(' ');
  m.title = covering.map((f) => `${f.code} ${f.message}${f.help ? `\n${f.help}` : ''}`).join('\n\n');
  m.tabIndex = 0;
  m.addEventListener('click', () => showFindings(covering, m));
  m.addEventListener('keydown', (e) => { if (e.key === 'Enter') showFindings(covering, m); });
  for (const f of covering) {
    if (!state.marks.has(f.id)) state.marks.set(f.id, []);
    state.marks.get(f.id).push(m);
  }
  return m;
}

function showFindings(findings, mark) {
  for (const m of document.querySelectorAll('mark.selected')) m.classList.remove('selected');
  for (const f of findings) for (const m of state.marks.get(f.id) || []) m.classList.add('selected');
  const box = $('#finding');
  box.replaceChildren();
  for (const f of findings) {
    const item = el('article', `detail sev-${f.severity}`);
    const head = el('header');
    head.append(el('span', 'code', f.code), el('span', 'severity', SEVERITY_LABEL[f.severity]),
      el('span', 'where', `第 ${f.start.line} 行第 ${f.start.column} 列`));
    item.append(head, el('p', 'message', f.message));
    if (f.help) item.append(el('p', 'help', f.help));
    if (f.fix) {
      const fix = el('p', 'fix');
      const how = f.fix.applicability === 'safe' ? '安全修复' : '建议修改（需人工确认）';
      const into = f.fix.edits.map((e) => (e.replacement ? `改为“${e.replacement}”` : '删除')).join('；');
      fix.textContent = `${how}：${into}`;
      item.append(fix);
    }
    box.append(item);
  }
  box.hidden = false;
  if (mark) mark.focus({ preventScroll: true });
}

function focusFinding(f) {
  const marks = state.marks.get(f.id) || [];
  if (marks[0]) marks[0].scrollIntoView({ block: 'center' });
  showFindings([f], marks[0]);
}

function renderRuleList(findings) {
  const box = $('#rules-list');
  box.replaceChildren();
  const groups = new Map();
  for (const f of findings) {
    if (!groups.has(f.code)) groups.set(f.code, []);
    groups.get(f.code).push(f);
  }
  if (groups.size === 0) {
    box.append(el('p', 'empty', '没有发现问题。'));
    return;
  }
  const codes = [...groups.keys()].sort((a, b) => {
    const rank = (c) => -SEVERITY_RANK[groups.get(c)[0].severity];
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  for (const code of codes) {
    const list = groups.get(code);
    const group = el('details', `rule sev-${list[0].severity}`);
    group.dataset.code = code;
    group.open = list.length <= 5;
    const summary = el('summary');
    summary.append(el('span', 'code', code), el('span', 'rule-id', list[0].rule), el('span', 'n', String(list.length)));
    group.append(summary);
    const ul = el('ul');
    for (const f of list) {
      const li = el('li');
      const b = el('button', 'jump', `第 ${f.start.line} 行：${f.message}`);
      b.type = 'button';
      b.addEventListener('click', () => focusFinding(f));
      li.append(b);
      ul.append(li);
    }
    group.append(ul);
    box.append(group);
  }
}

// The ledger's columns as `planlint extract --format csv` fills them.
function ledgerRow(task) {
  const inherited = task.units.some((u) => u.source === 'inherited');
  const names = (want) => {
    const s = task.units.filter((u) => want(u.role)).map((u) => u.name).join('、');
    return s && inherited ? `${s}（承前）` : s;
  };
  const marker = task.marker || '';
  const title = /[\p{L}\p{N}]$/u.test(marker) ? `${marker} ${task.title}` : `${marker}${task.title}`;
  return {
    lead: names((r) => r === 'lead'),
    others: names((r) => r !== 'lead'),
    title,
    deadline: task.deadline ? task.deadline.text : '',
    kind: task.deadline ? KIND_LABEL[task.deadline.kind] : '未明确',
  };
}

function renderLedger(ledger) {
  const body = $('#ledger tbody');
  body.replaceChildren();
  for (const task of ledger.tasks) {
    const row = ledgerRow(task);
    const tr = el('tr');
    tr.dataset.line = String(task.line);
    if (task.units.length === 0) tr.classList.add('no-unit');
    if (!task.deadline) tr.classList.add('no-deadline');
    if (task.deadline && task.deadline.kind === 'vague') tr.classList.add('vague');
    const missing = (value, cls) => (value ? el('td', cls, value) : el('td', `${cls} missing`, '未明确'));
    // A task with responsible units but none leading is no missing unit: only the lead is blank.
    const lead = row.lead || task.units.length === 0 ? missing(row.lead, 'lead') : el('td', 'lead', '—');
    tr.append(el('td', 'id', String(task.id)), el('td', 'title', row.title), lead,
      el('td', 'others', row.others), missing(row.deadline, 'deadline'), el('td', 'kind', row.kind));
    tr.addEventListener('click', () => jumpToLine(task.line));
    body.append(tr);
  }
  if (ledger.tasks.length === 0) {
    const tr = el('tr');
    const td = el('td', 'empty', '未识别到任务（任务应写在“重点任务”“主要任务”等部分的编号条目中）。');
    td.colSpan = 6;
    tr.append(td);
    body.append(tr);
  }
  renderExtras(ledger);
}

function renderExtras(ledger) {
  const box = $('#extras');
  box.replaceChildren();
  const list = (title, items) => {
    if (items.length === 0) return;
    box.append(el('h3', '', title));
    const ul = el('ul');
    for (const q of items) ul.append(el('li', '', `第 ${q.line} 行：${q.text}`));
    box.append(ul);
  };
  list('问责条款', ledger.accountability);
  list('量化目标', ledger.targets);
}

function jumpToLine(n) {
  const line = document.querySelector(`#text .line[data-line="${n}"]`);
  if (!line) return;
  line.scrollIntoView({ block: 'center' });
  line.classList.remove('flash');
  void line.offsetWidth; // restart the animation
  line.classList.add('flash');
}

// ---- fixes and downloads ------------------------------------------------------------------

function renderFixButton(diagnostics) {
  const safe = diagnostics.filter((d) => d.fix && d.fix.applicability === 'safe').length;
  const b = $('#apply-fixes');
  b.disabled = safe === 0;
  b.textContent = safe ? `一键应用安全修复（${safe} 处）` : '没有可自动修复的问题';
}

async function applyFixes() {
  if (!state.doc) return;
  try {
    const res = await post('/api/fix', state.doc);
    const { text, fixed } = await res.json();
    $('#plan').value = text;
    useText(text, editedName(state.doc.name));
    await runReview();
    setStatus(`已应用 ${fixed} 处安全修复；可下载修改后的文本。`, 'done');
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}

async function download(path, ext) {
  if (!state.doc) return;
  try {
    const res = await post(path, state.doc);
    save(await res.blob(), `${stem(state.doc.name)}-任务清单.${ext}`);
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function setUpActions() {
  $('#apply-fixes').addEventListener('click', applyFixes);
  // With a byte-order mark, Notepad and WPS on older Windows open the text as UTF-8.
  $('#download-text').addEventListener('click', () => {
    if (!state.review) return;
    const blob = new Blob(['\ufeff', state.review.text], { type: 'text/plain;charset=utf-8' });
    save(blob, `${stem(state.doc.name)}-修改后.txt`);
  });
  $('#download-csv').addEventListener('click', () => download('/api/ledger.csv', 'csv'));
  $('#download-xlsx').addEventListener('click', () => download('/api/ledger.xlsx', 'xlsx'));
}

setUpInput();
setUpActions();
setUpPacks().catch((e) => setStatus(`无法读取规则包列表：${e.message}`, 'error'));
