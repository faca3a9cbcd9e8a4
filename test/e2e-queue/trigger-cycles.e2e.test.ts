/**
 * Issue 19 in queue mode: the deactivate/activate cycles of test/e2e/trigger-cycles.e2e.test.ts
 * (Callbell and Dialpad Triggers, 20 cycles 0-2 s apart under ~5 deliveries/s) against the
 * queue-mode cluster: activation on main, deliveries through nginx to the webhook processors,
 * executions on the workers. CYCLES sets the number of cycles.
 */
import { cycleSuite } from '../e2e/helpers/cycles';

describe('deactivate/activate cycles under traffic, queue mode (issue 19)', () => cycleSuite('queue mode'));
