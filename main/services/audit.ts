import type { EntityManager } from 'typeorm';
import { AuditLog } from '../db/entities';

export async function audit(
  manager: EntityManager,
  entry: { action: string; entity: string; entityId?: number | null; details?: unknown; actor?: string; at: Date },
): Promise<void> {
  await manager.insert(AuditLog, {
    at: entry.at.toISOString(),
    actor: entry.actor ?? '',
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}
