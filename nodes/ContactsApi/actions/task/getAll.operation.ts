import { contactListOperation } from '../contactRecordOperations';

export const getAll = contactListOperation('task', 'tasks', 'tasks');
