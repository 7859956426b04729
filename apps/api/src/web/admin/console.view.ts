import { html, Html } from '../html';

/**
 * The staff console's markup. Everything is in the page from the start (hidden until used), so
 * `admin.js` only fills values and toggles `hidden`: no markup is built from strings in the
 * browser, and every field has a real <label>, a hint and an error slot wired with
 * aria-describedby. English only (staff-facing); `lang="en"` keeps it correct on Spanish chrome.
 */

interface FieldOpts {
  id: string;
  /** The API field name: problem+json `errors[].field` is matched on its first segment. */
  name: string;
  label: string;
  type?: 'text' | 'number' | 'datetime-local' | 'textarea' | 'select' | 'checkbox';
  hint?: string;
  required?: boolean;
  /** Checkboxes: ticked in the markup (what a new record starts with; admin.js sets it per record). */
  checked?: boolean;
  options?: Array<[string, string]>;
  extra?: Html;
}

function field(o: FieldOpts): Html {
  const hintId = `${o.id}-hint`;
  const errId = `${o.id}-error`;
  const described = [o.hint ? hintId : '', errId].filter(Boolean).join(' ');
  const hint = o.hint ? html`<span class="hint" id="${hintId}">${o.hint}</span>` : html``;
  const err = html`<span class="error" id="${errId}" data-error-for="${o.name}" hidden></span>`;
  const req = o.required ? html` required` : html``;
  if (o.type === 'checkbox') {
    return html`<div class="field check" data-field="${o.name}"><input id="${o.id}" name="${o.name}" type="checkbox" aria-describedby="${described}"${o.checked ? html` checked` : html``}><label for="${o.id}">${o.label}</label>${hint}${err}</div>`;
  }
  let control: Html;
  if (o.type === 'textarea') control = html`<textarea id="${o.id}" name="${o.name}" aria-describedby="${described}"${req}></textarea>`;
  else if (o.type === 'select')
    control = html`<select id="${o.id}" name="${o.name}" aria-describedby="${described}"${req}>${(o.options ?? []).map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select>`;
  else control = html`<input id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}" aria-describedby="${described}"${o.type === 'number' ? html` min="1" step="1" inputmode="numeric"` : html``}${req}>`;
  return html`<div class="field" data-field="${o.name}"><label for="${o.id}">${o.label}</label>${hint}${err}${control}${o.extra ?? html``}</div>`;
}

const SLUG_HINT = 'Lower-case letters and digits separated by hyphens; it is part of the public link and cannot change once published.';
const DATE_HINT = 'Optional. In your local time; it closes automatically then.';
const CONFIRM_HINT =
  'Recommended, and on for new actions. Without it a signature counts at once and a repeat never does, so anyone can type ' +
  'someone’s email address into the form and watch the public count to learn whether that person has signed. With it, ' +
  'nothing moves until the owner of the address clicks the emailed link.';
const ROUND_HINT =
  'For actions that count without confirmation: the public pages, JSON API, live stream and totals show 0, 10, 20… until ' +
  '1,000, then exact figures; you still see the exact count here. It makes watching the count slower and less certain, not ' +
  'impossible (someone can sign with addresses of their own until the count is one short of the next ten). Confirmation closes it.';

function formErrors(id: string): Html {
  return html`<div class="summary" id="${id}" tabindex="-1" hidden><h3>There is a problem</h3><ul></ul></div>`;
}

function campaignEditor(): Html {
  return html`<section id="admin-campaign-editor" class="panel" hidden aria-labelledby="admin-campaign-editor-h">
<h2 id="admin-campaign-editor-h" tabindex="-1">Campaign</h2>
<form class="act" id="admin-campaign-form" novalidate>
${formErrors('admin-campaign-errors')}
${field({ id: 'c-title', name: 'title', label: 'Title', required: true })}
${field({ id: 'c-slug', name: 'slug', label: 'Slug', hint: SLUG_HINT, required: true })}
${field({ id: 'c-summary', name: 'summary', label: 'Summary', type: 'textarea', hint: 'One or two sentences on the Take Action page.' })}
${field({ id: 'c-body', name: 'body', label: 'Campaign text', type: 'textarea', hint: 'Shown on the campaign page. Plain text; blank lines start a paragraph.' })}
${field({ id: 'c-goal', name: 'goal', label: 'Goal', type: 'number', hint: 'Optional. Number of actions the progress bar counts toward.' })}
${field({ id: 'c-closes', name: 'closesAt', label: 'Closing date', type: 'datetime-local', hint: DATE_HINT })}
<p class="buttons"><button type="submit">Save campaign</button> <button type="button" class="secondary" data-cancel>Cancel</button></p>
</form>
</section>`;
}

function actionEditor(): Html {
  return html`<section id="admin-action-editor" class="panel" hidden aria-labelledby="admin-action-editor-h">
<h2 id="admin-action-editor-h" tabindex="-1">Action</h2>
<p id="admin-action-campaign" class="hint"></p>
<form class="act" id="admin-action-form" novalidate>
${formErrors('admin-action-errors')}
${field({ id: 'a-kind', name: 'kind', label: 'Kind', type: 'select', options: [['pledge', 'Pledge'], ['petition', 'Petition'], ['letter', 'Letter to officials']], hint: 'Cannot change after the action is created.' })}
${field({ id: 'a-title', name: 'title', label: 'Title', required: true })}
${field({ id: 'a-slug', name: 'slug', label: 'Slug', hint: SLUG_HINT, required: true })}
${field({ id: 'a-text', name: 'text', label: 'Text', type: 'textarea', hint: 'The pledge or petition statement, or the introduction of a letter.' })}
${field({ id: 'a-goal', name: 'goal', label: 'Goal', type: 'number', hint: 'Optional.' })}
${field({ id: 'a-closes', name: 'closesAt', label: 'Closing date', type: 'datetime-local', hint: DATE_HINT })}
${field({ id: 'a-confirm', name: 'requireConfirmation', label: 'Require email confirmation before it counts', type: 'checkbox', checked: true, hint: CONFIRM_HINT })}
${field({ id: 'a-round', name: 'roundPublicCount', label: 'Publish the count rounded down to a multiple of ten while it is under 1,000', type: 'checkbox', hint: ROUND_HINT })}
<fieldset id="admin-letter-fields" class="letter-fields"><legend>Letter</legend>
${field({ id: 'a-subject', name: 'subject', label: 'Subject', hint: 'May use placeholders, for example {{target.title}} {{target.name}}.' })}
${field({
  id: 'a-body',
  name: 'bodyTemplate',
  label: 'Letter template',
  type: 'textarea',
  hint: 'Placeholders: {{target.title}} {{target.name}} (the recipient), {{message}} (the supporter’s own words, if editable), {{supporter.name}} {{supporter.city}}.',
})}
${field({ id: 'a-editable', name: 'editable', label: 'Supporters may add their own words ({{message}})', type: 'checkbox' })}
${field({ id: 'a-max', name: 'maxMessageLength', label: 'Longest message (characters)', type: 'number' })}
<fieldset class="field" data-field="targetKinds" aria-describedby="a-kinds-error"><legend>Recipients</legend>
<span class="error" id="a-kinds-error" data-error-for="targetKinds" hidden></span>
<div class="check"><input id="a-kind-senate" type="checkbox" name="targetKinds" value="senate"><label for="a-kind-senate">The supporter’s two senators</label></div>
<div class="check"><input id="a-kind-house" type="checkbox" name="targetKinds" value="house"><label for="a-kind-house">The supporter’s House member</label></div>
<div class="check"><input id="a-kind-custom" type="checkbox" name="targetKinds" value="custom"><label for="a-kind-custom">A list of people (below)</label></div>
</fieldset>
${field({ id: 'a-custom', name: 'customTargets', label: 'Custom recipients', type: 'textarea', hint: 'One per line: Name | email | Title (title optional). Example: Jane Doe | jane@example.gov | Commissioner' })}
<div class="preview" id="admin-preview-box">
<h3 id="admin-preview-h">Letter preview</h3>
<p class="hint">With a sample supporter (Sam Sample, Burlington) and recipient; the same renderer as delivery. Updates as you type.</p>
<p><button type="button" class="secondary" id="admin-preview-btn">Refresh preview</button></p>
<div id="admin-preview" role="region" aria-labelledby="admin-preview-h" aria-live="polite" tabindex="0"><p class="hint">Save the action once to see a preview.</p></div>
</div>
</fieldset>
<p class="buttons"><button type="submit">Save action</button> <button type="button" class="secondary" data-cancel>Cancel</button></p>
</form>
</section>`;
}

function deliveryPanel(): Html {
  return html`<section id="admin-delivery" class="panel" hidden aria-labelledby="admin-delivery-h">
<h2 id="admin-delivery-h" tabindex="-1">Delivery</h2>
<dl class="counts" id="admin-delivery-counts">
<div><dt>Awaiting confirmation</dt><dd data-count="awaitingConfirmation">0</dd></div>
<div><dt>Queued</dt><dd data-count="queued">0</dd></div>
<div><dt>Sending</dt><dd data-count="sending">0</dd></div>
<div><dt>Sent</dt><dd data-count="sent">0</dd></div>
<div><dt>Failed</dt><dd data-count="failed">0</dd></div>
<div><dt>Cancelled</dt><dd data-count="cancelled">0</dd></div>
</dl>
<p class="buttons"><button type="button" id="admin-retry-all" data-needs-edit>Retry all failed</button> <button type="button" class="secondary" id="admin-delivery-refresh">Refresh</button> <button type="button" class="secondary" data-cancel>Close</button></p>
<h3 id="admin-failed-h">Failed letters</h3>
<p id="admin-failed-none">No failed letters.</p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="admin-failed-h">
<table id="admin-failed-table" hidden>
<thead><tr><th scope="col">Letter</th><th scope="col">To</th><th scope="col" class="num">Attempts</th><th scope="col">Reason</th><th scope="col">When</th><th scope="col">Do</th></tr></thead>
<tbody id="admin-failed-rows"></tbody>
</table>
</div>
</section>`;
}

/**
 * Admins only: API tokens with their expiry and what each may do now (its role capped by its
 * creator's current role), a form to create one (the secret is shown once) and revoke buttons.
 */
function tokensSection(): Html {
  return html`<section id="admin-tokens" hidden aria-labelledby="admin-tokens-h">
<h2 id="admin-tokens-h" tabindex="-1">API tokens</h2>
<p class="hint">A token never does more than the staff member who created it may do now: it stops working when they are disabled, acts with their lower role if they are demoted, and expires.</p>
<p id="admin-tokens-none">No API tokens yet.</p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="admin-tokens-h">
<table id="admin-tokens-table" hidden>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Acts as</th><th scope="col">Created by</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col">Do</th></tr></thead>
<tbody id="admin-token-rows"></tbody>
</table>
</div>
<div id="admin-token-created" class="panel" hidden tabindex="-1">
<h3>Copy the new token now</h3>
<p class="hint">It is shown only once. Send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<p><code id="admin-token-secret"></code></p>
</div>
<form class="act" id="admin-token-form" novalidate aria-labelledby="admin-token-form-h">
<h3 id="admin-token-form-h">New API token</h3>
${formErrors('admin-token-errors')}
${field({ id: 't-name', name: 'name', label: 'Name', hint: 'What uses it, for example CRM sync.', required: true })}
${field({ id: 't-role', name: 'role', label: 'Role', type: 'select', options: [['viewer', 'Viewer'], ['editor', 'Editor'], ['admin', 'Admin']], hint: 'The most it may do.' })}
${field({ id: 't-days', name: 'expiresInDays', label: 'Expires after (days)', type: 'number', hint: 'From 1 to 365; 90 if left empty.' })}
<p class="buttons"><button type="submit">Create token</button></p>
</form>
</section>`;
}

/** The console body: sign-in, the campaigns table, and the editor and delivery panels. */
export function consoleMain(adminJs: string): Html {
  return html`<div lang="en">
<h1>Staff console</h1>
<noscript><p class="notice">The staff console needs JavaScript. The admin API is documented at <a href="/api/docs">/api/docs</a>.</p></noscript>
<div id="console" data-admin-console>
<form class="act" id="admin-login" hidden>
<div class="field"><label for="admin-email">Email address</label><input id="admin-email" name="email" type="email" autocomplete="username" required></div>
<div class="field"><label for="admin-password">Password</label><input id="admin-password" name="password" type="password" autocomplete="current-password" required></div>
<p class="error" id="admin-login-error" role="alert"></p>
<button type="submit">Sign in</button>
</form>
<div id="admin-main" hidden>
<p class="who"><span id="admin-who"></span> · <button type="button" class="secondary" id="admin-logout">Sign out</button></p>
<p id="admin-status" role="status"></p>
<section id="admin-list" aria-labelledby="admin-campaigns-h">
<h2 id="admin-campaigns-h">Campaigns and actions</h2>
<p data-needs-edit><button type="button" id="admin-new-campaign">New campaign</button></p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="admin-campaigns-h">
<table>
<thead><tr><th scope="col">Campaign / action</th><th scope="col">Status</th><th scope="col" class="num">Count</th><th scope="col" class="num">Letters queued</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Failed</th><th scope="col">Do</th></tr></thead>
<tbody id="admin-rows"></tbody>
</table>
</div>
</section>
${tokensSection()}
${campaignEditor()}
${actionEditor()}
${deliveryPanel()}
</div>
</div>
</div>
<script src="${adminJs}" defer></script>`;
}
