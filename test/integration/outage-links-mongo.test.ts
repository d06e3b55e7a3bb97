import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runOutageLinkFlows } from './outage-links-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runOutageLinkFlows('mongo', freshMongoStore);
});
