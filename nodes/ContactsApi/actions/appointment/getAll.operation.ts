import { contactListOperation } from '../contactRecordOperations';

// The API calls them events: {events: [...]}.
export const getAll = contactListOperation('appointment', 'appointments', 'events');
