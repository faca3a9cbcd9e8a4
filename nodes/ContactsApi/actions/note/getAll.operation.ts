import { contactListOperation } from '../contactRecordOperations';

export const getAll = contactListOperation('note', 'notes', 'notes');
