/**
 * Issue 19, in a real n8n 2.41.1 (regular mode): deactivate / activate cycles through the
 * public API while the service delivers about 5 events a second, for the Callbell Trigger and
 * the Dialpad Trigger, each against its own sandbox (Callbell's log is kept after a deletion,
 * the sandbox's strict reading). Each cycle: deactivate, wait 0–2 s, activate, wait until the
 * subscription is there (at most 20 s; a cycle without it counts as deaf), wait 3 s, pause the
 * stream, then check:
 *   - Callbell: the account's webhook is this workflow's URL and events;
 *     Dialpad: exactly one webhook at this workflow's URL with exactly its subscriptions, and
 *     someone else's webhook and subscription untouched;
 *   - a fresh delivery starts exactly one execution.
 * Deliveries n8n answered 404 (the gap between n8n removing the route and delete(), see the
 * README) are counted and printed, as is every figure ([e2e cycles] lines).
 * CYCLES (default 20) sets the number of cycles.
 */
import { cycleSuite } from './helpers/cycles';

describe('deactivate/activate cycles under traffic, regular mode (issue 19)', () => cycleSuite('regular mode'));
