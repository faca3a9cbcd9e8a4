import { idProperty } from '../shared-related';

export const CAMPAIGN_ID_LABEL = 'Campaign ID';

export const campaignIdProperty = idProperty('campaignId', CAMPAIGN_ID_LABEL, 'ID of the campaign', 'e.g. YlWd2wuCAZQzh2cH1fVZ');
