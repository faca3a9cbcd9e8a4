import { contactListOperation } from '../related-operations';

export const getAll = contactListOperation('task', 'tasks', 'tasks');
