// `sportello faq drafts [list|show ID|approve ID|edit ID|dismiss ID|run]`: the FAQ
// drafts made from solved tickets, decided from the command line. An approved
// draft is an FAQ entry the running server answers from at its next message; what
// `run` tells the leads waits in the outbox for the running server to deliver.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { pino } from 'pino';
import {
  approveDraft, createFaqTriage, createLiveFaqMatcher, createTfidfMatcher, dismissDraft, draftBody, draftStatusWords, editDraft, isHelpDeskError, loadDraft,
  readDraftId, runFaqDraftJob, sourcesWords, DRAFT_STATUSES, type DraftStatus, type FaqDraft, type HelpDeskDeps, type Store,
} from '../../src/index.js';
import type { Config } from '../config.js';
import { deskSettingsFrom } from '../desk-settings.js';
import { withStore } from './with-store.js';

interface DraftFlags {
  json?: boolean;
  status?: string;
  question?: string[];
  answer?: string;
  answerIt?: string;
  answerEn?: string;
  version?: string;
  days?: string;
  min?: string;
}

/** The desk's parts a draft job needs, over the configured store; nobody is prompted (the server's relay delivers). */
function jobDeps(store: Store, config: Config): HelpDeskDeps {
  const clock = { now: () => Date.now() };
  const logger = pino({ level: 'error' }, pino.destination(2));
  const settings = deskSettingsFrom(config);
  const faq = createLiveFaqMatcher(store, createTfidfMatcher, clock, logger);
  const triage = createFaqTriage(faq, settings.departments.map((d) => d.id));
  return { store, clock, logger, faq, triage, settings, newId: randomUUID };
}

function whole(text: string | undefined, what: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

function idOf(raw: string | undefined): string {
  if (!raw) throw new Error('give the draft\'s id (see `sportello faq drafts list`)');
  const id = readDraftId(raw);
  if (!id) throw new Error(`"${raw.slice(0, 40)}" is not a draft id (they look like d-it-12)`);
  return id;
}

function printDraft(d: FaqDraft): void {
  console.log(`${d.id} · ${d.department} · ${draftStatusWords('en', d)} · version ${d.version} · from ${sourcesWords(d)} · entry ${d.entryId}`);
  console.log(draftBody('en', d));
}

/** Draft errors in words for whoever typed the command. */
function explain(err: unknown): never {
  if (isHelpDeskError(err)) {
    const p = err.params;
    const words: Record<string, string> = {
      'DRAFT.NOT_FOUND': `there is no FAQ draft "${String(p.id)}"`,
      'DRAFT.DECIDED': `draft ${String(p.id)} was already ${String(p.status)}${p.by ? ` by ${String(p.by)}` : ''}`,
      'DRAFT.CHANGED': `draft ${String(p.id)} changed meanwhile (or --version is not its version): look at it again`,
      'DRAFT.INVALID': `that cannot be the draft's entry: ${String(p.problem)}`,
    };
    if (Object.hasOwn(words, err.code)) throw new Error(words[err.code]);
  }
  throw err;
}

async function act(action: string, rawId: string | undefined, opts: DraftFlags, store: Store, config: Config): Promise<void> {
  const version = whole(opts.version, '--version', 1, 1_000_000);
  const deps = { store, faq: { refresh: async () => undefined } };
  const out = (d: FaqDraft, said: string) => (opts.json ? console.log(JSON.stringify(d)) : console.log(said));
  switch (action) {
    case 'list': {
      const status = (opts.status ?? 'pending') as DraftStatus | 'all';
      if (status !== 'all' && !DRAFT_STATUSES.includes(status)) throw new Error(`--status must be one of ${[...DRAFT_STATUSES, 'all'].join(', ')}`);
      const drafts = await store.listDrafts({ ...(status === 'all' ? {} : { status }), limit: 200 });
      if (opts.json) return console.log(JSON.stringify(drafts));
      console.log(
        drafts.length === 0
          ? `No FAQ draft${status === 'all' ? '' : ` ${status === 'pending' ? 'waits for a decision' : `is ${status}`}`}.`
          : ['id\tdepartment\tstatus\ttickets\tquestion', ...drafts.map((d) => `${d.id}\t${d.department}\t${d.status}\t${d.sources.length}\t${d.questions[0] ?? ''}`)].join('\n'),
      );
      return;
    }
    case 'show': {
      const d = await loadDraft(store, idOf(rawId));
      return opts.json ? console.log(JSON.stringify(d)) : printDraft(d);
    }
    case 'approve': {
      const d = await approveDraft(deps, idOf(rawId), 'cli', Date.now(), version);
      return out(d, `Approved ${d.id}: FAQ entry ${d.entryId} answers from the server's next message.`);
    }
    case 'dismiss': {
      const d = await dismissDraft(deps, idOf(rawId), 'cli', Date.now(), version);
      return out(d, `Dismissed ${d.id}.`);
    }
    case 'edit': {
      const answer: { it?: string; en?: string } = {};
      const current = await loadDraft(store, idOf(rawId));
      if (opts.answer !== undefined) answer[current.locale] = opts.answer;
      if (opts.answerIt !== undefined) answer.it = opts.answerIt;
      if (opts.answerEn !== undefined) answer.en = opts.answerEn;
      if (!opts.question?.length && Object.keys(answer).length === 0) throw new Error('nothing to change: give --question (once per question) and/or --answer, --answer-it, --answer-en');
      const d = await editDraft(deps, current.id, { ...(opts.question?.length ? { questions: opts.question } : {}), ...(Object.keys(answer).length ? { answer } : {}) }, Date.now(), version);
      if (opts.json) return console.log(JSON.stringify(d));
      return printDraft(d);
    }
    case 'run': {
      const days = whole(opts.days, '--days', 1, 365) ?? config.FAQ_DRAFTS_DAYS;
      const minTickets = whole(opts.min, '--min', 1, 1000) ?? (config.FAQ_DRAFTS_MIN_TICKETS || 5);
      const report = await runFaqDraftJob(jobDeps(store, config), Date.now(), { days, minTickets, similarity: config.FAQ_DRAFTS_SIMILARITY });
      if (opts.json) return console.log(JSON.stringify({ ...report, proposed: report.proposed.map((d) => d.id) }));
      console.log(`Read ${report.read} solved tickets of the last ${days} days: ${report.clusters} groups of ${minTickets} or more, ${report.covered} already answered by the FAQ.`);
      for (const d of report.proposed) console.log(`  new draft ${d.id} (${d.department}, ${d.sources.length} tickets): ${d.questions[0] ?? ''}`);
      if (report.told.length > 0) console.log(`  leads told of ${report.told.join(', ')} (the running server delivers it)`);
      return;
    }
    default:
      throw new Error(`unknown action "${action.slice(0, 20)}": list, show, approve, edit, dismiss or run`);
  }
}

export function addFaqDraftCommands(faq: Command): void {
  faq
    .command('drafts [action] [id]')
    .description('FAQ drafts made from solved tickets: list (default), show ID, approve ID, edit ID, dismiss ID, or run (the daily job, now)')
    .option('--json', 'print JSON')
    .option('--status <status>', 'with list: pending (default), approved, dismissed or all')
    .option('--question <text>', 'with edit: a question (repeat for each; replaces them all)', (v: string, all: string[] = []) => [...all, v])
    .option('--answer <text>', 'with edit: the answer in the draft\'s language')
    .option('--answer-it <text>', 'with edit: the Italian answer (empty removes it)')
    .option('--answer-en <text>', 'with edit: the English answer (empty removes it)')
    .option('--version <n>', 'with approve, edit, dismiss: refuse if the draft is no longer at this version')
    .option('--days <n>', 'with run: how many days back')
    .option('--min <n>', 'with run: the smallest group that becomes a draft')
    .action(async (action: string | undefined, id: string | undefined, opts: DraftFlags) => {
      await withStore(async (store, config) => act(action ?? 'list', id, opts, store, config).catch(explain));
    });
}
