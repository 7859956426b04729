/* Rally: small progressive enhancement. Every page works without this file. */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var exitLink = doc.querySelector('[data-quick-exit]');
  var exitUrl = exitLink ? exitLink.href : 'https://www.weather.gov/';

  /* Quick Exit: replace this history entry with a neutral site, from any page state. */
  function quickExit(ev) {
    if (ev) { ev.preventDefault(); ev.stopPropagation(); }
    try { doc.body.hidden = true; doc.title = ''; } catch (e) { /* keep going */ }
    window.location.replace(exitUrl);
  }
  if (exitLink) exitLink.addEventListener('click', quickExit, true);
  window.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' || ev.key === 'Esc') quickExit(ev);
  }, true);

  /*
   * Inside the site, navigation replaces the current history entry instead of adding one, so the
   * whole visit is a single entry: after Quick Exit, Back cannot return to any Rally page.
   */
  function sameOrigin(url) {
    try { return new URL(url, location.href).origin === location.origin; } catch (e) { return false; }
  }
  doc.addEventListener('click', function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a[href]') : null;
    if (!a || a === exitLink || ev.defaultPrevented || ev.button !== 0) return;
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || a.target || a.hasAttribute('download')) return;
    var href = a.getAttribute('href');
    if (!href || href.charAt(0) === '#' || !sameOrigin(a.href)) return;
    ev.preventDefault();
    location.replace(a.href);
  });

  function formNumberFormat() {
    try { return new Intl.NumberFormat(root.lang === 'es' ? 'es-US' : 'en-US'); } catch (e) { return { format: String }; }
  }
  var nf = formNumberFormat();

  /* Forms: GET forms navigate by replace; POST forms are sent with fetch and errors swapped in place. */
  function enhanceForm(form) {
    form.addEventListener('submit', function (ev) {
      if (ev.defaultPrevented) return;
      var method = (form.getAttribute('method') || 'get').toLowerCase();
      var params = new URLSearchParams(new FormData(form));
      ev.preventDefault();
      if (method === 'get') {
        var url = new URL(form.action, location.href);
        url.search = params.toString();
        location.replace(url.href);
        return;
      }
      var button = form.querySelector('button[type=submit], button:not([type])');
      var label = button ? button.textContent : '';
      if (button) { button.disabled = true; if (button.dataset.sending) button.textContent = button.dataset.sending; }
      fetch(form.action, { method: 'POST', body: params, credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (res) {
          if (res.redirected) { location.replace(res.url); return null; }
          return res.text().then(function (text) { swapIn(form, text); });
        })
        .catch(function () {
          if (button) { button.disabled = false; button.textContent = label; }
          form.submit();
        });
    });
  }

  function swapIn(form, text) {
    var fresh = new DOMParser().parseFromString(text, 'text/html');
    var replacement = form.id ? fresh.getElementById(form.id) : null;
    if (replacement) {
      form.replaceWith(replacement);
      enhance(replacement);
      var summary = replacement.querySelector('.summary');
      if (summary) summary.focus();
      return;
    }
    var main = fresh.querySelector('main');
    if (main) {
      doc.querySelector('main').replaceWith(main);
      doc.title = fresh.title;
      enhance(main);
      var h1 = main.querySelector('h1');
      if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus(); }
    }
  }

  /* Letter: characters left for the supporter's own words. */
  function enhanceCounter(area) {
    var out = doc.getElementById(area.getAttribute('data-counter'));
    if (!out) return;
    var max = Number(area.getAttribute('maxlength'));
    var tpl = out.getAttribute('data-template') || '{n}';
    var update = function () { out.textContent = tpl.replace('{n}', nf.format(Math.max(0, max - area.value.length))); };
    area.addEventListener('input', update);
    update();
  }

  function enhance(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll('form[data-enhance]'), enhanceForm);
    Array.prototype.forEach.call(scope.querySelectorAll('textarea[data-counter]'), enhanceCounter);
  }
  enhance(doc.body);

  /* Live totals over server-sent events. EventSource reconnects by itself (the server sends retry:). */
  var live = doc.querySelector('[data-stream]');
  if (live && window.EventSource) {
    var status = doc.querySelector('[data-live-status]');
    var setStatus = function (on) {
      // Marks whether the stream is open (tests and styles wait on it, not on a delay).
      if (on) live.setAttribute('data-connected', ''); else live.removeAttribute('data-connected');
      if (!status) return;
      status.classList.toggle('off', !on);
      status.textContent = on ? status.getAttribute('data-on') : status.getAttribute('data-off');
    };
    var source = new EventSource(live.getAttribute('data-stream'));
    source.addEventListener('open', function () { setStatus(true); });
    source.addEventListener('error', function () { setStatus(false); });
    source.addEventListener('stats', function (ev) {
      setStatus(true);
      var stats;
      try { stats = JSON.parse(ev.data); } catch (e) { return; }
      Object.keys(stats).forEach(function (key) {
        Array.prototype.forEach.call(live.querySelectorAll('[data-stat="' + key + '"]'), function (el) {
          var text = nf.format(stats[key]);
          if (el.textContent !== text) {
            el.textContent = text;
            el.classList.add('bump');
            setTimeout(function () { el.classList.remove('bump'); }, 600);
          }
        });
      });
      if (live.hasAttribute('data-dashboard')) refreshDashboard();
    });
    window.addEventListener('pagehide', function () { source.close(); });
  }

  /* Dashboard: per-campaign table and hourly chart, refreshed at most every 5 s after a change. */
  var refreshTimer = null;
  var lastRefresh = 0;
  function refreshDashboard() {
    if (refreshTimer) return;
    var wait = Math.max(0, 5000 - (Date.now() - lastRefresh));
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      lastRefresh = Date.now();
      fetch('/api/campaigns').then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
        list.forEach(function (c) {
          Object.keys(c.stats).forEach(function (key) {
            var cell = doc.querySelector('[data-campaign="' + c.slug + '"] [data-stat-cell="' + key + '"]');
            if (cell) cell.textContent = nf.format(c.stats[key]);
          });
        });
      }).catch(function () {});
      fetch('/api/stats/hourly').then(function (r) { return r.ok ? r.json() : null; }).then(drawChart).catch(function () {});
    }, wait);
  }

  function hourLabel(iso) {
    try {
      return new Intl.DateTimeFormat(root.lang === 'es' ? 'es-US' : 'en-US',
        { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
    } catch (e) { return iso; }
  }

  function drawChart(data) {
    var svg = doc.querySelector('[data-chart]');
    if (!svg || !data || !data.hours) return;
    var bars = svg.querySelectorAll('.bar');
    var h = Number(svg.getAttribute('data-plot-height'));
    var base = Number(svg.getAttribute('data-plot-base'));
    var max = Math.max.apply(null, [1].concat(data.hours.map(function (x) { return x.count; })));
    data.hours.forEach(function (x, i) {
      var bar = bars[i];
      if (!bar) return;
      var bh = Math.round((x.count / max) * h);
      bar.setAttribute('height', String(bh));
      bar.setAttribute('y', String(base - bh));
      var title = bar.querySelector('title');
      if (title) title.textContent = hourLabel(x.hour) + ': ' + nf.format(x.count);
    });
    var maxLabel = svg.querySelector('[data-max]');
    if (maxLabel) maxLabel.textContent = nf.format(max);
  }
})();
