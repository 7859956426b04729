/* Rally staff console: a thin client of the admin JSON API (roles, CSRF and audit are enforced there). */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var csrf = null;

  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          return { status: res.status, json: json };
        });
      });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function say(text) { $('admin-status').textContent = text; }

  function showLogin() {
    $('admin-main').hidden = true;
    $('admin-login').hidden = false;
  }

  function signedIn(me) {
    csrf = me.csrfToken;
    $('admin-login').hidden = true;
    $('admin-main').hidden = false;
    $('admin-who').textContent = 'Signed in as ' + me.user.email + ' (' + me.user.role + ')';
    load();
  }

  function button(label, hidden, onClick) {
    var b = el('button', { type: 'button' }, label);
    b.appendChild(el('span', { class: 'visually-hidden' }, ' ' + hidden));
    b.addEventListener('click', onClick);
    return b;
  }

  function act(path, done) {
    return function () {
      api('POST', path, {}).then(function (r) {
        say(r.status < 300 ? done : 'Not done: ' + ((r.json && r.json.detail) || r.status));
        load();
      });
    };
  }

  function load() {
    Promise.all([api('GET', '/api/admin/campaigns'), api('GET', '/api/admin/delivery')]).then(function (rs) {
      if (rs[0].status === 401) return showLogin();
      var delivery = {};
      (Array.isArray(rs[1].json) ? rs[1].json : []).forEach(function (d) { delivery[d.actionId] = d; });
      var rows = $('admin-rows');
      rows.textContent = '';
      (rs[0].json || []).forEach(function (c) {
        var tr = el('tr', { 'data-campaign': c.slug });
        tr.appendChild(el('th', { scope: 'row' }, c.title));
        tr.appendChild(el('td', {}, c.status));
        tr.appendChild(el('td', { colspan: '5' }));
        rows.appendChild(tr);
        (c.actions || []).forEach(function (a) {
          var d = delivery[a.id] || {};
          var row = el('tr', { 'data-action': a.slug });
          row.appendChild(el('td', {}, '— ' + a.title + ' (' + a.kind + ')'));
          row.appendChild(el('td', { 'data-status': '' }, a.status));
          row.appendChild(el('td', { class: 'num' }, a.count !== undefined ? a.count : (a.actionsTaken || 0)));
          row.appendChild(el('td', { class: 'num' }, d.queued || 0));
          row.appendChild(el('td', { class: 'num' }, d.sent || 0));
          row.appendChild(el('td', { class: 'num' }, d.failed || 0));
          var cell = el('td');
          if (a.status === 'draft' || a.status === 'closed') cell.appendChild(button('Publish', a.title, act('/api/admin/actions/' + a.id + '/publish', 'Published.')));
          if (a.status === 'live') cell.appendChild(button('Close', a.title, act('/api/admin/actions/' + a.id + '/close', 'Closed.')));
          if (d.failed) cell.appendChild(button('Retry failed', a.title, act('/api/admin/actions/' + a.id + '/delivery/retry-failed', 'Failed letters re-queued.')));
          cell.appendChild(el('a', { href: '/api/admin/actions/' + a.id + '/submissions.csv', download: '' }, 'Export CSV'));
          row.appendChild(cell);
          rows.appendChild(row);
        });
      });
    });
  }

  $('admin-login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var form = ev.target;
    api('POST', '/api/auth/login', { email: form.email.value, password: form.password.value }).then(function (r) {
      if (r.status === 200) { $('admin-login-error').textContent = ''; form.password.value = ''; return signedIn(r.json); }
      $('admin-login-error').textContent = (r.json && r.json.detail) || 'Sign-in failed.';
    });
  });
  $('admin-logout').addEventListener('click', function () {
    api('POST', '/api/auth/logout', undefined).then(function () { csrf = null; showLogin(); });
  });

  api('GET', '/api/auth/me').then(function (r) { if (r.status === 200) signedIn(r.json); else showLogin(); });
})();
