/**
 * Who delivers a message: an SMS gateway or the WeChat template-message API behind one interface. The default
 * provider sends nothing and reports the message as recorded, so a store without a contract with a gateway
 * still keeps the record of every message it would have sent. Chosen by MESSAGE_PROVIDER (config.ts).
 */
import type { Config } from "../../config.ts";
import type { MessageChannel, MessagePurpose } from "./rules.ts";

export interface OutgoingMessage {
  storeId: number;
  channel: MessageChannel;
  purpose: MessagePurpose;
  template: string;
  /** a mobile number (sms) or a WeChat id (wechat) */
  recipient: string;
  body: string;
}

export interface SendResult {
  status: "sent" | "recorded" | "failed";
  /** the gateway's id of the message, for tracing a delivery report */
  ref?: string;
  error?: string;
}

export interface MessageProvider {
  /** stored on each message: which provider handled it */
  name: string;
  send(msg: OutgoingMessage): Promise<SendResult>;
}

export class RecordOnlyProvider implements MessageProvider {
  readonly name = "record";
  async send(): Promise<SendResult> {
    return { status: "recorded" };
  }
}

export function providerFor(config: Pick<Config, "messageProvider">): MessageProvider {
  switch (config.messageProvider) {
    case "record":
      return new RecordOnlyProvider();
  }
}
