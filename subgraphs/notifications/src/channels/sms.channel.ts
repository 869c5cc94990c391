import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CapturedMessageModel } from './captured-message.model';

/** Sends a text message to an E.164 number; answers the provider's message id. */
export interface SmsChannel {
  send(phone: string, text: string): Promise<string>;
  close(): void;
}

/** Amazon SNS direct publish (region and credentials from the SDK's usual chain). */
export function snsSmsChannel(): SmsChannel {
  const client = new SNSClient({});
  return {
    async send(phone, text) {
      const result = await client.send(
        new PublishCommand({
          PhoneNumber: phone,
          Message: text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          },
        }),
      );
      return result.MessageId ?? 'sns';
    },
    close: () => client.destroy(),
  };
}

/** The local sink: the message is kept for the local outbox page instead of leaving. */
export function localSmsChannel(): SmsChannel {
  return {
    async send(phone, text) {
      await CapturedMessageModel.create({ channel: 'SMS', to: phone, text, createdAt: new Date() });
      return `local-${randomUUID()}`;
    },
    close() {},
  };
}
