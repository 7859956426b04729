import type { EntityManager } from 'typeorm';

/** Who made a change, as the audit log records it (staff's `StaffActor` is one). */
export interface EditorActor {
  kind: 'staff' | 'token' | 'system' | 'cli';
  id: string | null;
}

/** Rally itself, closing what is due. */
export const SYSTEM_EDITOR: EditorActor = { kind: 'system', id: null };

export interface CampaignAuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  summary?: Record<string, unknown>;
}

/**
 * The audit log belongs to libs/staff; campaign editing writes its entry through this port, in
 * the editing transaction, so the entry commits or rolls back with the change. The app passes
 * the implementation to `CampaignAdminModule.withAudit` (a required provider: without one the
 * app does not boot), which keeps libs/campaigns from importing libs/staff.
 */
export abstract class CampaignAuditPort {
  abstract record(m: EntityManager, actor: EditorActor, entry: CampaignAuditEntry): Promise<void>;
}
