/**
 * Issue 18 in the real n8n (regular mode): the two-way sync examples, published as imported
 * by `npm start`, against sandboxes that send a signed webhook for every write, the sync's own
 * writes and writes that change nothing included. Human edits on either side must each be
 * synced exactly once, and nothing may come back:
 *   - executions that reach a node after the trigger = human edits (CRM ↔ Callbell);
 *   - successful writes per target = human edits made on the other side;
 *   - 0 lost human edits (each arrives on the other side; none is later overwritten by an
 *     older value), both sides equal field by field at the end;
 *   - also for edits placed 0 / 50 / 500 / 5000 ms after a sync write, A→B→A reverts and an
 *     echo HighLevel delivers after a newer human edit (out of order);
 *   - CRM ↔ Dialpad (no stamp): writes = edits, at most one execution per sync write beyond
 *     the edits' own, 0 lost.
 * Counts and placements are parameters (test/e2e/helpers/sync.ts: SYNC_EDITS, …): the same
 * file is the soak (`npm run soak:sync`). Figures are printed and appended to
 * .cache/two-way-sync-figures.jsonl. On the pack before issue 18 the sync loops: the phase
 * stops it (more than 3 × edits + 30 executions) and fails with what it measured.
 */
import { defineTwoWaySyncSuite } from './helpers/syncSuite';

// Regular mode: 100 random edits, 10 of each placement (20 edits each: the edit that causes
// the sync write and the placed one), 5 reverts, 3 out-of-order echoes, 20 CRM ↔ Dialpad edits.
defineTwoWaySyncSuite({ edits: 100, placedEdits: 10, reverts: 5, outOfOrder: 3, dialpadEdits: 20 });
