import { describe } from 'vitest';
import { freshMongoHarness, mongoUri, requireMongoInCi } from '../support/mongo.js';
import { runSemanticTurnContract } from './semantic-turn-contract.js';

requireMongoInCi();

describe.runIf(mongoUri)('mongo', () => {
  runSemanticTurnContract('mongo', async () => freshMongoHarness());
});
