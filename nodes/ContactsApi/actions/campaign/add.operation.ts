import { requiredJsonBody } from '../apiQuirks';
import { membershipOperation } from './fields';

// Adding a member again leaves one membership. The spec requires a JSON body: an empty object.
export const add = membershipOperation('add', 'POST', requiredJsonBody({}));
