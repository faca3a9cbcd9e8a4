import { templateLocator } from '../common';
import { getOperation } from '../generic';

export const get = getOperation('template', { locator: templateLocator(), label: 'Template', path: '/templates', key: 'template', noun: 'template' });
