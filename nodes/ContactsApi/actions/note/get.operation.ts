import { getRecordOperation } from '../related-operations';
import { NOTE } from './fields';

export const get = getRecordOperation(NOTE, 'ID of the note');
