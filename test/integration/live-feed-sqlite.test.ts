// Two servers on one SQLite file (WAL): what two processes on one host would share.
import { sqliteStoreEnv } from '../support/server-stores.js';
import { runLiveFeedFlows } from './live-feed-flows.js';

runLiveFeedFlows('sqlite', sqliteStoreEnv);
