import type { Html } from '../html';
import type { PageContext } from '../page-context';
import { consoleMain } from '../admin/console.view';
import { layout } from './layout';

/**
 * `/admin`: the staff console shell. The console itself is `admin.js` talking to the admin JSON
 * API (/api/auth/*, /api/admin/*) with the session cookie and the X-CSRF-Token it returns, so
 * every rule (roles, audit log, CSRF) stays in one place. Staff-only, English only.
 */
export function adminPage(ctx: PageContext, adminJs: string, adminCss: string): Html {
  return layout(ctx, { title: 'Staff console', main: consoleMain(adminJs), bodyClass: 'console', stylesheets: [adminCss] });
}
