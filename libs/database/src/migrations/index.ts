import { CoreSchema1764000000000 } from './1764000000000-CoreSchema';
import { Representatives1764000001000 } from './1764000001000-Representatives';
import { LetterLinks1764000002000 } from './1764000002000-LetterLinks';
import { Staff1764000003000 } from './1764000003000-Staff';
import { AbuseAndRetention1764000004000 } from './1764000004000-AbuseAndRetention';
import { WebLanguage1764000005000 } from './1764000005000-WebLanguage';
import { HoldReason1764000006000 } from './1764000006000-HoldReason';
import { LinkTokenNonce1764000007000 } from './1764000007000-LinkTokenNonce';
import { StaffTokenExpiry1764000008000 } from './1764000008000-StaffTokenExpiry';
import { PublicCountRounding1764000009000 } from './1764000009000-PublicCountRounding';

/** Every migration, in order. A new migration file must be added here (checked by a unit test). */
export const migrations = [
  CoreSchema1764000000000,
  Representatives1764000001000,
  LetterLinks1764000002000,
  Staff1764000003000,
  AbuseAndRetention1764000004000,
  WebLanguage1764000005000,
  HoldReason1764000006000,
  LinkTokenNonce1764000007000,
  StaffTokenExpiry1764000008000,
  PublicCountRounding1764000009000,
];
