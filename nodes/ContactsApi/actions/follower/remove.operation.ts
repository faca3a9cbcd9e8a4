import { followerChange } from './fields';

// Removing a user who does not follow the contact is a no-op.
export const remove = followerChange('remove', 'DELETE', 'followersRemoved');
