import { channelLocator } from '../common';
import { getOperation } from '../generic';

export const get = getOperation('channel', { locator: channelLocator(), label: 'Channel', path: '/channels', key: 'channel', noun: 'channel' });
