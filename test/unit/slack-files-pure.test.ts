// What the Slack adapter reads of shared files, and where it lets the bot token go.
import { describe, expect, it } from 'vitest';
import { tokenMayGoTo } from '../../adapters/channels/slack/fetch-files.js';
import { FILES_BLOCK, newTicketModal } from '../../adapters/channels/slack/file-input.js';
import { filesInForm, filesToFetch, isPersonMessage, type SlackMessageEvent } from '../../adapters/channels/slack/to-inbound-event.js';
import { newTicketForm } from '../../src/index.js';

const message = (over: Partial<SlackMessageEvent>): SlackMessageEvent => ({ type: 'message', channel: 'D1', ts: '1.1', user: 'U1', text: 'ciao', ...over });
const png = { id: 'F1', name: 'schermata.png', mimetype: 'image/png', size: 1234, mode: 'hosted', url_private: 'https://files.slack.com/files-pri/T1-F1/schermata.png', url_private_download: 'https://files.slack.com/files-pri/T1-F1/download/schermata.png' };

describe('shared files on Slack', () => {
  it('takes a file shared without words as a message, and still leaves edits, joins and bots out', () => {
    expect(isPersonMessage(message({ subtype: 'file_share', text: '', files: [png] }))).toBe(true);
    expect(isPersonMessage(message({ subtype: 'file_share', text: 'guarda', files: [] }))).toBe(true);
    expect(isPersonMessage(message({ subtype: 'file_share', text: '', files: [] }))).toBe(false);
    expect(isPersonMessage(message({ subtype: 'message_changed', files: [png] }))).toBe(false);
    expect(isPersonMessage(message({ subtype: 'file_share', bot_id: 'B1', files: [png] }))).toBe(false);
    expect(isPersonMessage(message({ text: '' }))).toBe(false);
  });

  it("fetches Slack's download link, and marks deleted or external files as unreadable", () => {
    expect(filesToFetch([png])).toEqual([{ name: 'schermata.png', url: png.url_private_download, size: 1234 }]);
    expect(filesToFetch([{ ...png, url_private_download: undefined }])).toEqual([{ name: 'schermata.png', url: png.url_private, size: 1234 }]);
    expect(filesToFetch([{ id: 'F2', name: 'via.png', mode: 'tombstone' }, { id: 'F3', title: 'Doc', mode: 'external', url_private: 'https://docs.example.com/x' }])).toEqual([
      { name: 'via.png', unreadable: true },
      { name: 'Doc', unreadable: true },
    ]);
    expect(filesToFetch(Array.from({ length: 14 }, () => png))).toHaveLength(10);
  });

  it("reads the files a modal's file_input submitted, and nothing from other inputs", () => {
    const values = {
      title: { value: { type: 'plain_text_input', value: 'VPN' } },
      [FILES_BLOCK]: { files: { type: 'file_input', files: [png] } },
      other: { files: { type: 'plain_text_input', files: null } },
    };
    expect(filesInForm(values as never)).toEqual([png]);
    expect(filesInForm({})).toEqual([]);
  });

  it("sends the bot token only to Slack's hosts over HTTPS, or to the API's own origin", () => {
    expect(tokenMayGoTo('https://files.slack.com/files-pri/T1-F1/x.png', undefined)).toBe(true);
    expect(tokenMayGoTo('http://files.slack.com/files-pri/T1-F1/x.png', undefined)).toBe(false);
    expect(tokenMayGoTo('https://files.slack.com.evil.example/x.png', undefined)).toBe(false);
    expect(tokenMayGoTo('https://evil.example/slack.com/x.png', undefined)).toBe(false);
    expect(tokenMayGoTo('http://127.0.0.1:4000/files-pri/x', 'http://127.0.0.1:4000/api/')).toBe(true);
    expect(tokenMayGoTo('http://127.0.0.1:4001/files-pri/x', 'http://127.0.0.1:4000/api/')).toBe(false);
    expect(tokenMayGoTo('not a url', 'http://127.0.0.1:4000/api/')).toBe(false);
  });

  it('puts an optional file field, in the reader’s language, at the end of the new-ticket modal', () => {
    const modal = newTicketModal(newTicketForm('it', ['it']), 'it');
    const last = modal.blocks[modal.blocks.length - 1] as Record<string, any>;
    expect(last).toMatchObject({ type: 'input', block_id: FILES_BLOCK, optional: true, label: { text: 'File' }, element: { type: 'file_input', max_files: 10 } });
    expect((newTicketModal(newTicketForm('en', ['it']), 'en').blocks.at(-1) as Record<string, any>).label.text).toBe('Files');
  });
});
