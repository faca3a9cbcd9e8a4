import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { getAll } from './getAll.operation';

export const operations = { getAll };

export const resource: INodePropertyOptions = { name: 'Funnel', value: 'funnel' };

export const operationProperty = operationSelector(resource, 'getAll', [{ name: 'Get Many', value: 'getAll', description: 'Get the funnel stages', action: 'Get many funnels' }]);
