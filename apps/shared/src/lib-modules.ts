import { DynamicModule, Type } from '@nestjs/common';
import { ConfigModule, RallyConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CampaignsModule } from '@app/campaigns';
import { CountersModule } from '@app/counters';
import { SubmissionsModule } from '@app/submissions';
import { RepresentativesModule } from '@app/representatives';
import { AbuseModule } from '@app/abuse';
import { LetterDeliveryModule, LettersModule } from '@app/letters';
import { MailModule } from '@app/mail';
import { StaffModule } from '@app/staff';

/**
 * The submissions lib with the implementations of its required ports: letters plans a letter's
 * targets and its outbox rows (LETTER_TARGETS, OUTBOX_ROWS), abuse rate-limits and holds
 * signatures (SUBMISSION_GATE). One instance per process, imported by every module that takes
 * actions (Nest keys modules by reference).
 */
export const SubmissionsWithPorts = SubmissionsModule.forRoot({ imports: [LettersModule, AbuseModule] });

/**
 * The lib modules both apps are built from: the API adds its controllers, the worker its
 * processors, and nothing else differs. `applicationName` tells the database which app is which.
 */
export function libModules(config: RallyConfig, applicationName: 'rally-api' | 'rally-worker'): Array<Type | DynamicModule> {
  return [
    ConfigModule.forRoot(config),
    DatabaseModule.forRoot(applicationName),
    QueueModule,
    CampaignsModule,
    CountersModule,
    SubmissionsWithPorts,
    RepresentativesModule,
    AbuseModule,
    LettersModule,
    LetterDeliveryModule,
    MailModule,
    StaffModule,
  ];
}
