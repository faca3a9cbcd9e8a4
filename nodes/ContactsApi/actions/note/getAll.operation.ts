import { contactListOperation } from '../related-operations';

export const getAll = contactListOperation('note', 'notes', 'notes');
