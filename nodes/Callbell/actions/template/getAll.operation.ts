import { listOperation } from '../generic';

export const getAll = listOperation('template', 'getAll', { path: '/templates', key: 'templates' });
