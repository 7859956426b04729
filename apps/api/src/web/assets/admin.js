/*
 * Rally staff console: a thin client of the admin JSON API. Roles, CSRF and the audit log are
 * enforced there; this script only hides what the signed-in role cannot do. All markup is
 * server-rendered; values are set with textContent / .value, never parsed as HTML.
 */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var csrf = null;
  var me = null;
  var campaigns = [];
  var editing = { campaign: null, action: null, actionCampaign: null };
  var deliveryAction = null;
  var previewTimer = null;

  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (res.status === 401 && path.indexOf('/api/auth/') !== 0) showLogin();
          return { status: res.status, json: json };
        });
      }, function () { return { status: 0, json: { detail: 'The server could not be reached.' } }; });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function canEdit() { return !!me && (me.role === 'editor' || me.role === 'admin'); }
  function isAdmin() { return !!me && me.role === 'admin'; }
  function detail(r) { return (r.json && (r.json.detail || r.json.title)) || ('HTTP ' + r.status); }

  function say(text, bad) {
    var s = $('admin-status');
    s.textContent = text;
    s.className = bad ? 'bad' : '';
  }

  /* --- views: the list, or one panel at a time ------------------------------------------- */
  var PANELS = ['admin-campaign-editor', 'admin-action-editor', 'admin-delivery'];
  function show(panelId) {
    $('admin-list').hidden = !!panelId;
    $('admin-tokens').hidden = !!panelId || !isAdmin();
    PANELS.forEach(function (id) { $(id).hidden = id !== panelId; });
    if (panelId) $(panelId).querySelector('h2').focus();
  }
  function backToList(focusId) {
    show(null);
    clearTimeout(previewTimer);
    var target = focusId && document.querySelector('[data-focus-key="' + focusId + '"]');
    (target || $('admin-campaigns-h')).focus();
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-cancel]'), function (b) {
    b.addEventListener('click', function () { backToList(); });
  });

  /* --- sign in / out -------------------------------------------------------------------- */
  function showLogin() {
    me = null; csrf = null;
    $('admin-token-secret').textContent = '';
    $('admin-token-created').hidden = true;
    $('admin-main').hidden = true;
    $('admin-login').hidden = false;
  }

  function signedIn(who) {
    csrf = who.csrfToken;
    me = who.user;
    $('admin-login').hidden = true;
    $('admin-main').hidden = false;
    $('admin-who').textContent = 'Signed in as ' + (me.email || 'API token') + ' (' + me.role + ')';
    Array.prototype.forEach.call(document.querySelectorAll('[data-needs-edit]'), function (n) { n.hidden = !canEdit(); });
    show(null);
    load();
    if (isAdmin()) loadTokens();
  }

  $('admin-login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var form = ev.target;
    api('POST', '/api/auth/login', { email: form.email.value, password: form.password.value }).then(function (r) {
      if (r.status === 200) { $('admin-login-error').textContent = ''; form.password.value = ''; return signedIn(r.json); }
      $('admin-login-error').textContent = r.status === 401 ? 'Wrong email address or password.' : detail(r);
    });
  });
  $('admin-logout').addEventListener('click', function () {
    api('POST', '/api/auth/logout', undefined).then(function () { showLogin(); say(''); $('admin-email').focus(); });
  });

  /* --- the campaigns and actions table ---------------------------------------------------- */
  function button(label, context, onClick, key) {
    var b = el('button', { type: 'button', class: 'secondary' }, label);
    b.appendChild(el('span', { class: 'visually-hidden' }, ' ' + context));
    if (key) b.setAttribute('data-focus-key', key);
    b.addEventListener('click', onClick);
    return b;
  }

  var DONE = { publish: 'Published.', close: 'Closed.', reopen: 'Reopened.' };
  var LABEL = { publish: 'Publish', close: 'Close', reopen: 'Reopen' };
  function transitions(status) {
    if (status === 'draft') return ['publish'];
    if (status === 'live') return ['close'];
    if (status === 'closed') return ['reopen'];
    return [];
  }

  function transition(path, op, title) {
    return function () {
      api('POST', path + '/' + op, {}).then(function (r) {
        if (r.status < 300) say(DONE[op] + ' ' + title);
        else {
          var errs = (r.json && r.json.errors) || [];
          say('Not done: ' + detail(r) + (errs.length && !/:/.test(detail(r)) ? ' (' + errs.map(function (e) { return e.message; }).join('; ') + ')' : ''), true);
        }
        load();
      });
    };
  }

  function badge(status) { return el('span', { class: 'badge ' + status }, status); }

  function load() {
    return Promise.all([api('GET', '/api/admin/campaigns'), api('GET', '/api/admin/delivery')]).then(function (rs) {
      if (rs[0].status !== 200) { if (rs[0].status !== 401) say('Could not load campaigns: ' + detail(rs[0]), true); return; }
      campaigns = rs[0].json || [];
      var delivery = {};
      (Array.isArray(rs[1].json) ? rs[1].json : []).forEach(function (d) { delivery[d.actionId] = d; });
      var rows = $('admin-rows');
      rows.textContent = '';
      campaigns.forEach(function (c) {
        var tr = el('tr', { 'data-campaign': c.slug, class: 'campaign' });
        tr.appendChild(el('th', { scope: 'row' }, c.title));
        var st = el('td', { 'data-status': '' }); st.appendChild(badge(c.status)); tr.appendChild(st);
        tr.appendChild(el('td', { colspan: '4' }));
        var cell = el('td');
        if (canEdit()) {
          cell.appendChild(button('Edit', c.title, function () { openCampaign(c); }, 'c-edit-' + c.id));
          cell.appendChild(button('New action', 'in ' + c.title, function () { openAction(c, null); }, 'c-new-' + c.id));
          transitions(c.status).forEach(function (op) { cell.appendChild(button(LABEL[op], c.title, transition('/api/admin/campaigns/' + c.id, op, c.title))); });
        }
        tr.appendChild(cell);
        rows.appendChild(tr);
        (c.actions || []).forEach(function (a) {
          var d = delivery[a.id] || {};
          var row = el('tr', { 'data-action': a.slug });
          row.appendChild(el('td', {}, '— ' + a.title + ' (' + a.kind + ')'));
          var s = el('td', { 'data-status': '' }); s.appendChild(badge(a.status)); row.appendChild(s);
          var count = a.count !== undefined ? a.count : 0;
          var shown = a.publicCount !== undefined && a.publicCount !== count ? count + ' (public: ' + a.publicCount + ')' : count;
          row.appendChild(el('td', { class: 'num' }, shown));
          row.appendChild(el('td', { class: 'num' }, d.queued || 0));
          row.appendChild(el('td', { class: 'num' }, d.sent || 0));
          row.appendChild(el('td', { class: 'num' }, d.failed || 0));
          var cell = el('td');
          if (canEdit()) {
            cell.appendChild(button('Edit', a.title, function () { openAction(c, a); }, 'a-edit-' + a.id));
            transitions(a.status).forEach(function (op) { cell.appendChild(button(LABEL[op], a.title, transition('/api/admin/actions/' + a.id, op, a.title))); });
          }
          if (a.kind === 'letter') cell.appendChild(button('Delivery', a.title, function () { openDelivery(a); }, 'a-del-' + a.id));
          if (canEdit()) {
            // Signers' personal data: editors and admins only (the API refuses viewers too).
            var csv = el('a', { href: '/api/admin/actions/' + a.id + '/submissions.csv', download: '' }, 'Export CSV');
            csv.appendChild(el('span', { class: 'visually-hidden' }, ' of ' + a.title));
            cell.appendChild(csv);
          }
          row.appendChild(cell);
          rows.appendChild(row);
        });
      });
    });
  }

  /* --- form helpers: values in and out, API errors next to their fields ----------------------- */
  function toLocalInput(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }
  function fromLocalInput(v) { return v ? new Date(v).toISOString() : null; }
  function numberOrNull(v) { return v === '' ? null : Number(v); }

  function clearErrors(form, summaryId) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-error-for]'), function (e) { e.hidden = true; e.textContent = ''; });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (n) { n.removeAttribute('aria-invalid'); });
    Array.prototype.forEach.call(form.querySelectorAll('.field.invalid'), function (n) { n.classList.remove('invalid'); });
    $(summaryId).hidden = true;
  }

  /** problem+json → each message beside its field (first path segment), and a linked summary on top. */
  function showErrors(form, summaryId, r) {
    var summary = $(summaryId);
    var list = summary.querySelector('ul');
    list.textContent = '';
    var errs = (r.json && Array.isArray(r.json.errors) && r.json.errors.length) ? r.json.errors : [{ field: '', message: detail(r) }];
    errs.forEach(function (e) {
      var parts = String(e.field || '').split('.');
      var name = parts[0];
      var message = e.message;
      if (name === 'customTargets' && parts.length > 1) message = 'Line ' + (Number(parts[1]) + 1) + ': ' + message;
      var slot = name && form.querySelector('[data-error-for="' + name + '"]');
      var li = el('li');
      if (slot && !slot.parentElement.closest('[hidden]')) {
        slot.hidden = false;
        slot.textContent = slot.textContent ? slot.textContent + ' ' + message : message;
        var wrap = slot.closest('[data-field]');
        wrap.classList.add('invalid');
        var control = wrap.querySelector('input, textarea, select');
        if (control) control.setAttribute('aria-invalid', 'true');
        var a = el('a', { href: '#' + (control ? control.id : slot.id) }, message);
        a.addEventListener('click', function (ev) { ev.preventDefault(); if (control) control.focus(); });
        li.appendChild(a);
      } else {
        li.textContent = message;
      }
      list.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
  }

  /* --- campaign editor -------------------------------------------------------------------- */
  var cForm = $('admin-campaign-form');
  function openCampaign(c) {
    editing.campaign = c;
    clearErrors(cForm, 'admin-campaign-errors');
    $('admin-campaign-editor-h').textContent = c ? 'Edit campaign: ' + c.title : 'New campaign';
    cForm.title.value = c ? c.title : '';
    cForm.slug.value = c ? c.slug : '';
    cForm.slug.readOnly = !!c && c.status !== 'draft';
    cForm.summary.value = c ? c.summary || '' : '';
    cForm.body.value = c ? c.body || '' : '';
    cForm.goal.value = c && c.goal ? c.goal : '';
    cForm.closesAt.value = c ? toLocalInput(c.closesAt) : '';
    show('admin-campaign-editor');
  }
  $('admin-new-campaign').addEventListener('click', function () { openCampaign(null); });
  cForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors(cForm, 'admin-campaign-errors');
    var c = editing.campaign;
    var body = { title: cForm.title.value, summary: cForm.summary.value, body: cForm.body.value, goal: numberOrNull(cForm.goal.value), closesAt: fromLocalInput(cForm.closesAt.value) };
    if (!c || cForm.slug.value !== c.slug) body.slug = cForm.slug.value;
    var req = c ? api('PATCH', '/api/admin/campaigns/' + c.id, body) : api('POST', '/api/admin/campaigns', body);
    req.then(function (r) {
      if (r.status >= 300) return showErrors(cForm, 'admin-campaign-errors', r);
      say((c ? 'Saved campaign ' : 'Created draft campaign ') + r.json.title + '.');
      load().then(function () { backToList(c ? 'c-edit-' + c.id : 'c-edit-' + r.json.id); });
    });
  });

  /* --- action editor ---------------------------------------------------------------------- */
  var aForm = $('admin-action-form');
  function kindChanged() {
    var letter = aForm.kind.value === 'letter';
    $('admin-letter-fields').hidden = !letter;
    $('a-custom').closest('.field').hidden = !$('a-kind-custom').checked;
  }
  aForm.kind.addEventListener('change', kindChanged);
  $('a-kind-custom').addEventListener('change', kindChanged);

  function customToText(list) {
    return (list || []).map(function (t) { return [t.name, t.email].concat(t.title ? [t.title] : []).join(' | '); }).join('\n');
  }
  function textToCustom(text) {
    return text.split('\n').map(function (l) { return l.trim(); }).filter(Boolean).map(function (line) {
      var p = line.split('|').map(function (s) { return s.trim(); });
      var t = { name: p[0] || '', email: p[1] || '' };
      if (p[2]) t.title = p[2];
      return t;
    });
  }

  function openAction(c, a) {
    editing.action = a;
    editing.actionCampaign = c;
    clearErrors(aForm, 'admin-action-errors');
    $('admin-action-editor-h').textContent = a ? 'Edit action: ' + a.title : 'New action';
    $('admin-action-campaign').textContent = 'Campaign: ' + c.title + (a ? ' · status: ' + a.status : ' · it starts as a draft');
    aForm.kind.value = a ? a.kind : 'pledge';
    aForm.kind.disabled = !!a;
    aForm.title.value = a ? a.title : '';
    aForm.slug.value = a ? a.slug : '';
    aForm.slug.readOnly = !!a && a.status !== 'draft';
    aForm.text.value = a ? a.text || '' : '';
    aForm.goal.value = a && a.goal ? a.goal : '';
    aForm.closesAt.value = a ? toLocalInput(a.closesAt) : '';
    // A new action asks for confirmation unless staff untick it (docs/reliability.md, "the count as an oracle").
    aForm.requireConfirmation.checked = a ? !!a.requireConfirmation : true;
    aForm.roundPublicCount.checked = !!(a && a.roundPublicCount);
    aForm.subject.value = a ? a.subject || '' : '';
    aForm.bodyTemplate.value = a ? a.bodyTemplate || '' : '';
    aForm.editable.checked = !!(a && a.editable);
    aForm.maxMessageLength.value = a ? a.maxMessageLength || '' : 5000;
    ['senate', 'house', 'custom'].forEach(function (k) { $('a-kind-' + k).checked = !!(a && (a.targetKinds || []).indexOf(k) >= 0); });
    aForm.customTargets.value = a ? customToText(a.customTargets) : '';
    kindChanged();
    var pv = $('admin-preview');
    pv.textContent = '';
    pv.appendChild(el('p', { class: 'hint' }, a ? 'Loading preview…' : 'Save the action once to see a preview.'));
    $('admin-preview-btn').disabled = !a;
    show('admin-action-editor');
    if (a && a.kind === 'letter') preview();
  }

  function actionBody() {
    var letter = aForm.kind.value === 'letter';
    var body = { title: aForm.title.value, text: aForm.text.value, goal: numberOrNull(aForm.goal.value), closesAt: fromLocalInput(aForm.closesAt.value), requireConfirmation: aForm.requireConfirmation.checked, roundPublicCount: aForm.roundPublicCount.checked };
    var a = editing.action;
    if (!a) body.kind = aForm.kind.value;
    if (!a || aForm.slug.value !== a.slug) body.slug = aForm.slug.value;
    if (letter) {
      body.subject = aForm.subject.value;
      body.bodyTemplate = aForm.bodyTemplate.value;
      body.editable = aForm.editable.checked;
      if (aForm.maxMessageLength.value !== '') body.maxMessageLength = Number(aForm.maxMessageLength.value);
      body.targetKinds = ['senate', 'house', 'custom'].filter(function (k) { return $('a-kind-' + k).checked; });
      body.customTargets = body.targetKinds.indexOf('custom') >= 0 ? textToCustom(aForm.customTargets.value) : [];
    }
    return body;
  }

  aForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors(aForm, 'admin-action-errors');
    var a = editing.action;
    var c = editing.actionCampaign;
    var req = a ? api('PATCH', '/api/admin/actions/' + a.id, actionBody()) : api('POST', '/api/admin/campaigns/' + c.id + '/actions', actionBody());
    req.then(function (r) {
      if (r.status >= 300) return showErrors(aForm, 'admin-action-errors', r);
      say((a ? 'Saved action ' : 'Created draft action ') + r.json.title + '.');
      load().then(function () { backToList('a-edit-' + r.json.id); });
    });
  });

  /** The admin preview endpoint with the unsaved subject and template: what the first office would get. */
  function preview() {
    var a = editing.action;
    if (!a || aForm.kind.value !== 'letter') return;
    var body = {};
    if (aForm.subject.value) body.subject = aForm.subject.value;
    if (aForm.bodyTemplate.value) body.bodyTemplate = aForm.bodyTemplate.value;
    api('POST', '/api/admin/actions/' + a.id + '/preview', body).then(function (r) {
      var pv = $('admin-preview');
      pv.textContent = '';
      if (r.status !== 200) { pv.appendChild(el('p', { class: 'error' }, 'No preview: ' + detail(r))); return; }
      var to = (r.json.target.title ? r.json.target.title + ' ' : '') + r.json.target.name;
      pv.appendChild(el('p', {}, 'To: ' + to));
      pv.appendChild(el('p', {}, 'Subject: ' + r.json.subject));
      pv.appendChild(el('pre', { class: 'letter-out' }, r.json.text));
    });
  }
  $('admin-preview-btn').addEventListener('click', preview);
  [aForm.subject, aForm.bodyTemplate].forEach(function (n) {
    n.addEventListener('input', function () { clearTimeout(previewTimer); previewTimer = setTimeout(preview, 400); });
  });

  /* --- delivery --------------------------------------------------------------------------- */
  function openDelivery(a) {
    deliveryAction = a;
    $('admin-delivery-h').textContent = 'Delivery: ' + a.title;
    show('admin-delivery');
    loadDelivery();
  }
  function loadDelivery() {
    var a = deliveryAction;
    Promise.all([api('GET', '/api/admin/actions/' + a.id + '/delivery'), api('GET', '/api/admin/actions/' + a.id + '/delivery/failed')]).then(function (rs) {
      var counts = rs[0].json || {};
      Array.prototype.forEach.call(document.querySelectorAll('#admin-delivery-counts [data-count]'), function (dd) {
        dd.textContent = counts[dd.getAttribute('data-count')] || 0;
      });
      var failed = Array.isArray(rs[1].json) ? rs[1].json : [];
      var rows = $('admin-failed-rows');
      rows.textContent = '';
      $('admin-failed-table').hidden = !failed.length;
      $('admin-failed-none').hidden = !!failed.length;
      $('admin-retry-all').hidden = !canEdit() || !failed.length;
      failed.forEach(function (f) {
        var tr = el('tr', { 'data-message': f.id });
        tr.appendChild(el('td', {}, '#' + f.id));
        tr.appendChild(el('td', {}, (f.targetName || '—') + (f.channel ? ' (' + f.channel + ')' : '')));
        tr.appendChild(el('td', { class: 'num' }, f.attempts));
        tr.appendChild(el('td', {}, f.reason || '—'));
        tr.appendChild(el('td', {}, f.failedAt ? new Date(f.failedAt).toLocaleString() : ''));
        var cell = el('td');
        if (canEdit()) {
          cell.appendChild(button('Retry', 'letter #' + f.id, function () {
            api('POST', '/api/admin/messages/' + f.id + '/retry', {}).then(function (r) {
              say(r.status < 300 ? 'Letter #' + f.id + ' re-queued.' : 'Not done: ' + detail(r), r.status >= 300);
              loadDelivery();
            });
          }));
        }
        tr.appendChild(cell);
        rows.appendChild(tr);
      });
    });
  }
  $('admin-delivery-refresh').addEventListener('click', loadDelivery);
  $('admin-retry-all').addEventListener('click', function () {
    api('POST', '/api/admin/actions/' + deliveryAction.id + '/delivery/retry-failed', {}).then(function (r) {
      say(r.status < 300 ? 'Re-queued ' + r.json.requeued + ' failed letters.' : 'Not done: ' + detail(r), r.status >= 300);
      loadDelivery();
    });
  });

  /* --- API tokens (admins) ----------------------------------------------------------------- */
  var TOKEN_STATUS = { active: 'active', revoked: 'revoked', expired: 'expired', 'creator-disabled': 'creator disabled' };
  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }

  function loadTokens() {
    return api('GET', '/api/admin/tokens').then(function (r) {
      var list = r.status === 200 && Array.isArray(r.json) ? r.json : [];
      var rows = $('admin-token-rows');
      rows.textContent = '';
      $('admin-tokens-table').hidden = !list.length;
      $('admin-tokens-none').hidden = !!list.length;
      list.forEach(function (t) {
        var tr = el('tr', { 'data-token': t.id });
        tr.appendChild(el('th', { scope: 'row' }, t.name));
        tr.appendChild(el('td', {}, t.role));
        tr.appendChild(el('td', {}, t.actsAs || '—'));
        tr.appendChild(el('td', {}, t.createdByEmail || '—'));
        tr.appendChild(el('td', { 'data-expires': '' }, when(t.expiresAt)));
        tr.appendChild(el('td', {}, when(t.lastUsedAt)));
        tr.appendChild(el('td', { 'data-status': '' }, TOKEN_STATUS[t.status] || t.status));
        var cell = el('td');
        if (!t.revokedAt) {
          cell.appendChild(button('Revoke', t.name, function () {
            api('DELETE', '/api/admin/tokens/' + t.id).then(function (res) {
              say(res.status < 300 ? 'Revoked token ' + t.name + '.' : 'Not done: ' + detail(res), res.status >= 300);
              loadTokens().then(function () { $('admin-tokens-h').focus(); });
            });
          }));
        }
        tr.appendChild(cell);
        rows.appendChild(tr);
      });
    });
  }

  var tForm = $('admin-token-form');
  tForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearErrors(tForm, 'admin-token-errors');
    var body = { name: tForm.name.value, role: tForm.role.value };
    if (tForm.expiresInDays.value !== '') body.expiresInDays = Number(tForm.expiresInDays.value);
    api('POST', '/api/admin/tokens', body).then(function (r) {
      if (r.status >= 300) return showErrors(tForm, 'admin-token-errors', r);
      tForm.name.value = '';
      tForm.expiresInDays.value = '';
      $('admin-token-secret').textContent = r.json.token;
      $('admin-token-created').hidden = false;
      say('Created token ' + r.json.name + '; it expires ' + when(r.json.expiresAt) + '.');
      loadTokens().then(function () { $('admin-token-created').focus(); });
    });
  });

  api('GET', '/api/auth/me').then(function (r) { if (r.status === 200) signedIn(r.json); else showLogin(); });
})();
