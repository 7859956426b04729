import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { RALLY_CONFIG, RallyConfig } from '@app/config';
import { NotFoundError, rootLogger, ServiceUnavailableError, UnprocessableError } from '@app/common';
import type { DistrictTargets, Representative, ZipDistrictRow, ZipLookup } from './representative.types';
import { ZipDirectory } from './zip-directory';
import { importRepresentativesData, ImportOptions, ImportResult, REPRESENTATIVES_CHANNEL } from './import-data';

/**
 * Who represents a ZIP code. The whole directory lives in memory (about 34,000 ZIPs, 540
 * members: a few MB) so `lookup` is synchronous and takes well under a microsecond. It loads at
 * start-up and reloads when an import commits (Postgres LISTEN/NOTIFY, so an import run from
 * the command line reaches every API and worker process).
 */
@Injectable()
export class RepresentativesService implements OnModuleInit, OnModuleDestroy {
  private readonly log = rootLogger().child({ context: 'RepresentativesService' });
  private directory = ZipDirectory.empty();
  private listener?: Client;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private running?: Promise<{ legislators: number; zips: number }>;
  private queued?: Promise<{ legislators: number; zips: number }>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(RALLY_CONFIG) private readonly cfg: RallyConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // Listen first: an import committed while we start (the seed of a fresh database) still reaches us.
    await this.listen();
    try {
      await this.reload();
    } catch (err) {
      // The worker context initialises before it migrates: the tables may not exist yet. The
      // seed's import then notifies us; anything else is a real fault.
      if ((err as { driverError?: { code?: string } }).driverError?.code !== '42P01') throw err;
    }
    if (this.directory.zipCount === 0) this.log.warn('no representatives data yet: it loads after `npm run data:import` or the start-up seed');
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Re-reads the tables into a new directory and swaps it in (lookups never see a half-built
   * one). Calls made while a reload runs share one follow-up reload, so a burst of notifications
   * costs at most two.
   */
  reload(): Promise<{ legislators: number; zips: number }> {
    if (!this.running) {
      this.running = this.readTables().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  private async readTables(): Promise<{ legislators: number; zips: number }> {
    const [legislators, rows] = await Promise.all([
      this.ds.query(
        `SELECT id, name, chamber, state, district, party, title, delivery_email AS "deliveryEmail" FROM legislators ORDER BY id`,
      ) as Promise<Representative[]>,
      this.ds.query(`SELECT zip, state, district FROM zip_districts ORDER BY zip, state, district`) as Promise<ZipDistrictRow[]>,
    ]);
    this.directory = new ZipDirectory(legislators, rows);
    return { legislators: this.directory.legislatorCount, zips: this.directory.zipCount };
  }

  /** Representatives for a ZIP (5 digits or ZIP+4). 400 if malformed, 404 if it has no district. */
  lookup(zip: string): ZipLookup {
    return this.loaded().lookup(zip);
  }

  /** Senators and House member for a supporter; 422 on `district` when a split ZIP needs a choice. */
  forDistrict(zip: string, district?: number): DistrictTargets {
    return this.loaded().forDistrict(zip, district);
  }

  getById(id: string): Representative | undefined {
    return this.directory.getById(id);
  }

  /** Every ZIP the Census table covers (benchmarks, checks). */
  zips(): string[] {
    return [...this.directory.zips()];
  }

  /** Imports data files (default: the bundled data/) and reloads this process at once. */
  async importData(dir?: string, opts?: ImportOptions): Promise<ImportResult> {
    const result = await importRepresentativesData(this.ds, dir, opts);
    await this.reload();
    return result;
  }

  /** Sets (or clears, with null) the address letters to this office are emailed to. */
  async setDeliveryEmail(id: string, email: string | null): Promise<Representative> {
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw new UnprocessableError('Not an email address.', [{ field: 'deliveryEmail', message: 'must be an email address or null' }]);
    }
    const [rows] = await this.ds.query(`UPDATE legislators SET delivery_email = $2 WHERE id = $1 RETURNING id`, [id, email]);
    if (!rows?.length) throw new NotFoundError(`No member of Congress with id ${id}.`);
    await this.ds.query('SELECT pg_notify($1, $2)', [REPRESENTATIVES_CHANNEL, 'delivery-email']);
    await this.reload();
    return this.directory.getById(id)!;
  }

  private loaded(): ZipDirectory {
    if (this.directory.zipCount === 0) {
      throw new ServiceUnavailableError('Representatives data is not loaded yet. Please try again shortly.', 30);
    }
    return this.directory;
  }

  /** A dedicated connection that LISTENs for imports; reconnects with a delay if Postgres drops it. */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.cfg.DATABASE_URL, application_name: 'rally-representatives-listener' });
    const retry = () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.retryTimer = setTimeout(() => void this.listen().then(() => this.reloadQuietly()), 5000);
      this.retryTimer.unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => void this.reloadQuietly());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${REPRESENTATIVES_CHANNEL}`);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cannot listen for representatives imports; retrying');
      retry();
    }
  }

  private async reloadQuietly(): Promise<void> {
    try {
      const counts = await this.reload();
      this.log.info(counts, 'representatives reloaded');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'representatives reload failed; keeping the previous data');
    }
  }
}
