import { getRecordOperation } from '../contactRecordOperations';
import { TASK } from './fields';

export const get = getRecordOperation(TASK, 'ID of the task');
