import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HoldReason } from './submission-gate.port';

/**
 * counted: in the public counters. pending: waits for the supporter's email confirmation.
 * held: flagged as suspicious, kept but out of the counters until confirmed. removed: by staff.
 */
export type SubmissionStatus = 'counted' | 'pending' | 'held' | 'removed';

/** One supporter's participation in one action (unique per supporter and action). */
@Entity('submissions')
export class SubmissionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'action_id' }) actionId: string;
  @Column('bigint', { name: 'supporter_id' }) supporterId: string;
  @Column('text') status: SubmissionStatus;
  /** Why it was held (kept once confirmed or approved); null for signatures never held. */
  @Column('text', { name: 'hold_reason', nullable: true }) holdReason: HoldReason | null;
  @Column('text', { nullable: true }) zip: string | null;
  @Column('smallint', { nullable: true }) district: number | null;
  /** Street address for letters that need one; removed after delivery plus the retention period. */
  @Column('text', { nullable: true }) address: string | null;
  /** The supporter's own words in a letter; removed after delivery plus the retention period. */
  @Column('text', { name: 'letter_text', nullable: true }) letterText: string | null;
  @Column('text', { nullable: true }) source: string | null;
  @Column('text', { nullable: true }) referrer: string | null;
  @Column('text', { name: 'ip_hash', nullable: true }) ipHash: string | null;
  @Column('text', { name: 'confirm_token_hash', nullable: true }) confirmTokenHash: string | null;
  @Column('timestamptz', { name: 'counted_at', nullable: true }) countedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
