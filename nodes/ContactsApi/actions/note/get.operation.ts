import { getRecordOperation } from '../contactRecordOperations';
import { NOTE } from './fields';

export const get = getRecordOperation(NOTE, 'ID of the note');
