// The guided fixes shipped in the sample KB: the first guides a new desk shows,
// so each must be finishable from every answer a person can give, in both
// languages, with titles short enough for the agents' card.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { exitsOf, isGuideEnd, stepIndex, type GuideStep, type Words } from '../../src/faq/guide.js';
import type { FaqEntry } from '../../src/ports/faq-matcher.js';

const raw = JSON.parse(readFileSync(new URL('../../kb/sample-kb.json', import.meta.url), 'utf8')) as { faqs: FaqEntry[] };
const { entries, problems } = checkKnowledgeBase(raw, ['it', 'hr', 'finance', 'facilities']);
// Read from the file as written, so a guide the import refuses is still looked at by every test below.
const guided = raw.faqs.filter((e): e is FaqEntry & { steps: GuideStep[] } => Boolean(e.steps));
const byId = (id: string) => guided.find((e) => e.id === id)!;

/** Every way through a guide: a step to try may also end it ("Done, it works"); a question goes where its choices lead. */
function paths(steps: readonly GuideStep[]): string[][] {
  const out: string[][] = [];
  const walk = (index: number, trail: string[]) => {
    const step = steps[index]!;
    const here = [...trail, step.id];
    // A path longer than the guide has gone round: stop it there so the test fails instead of hanging.
    if (here.length > steps.length) return out.push([...here, 'loop']);
    const exits = step.choices ? exitsOf(steps, index) : ['solved', ...exitsOf(steps, index)];
    for (const next of exits) {
      if (isGuideEnd(next)) out.push([...here, next]);
      else if (stepIndex(steps, next) < 0) out.push([...here, `missing:${next}`]);
      else walk(stepIndex(steps, next), here);
    }
  };
  walk(0, []);
  return out;
}

const everyWords = (s: GuideStep): [string, Words][] => [
  [`${s.id}.text`, s.text],
  ...(s.title ? [[`${s.id}.title`, s.title] as [string, Words]] : []),
  ...(s.ask ? [[`${s.id}.ask`, s.ask] as [string, Words]] : []),
  ...(s.choices ?? []).map((c, i) => [`${s.id}.choices.${i}`, c.label] as [string, Words]),
];

describe('the sample knowledge base’s guided fixes', () => {
  it('is accepted whole by the import checks', () => {
    expect(problems.map((p) => p.message)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(48);
  });

  it('guides at least the eight most common IT problems', () => {
    expect(guided.length).toBeGreaterThanOrEqual(8);
    for (const id of ['it-printer-offline', 'it-vpn-connect', 'it-wifi-office', 'it-email-mobile', 'it-password-reset', 'it-mfa-new-phone', 'it-laptop-slow', 'it-meeting-room-screen']) {
      expect(byId(id)?.steps.length, id).toBeGreaterThanOrEqual(3);
    }
    for (const e of guided) expect(e.steps.length, e.id).toBeLessThanOrEqual(6);
  });

  it('says every step, title, question and choice in Italian and in English', () => {
    for (const e of guided) {
      expect(e.answer.it && e.answer.en, e.id).toBeTruthy();
      for (const s of e.steps) {
        for (const [where, words] of everyWords(s)) {
          expect(words.it?.trim(), `${e.id} ${where} it`).toBeTruthy();
          expect(words.en?.trim(), `${e.id} ${where} en`).toBeTruthy();
        }
      }
    }
  });

  it('names every step in 30 characters or fewer, for the agents’ card', () => {
    for (const e of guided) {
      for (const s of e.steps) {
        expect(s.title, `${e.id} ${s.id}`).toBeDefined();
        for (const l of ['it', 'en'] as const) expect(s.title![l]!.length, `${e.id} ${s.id} ${l}: "${s.title![l]}"`).toBeLessThanOrEqual(30);
      }
    }
  });

  it('branches on a question in at least four guides', () => {
    const branching = guided.filter((e) => e.steps.some((s) => s.ask && s.choices && new Set(s.choices.map((c) => c.next)).size >= 2));
    expect(branching.length).toBeGreaterThanOrEqual(4);
    for (const e of branching) {
      for (const s of e.steps.filter((x) => x.choices)) expect(s.choices!.length, `${e.id} ${s.id}`).toBeLessThanOrEqual(3);
    }
  });

  it('ends every path of every guide in "solved" or "ticket", never going round', () => {
    for (const e of guided) {
      const all = paths(e.steps);
      for (const p of all) {
        expect(['solved', 'ticket'], `${e.id}: ${p.join(' → ')}`).toContain(p.at(-1));
        expect(p.length - 1, `${e.id}: ${p.join(' → ')}`).toBeLessThanOrEqual(e.steps.length);
      }
      // Every step lies on some path, and every guide can end either way.
      expect(new Set(all.flat()), e.id).toEqual(new Set([...e.steps.map((s) => s.id), 'solved', 'ticket']));
    }
  });

  it('sends straight to a person what a guide cannot fix: a lost phone, a printer down for everyone, a dead screen', () => {
    const choice = (id: string, step: string, label: string) => byId(id).steps.find((s) => s.id === step)!.choices!.find((c) => c.label.en === label)!;
    expect(choice('it-mfa-new-phone', 'old-phone', 'No: lost, stolen or wiped').next).toBe('ticket');
    expect(choice('it-password-reset', 'phone', "No, I don't have it or it doesn't work").next).toBe('ticket');
    expect(choice('it-printer-offline', 'colleagues', 'No, nobody can print').next).toBe('ticket');
    expect(choice('it-meeting-room-screen', 'power', 'No, it stays dark').next).toBe('ticket');
    expect(choice('it-meeting-room-screen', 'cable', 'Yes, it shows now').next).toBe('solved');
  });

  it('keeps the one-block answer for where a guide cannot be shown', () => {
    for (const e of guided) for (const l of ['it', 'en'] as const) expect(e.answer[l]!.length, `${e.id} ${l}`).toBeGreaterThan(60);
    expect(byId('it-password-reset').answer.en).toContain('https://password.example.local');
    expect(byId('it-mfa-new-phone').answer.en).toContain('https://mfa.example.local');
  });
});
