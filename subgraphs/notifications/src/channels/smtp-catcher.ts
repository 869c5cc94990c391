import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpCatcherOptions {
  /** Each message as it arrived, parsed. */
  readonly onMessage: (message: ParsedMail) => Promise<void> | void;
  /** Answers a message with a temporary failure (451) while it returns true: a failing provider. */
  readonly refuse?: () => boolean;
  /** Default: a free port. */
  readonly port?: number;
}

export interface SmtpCatcher {
  /** smtp://127.0.0.1:<port>, for nodemailer. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server in process that keeps what it receives: the local
 * email catcher of `npm start`, and the far end of the tests' SMTP.
 */
export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (message) => {
          if (options.refuse?.()) {
            const error = Object.assign(new Error('Service temporarily unavailable'), {
              responseCode: 451,
            });
            callback(error);
            return;
          }
          await options.onMessage(message);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
