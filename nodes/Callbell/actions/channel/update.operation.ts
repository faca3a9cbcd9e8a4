import { channelLocator } from '../common';
import { renameOperation } from '../generic';

export const update = renameOperation('channel', {
	locator: channelLocator(),
	label: 'Channel',
	path: '/channels',
	key: 'channel',
	noun: 'channel',
	field: 'title',
	fieldLabel: 'Title',
	fieldDescription: 'The new title of the channel',
	method: 'PATCH',
});
