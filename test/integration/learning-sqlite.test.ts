import { sqliteStoreEnv } from '../support/server-stores.js';
import { runLearningFlows } from './learning-flows.js';

runLearningFlows('sqlite', sqliteStoreEnv);
