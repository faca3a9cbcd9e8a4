/**
 * Links into the Contacts web app for records the API returns. The app's contact page is
 * `<app>/v2/location/<locationId>/contacts/detail/<contactId>` on every host. Which app
 * belongs to which API host:
 * - services.leadconnectorhq.com (HighLevel's own API) → https://app.gohighlevel.com
 *   (app.leadconnectorhq.com, HighLevel's default white-label domain, serves the same pages);
 * - a white-label API host named `<x>api.<domain>` (portalapi.taskee.ai) → app.<domain>;
 * - any other host (a proxy, a local sandbox): unknown, so no link (the API host would answer a
 *   browser with 401).
 */
const UPSTREAM_API = /^services\.leadconnectorhq\.com$/i;
const WHITE_LABEL_API = /^[a-z0-9-]*api\.(.+)$/i;

export function appOrigin(apiBaseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(apiBaseUrl);
	} catch {
		return undefined;
	}
	if (UPSTREAM_API.test(url.hostname)) return 'https://app.gohighlevel.com';
	const whiteLabel = WHITE_LABEL_API.exec(url.hostname);
	if (whiteLabel && whiteLabel[1].includes('.')) return `https://app.${whiteLabel[1]}`;
	return undefined;
}

/** The contact's page in the web app ("open" links, simplified output); undefined when the app is unknown. */
export function contactPageUrl(apiBaseUrl: string, locationId: string, contactId: string): string | undefined {
	const origin = appOrigin(apiBaseUrl);
	if (origin === undefined) return undefined;
	return `${origin}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;
}
