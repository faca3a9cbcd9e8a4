import { deleteRecordOperation } from '../contactRecordOperations';
import { NOTE } from './fields';

export const deleteNote = deleteRecordOperation(NOTE, 'ID of the note to delete');
