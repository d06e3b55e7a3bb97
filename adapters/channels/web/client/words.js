// Every label the chat page shows, in Italian and English (test/unit checks both
// have the same keys). `{name}` in a label is filled in by say().
export const WORDS = {
  en: {
    title: 'Help desk chat',
    signInTitle: 'Sign in to chat with the help desk',
    signIn: 'Sign in',
    signOut: 'Sign out',
    userId: 'User id',
    userIdHint: 'e.g. mario',
    yourName: 'Your name',
    language: 'Language',
    start: 'Start chatting',
    fromIntranet: 'Open the chat from the intranet page.',
    connecting: 'Connecting…',
    greeting: 'Hello {name}! This is {desk}. Ask me anything, or pick a question below.',
    greetingAnonymous: 'Hello! This is {desk}. Ask me anything, or pick a question below.',
    suggestions: 'Questions people ask',
    message: 'Message',
    placeholder: 'Type your question…',
    send: 'Send',
    typing: '{desk} is typing…',
    conversation: 'Conversation',
    myTickets: 'My tickets',
    myTicketsShort: 'Tickets',
    noTickets: 'You have no tickets.',
    updated: 'updated {when}',
    close: 'Close',
    switchTo: 'Italiano',
    switchToLabel: 'Passa all\u2019italiano',
    pressed: '▸ {label}',
    error: 'Something went wrong: {error}',
    unreadable: 'unreadable answer ({status})',
    offline: 'The desk cannot be reached: check your connection and try again.',
    signedOut: 'Your session has ended: sign in again.',
    openInNewTab: '(opens in a new tab)',
    ticketFacts: 'Ticket facts',
    signedInAs: 'Signed in as {name}',
    attach: 'Attach files',
    attached: 'Files to send',
    removeFile: 'Remove {name}',
    dropHere: 'Drop files to attach them',
    fileTooBig: '{name} was not sent: it is {size}, and files may be {max} at most.',
    tooManyFiles: 'Only {max} files may go with one message: the others were not added.',
    picture: 'Picture: {name}',
    download: 'Download {name} ({size})',
    fileGone: '{name} ({size}) cannot be opened any more.',
  },
  it: {
    title: 'Chat con l\u2019assistenza',
    signInTitle: 'Accedi per scrivere all\u2019assistenza',
    signIn: 'Accedi',
    signOut: 'Esci',
    userId: 'Identificativo',
    userIdHint: 'es. mario',
    yourName: 'Il tuo nome',
    language: 'Lingua',
    start: 'Inizia la chat',
    fromIntranet: 'Apri la chat dalla pagina intranet.',
    connecting: 'Connessione in corso…',
    greeting: 'Ciao {name}! Qui è {desk}. Chiedimi pure, o scegli una domanda qui sotto.',
    greetingAnonymous: 'Ciao! Qui è {desk}. Chiedimi pure, o scegli una domanda qui sotto.',
    suggestions: 'Domande frequenti',
    message: 'Messaggio',
    placeholder: 'Scrivi la tua domanda…',
    send: 'Invia',
    typing: '{desk} sta scrivendo…',
    conversation: 'Conversazione',
    myTickets: 'I miei ticket',
    myTicketsShort: 'Ticket',
    noTickets: 'Non hai ticket.',
    updated: 'aggiornato {when}',
    close: 'Chiudi',
    switchTo: 'English',
    switchToLabel: 'Switch to English',
    pressed: '▸ {label}',
    error: 'Qualcosa non ha funzionato: {error}',
    unreadable: 'risposta illeggibile ({status})',
    offline: 'Lo sportello non risponde: controlla la connessione e riprova.',
    signedOut: 'La sessione è scaduta: accedi di nuovo.',
    openInNewTab: '(si apre in una nuova scheda)',
    ticketFacts: 'Dettagli del ticket',
    signedInAs: 'Accesso come {name}',
    attach: 'Allega file',
    attached: 'File da inviare',
    removeFile: 'Togli {name}',
    dropHere: 'Rilascia i file per allegarli',
    fileTooBig: '{name} non è stato inviato: pesa {size}, e un file può pesare al massimo {max}.',
    tooManyFiles: 'Con un messaggio si possono inviare al massimo {max} file: gli altri non sono stati aggiunti.',
    picture: 'Immagine: {name}',
    download: 'Scarica {name} ({size})',
    fileGone: '{name} ({size}) non si può più aprire.',
  },
};

export const LANGS = ['it', 'en'];

/** The label `key` in `lang`, `{x}` filled from `vars` (as text: the page never parses it as markup). */
export function say(lang, key, vars = {}) {
  const text = (WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : all));
}

/** "3 min ago" / "3 min fa": how long since `at`, in the page's language. */
export function sinceWords(lang, at, now = Date.now()) {
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  const s = Math.round((at - now) / 1000);
  const abs = Math.abs(s);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

/** 12.4 MB, 80 KB, 512 B: as the desk says sizes. */
export function sizeWords(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** it-IT, it -> it; anything else -> en. */
export function langOf(tag) {
  return typeof tag === 'string' && tag.slice(0, 2).toLowerCase() === 'it' ? 'it' : 'en';
}
