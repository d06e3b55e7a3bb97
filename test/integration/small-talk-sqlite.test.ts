import { sqliteStoreEnv } from '../support/server-stores.js';
import { runSmallTalkFlows } from './small-talk-flows.js';

runSmallTalkFlows('sqlite', sqliteStoreEnv);
