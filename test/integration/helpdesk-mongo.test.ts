import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runHelpDeskFlows } from './helpdesk-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runHelpDeskFlows('mongo', freshMongoStore);
});
