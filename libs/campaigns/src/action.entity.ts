import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CampaignEntity, PublishStatus } from './campaign.entity';

export type ActionKind = 'pledge' | 'petition' | 'letter';
/** Who a letter goes to: the supporter's senators, House member, or a staff-entered list. */
export type TargetKind = 'senate' | 'house' | 'custom';

export interface CustomTarget {
  name: string;
  email: string;
  title?: string;
}

@Entity('actions')
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId: string;
  @ManyToOne('CampaignEntity', 'actions') @JoinColumn({ name: 'campaign_id' }) campaign?: CampaignEntity;
  @Column('text') kind: ActionKind;
  @Column('text') slug: string;
  @Column('text') title: string;
  /** The pledge or petition statement, or the introduction of a letter action. */
  @Column('text', { default: '' }) text: string;
  @Column('integer', { nullable: true }) goal: number | null;
  @Column('text', { default: 'draft' }) status: PublishStatus;
  @Column('boolean', { name: 'require_confirmation', default: false }) requireConfirmation: boolean;
  /** Publish this action's figures rounded down to a multiple of ten while it is under 1,000 (staff see them exact). */
  @Column('boolean', { name: 'round_public_count', default: false }) roundPublicCount: boolean;
  @Column('text', { nullable: true }) subject: string | null;
  @Column('text', { name: 'body_template', nullable: true }) bodyTemplate: string | null;
  @Column('boolean', { default: false }) editable: boolean;
  @Column('integer', { name: 'max_message_length', default: 5000 }) maxMessageLength: number;
  @Column('text', { name: 'target_kinds', array: true, default: '{}' }) targetKinds: TargetKind[];
  @Column('jsonb', { name: 'custom_targets', default: [] }) customTargets: CustomTarget[];
  @Column('timestamptz', { name: 'closes_at', nullable: true }) closesAt: Date | null;
  @Column('integer', { default: 0 }) position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
