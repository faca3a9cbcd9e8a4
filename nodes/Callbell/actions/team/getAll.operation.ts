import { listOperation } from '../generic';

export const getAll = listOperation('team', 'getAll', { path: '/teams', key: 'teams' });
