import { getRecordOperation } from '../related-operations';
import { TASK } from './fields';

export const get = getRecordOperation(TASK, 'ID of the task');
