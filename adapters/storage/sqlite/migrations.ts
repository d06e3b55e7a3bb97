// Schema changes, applied in order; PRAGMA user_version remembers how far a file got.
import type Database from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sequences (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL);
  CREATE TABLE tickets (
    code TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    tier INTEGER NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    requester_platform TEXT NOT NULL,
    requester_user TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX tickets_queue ON tickets (department, tier, status, priority, due_at, created_at);
  CREATE INDEX tickets_requester ON tickets (requester_platform, requester_user, created_at);
  CREATE TABLE ticket_events (
    ticket_code TEXT NOT NULL REFERENCES tickets (code),
    version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    channel TEXT NOT NULL,
    text TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (ticket_code, version)
  ) WITHOUT ROWID;
  CREATE TABLE agents (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    departments TEXT NOT NULL,
    tier INTEGER NOT NULL,
    role TEXT NOT NULL,
    locale TEXT,
    PRIMARY KEY (platform, user_id)
  );
  CREATE TABLE deliveries (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE TABLE faq_offers (
    id TEXT PRIMARY KEY,
    requester_platform TEXT NOT NULL,
    requester_user TEXT NOT NULL,
    data TEXT NOT NULL
  );
  `,
  `
  CREATE TABLE faq_entries (id TEXT PRIMARY KEY, department TEXT NOT NULL, data TEXT NOT NULL);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  CREATE TABLE refs (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  CREATE INDEX deliveries_at ON deliveries (at);
  `,
  `
  CREATE TABLE embeddings (model TEXT NOT NULL, hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash)) WITHOUT ROWID;
  `,
  `
  -- seq: a plain rowid (no AUTOINCREMENT, one write less per change): new rows still come after every live one.
  CREATE TABLE outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE TABLE outbox_deliveries (
    record_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    at INTEGER NOT NULL,
    error TEXT,
    PRIMARY KEY (record_id, channel)
  ) WITHOUT ROWID;
  CREATE INDEX outbox_failures ON outbox_deliveries (at) WHERE error IS NOT NULL;
  `,
  `
  CREATE INDEX tickets_requester_status ON tickets (requester_platform, requester_user, status, created_at);
  `,
  `
  ALTER TABLE agents ADD COLUMN granted_by TEXT;
  `,
  `
  -- AUTOINCREMENT: an id released by one tab is never given to a newer message that another tab could release by mistake.
  CREATE TABLE held_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX held_messages_person ON held_messages (platform, user_id, seq);
  CREATE INDEX held_messages_at ON held_messages (at);
  `,
  `
  -- The knowledge loop: wordings learnt for FAQ entries, who vouched for each (once each), how answers were received.
  CREATE TABLE faq_wordings (
    id TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    decided_by TEXT,
    decided_at INTEGER,
    UNIQUE (entry_id, key)
  );
  CREATE INDEX faq_wordings_status ON faq_wordings (status);
  CREATE TABLE faq_wording_vouchers (
    wording_id TEXT NOT NULL REFERENCES faq_wordings (id),
    voucher TEXT NOT NULL,
    person INTEGER NOT NULL,
    source TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (wording_id, voucher)
  ) WITHOUT ROWID;
  CREATE TABLE faq_outcomes (seq INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, solved INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX faq_outcomes_entry ON faq_outcomes (entry_id, seq);
  CREATE TABLE faq_flags (entry_id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `,
  // 11: wordings whose person said the entry's answer did not help them.
  `
  CREATE TABLE faq_refusals (
    entry_id TEXT NOT NULL,
    key TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, key)
  ) WITHOUT ROWID;
  `,
  // 12: the web chat's conversation per person, and answers given per FAQ entry and language.
  `
  CREATE TABLE chat_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX chat_history_person ON chat_history (platform, user_id, seq);
  CREATE TABLE faq_answer_counts (
    entry_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (locale, entry_id)
  ) WITHOUT ROWID;
  `,
  // 13: the agent console. Sign-in links and sessions by the hash of their
  // token; a ticket's assignee as columns read from its JSON, so the queue
  // filters "mine" and "unassigned" in SQL.
  `
  CREATE TABLE console_links (hash TEXT PRIMARY KEY, platform TEXT NOT NULL, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE console_sessions (
    hash TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX console_links_expiry ON console_links (expires_at);
  CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
  ALTER TABLE tickets ADD COLUMN assignee_platform TEXT GENERATED ALWAYS AS (json_extract(data, '$.assignee.platform')) VIRTUAL;
  ALTER TABLE tickets ADD COLUMN assignee_user TEXT GENERATED ALWAYS AS (json_extract(data, '$.assignee.userId')) VIRTUAL;
  CREATE INDEX tickets_assignee ON tickets (assignee_platform, assignee_user, status);
  `,
  // 14: the SLA sweeper finds due work by an index on the clock's next instant; work slots
  // let one instance of several take each period's sweep.
  `
  ALTER TABLE tickets ADD COLUMN sla_next_at INTEGER GENERATED ALWAYS AS (json_extract(data, '$.sla.nextAt')) VIRTUAL;
  CREATE INDEX tickets_sla_next ON tickets (sla_next_at, code) WHERE sla_next_at IS NOT NULL;
  CREATE TABLE work_slots (name TEXT NOT NULL, slot INTEGER NOT NULL, holder TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (name, slot)) WITHOUT ROWID;
  `,
  // 15: the on-call rota as set at run time: a tier's weekly shifts replaced whole (JSON), overrides one row each.
  `
  CREATE TABLE oncall_weekly (
    department TEXT NOT NULL,
    tier INTEGER NOT NULL,
    shifts TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at INTEGER NOT NULL,
    PRIMARY KEY (department, tier)
  ) WITHOUT ROWID;
  CREATE TABLE oncall_overrides (
    id TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    tier INTEGER NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    people TEXT NOT NULL,
    off TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX oncall_overrides_tier ON oncall_overrides (department, tier, ends_at);
  `,
  // 16: the archive, oldest closing first. A ticket closed before the desk noted when counts from its last change.
  `
  ALTER TABLE tickets ADD COLUMN closed_at INTEGER GENERATED ALWAYS AS (
    coalesce(json_extract(data, '$.closedAt'), CASE WHEN status IN ('closed', 'cancelled') THEN json_extract(data, '$.updatedAt') END)
  ) VIRTUAL;
  CREATE INDEX tickets_closed ON tickets (closed_at, code) WHERE closed_at IS NOT NULL;
  `,
  // 17: FAQ drafts proposed from solved tickets; a ticket is the source of one draft at most (the primary key says so).
  `
  CREATE TABLE faq_drafts (
    id TEXT PRIMARY KEY,
    department TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX faq_drafts_listed ON faq_drafts (status, created_at);
  CREATE TABLE faq_draft_sources (code TEXT PRIMARY KEY, draft_id TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 18: the report's rollups (src/reports/report-cells.ts), one row per day and department, kept by every ticket write in its own transaction.
  `
  CREATE TABLE report_days (
    day INTEGER NOT NULL,
    department TEXT NOT NULL,
    cells TEXT NOT NULL,
    PRIMARY KEY (day, department)
  ) WITHOUT ROWID;
  `,
  // 19: outages. A parent's linked tickets, and (apart, so it stays small) those still active: where the open outages are found.
  `
  ALTER TABLE tickets ADD COLUMN linked_to TEXT GENERATED ALWAYS AS (json_extract(data, '$.linkedTo')) VIRTUAL;
  CREATE INDEX tickets_linked ON tickets (linked_to, code) WHERE linked_to IS NOT NULL;
  CREATE INDEX tickets_linked_active ON tickets (linked_to) WHERE linked_to IS NOT NULL AND status IN ('open', 'in_progress', 'waiting_user', 'resolved');
  `,
  // 20: privacy: every erase and retention run, without the data erased (who ran it, the pseudonym, counts per kind).
  `
  CREATE TABLE privacy_audit (id TEXT PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, by TEXT NOT NULL, pseudonym TEXT, counts TEXT NOT NULL, through INTEGER);
  CREATE INDEX privacy_audit_at ON privacy_audit (at);
  `,
  // 21: files. Bytes live under DATA_DIR/files by their SHA-256; here what is kept and which tickets list each.
  `
  CREATE TABLE files (id TEXT PRIMARY KEY, size INTEGER NOT NULL, mime TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE ticket_files (file_id TEXT NOT NULL, ticket_code TEXT NOT NULL REFERENCES tickets (code), PRIMARY KEY (file_id, ticket_code)) WITHOUT ROWID;
  CREATE INDEX ticket_files_ticket ON ticket_files (ticket_code);
  `,
  // 22: files put again: bytes nobody lists yet stay a while after a put (a ticket about to list them is not written yet).
  `
  ALTER TABLE files ADD COLUMN put_again_at INTEGER;
  `,
  // 23: guided fixes: what happened at each step of each run (no person named), kept once per run, place and kind.
  `
  CREATE TABLE guide_marks (run TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, entry_id TEXT NOT NULL, step_id TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (run, seq, kind)) WITHOUT ROWID;
  CREATE INDEX guide_marks_entry ON guide_marks (entry_id, at);
  `,
  // 24: one person, many channels: the e-mail address a platform vouched for, per chat identity (at most one each).
  `
  CREATE TABLE person_addresses (platform TEXT NOT NULL, user_id TEXT NOT NULL, address TEXT NOT NULL, linked_at INTEGER NOT NULL, PRIMARY KEY (platform, user_id)) WITHOUT ROWID;
  CREATE INDEX person_addresses_address ON person_addresses (address);
  `,
  // 25: the live feed every instance reads by sequence (live-feed-store.ts); AUTOINCREMENT so a pruned sequence is never handed out again.
  `
  CREATE TABLE live_feed (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, origin TEXT NOT NULL, at INTEGER NOT NULL, payload TEXT NOT NULL);
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    }).immediate();
  });
}
