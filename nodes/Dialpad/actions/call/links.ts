import type { IDataObject } from 'n8n-workflow';

/**
 * The media links a call carries, gathered in one place (`links`) next to the call as
 * Dialpad returns it. Fields (SPEC CallProto): `recording_details[].url`,
 * `call_recording_share_links[]`, `voicemail_share_link`. Recording URLs are only filled
 * for keys/apps with the `recordings_export` scope. Dialpad's call object has no recap
 * field: AI recaps arrive only as Dialpad Trigger events (recap_summary, …).
 */
export function withLinks(call: IDataObject, transcriptUrl?: string | null): IDataObject {
	const details = Array.isArray(call.recording_details) ? (call.recording_details as IDataObject[]) : [];
	const shareLinks = Array.isArray(call.call_recording_share_links) ? call.call_recording_share_links : [];
	const links: IDataObject = {
		recordings: details.map((d) => d.url).filter((u) => typeof u === 'string' && u !== ''),
		recordingShareLinks: shareLinks,
		voicemail: typeof call.voicemail_share_link === 'string' ? call.voicemail_share_link : null,
	};
	if (transcriptUrl !== undefined) links.transcript = transcriptUrl;
	return { ...call, links };
}
