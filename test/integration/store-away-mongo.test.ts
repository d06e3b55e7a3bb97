// MongoDB: the database server stops (killed) under a running desk and starts again. A FerretDB
// of the test's own, so the suite's shared server stays up for the files running beside this one.
import { describe } from 'vitest';
import { createMongoStore } from '../../adapters/storage/mongo/create-mongo-store.js';
import { mongoUri, requireMongoInCi } from '../support/mongo.js';
import { requireInCi } from '../support/require-in-ci.js';
import { privateFerretdbAvailable, startPrivateFerretdb } from '../support/private-ferretdb.js';
import { runStoreAwayFlows } from './store-away-flows.js';

requireMongoInCi();
requireInCi(privateFerretdbAvailable, 'the FerretDB binary scripts/ferretdb.sh builds', 'run scripts/ferretdb.sh start once');

describe.runIf(mongoUri && privateFerretdbAvailable)('mongo', () => {
  runStoreAwayFlows(
    'mongo',
    async () => {
      const db = await startPrivateFerretdb();
      return {
        env: { MONGODB_URI: `${db.uri}sportello_away` },
        open: () => createMongoStore({ uri: db.uri, dbName: 'sportello_away' }),
        breakStore: () => db.stop(),
        mendStore: () => db.start(),
        cleanup: () => db.remove(),
      };
    },
    { untilMs: 40_000 },
  );
});
