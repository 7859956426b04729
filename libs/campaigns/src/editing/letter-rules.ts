import { type FieldError, isEmailAddress } from '@app/common';
import type { ActionEntity } from '@app/campaigns';

/**
 * What a letter action needs before it can be live: a subject, a body template and someone to
 * write to (custom targets with valid addresses when `custom` is chosen). Checked on publish,
 * reopen and on every edit of a live action, so a live letter is never half-configured.
 */
export function letterProblems(a: Pick<ActionEntity, 'kind' | 'subject' | 'bodyTemplate' | 'targetKinds' | 'customTargets'>): FieldError[] {
  if (a.kind !== 'letter') return [];
  const errors: FieldError[] = [];
  if (!a.subject?.trim()) errors.push({ field: 'subject', message: 'a letter needs a subject' });
  if (!a.bodyTemplate?.trim()) errors.push({ field: 'bodyTemplate', message: 'a letter needs a body template' });
  if (!a.targetKinds?.length) errors.push({ field: 'targetKinds', message: 'a letter needs at least one kind of target (senate, house or custom)' });
  if (a.targetKinds?.includes('custom')) {
    if (!a.customTargets?.length) errors.push({ field: 'customTargets', message: 'custom targets need at least one name and email' });
    a.customTargets?.forEach((t, i) => {
      if (!t?.name?.trim()) errors.push({ field: `customTargets.${i}.name`, message: 'a custom target needs a name' });
      if (!isEmailAddress(t?.email)) errors.push({ field: `customTargets.${i}.email`, message: 'a custom target needs a valid email' });
    });
  }
  return errors;
}

export type Transition = 'publish' | 'close' | 'reopen' | 'archive';
type Status = 'draft' | 'live' | 'closed' | 'archived';

/** Allowed status changes. A live action is closed before it is archived, so nothing live vanishes. */
export const TRANSITIONS: Record<Transition, { from: Status[]; to: Status }> = {
  publish: { from: ['draft'], to: 'live' },
  close: { from: ['live'], to: 'closed' },
  reopen: { from: ['closed'], to: 'live' },
  archive: { from: ['draft', 'closed'], to: 'archived' },
};
