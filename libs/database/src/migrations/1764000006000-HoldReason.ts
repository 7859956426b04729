import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a signature was held, for staff: which abuse check fired (the words of `HOLD_REASONS` in
 * libs/submissions/src/submission-gate.port.ts), never anything about the person. Null for
 * submissions never held, and for those held before this column existed. Kept when a held
 * submission is confirmed or approved.
 */
export class HoldReason1764000006000 implements MigrationInterface {
  name = 'HoldReason1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE submissions ADD COLUMN hold_reason text CONSTRAINT submissions_hold_reason_check
         CHECK (hold_reason IN ('honeypot', 'bad-stamp', 'too-fast', 'disposable-domain', 'domain-burst', 'network-burst'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE submissions DROP COLUMN IF EXISTS hold_reason`);
  }
}
