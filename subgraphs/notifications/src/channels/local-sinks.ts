import type { ParsedMail } from 'mailparser';
import { CapturedMessageModel } from './captured-message.model';
import { type SmtpCatcher, startSmtpCatcher } from './smtp-catcher';

/** The local email catcher of `npm start` and tests: what it receives lands in `captured_messages`. */
export function startLocalMailCatcher(): Promise<SmtpCatcher> {
  return startSmtpCatcher({ onMessage: captureEmail });
}

export async function captureEmail(mail: ParsedMail): Promise<void> {
  const to = [mail.to ?? []]
    .flat()
    .map((address) => address.text)
    .join(', ');
  const details = [
    ...mail.headerLines
      .filter(({ key }) => key === 'list-unsubscribe' || key === 'list-unsubscribe-post')
      .map(({ line }) => line),
    ...mail.attachments.map((a) => `attachment: ${a.contentType}`),
  ];
  await CapturedMessageModel.create({
    channel: 'EMAIL',
    to,
    subject: mail.subject ?? null,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    details,
    createdAt: new Date(),
  });
}
