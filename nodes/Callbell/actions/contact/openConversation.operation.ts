import { openOrClose } from './conversationState';

export const openConversation = openOrClose('open');
