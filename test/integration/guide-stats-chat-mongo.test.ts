import { describe } from 'vitest';
import { freshMongoStore, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runGuideStatsChatFlows } from './guide-stats-chat-flows.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runGuideStatsChatFlows('mongo', freshMongoStore);
});
