// The parts of a Bot Framework activity the adapter reads and writes, as plain
// JSON: the same shapes botbuilder and the Microsoft 365 Agents SDK exchange.

export interface ChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface Conversation {
  id: string;
  conversationType?: string;
  tenantId?: string;
  isGroup?: boolean;
}

export interface TeamsActivity {
  type: string;
  id?: string;
  name?: string;
  channelId?: string;
  serviceUrl: string;
  from: ChannelAccount;
  recipient: ChannelAccount;
  conversation: Conversation;
  text?: string;
  value?: unknown;
  locale?: string;
  replyToId?: string;
  entities?: { type?: string; locale?: string }[];
  membersAdded?: ChannelAccount[];
  action?: string;
  channelData?: { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string }; eventType?: string };
  /** Pasted images (`image/*` with a contentUrl on the connector), files (`…file.download.info`), cards. */
  attachments?: IncomingAttachment[];
}

export interface IncomingAttachment {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: unknown;
}

export interface ConversationRef {
  channelId: string;
  serviceUrl: string;
  conversation: Conversation;
  bot: ChannelAccount;
}

export interface Attachment {
  contentType: string;
  content?: unknown;
  /** An inline image's bytes (a data: URL), or where an uploaded file now lives (a file info card). */
  contentUrl?: string;
  name?: string;
}

export interface OutgoingActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments?: Attachment[];
}
