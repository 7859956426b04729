import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ActionEntity } from './action.entity';

export type PublishStatus = 'draft' | 'live' | 'closed' | 'archived';

@Entity('campaigns')
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) slug: string;
  @Column('text') title: string;
  @Column('text', { default: '' }) summary: string;
  @Column('text', { default: '' }) body: string;
  @Column('text', { default: 'draft' }) status: PublishStatus;
  @Column('integer', { nullable: true }) goal: number | null;
  @Column('timestamptz', { name: 'opens_at', nullable: true }) opensAt: Date | null;
  @Column('timestamptz', { name: 'closes_at', nullable: true }) closesAt: Date | null;
  @Column('integer', { default: 0 }) position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @OneToMany(() => ActionEntity, (a) => a.campaign) actions?: ActionEntity[];
}
