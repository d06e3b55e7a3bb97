// Every sentence the bot says, in Italian and English. Keys are stable; `{name}`
// placeholders are filled by `t`.
import type { Locale } from './events.js';

const en = {
  'help.requester':
    'I can answer questions and open tickets. Just write your problem, or use:\n' +
    '• ticket new <text> (add --no-faq to skip suggestions)\n• ticket status [CODE] · ticket list\n' +
    '• ticket reply CODE <text> · ticket cancel CODE',
  'help.agent':
    'Agent commands:\n• ticket queue [dept] · ticket next · ticket claim CODE · ticket unclaim CODE\n' +
    '• ticket reply CODE <text> · ticket note CODE <text>\n• ticket priority CODE P1..P4 · ticket assign CODE @user · ticket move CODE <dept>\n' +
    '• ticket escalate CODE [reason] · ticket resolve CODE <resolution>\n' +
    '• ticket faq add <question> = <answer> · ticket faq promote CODE',
  'ticket.line': '{code} · {status} · {priority} · {department} L{tier}{assignee} — {title}',
  'ticket.assignee': ' · {name}',
  'card.requester': 'Requester: {name} ({platform})',
  'notify.unreachable': '{name} could not be told on {platform}: they have never opened a chat with the bot there. Please reach them another way.',
  'ticket.created': 'Ticket {code} opened ({priority}, {department}). An agent will pick it up soon.',
  'ticket.created.suggestion': 'Ticket {code} opened ({priority}, {department}). Meanwhile, this may already solve it:\n{answer}',
  'team.new': 'New ticket {code} [{priority}] {department} L{tier} from {name}: {title}',
  'list.header': 'Your tickets:',
  'list.empty': 'You have no tickets.',
  'status.transcript': 'Last messages:',
  'status.notesHidden': '(Internal notes are not shown where others read: ask me in a private chat to see them.)',
  'queue.header': 'Queue {scope} L{tier}: {total} waiting',
  'queue.more': '…and {count} more',
  'queue.empty': 'The queue is empty. 🎉',
  'claim.done': 'You claimed {code}.',
  'claim.requester': '{name} is working on your ticket {code}.',
  'unclaim.done': '{code} is back in the queue.',
  'unclaim.team': '{code} is back in the queue [{priority}]: {title}',
  'reply.sent': 'Sent to {name} on {code}.',
  'reply.requester': '{name} on {code}: {text}\n(Answer by writing here, or: ticket reply {code} <text>)',
  'message.added': 'Added to {code}.',
  'message.agent': '{name} on {code}: {text}',
  'note.added': 'Internal note added to {code}.',
  'priority.done': '{code} is now {priority}.',
  'assign.done': '{code} assigned to {name}.',
  'assign.assignee': '{name} assigned {code} to you: {title}',
  'escalate.done': '{code} escalated to level {tier}.',
  'move.done': '{code} moved to {department}.',
  'move.team': 'Moved to {department}: {code} [{priority}] {title}',
  'escalate.team': 'Escalated {code} to L{tier} [{priority}]: {title}{reason}',
  'escalate.requester': 'Your ticket {code} was passed to level {tier} support.',
  'resolve.done': '{code} resolved; waiting for {name} to confirm.',
  'resolve.requester': '{name} resolved {code}: {resolution}\nDid this solve it?',
  'confirm.requester': 'Thanks! {code} is closed.',
  'confirm.agent': '{name} confirmed the fix: {code} is closed.',
  'autoclose.requester': '{code} was closed: no answer came to "did this solve it?". Write here or open a new ticket if it is still a problem.',
  'autoclose.agent': '{code} closed automatically: the requester did not answer.',
  'reopen.requester': '{code} is open again; an agent will look at it.',
  'reopen.agent': '{name} says {code} is still broken: it is back in the queue.',
  'cancel.done': '{code} cancelled.',
  'cancel.agent': '{name} cancelled {code}.',
  'selfsolve.done': 'Glad it helped. {code} is closed.',
  'faq.answer': '{answer}\n\nDid this solve it?',
  'faq.thanks': 'Great, glad it helped!',
  'faq.added': 'FAQ entry {id} saved: I answer it from now on.',
  'faq.didYouMean': 'Did you mean one of these?',
  'action.noneOfThese': 'None of these: open a ticket',
  'action.claim': 'Claim',
  'action.escalate': 'Escalate',
  'action.resolve': 'Resolve',
  'action.confirm': "Yes, it's solved",
  'action.reopen': 'No, still broken',
  'action.faqYes': 'Yes, solved',
  'action.faqNo': 'No, open a ticket',
  'action.selfSolve': 'Solved? Close it',
  'status.open': 'open',
  'status.in_progress': 'in progress',
  'status.waiting_user': 'waiting for you',
  'status.resolved': 'resolved',
  'status.closed': 'closed',
  'status.cancelled': 'cancelled',
  'error.TICKET.NOT_FOUND': 'No ticket {code} found.',
  'error.TICKET.ALREADY_CLAIMED': '{code} is already claimed by {name}.',
  'error.TICKET.ILLEGAL_TRANSITION': '{code} is {from}: it cannot become {to}.',
  'error.TICKET.MAX_TIER': '{code} is already at level {tier}, the highest: it cannot be escalated further.',
  'error.TICKET.FINISHED': '{code} is {status}. Open a new ticket if you still need help.',
  'error.TICKET.SAME_DEPARTMENT': '{code} is already with {department}.',
  'error.DEPARTMENT.UNKNOWN': 'There is no department "{department}". Departments: {known}.',
  'error.TICKET.NOT_ASSIGNED_TO_YOU': '{code} is assigned to {name}, not to you.',
  'error.TICKET.BAD_CODE': '"{input}" is not a ticket code (like IT-42).',
  'error.AUTH.AGENT_ONLY': 'Only help desk agents can use "{command}".',
  'error.AGENT.NOT_FOUND': 'No agent "{user}" is registered.',
  'error.AGENT.NOT_IN_DEPARTMENT': '{name} does not work for {department}.',
  'error.COMMAND.UNKNOWN':
    'I don\'t know "{command}". Commands: ticket new, status, list, reply, cancel, help' +
    ' (agents: queue, next, claim, unclaim, note, priority, assign, move, escalate, resolve, faq).',
  'error.COMMAND.USAGE': 'Usage: ticket {usage}',
  'error.QUEUE.EMPTY': 'Nothing to claim: the queue is empty.',
  'error.OFFER.GONE': 'That question was already answered.',
  'error.FAQ.NOT_SOLVED': '{code} has no resolution yet: resolve it first, then promote it.',
  'error.FAQ.NOT_AN_ENTRY': 'That cannot be a FAQ entry: the question needs words to match on, and question and answer at most 4,000 characters each.',
  'error.STORE.CONFLICT': '{code} changed while I was saving; please try again.',
  'error.unexpected': 'Something went wrong on my side (ref {ref}). Nothing was changed; please try again.',
  'error.LIMIT.TICKETS':
    'Ticket not opened: you have opened {limit} tickets in the last hour, the most allowed. You can open another in {minutes} min. ' +
    'Here is what you wrote, to send again then:\n{text}',
  'limit.messages':
    'You are writing faster than I can read: {limit} messages a minute at most. ' +
    'I will not read anything you send for the next {seconds} seconds; please send it again after that.',
  'internal.tag': '(internal)',
  'smalltalk.thanks': 'You\'re welcome! Write here whenever you need help.',
  'smalltalk.greeting': 'Hi! Tell me in your own words what you need: I will look for an answer, or open a ticket for the team. Write "help" to see what I can do.',
  'smalltalk.bye': 'Bye! Write here whenever you need help.',
  'smalltalk.ack': 'All right. I am here if you need anything else.',
  'smalltalk.empty': 'I did not catch that: tell me in a few words what you need, or write "help".',
  'smalltalk.didYouMean': 'Did you mean `{command}`? Send it like that and I will do it.',
  'followup.ask': 'You have tickets under way. Is this about one of them, or a new request?',
  'followup.newRequest': 'New request',
  'followup.added': 'Added to {code}. (For a new request instead, write: ticket new <text>)',
  'followup.replyClaimed': 'Sent to {name} on {code}. Nobody had claimed it, so it is now yours.',
  'followup.replyUnclaimed': 'Sent to {name} on {code}. {code} is still unclaimed: it stays in the queue for an agent of its level.',
  'words.priority': '{priority} – {level}, expected response within {within}',
  'words.priority.P1': 'critical',
  'words.priority.P2': 'high',
  'words.priority.P3': 'normal',
  'words.priority.P4': 'low',
  'words.span.minutes': '{n} min',
  'words.span.hours': '{n} h',
  'words.span.days': '{n} days',
  'words.department.it': 'IT',
  'words.department.hr': 'Human resources',
  'words.department.finance': 'Finance',
  'words.department.facilities': 'Facilities',
  'words.resolve.ask': 'What did you do to fix {code}? Write it here: {name} will read it. (Or in one go: ticket resolve {code} <resolution>)',
  'queue.item': '{code} · {priority} — {title}\nFrom {requester} · opened {age} · {due}',
  'queue.age': '{duration} ago',
  'queue.justNow': 'just now',
  'queue.dueIn': 'due in {duration}',
  'queue.overdue': 'overdue by {duration}',
  'queue.minutes': '{n} min',
  'queue.hours': '{n} h',
  'queue.days': '{n} d',
  'queue.showing': ' (showing {from}–{to})',
  'queue.next': 'Next {count}',
  'queue.pastEnd': 'There is no page {page}: the queue has {pages}.',
  'list.item': '{code} · {status} · {priority} · {department}{assignee} — {title}\nOpened {age}',
  'list.more': 'You have older tickets.',
  'list.next': 'Older tickets',
  'list.pastEnd': 'There is no page {page} of your tickets.',
  'intake.offer': "I found no answer to this in the FAQ. Shall I open a ticket for you?\nDepartment: {department}\nUrgency: {priority}\n(Or write yes / no.)",
  'intake.whichTeam': 'I found no answer to this in the FAQ. I can open a ticket (urgency: {priority}): which team is it for?',
  'intake.pickTeam': 'Which team is it for? The ticket opens as soon as you choose.',
  'intake.pickUrgency': 'How urgent is it? The ticket opens as soon as you choose.',
  'intake.clarify': 'Before I open a ticket, tell me a little more: what is affected (device, program, room) and since when? Write it here, or use the form.',
  'intake.cancelled': 'All right, no ticket opened. Write again whenever you need.',
  'intake.open': 'Open ticket',
  'intake.openAsIs': 'Open it as it is',
  'intake.changeDept': 'Change department',
  'intake.changeUrgency': 'Change urgency',
  'intake.cancel': 'No, thanks',
  'intake.urgency.high': 'Urgent: I cannot work',
  'intake.urgency.medium': 'Normal',
  'intake.urgency.low': 'Low: when you can',
  'intake.form.title': 'A few details',
  'intake.form.open': 'Add details',
  'intake.form.submit': 'Send',
  'intake.form.affected': 'What is affected?',
  'intake.form.affectedHint': 'e.g. my laptop, the VPN, the 3rd floor printer',
  'intake.form.since': 'Since when?',
  'intake.form.sinceHint': 'e.g. this morning, since the update',
  'intake.details.affected': 'Affected',
  'intake.details.since': 'Since',
  'words.field.status': 'Status',
  'words.field.priority': 'Priority',
  'words.field.queue': 'Queue',
  'words.field.agent': 'Agent',
  'status.waiting_user.staff': 'waiting for the requester',
  'learn.flagged':
    'The FAQ entry "{id}" ({department}) keeps getting "No": {no} of its last {total} answers did not help. The latest question it failed: "{wording}". Check its answer (`npx sportello faq export`) and its pending phrasings (`npx sportello faq learned`).',
  'learn.proposed': 'The question of {code} is now a pending phrasing of the FAQ entry "{id}": decide it with `npx sportello faq learned`.',
  'error.FAQ.UNKNOWN_ENTRY': 'There is no FAQ entry "{id}".',
  'queues22.thread.keptInternal': '🔒 Kept internal: the requester does not see this.',
  'queues22.thread.keptInternalHint': '🔒 Kept internal: the requester does not see this. To write to them here, start the message with {prefix}',
  'queues22.home.held': 'Assigned to you ({count}):',
  'queues22.home.newTicket': 'New ticket',
  'queues22.home.filter': 'Queue of',
  'queues22.home.allDepartments': 'All my departments',
  'queues22.home.empty': 'No tickets yet. Write to me, or press "New ticket".',
  'queues22.home.claimCode': 'Claim {code}',
} as const;

export type MessageKey = keyof typeof en;

const it: Record<MessageKey, string> = {
  'help.requester':
    'Posso rispondere alle domande e aprire ticket. Scrivi il tuo problema, oppure usa:\n' +
    '• ticket nuovo <testo> (aggiungi --no-faq per saltare i suggerimenti)\n• ticket stato [CODICE] · ticket lista\n' +
    '• ticket rispondi CODICE <testo> · ticket annulla CODICE',
  'help.agent':
    'Comandi per gli operatori:\n• ticket coda [reparto] · ticket prossimo · ticket prendi CODICE · ticket rilascia CODICE\n' +
    '• ticket rispondi CODICE <testo> · ticket nota CODICE <testo>\n• ticket priorita CODICE P1..P4 · ticket assegna CODICE @utente · ticket sposta CODICE <reparto>\n' +
    '• ticket scala CODICE [motivo] · ticket risolvi CODICE <soluzione>\n' +
    '• ticket faq aggiungi <domanda> = <risposta> · ticket faq promuovi CODICE',
  'ticket.line': '{code} · {status} · {priority} · {department} L{tier}{assignee} — {title}',
  'ticket.assignee': ' · {name}',
  'card.requester': 'Richiedente: {name} ({platform})',
  'notify.unreachable': 'Non è stato possibile avvisare {name} su {platform}: non ha mai aperto una chat con il bot. Contattalo in un altro modo.',
  'ticket.created': 'Ho aperto il ticket {code} ({priority}, {department}). Un operatore lo prenderà in carico a breve.',
  'ticket.created.suggestion':
    'Ho aperto il ticket {code} ({priority}, {department}). Nel frattempo, questo potrebbe già risolvere:\n{answer}',
  'team.new': 'Nuovo ticket {code} [{priority}] {department} L{tier} da {name}: {title}',
  'list.header': 'I tuoi ticket:',
  'list.empty': 'Non hai ticket.',
  'status.transcript': 'Ultimi messaggi:',
  'status.notesHidden': '(Le note interne non compaiono dove altri leggono: chiedimelo in una chat privata per vederle.)',
  'queue.header': 'Coda {scope} L{tier}: {total} in attesa',
  'queue.more': '…e altri {count}',
  'queue.empty': 'La coda è vuota. 🎉',
  'claim.done': 'Hai preso in carico {code}.',
  'claim.requester': '{name} sta lavorando al tuo ticket {code}.',
  'unclaim.done': '{code} è tornato in coda.',
  'unclaim.team': '{code} è tornato in coda [{priority}]: {title}',
  'reply.sent': 'Inviato a {name} su {code}.',
  'reply.requester': '{name} su {code}: {text}\n(Rispondi scrivendo qui, oppure: ticket rispondi {code} <testo>)',
  'message.added': 'Aggiunto a {code}.',
  'message.agent': '{name} su {code}: {text}',
  'note.added': 'Nota interna aggiunta a {code}.',
  'priority.done': '{code} ora è {priority}.',
  'assign.done': '{code} assegnato a {name}.',
  'assign.assignee': '{name} ti ha assegnato {code}: {title}',
  'escalate.done': '{code} passato al livello {tier}.',
  'move.done': '{code} spostato a {department}.',
  'move.team': 'Spostato a {department}: {code} [{priority}] {title}',
  'escalate.team': '{code} passato al livello L{tier} [{priority}]: {title}{reason}',
  'escalate.requester': 'Il tuo ticket {code} è stato passato al supporto di livello {tier}.',
  'resolve.done': '{code} risolto; in attesa della conferma di {name}.',
  'resolve.requester': '{name} ha risolto {code}: {resolution}\nHa risolto il problema?',
  'confirm.requester': 'Grazie! {code} è chiuso.',
  'confirm.agent': '{name} ha confermato la soluzione: {code} è chiuso.',
  'autoclose.requester': '{code} è stato chiuso: nessuna risposta a "ha risolto il problema?". Se il problema c\'è ancora, scrivi qui o apri un nuovo ticket.',
  'autoclose.agent': '{code} chiuso automaticamente: il richiedente non ha risposto.',
  'reopen.requester': '{code} è di nuovo aperto; un operatore lo riprenderà.',
  'reopen.agent': '{name} dice che {code} non è risolto: è tornato in coda.',
  'cancel.done': '{code} annullato.',
  'cancel.agent': '{name} ha annullato {code}.',
  'selfsolve.done': 'Bene, felice di esserti stato utile. {code} è chiuso.',
  'faq.answer': '{answer}\n\nHa risolto il problema?',
  'faq.thanks': 'Ottimo, felice di esserti stato utile!',
  'faq.added': 'Voce FAQ {id} salvata: da ora rispondo io.',
  'faq.didYouMean': 'Intendevi una di queste?',
  'action.noneOfThese': 'Nessuna di queste: apri un ticket',
  'action.claim': 'Prendi in carico',
  'action.escalate': 'Passa al livello successivo',
  'action.resolve': 'Risolvi',
  'action.confirm': 'Sì, è risolto',
  'action.reopen': 'No, non funziona ancora',
  'action.faqYes': 'Sì, risolto',
  'action.faqNo': 'No, apri un ticket',
  'action.selfSolve': 'Risolto? Chiudilo',
  'status.open': 'aperto',
  'status.in_progress': 'in lavorazione',
  'status.waiting_user': 'in attesa di tua risposta',
  'status.resolved': 'risolto',
  'status.closed': 'chiuso',
  'status.cancelled': 'annullato',
  'error.TICKET.NOT_FOUND': 'Nessun ticket {code} trovato.',
  'error.TICKET.ALREADY_CLAIMED': '{code} è già stato preso in carico da {name}.',
  'error.TICKET.ILLEGAL_TRANSITION': '{code} è {from}: non può diventare {to}.',
  'error.TICKET.MAX_TIER': '{code} è già al livello {tier}, il più alto: non può salire oltre.',
  'error.TICKET.FINISHED': '{code} è {status}. Apri un nuovo ticket se ti serve ancora aiuto.',
  'error.TICKET.SAME_DEPARTMENT': '{code} è già in carico a {department}.',
  'error.DEPARTMENT.UNKNOWN': 'Non esiste il reparto "{department}". Reparti: {known}.',
  'error.TICKET.NOT_ASSIGNED_TO_YOU': '{code} è assegnato a {name}, non a te.',
  'error.TICKET.BAD_CODE': '"{input}" non è un codice ticket (tipo IT-42).',
  'error.AUTH.AGENT_ONLY': 'Solo gli operatori dell\'help desk possono usare "{command}".',
  'error.AGENT.NOT_FOUND': 'Nessun operatore "{user}" registrato.',
  'error.AGENT.NOT_IN_DEPARTMENT': '{name} non lavora per {department}.',
  'error.COMMAND.UNKNOWN':
    'Non conosco "{command}". Comandi: ticket nuovo, stato, lista, rispondi, annulla, aiuto' +
    ' (operatori: coda, prossimo, prendi, rilascia, nota, priorita, assegna, sposta, scala, risolvi, faq).',
  'error.COMMAND.USAGE': 'Uso: ticket {usage}',
  'error.QUEUE.EMPTY': 'Niente da prendere: la coda è vuota.',
  'error.OFFER.GONE': 'A questa domanda hai già risposto.',
  'error.FAQ.NOT_SOLVED': '{code} non ha ancora una soluzione: risolvilo prima di promuoverlo.',
  'error.FAQ.NOT_AN_ENTRY': 'Questa non può diventare una voce FAQ: la domanda deve contenere parole da cercare, e domanda e risposta al massimo 4.000 caratteri ciascuna.',
  'error.STORE.CONFLICT': '{code} è cambiato mentre salvavo; riprova.',
  'error.unexpected': 'Qualcosa è andato storto da parte mia (rif. {ref}). Non ho cambiato nulla; riprova.',
  'error.LIMIT.TICKETS':
    'Ticket non aperto: nell\'ultima ora hai aperto {limit} ticket, il massimo consentito. Potrai aprirne un altro tra {minutes} min. ' +
    'Ecco cosa avevi scritto, da rimandare allora:\n{text}',
  'limit.messages':
    'Stai scrivendo più in fretta di quanto io riesca a leggere: al massimo {limit} messaggi al minuto. ' +
    'Per i prossimi {seconds} secondi non leggerò nulla di quello che mandi; rimandalo dopo.',
  'internal.tag': '(interna)',
  'smalltalk.thanks': 'Prego! Scrivimi qui quando ti serve aiuto.',
  'smalltalk.greeting': 'Ciao! Dimmi con parole tue di cosa hai bisogno: cerco una risposta o apro un ticket per il team. Scrivi "aiuto" per vedere cosa posso fare.',
  'smalltalk.bye': 'Ciao, a presto! Scrivimi qui quando ti serve aiuto.',
  'smalltalk.ack': 'Va bene. Sono qui se ti serve altro.',
  'smalltalk.empty': 'Non ho capito: dimmi in poche parole di cosa hai bisogno, oppure scrivi "aiuto".',
  'smalltalk.didYouMean': 'Intendevi `{command}`? Scrivilo così e lo eseguo.',
  'followup.ask': 'Hai dei ticket in corso. Questo messaggio riguarda uno di questi, o è una nuova richiesta?',
  'followup.newRequest': 'Nuova richiesta',
  'followup.added': 'Aggiunto a {code}. (Per una nuova richiesta scrivi invece: ticket nuovo <testo>)',
  'followup.replyClaimed': 'Inviato a {name} su {code}. Non era in carico a nessuno: ora è tuo.',
  'followup.replyUnclaimed': 'Inviato a {name} su {code}. {code} resta non assegnato: rimane in coda per un operatore del suo livello.',
  'words.priority': '{priority} – {level}, risposta attesa entro {within}',
  'words.priority.P1': 'critica',
  'words.priority.P2': 'alta',
  'words.priority.P3': 'normale',
  'words.priority.P4': 'bassa',
  'words.span.minutes': '{n} min',
  'words.span.hours': '{n} h',
  'words.span.days': '{n} giorni',
  'words.department.it': 'IT',
  'words.department.hr': 'Risorse umane',
  'words.department.finance': 'Amministrazione',
  'words.department.facilities': 'Servizi generali',
  'words.resolve.ask': 'Cosa hai fatto per risolvere {code}? Scrivilo qui: lo leggerà {name}. (Oppure in un colpo solo: ticket risolvi {code} <soluzione>)',
  'queue.item': '{code} · {priority} — {title}\nDa {requester} · aperto {age} · {due}',
  'queue.age': '{duration} fa',
  'queue.justNow': 'adesso',
  'queue.dueIn': 'scade tra {duration}',
  'queue.overdue': 'scaduto da {duration}',
  'queue.minutes': '{n} min',
  'queue.hours': '{n} h',
  'queue.days': '{n} g',
  'queue.showing': ' (da {from} a {to})',
  'queue.next': 'Altri {count}',
  'queue.pastEnd': 'Non c\'è la pagina {page}: la coda ne ha {pages}.',
  'list.item': '{code} · {status} · {priority} · {department}{assignee} — {title}\nAperto {age}',
  'list.more': 'Hai altri ticket meno recenti.',
  'list.next': 'Ticket meno recenti',
  'list.pastEnd': 'Non c\'è la pagina {page} dei tuoi ticket.',
  'intake.offer': 'Non ho trovato una risposta nelle FAQ. Apro un ticket per te?\nReparto: {department}\nUrgenza: {priority}\n(Oppure scrivi sì / no.)',
  'intake.whichTeam': 'Non ho trovato una risposta nelle FAQ. Posso aprire un ticket (urgenza: {priority}): per quale reparto?',
  'intake.pickTeam': 'Per quale reparto? Il ticket si apre appena scegli.',
  'intake.pickUrgency': 'Quanto è urgente? Il ticket si apre appena scegli.',
  'intake.clarify': 'Prima di aprire un ticket, dimmi qualcosa in più: che cosa è coinvolto (dispositivo, programma, stanza) e da quando? Scrivilo qui, oppure usa il modulo.',
  'intake.cancelled': 'Va bene, nessun ticket aperto. Scrivimi quando ti serve.',
  'intake.open': 'Apri il ticket',
  'intake.openAsIs': 'Aprilo così',
  'intake.changeDept': 'Cambia reparto',
  'intake.changeUrgency': 'Cambia urgenza',
  'intake.cancel': 'No, grazie',
  'intake.urgency.high': 'Urgente: non riesco a lavorare',
  'intake.urgency.medium': 'Normale',
  'intake.urgency.low': 'Bassa: quando potete',
  'intake.form.title': 'Qualche dettaglio',
  'intake.form.open': 'Aggiungi dettagli',
  'intake.form.submit': 'Invia',
  'intake.form.affected': 'Che cosa è coinvolto?',
  'intake.form.affectedHint': 'es. il mio portatile, la VPN, la stampante del 3° piano',
  'intake.form.since': 'Da quando?',
  'intake.form.sinceHint': "es. da stamattina, dall'aggiornamento",
  'intake.details.affected': 'Coinvolto',
  'intake.details.since': 'Da quando',
  'words.field.status': 'Stato',
  'words.field.priority': 'Priorità',
  'words.field.queue': 'Coda',
  'words.field.agent': 'Operatore',
  'status.waiting_user.staff': 'in attesa del richiedente',
  'learn.flagged':
    'La voce FAQ "{id}" ({department}) riceve troppi "No": {no} delle sue ultime {total} risposte non hanno aiutato. L\'ultima domanda a cui non ha risposto: "{wording}". Controlla la risposta (`npx sportello faq export`) e le formulazioni in attesa (`npx sportello faq learned`).',
  'learn.proposed': 'La domanda di {code} è ora una formulazione in attesa della voce FAQ "{id}": decidila con `npx sportello faq learned`.',
  'error.FAQ.UNKNOWN_ENTRY': 'Non esiste una voce FAQ "{id}".',
  'queues22.thread.keptInternal': '🔒 Resta interno: il richiedente non lo vede.',
  'queues22.thread.keptInternalHint': '🔒 Resta interno: il richiedente non lo vede. Per scrivergli da qui, inizia il messaggio con {prefix}',
  'queues22.home.held': 'Assegnati a te ({count}):',
  'queues22.home.newTicket': 'Nuovo ticket',
  'queues22.home.filter': 'Coda di',
  'queues22.home.allDepartments': 'Tutti i miei reparti',
  'queues22.home.empty': 'Ancora nessun ticket. Scrivimi, o premi "Nuovo ticket".',
  'queues22.home.claimCode': 'Prendi {code}',
};

/**
 * A sentence cut at its placeholders once, at start-up: `texts` has one more
 * element than `names` (`'{code} · {status}'` -> ['', ' · ', ''] and ['code', 'status']).
 */
interface Template {
  texts: readonly string[];
  names: readonly string[];
}

function compile(sentence: string): Template {
  const texts: string[] = [];
  const names: string[] = [];
  let from = 0;
  for (const m of sentence.matchAll(/\{(\w+)\}/g)) {
    texts.push(sentence.slice(from, m.index));
    names.push(m[1]!);
    from = m.index + m[0].length;
  }
  texts.push(sentence.slice(from));
  return { texts, names };
}

function compileAll(catalog: Record<MessageKey, string>): Record<MessageKey, Template> {
  return Object.fromEntries(Object.entries(catalog).map(([key, sentence]) => [key, compile(sentence)])) as Record<MessageKey, Template>;
}

const CATALOGS: Record<Locale, Record<MessageKey, Template>> = { en: compileAll(en), it: compileAll(it) };

/** The sentence for `key` with its `{name}` placeholders filled; a placeholder without a param stays as written. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const { texts, names } = CATALOGS[locale][key];
  let out = texts[0]!;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    out += (Object.hasOwn(params, name) ? String(params[name]) : `{${name}}`) + texts[i + 1]!;
  }
  return out;
}

export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
