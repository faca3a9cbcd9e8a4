import { followerChange } from './fields';

// A user who already follows the contact is not added again.
export const add = followerChange('add', 'POST', 'followersAdded');
