import { contactListOperation } from '../related-operations';

// The API calls them events: {events: [...]}.
export const getAll = contactListOperation('appointment', 'appointments', 'events');
