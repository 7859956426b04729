import type { ActionEntity } from '@app/campaigns';

/** A recipient of a letter as the supporter sees it before and after sending. */
export interface PublicTarget {
  id: string;
  name: string;
  chamber: 'senate' | 'house' | 'custom' | 'state';
  state: string | null;
  district: number | string | null;
  deliverable: boolean;
}

/** A target with what delivery needs (stored on the outbox row, never shown to the public). */
export interface PlannedTarget extends PublicTarget {
  title?: string;
  /** `email` or `cwc`; null when no channel can deliver to this target. */
  channel: 'email' | 'cwc' | null;
  email?: string;
}

export interface TargetQuery {
  zip: string;
  district?: number;
}

/**
 * Resolves the targets of a letter action for a supporter (implemented by the letters lib).
 * Throws UnprocessableError when the ZIP spans several districts and none was chosen.
 */
export interface LetterTargetsPort {
  planTargets(action: ActionEntity, query: TargetQuery): Promise<PlannedTarget[]>;
}

export const LETTER_TARGETS = Symbol('LETTER_TARGETS');
