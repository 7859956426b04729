import { html, Html } from '../html';
import type { PageContext } from '../page-context';
import { layout } from './layout';

/**
 * `/admin`: the staff console shell. The console itself is `admin.js` talking to the admin JSON
 * API (/api/auth/*, /api/admin/*) with the session cookie and the X-CSRF-Token it returns, so
 * every rule (roles, audit log, CSRF) stays in one place. Staff-only, English only.
 */
export function adminPage(ctx: PageContext, adminJs: string): Html {
  const main = html`<h1>Staff console</h1>
<noscript><p class="notice">The staff console needs JavaScript. The admin API is documented at <a href="/api/docs">/api/docs</a>.</p></noscript>
<div id="console" data-admin-console>
<form class="act" id="admin-login" hidden>
<div class="field"><label for="admin-email">Email address</label><input id="admin-email" name="email" type="email" autocomplete="username" required></div>
<div class="field"><label for="admin-password">Password</label><input id="admin-password" name="password" type="password" autocomplete="current-password" required></div>
<p class="error" id="admin-login-error" role="alert"></p>
<button type="submit">Sign in</button>
</form>
<section id="admin-main" hidden aria-labelledby="admin-campaigns-h">
<p><span id="admin-who"></span> · <button type="button" id="admin-logout">Sign out</button></p>
<p id="admin-status" role="status"></p>
<h2 id="admin-campaigns-h">Campaigns and actions</h2>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="admin-campaigns-h">
<table>
<thead><tr><th scope="col">Campaign / action</th><th scope="col">Status</th><th scope="col" class="num">Count</th><th scope="col" class="num">Letters queued</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Failed</th><th scope="col">Do</th></tr></thead>
<tbody id="admin-rows"></tbody>
</table>
</div>
</section>
</div>
<script src="${adminJs}" defer></script>`;
  return layout(ctx, { title: 'Staff console', main });
}
