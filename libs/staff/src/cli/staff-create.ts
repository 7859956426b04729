import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '@app/config';
import { createDataSource, migrateAndSeed } from '@app/database';
import { DomainError } from '@app/common';
import { AuditService } from '../audit/audit.service';
import { StaffUsersService } from '../accounts/staff-users.service';
import { isRole } from '../roles';

const USAGE = 'usage: npm run staff:create -- --email EMAIL --password PASSWORD [--role admin|editor|viewer] [--update]';

/**
 * `npm run staff:create -- --email EMAIL --password PASSWORD --role admin`: creates a staff
 * account against DATABASE_URL (running pending migrations first, so it works on a fresh
 * database). With --update an existing account gets the new password and role and is re-enabled,
 * for the operator who locked everyone out. Prints the account id; never the password.
 */
export async function staffCreate(argv: string[], env: Record<string, string | undefined> = process.env): Promise<{ code: number; out: string }> {
  let values: { email?: string; password?: string; role?: string; update?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'admin' }, update: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (err) {
    return { code: 2, out: `${(err as Error).message}\n${USAGE}` };
  }
  if (!values.email || !values.password) return { code: 2, out: USAGE };
  if (!isRole(values.role)) return { code: 2, out: `--role must be admin, editor or viewer\n${USAGE}` };
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return { code: 2, out: err.message };
    throw err;
  }
  const ds = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: 'rally-staff-create' });
  await ds.initialize();
  try {
    await migrateAndSeed(ds);
    const users = new StaffUsersService(ds, new AuditService(ds));
    const actor = { kind: 'cli' as const, id: null, role: 'admin' as const };
    const existing = await users.findByEmail(values.email);
    if (existing && values.update) {
      const user = await users.update(existing.id, { password: values.password, role: values.role, disabled: false }, actor);
      return { code: 0, out: `updated staff account ${user.id} (${user.role})` };
    }
    const user = await users.create({ email: values.email, password: values.password, role: values.role }, actor);
    return { code: 0, out: `created staff account ${user.id} (${user.role})` };
  } catch (err) {
    if (err instanceof DomainError) {
      const hint = err.status === 409 ? ' (use --update to reset its password and role)' : '';
      return { code: 1, out: `${err.message}${hint}` };
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  staffCreate(process.argv.slice(2)).then(
    ({ code, out }) => {
      (code === 0 ? console.log : console.error)(out);
      process.exit(code);
    },
    (err) => {
      console.error(`staff:create failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
