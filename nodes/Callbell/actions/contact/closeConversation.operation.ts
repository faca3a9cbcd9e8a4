import { openOrClose } from './conversationState';

export const closeConversation = openOrClose('close');
