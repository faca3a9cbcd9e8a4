/**
 * Issue 18 in queue mode: the two-way sync suite of test/e2e/two-way-sync.e2e.test.ts (see
 * test/e2e/helpers/syncSuite.ts) against the queue cluster (main, 2 workers, 2 webhook
 * processors behind nginx): the update nodes run on the workers, the triggers on the webhook
 * processors, which share no memory. Short form: 50 random edits, 5 of each placement, 3
 * reverts, 2 out-of-order echoes, 10 CRM ↔ Dialpad edits; `npm run soak:sync` runs the long form.
 */
import { defineTwoWaySyncSuite } from '../e2e/helpers/syncSuite';

process.env.SYNC_MODE = process.env.SYNC_MODE || 'queue';

defineTwoWaySyncSuite({ edits: 50, placedEdits: 5, reverts: 3, outOfOrder: 2, dialpadEdits: 10 });
