import { listOperation } from '../generic';

export const getAll = listOperation('customStatus', 'getAll', { path: '/custom_statuses', key: 'customStatuses' });
