import { deleteRecordOperation } from '../related-operations';
import { NOTE } from './fields';

export const deleteNote = deleteRecordOperation(NOTE, 'ID of the note to delete');
