import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/http';
import { perContext, type ServiceConnection, type ServiceRequest } from '../../shared/service';
import { DEFAULT_BASE_URL } from './hosts';

/**
 * What a Contacts API call goes out with: the credential behind the node's "Authentication"
 * (a Private Integration token or OAuth2), its host, API version and location.
 */

/** The credential type behind each choice of the node's "Authentication" parameter. */
export function credentialTypeFor(authentication: string): string {
	return authentication === 'oAuth2' ? 'contactsApiOAuth2Api' : 'contactsApi';
}

export const API_VERSION = '2021-07-28';

export interface Connection extends ServiceConnection {
	credentialType: string;
	baseUrl: string;
	apiVersion: string;
	/** Location from the credential (or the OAuth token); nodes may override it. */
	locationId: string;
}

export interface ContactsRequest extends ServiceRequest {
	/** The scope this call needs, named in 403 messages. */
	scope?: 'contacts.readonly' | 'contacts.write' | string;
	/** The location the call acts on when it is only in the path; named in 403 messages. */
	locationId?: string;
	/**
	 * Why part of the input went out unchecked (e.g. custom field values sent untyped because
	 * their definitions could not be read); named when the API refuses the input (400/422).
	 */
	uncheckedInput?: string;
}

function authenticationOf(ctx: RequestContext): string {
	// Load-options contexts take (name, fallback); execute contexts (name, item, fallback).
	const value =
		'getInputData' in ctx
			? ctx.getNodeParameter('authentication', 0, 'privateIntegration')
			: (ctx as unknown as { getNodeParameter(n: string, f: string): unknown }).getNodeParameter('authentication', 'privateIntegration');
	return String(value);
}

function baseUrlOf(credentials: IDataObject): string {
	const chosen = String(credentials.baseUrl ?? DEFAULT_BASE_URL);
	const url = chosen === 'custom' ? String(credentials.customBaseUrl ?? '') : chosen;
	return url.replace(/\/+$/, '');
}

/** Reads the credential once per execution context. */
export const getConnection = perContext(async (ctx): Promise<Connection> => {
	const credentialType = credentialTypeFor(authenticationOf(ctx));
	const credentials = (await ctx.getCredentials(credentialType)) as IDataObject;
	const token = credentials.oauthTokenData as IDataObject | undefined;
	return {
		credentialType,
		decrypted: credentialType === credentialTypeFor('privateIntegration') ? (credentials as ICredentialDataDecryptedObject) : undefined,
		baseUrl: baseUrlOf(credentials),
		apiVersion: String(credentials.apiVersion || API_VERSION),
		locationId: String(credentials.locationId || token?.locationId || ''),
		secrets: [credentials.token, credentials.clientSecret, token?.access_token, token?.refresh_token].filter(
			(s): s is string => typeof s === 'string' && s !== '',
		),
	};
});
