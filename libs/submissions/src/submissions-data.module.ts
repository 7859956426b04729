import { Module } from '@nestjs/common';
import { SubmissionsRepository } from './submissions.repository';

/** The submissions tables' repository alone, for libs that change them (letters, mail, abuse, staff). */
@Module({ providers: [SubmissionsRepository], exports: [SubmissionsRepository] })
export class SubmissionsDataModule {}
