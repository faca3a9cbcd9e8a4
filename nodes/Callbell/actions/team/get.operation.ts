import { teamLocator } from '../common';
import { getOperation } from '../generic';

export const get = getOperation('team', { locator: teamLocator(), label: 'Team', path: '/teams', key: 'team', noun: 'team' });
