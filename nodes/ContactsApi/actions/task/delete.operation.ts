import { deleteRecordOperation } from '../contactRecordOperations';
import { TASK } from './fields';

export const deleteTask = deleteRecordOperation(TASK, 'ID of the task to delete');
