// A second process that sweeps the SLA clocks of a store, for tests that kill it
// half-way: SWEEP_SQLITE_FILE or SWEEP_MONGO_URI + SWEEP_MONGO_DB name the store,
// the argument the instant to sweep at. Prints "finished" if it ever gets to the end.
import { pino } from 'pino';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { createSqliteStore } from '../../adapters/storage/sqlite/create-sqlite-store.js';
import { createFaqTriage, createHelpDesk, createLiveFaqMatcher, createTfidfMatcher } from '../../src/index.js';
import { DEPARTMENTS } from './desk.js';

const now = Number(process.argv[2]);
const store = process.env.SWEEP_SQLITE_FILE
  ? createSqliteStore({ file: process.env.SWEEP_SQLITE_FILE })
  : await createMongoStore({ uri: process.env.SWEEP_MONGO_URI!, dbName: process.env.SWEEP_MONGO_DB! });
const clock = { now: () => now };
const logger = pino({ level: 'silent' });
const faq = createLiveFaqMatcher(store, createTfidfMatcher, clock, logger);
const settings = { departments: DEPARTMENTS, defaultLocale: 'en' as const, faqAnswerThreshold: 0.5, faqSuggestThreshold: 0.25 };
const desk = createHelpDesk({ store, clock, logger, faq, triage: createFaqTriage(faq, DEPARTMENTS.map((d) => d.id)), settings, newId: () => crypto.randomUUID() });
await desk.sweep(now);
console.log('finished');
await store.close();
