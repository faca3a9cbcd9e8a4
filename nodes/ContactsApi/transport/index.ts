import { DEFAULT_RETRY_POLICY } from '../../shared/retry';
import { serviceClient } from '../../shared/service';
import { getConnection, type Connection, type ContactsRequest } from './connection';
import { describeContactsFailure } from './failures';

/** Transport for the HighLevel / LeadConnector v2 Contacts API (`<host>/contacts/…`). */

export { API_VERSION, credentialTypeFor, getConnection, type Connection, type ContactsRequest } from './connection';
export { describeContactsFailure, duplicateOf } from './failures';

/** One ID as one encoded path segment; refuses any ID that could change the path. */
export { pathSegment } from '../../shared/path';

/**
 * One Contacts API call (see `serviceClient`: 429 backs off by the API's window headers; 5xx
 * and dropped connections only when `idempotent`). Unlike Callbell and Dialpad, a retried
 * DELETE that finds nothing (404) is not counted as done unless the request says so
 * (`alreadyDone`).
 */
export const contactsApiRequest = serviceClient<Connection, ContactsRequest>({
	connect: getConnection,
	policy: DEFAULT_RETRY_POLICY,
	credentialType: (connection) => connection.credentialType,
	baseUrl: (connection) => connection.baseUrl,
	// OAuth2 credentials cannot add headers of their own, so Version is set here too.
	headers: (connection) => ({ Version: connection.apiVersion }),
	deleteGoneIsDone: false,
	describe: describeContactsFailure,
});
