import nodemailer, { type Transporter } from 'nodemailer';

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** RFC 8058 one-click unsubscribe; absent for critical mail. */
  readonly unsubscribeUrl?: string;
  /** An RFC 5546 invitation sent as text/calendar with its METHOD. */
  readonly invitation?: { readonly method: string; readonly ics: string };
}

export interface SentEmail {
  readonly messageId: string;
  readonly transport: 'primary' | 'secondary';
}

/** SMTP through nodemailer: a primary server and, optionally, a secondary to fail over to. */
export class EmailChannel {
  private readonly primary: Transporter;
  private readonly secondary?: Transporter;

  constructor(
    private readonly from: string,
    primaryUrl: string,
    secondaryUrl?: string,
  ) {
    this.primary = transport(primaryUrl);
    if (secondaryUrl) this.secondary = transport(secondaryUrl);
  }

  get hasSecondary(): boolean {
    return this.secondary !== undefined;
  }

  async send(message: EmailMessage, useSecondary = false): Promise<SentEmail> {
    const which = useSecondary && this.secondary ? 'secondary' : 'primary';
    const transporter = which === 'secondary' ? this.secondary! : this.primary;
    const info = await transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html && { html: message.html }),
      ...(message.unsubscribeUrl && {
        list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } },
        headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      }),
      ...(message.invitation && {
        icalEvent: {
          method: message.invitation.method,
          filename: 'invitation.ics',
          content: message.invitation.ics,
        },
      }),
    });
    return { messageId: info.messageId, transport: which };
  }

  close(): void {
    this.primary.close();
    this.secondary?.close();
  }
}

function transport(url: string): Transporter {
  return nodemailer.createTransport({
    url,
    // Connections are kept and reused: a fan-out sends thousands of messages.
    pool: true,
    maxConnections: 3,
    // A job holds its lease while it sends: fail fast rather than hang.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // The local catcher and test servers speak plain SMTP.
    ignoreTLS: url.startsWith('smtp://127.0.0.1'),
  } as Parameters<typeof nodemailer.createTransport>[0]);
}
