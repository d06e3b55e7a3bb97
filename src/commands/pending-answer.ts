// A question the desk asked one person and waits on (what fixed a ticket, a
// rating's comment): the ticket and when it was asked, kept in the state store
// as JSON. Anything unreadable there counts as no question at all.

export interface PendingAnswer {
  code: string;
  at: number;
}

export function readPendingAnswer(raw: string | null): PendingAnswer | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { code, at } = value as Record<string, unknown>;
    return typeof code === 'string' && typeof at === 'number' ? { code, at } : null;
  } catch {
    return null;
  }
}
