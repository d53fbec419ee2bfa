// The message outbox (发送队列): template messages to a customer by SMS or WeChat, a preview of the text
// before sending, and the messages already sent for a customer or a care task.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { Id, Page } from "./types";

export const MESSAGE_CHANNELS = ["sms", "wechat"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_TEMPLATES = [
  "maintenance_reminder",
  "post_service_thanks",
  "birthday",
  "campaign",
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export interface Message {
  id: Id;
  storeId: Id;
  customerId: Id;
  careTaskId: Id | null;
  channel: MessageChannel;
  purpose: "service" | "marketing";
  template: string;
  params: Record<string, string>;
  body: string;
  recipient: string;
  recipientMasked: boolean;
  status: "recorded" | "sent" | "failed";
  provider: string;
  providerRef: string | null;
  error: string | null;
  createdBy: Id | null;
  createdAt: string;
  sentAt: string | null;
}

export interface NewMessage {
  customerId: Id;
  channel: MessageChannel;
  template: MessageTemplate;
  params: Record<string, string>;
  careTaskId?: Id;
}

export interface MessagePreview {
  channel: MessageChannel;
  purpose: "service" | "marketing";
  template: string;
  body: string;
  recipient: string;
  recipientMasked: boolean;
}

const messagesRoot = ["messages"] as const;

export function useMessages(filter: { customerId?: Id; careTaskId?: Id }, page = 1, pageSize = 20) {
  return useQuery({
    queryKey: [...messagesRoot, "list", filter, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<Message>>("/messages", { ...filter, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The text as it would go out, or the refusal a send would meet (consent, recipient); writes nothing. */
export function useMessagePreview(message: NewMessage | undefined) {
  return useQuery({
    queryKey: [...messagesRoot, "preview", message],
    queryFn: () => api.post<MessagePreview>("/messages/preview", message),
    enabled: message !== undefined,
    retry: false,
  });
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: NewMessage) => api.post<Message>("/messages", message),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesRoot }),
  });
}
