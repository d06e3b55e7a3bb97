// The Teams manifest and its Italian localisation printed in the README: both
// parse, every localised key names something the manifest has, everything a
// person reads in the manifest is localised, and the search commands are the
// ones the adapter answers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEARCH_COMMANDS, SEARCH_PARAMETER, searchOf, searchResult } from '../../adapters/channels/teams/search-extension.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const teams = readme.slice(readme.indexOf('## Connect to Microsoft Teams'), readme.indexOf('## Connect to Discord'));
const [manifest, italian] = [...teams.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Record<string, any>);

/** `bots[0].commandLists[1].commands[2].title` read from the manifest. */
function at(path: string): unknown {
  let here: any = manifest;
  for (const part of path.split('.')) {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    here = here?.[m[1]!];
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) here = here?.[Number(i[1])];
  }
  return here;
}

describe('the Teams manifest in the README', () => {
  it('is localised in Italian, key for key', () => {
    expect(manifest!.localizationInfo).toEqual({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'it-it', file: 'it-it.json' }] });
    for (const key of Object.keys(italian!).filter((k) => k !== '$schema')) expect(typeof at(key), key).toBe('string');
    const shown: string[] = ['name.short', 'name.full', 'description.short', 'description.full'];
    manifest!.bots[0].commandLists.forEach((list: any, l: number) =>
      list.commands.forEach((_: unknown, c: number) => shown.push(`bots[0].commandLists[${l}].commands[${c}].title`, `bots[0].commandLists[${l}].commands[${c}].description`)),
    );
    manifest!.composeExtensions[0].commands.forEach((cmd: any, c: number) => {
      shown.push(`composeExtensions[0].commands[${c}].title`, `composeExtensions[0].commands[${c}].description`);
      (cmd.parameters ?? []).forEach((_: unknown, p: number) => shown.push(`composeExtensions[0].commands[${c}].parameters[${p}].title`, `composeExtensions[0].commands[${c}].parameters[${p}].description`));
    });
    for (const key of shown) expect(italian![key], key).toBeTypeOf('string');
  });

  it('declares the search commands the adapter answers, each with its one parameter', () => {
    const commands = (manifest!.composeExtensions[0].commands as { id: string; type: string; parameters: { name: string }[] }[]).filter((c) => c.type === 'query');
    expect(commands.map((c) => c.id).sort()).toEqual(Object.keys(SEARCH_COMMANDS).sort());
    for (const c of commands) expect(c).toMatchObject({ type: 'query', parameters: [{ name: SEARCH_PARAMETER }] });
  });
});

describe('the search extension, read and answered', () => {
  it('reads a query, an initial run, and nothing else', () => {
    expect(searchOf({ commandId: 'mine', parameters: [{ name: 'query', value: 'IT-4' }] })).toEqual({ which: 'mine', typed: 'IT-4' });
    expect(searchOf({ commandId: 'unassigned', parameters: [{ name: 'initialRun', value: 'true' }] })).toEqual({ which: 'unassigned', typed: '' });
    for (const junk of [null, 'x', { commandId: 'constructor' }, { commandId: '__proto__' }, { commandId: 'mine', parameters: 'x' }]) {
      const read = searchOf(junk);
      expect(read === null || read.typed === '').toBe(true);
    }
    expect(searchOf({ commandId: 'toString' })).toBeNull();
  });

  it('answers a refusal as a message and tickets as a list of cards with previews', () => {
    expect(searchResult([{ text: 'Agents only.', ephemeral: true }]).body).toEqual({ composeExtension: { type: 'message', text: 'Agents only.' } });
    const body = searchResult([{ text: 'IT-4 · P2 — printer\nFrom Mario', actions: [{ id: 'claim:IT-4', label: 'Claim' }] }]).body as any;
    expect(body.composeExtension.attachments[0].preview.content).toEqual({ title: 'IT-4 · P2 — printer', text: 'From Mario' });
    expect(searchResult([]).body).toEqual({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } });
  });
});
