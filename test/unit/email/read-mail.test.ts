// Every fixture is a raw mail in the shape a real client sends it, read the way the
// channel will: mailparser's simpleParser, then readMail.
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT, readMail, ticketCode, type MailFacts } from '../../../adapters/channels/email/read-mail.js';

const OUR_SERVER = 'mx.sportello.example';

async function read(name: string, opts: { authServId?: string } = { authServId: OUR_SERVER }): Promise<MailFacts> {
  const raw = readFileSync(new URL(`../../fixtures/mail/${name}.eml`, import.meta.url));
  return readMail(await simpleParser(raw), opts);
}

async function readRaw(raw: string): Promise<MailFacts> {
  return readMail(await simpleParser(raw));
}

describe('the words an agent reads', () => {
  it('keeps only the new words of an Italian Outlook reply, cut at its "Da: … Inviato: … Oggetto:" block', async () => {
    const mail = await read('outlook-it-reply');
    expect(mail.body).toBe('Buongiorno,\n\nla stampante del secondo piano continua a stampare pagine bianche, anche dopo il riavvio. Il toner è nuovo.\n\nGrazie,\nMario Rossi\nUfficio Acquisti');
    expect(mail.fullText).toContain('Oggetto: [IT-42] Stampante');
  });

  it('cuts an English Outlook reply at "-----Original Message-----"', async () => {
    const mail = await read('outlook-en-original-message');
    expect(mail.body).toBe('Hi,\n\nIt dropped again at 8:30 this morning. The client shows error 809.\n\nJohn');
  });

  it('cuts an Outlook mobile reply at "Get Outlook for iOS" and leaves no rule line behind', async () => {
    const mail = await read('outlook-en-from-sent');
    expect(mail.body).toBe("Thursday afternoon works for me, I'll be at my desk from 2pm.");
  });

  it('drops Gmail\'s "On … wrote:" and the quoted lines, and the signature inside the quote', async () => {
    const mail = await read('gmail-en-reply');
    expect(mail.body).toBe("Thanks, the reset link worked and I'm back in.");
  });

  it('drops Gmail\'s Italian "Il giorno … ha scritto:" even when Gmail wrapped it over two lines', async () => {
    const mail = await read('gmail-it-reply');
    expect(mail.body).toBe('Anche a me succede con la stampante del secondo piano: stampa solo pagine bianche.');
  });

  it('drops "Inviato da iPhone" and the quote Apple Mail puts under it', async () => {
    const mail = await read('apple-iphone-it');
    expect(mail.body).toBe('Va bene, allora confermo dal 22 al 31 dicembre.');
  });

  it('drops a "-- " signature and keeps the request above it', async () => {
    const mail = await read('signature');
    expect(mail.body).toContain('\\\\fileserver\\Amministrazione');
    expect(mail.body).not.toContain('Tel.');
    expect(mail.body.endsWith('Grazie')).toBe(true);
  });

  it('keeps the answers written under each quote in a bottom-posted reply', async () => {
    const mail = await read('bottom-posted');
    expect(mail.body).toBe('DisplayPort, e il cavo che ho è HDMI.\n\nSì, grazie.');
  });

  it('reads an HTML-only mail as text, without its script, quote or signature', async () => {
    const mail = await read('html-only');
    expect(mail.body).toBe('Ciao,\n\nla licenza risulta scaduta anche oggi & Word si apre in sola lettura.');
    expect(mail.fullText).not.toMatch(/alert|<script/);
  });

  it('cuts an HTML-only Outlook on the web reply at its bold "Da:" block and the rule above it', async () => {
    const mail = await read('outlook-web-html-it');
    expect(mail.body).toBe('Ho provato con il cavo nuovo: ora stampa, ma le pagine escono sbiadite.');
  });

  it('keeps the forwarded mail of a forward, which is the request itself', async () => {
    const mail = await read('gmail-forward-it');
    expect(mail.body).toContain('Vedete sotto');
    expect(mail.body).toContain('Errore 500 - XML non valido');
  });

  it('keeps the whole text when nothing is left after removal (a mail that is all quote)', async () => {
    const mail = await readRaw('From: a@example.com\nSubject: Fwd\n\n> only a quoted line\n> and another\n');
    expect(mail.body).toBe('> only a quoted line\n> and another');
  });

  it('caps the body of a 2 MB mail at 20,000 characters', async () => {
    const line = 'La stampante non funziona ancora, ecco il log completo.\n';
    const mail = await readRaw(`From: a@example.com\nSubject: log\nContent-Type: text/plain\n\n${line.repeat(Math.ceil(2_000_000 / line.length))}`);
    expect(mail.body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(mail.body.startsWith('La stampante')).toBe(true);
  });
});

describe('threading', () => {
  it('finds the code in "Re: R: [IT-42] Stampante" and the ids without angle brackets, in order', async () => {
    const mail = await read('gmail-it-reply');
    expect(mail.ticketCode).toBe('IT-42');
    expect(mail.messageId).toBe('CAJ8u2Nf5sQ0p=R7x3V-mK1wZb9Ld4Yc6Ht2Gq0Ea8Uo3Ni7@mail.gmail.com');
    expect(mail.inReplyTo).toEqual(['sportello.IT-42.2@helpdesk.example.com']);
    expect(mail.references).toEqual([
      'sportello.IT-42.1@helpdesk.example.com',
      'AM0PR07MB6259C1A2F3E4D5B6A7C8D9E0F1A2B3C4@AM0PR07MB6259.eurprd07.prod.outlook.com',
      'sportello.IT-42.2@helpdesk.example.com',
    ]);
  });

  it('takes the last code when a subject carries several, upper-cased', async () => {
    expect((await read('from-no-address')).ticketCode).toBe('IT-50');
    expect(ticketCode('Re: [it-9] stampante')).toBe('IT-9');
    expect(ticketCode('[2026-11] riunione')).toBeNull();
    expect(ticketCode('IT-42 without brackets')).toBeNull();
    expect(ticketCode('[ HR-3 ] ferie')).toBe('HR-3');
  });

  it('reads the sender lower-cased with their display name, and every address the mail was for', async () => {
    const mail = await read('outlook-it-reply');
    expect(mail.from).toEqual({ address: 'mario.rossi@example.com', name: 'Mario Rossi' });
    expect(mail.recipients).toEqual(['helpdesk-it@example.com', 'laura.bianchi@example.com']);
    const english = await read('outlook-en-original-message');
    expect(english.from).toEqual({ address: 'j.smith@contoso.example', name: 'Smith, John' });
    expect(english.recipients).toEqual(['it-support@example.com', 'helpdesk-it@example.com']);
  });

  it('names a sender without a display name by the local part of their address', async () => {
    const mail = await readRaw('From: giorgio.bassi@example.com\nSubject: x\n\nciao');
    expect(mail.from).toEqual({ address: 'giorgio.bassi@example.com', name: 'giorgio.bassi' });
  });

  it('reads the Date header as a time', async () => {
    expect((await read('gmail-en-reply')).date).toBe(Date.parse('2026-11-03T11:07:31+01:00'));
  });
});

describe('odd headers', () => {
  it('survives an empty From, an empty Subject, a group To, 20 References and an unreadable Date', async () => {
    const mail = await read('odd-headers');
    expect(mail.from).toBeNull();
    expect(mail.subject).toBe('');
    expect(mail.messageId).toBeNull();
    expect(mail.recipients).toEqual([]);
    expect(mail.references).toHaveLength(20);
    expect(mail.references[19]).toBe('r20@x.example');
    expect(mail.date).toBeNull();
    expect(mail.automatic).toBeNull();
    expect(mail.auth.authenticated).toBe(false);
    expect(mail.body).toBe('una riga');
  });

  it('has no sender for a From without an address, and lists a repeated recipient once', async () => {
    const mail = await read('from-no-address');
    expect(mail.from).toBeNull();
    expect(mail.recipients).toEqual(['helpdesk-it@example.com']);
  });

  it('reads a mail with no headers and no body', async () => {
    const mail = await readRaw('\n');
    expect(mail).toMatchObject({ messageId: null, from: null, subject: '', body: '', fullText: '', automatic: null, date: null, attachments: [] });
  });
});

describe('mail no person wrote', () => {
  it('recognises an Italian Exchange out-of-office as an auto-reply', async () => {
    const mail = await read('exchange-ooo-it');
    expect(mail.automatic?.reason).toBe('auto-reply');
    expect(mail.automatic?.detail).toContain('Risposta automatica');
  });

  it('recognises a Gmail vacation reply by Auto-Submitted: auto-replied', async () => {
    expect((await read('gmail-vacation')).automatic).toEqual({ reason: 'auto-reply', detail: 'Auto-Submitted: auto-replied' });
  });

  it('recognises an X-Autoreply: yes', async () => {
    expect((await read('x-autoreply')).automatic).toEqual({ reason: 'auto-reply', detail: 'X-Autoreply: yes' });
  });

  it('recognises a delivery status notification from MAILER-DAEMON as a bounce', async () => {
    const mail = await read('dsn-bounce');
    expect(mail.automatic?.reason).toBe('bounce');
    expect(mail.automatic?.detail).toMatch(/multipart\/report/);
  });

  it('recognises a mailing-list mail, a bulk mail, a monitoring alert and a no-reply sender', async () => {
    expect((await read('mailing-list')).automatic).toEqual({ reason: 'list', detail: 'List-Id: IT admins <it-admins.lists.example.org>' });
    expect((await read('precedence-bulk')).automatic).toEqual({ reason: 'bulk', detail: 'Precedence: Bulk' });
    expect((await read('auto-generated')).automatic).toEqual({ reason: 'auto-generated', detail: 'Auto-Submitted: Auto-Generated' });
    expect((await read('noreply-sender')).automatic).toEqual({ reason: 'no-reply-sender', detail: 'From: no-reply@portale.fornitore.example' });
  });

  it('recognises an Outlook read receipt ("Letto:") as software talking', async () => {
    const mail = await read('read-receipt-it');
    expect(mail.automatic?.reason).toBe('auto-generated');
    expect(mail.automatic?.detail).toMatch(/disposition-notification/);
  });

  it('does not flag the ordinary reply of a person whose Outlook adds X-Auto-Response-Suppress', async () => {
    expect((await read('outlook-it-reply')).automatic).toBeNull();
  });

  it('flags none of the replies people wrote', async () => {
    for (const name of ['outlook-en-original-message', 'outlook-en-from-sent', 'gmail-en-reply', 'gmail-it-reply', 'apple-iphone-it', 'signature', 'bottom-posted', 'html-only', 'attachments']) {
      expect({ name, automatic: (await read(name)).automatic }).toEqual({ name, automatic: null });
    }
  });
});

describe('authentication', () => {
  it('records dkim, spf and dmarc passing from our server', async () => {
    expect((await read('outlook-it-reply')).auth).toEqual({ dkim: 'pass', spf: 'pass', dmarc: 'pass', authenticated: true, servId: OUR_SERVER });
  });

  it('records a failing dkim and a softfail spf as unauthenticated, whatever passing header sits below', async () => {
    expect((await read('auth-fail')).auth).toEqual({ dkim: 'fail', spf: 'softfail', dmarc: 'fail', authenticated: false, servId: OUR_SERVER });
    expect((await read('auth-fail', {})).auth.authenticated).toBe(false);
  });

  it('does not count the passing headers the sender wrote below ours, even under our own name', async () => {
    const mail = await read('forged-auth');
    expect(mail.auth).toEqual({ dkim: 'none', spf: 'fail', dmarc: 'fail', authenticated: false, servId: OUR_SERVER });
    expect((await read('forged-auth', {})).auth.authenticated).toBe(false);
  });

  it('counts nothing when no header comes from the server we named', async () => {
    expect((await read('gmail-en-reply', { authServId: 'mx.other.example' })).auth).toEqual({ dkim: null, spf: null, dmarc: null, authenticated: false, servId: null });
  });
});

describe('attachments', () => {
  it('hands over a PNG and a PDF with their names, types and bytes', async () => {
    const mail = await read('attachments');
    expect(mail.body).toBe("Ecco la schermata dell'errore e la pagina stampata.");
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.inline])).toEqual([
      ['schermata.png', 'image/png', false],
      ['pagina.pdf', 'application/pdf', false],
    ]);
    expect(mail.attachments[0]!.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(mail.attachments[1]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('marks an image embedded in the HTML as inline, with its content id', async () => {
    const raw = [
      'From: a@example.com', 'Subject: x', 'MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="r"', '',
      '--r', 'Content-Type: text/html; charset=utf-8', '', '<p>see <img src="cid:logo@x"></p>',
      '--r', 'Content-Type: image/png', 'Content-ID: <logo@x>', 'Content-Disposition: inline', 'Content-Transfer-Encoding: base64', '',
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', '--r--', '',
    ].join('\n');
    const [image] = (await readRaw(raw)).attachments;
    expect(image).toMatchObject({ filename: 'attachment-1.png', contentType: 'image/png', inline: true, contentId: 'logo@x' });
  });

  it('counts the photo an iPhone attaches "inline" as an attachment, and drops "Inviato da iPhone"', async () => {
    const mail = await read('apple-photo-inline');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.inline])).toEqual([['IMG_0412.png', 'image/png', false]]);
    expect(mail.body).toBe('Lo schermo del portatile si è rotto, vedi foto.');
  });

  it('keeps folders and control characters out of a file name the sender chose', async () => {
    const raw = [
      'From: a@example.com', 'Subject: x', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="m"', '',
      '--m', 'Content-Type: text/plain', '', 'see attached',
      '--m', 'Content-Type: text/plain; name="x.txt"', 'Content-Disposition: attachment; filename="../../etc/passwd"', '', 'root',
      '--m', 'Content-Type: text/plain', 'Content-Disposition: attachment; filename="C:\\\\Users\\\\me\\\\note\t.txt"', '', 'note',
      '--m--', '',
    ].join('\n');
    expect((await readRaw(raw)).attachments.map((a) => a.filename)).toEqual(['passwd', 'note.txt']);
  });
});
