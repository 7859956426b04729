import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person who took an action. Personal fields become null when the supporter is erased. */
@Entity('supporters')
export class SupporterEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true }) email: string | null;
  /** Trimmed, lower-cased email: unique, so one person is one supporter whatever the case they type. */
  @Column('text', { name: 'email_normalized', nullable: true, unique: true }) emailNormalized: string | null;
  @Column('text', { name: 'given_name', nullable: true }) givenName: string | null;
  @Column('text', { name: 'family_name', nullable: true }) familyName: string | null;
  @Column('text', { nullable: true }) zip: string | null;
  @Column('boolean', { name: 'email_opt_in', default: false }) emailOptIn: boolean;
  @Column('timestamptz', { name: 'unsubscribed_at', nullable: true }) unsubscribedAt: Date | null;
  @Column('timestamptz', { name: 'erased_at', nullable: true }) erasedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
