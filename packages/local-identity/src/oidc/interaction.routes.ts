import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AccountDirectory } from './account-directory';
import { errorPage, loginPage, PAGE_HEADERS } from './login-page';

const FORM_LIMIT_BYTES = 16 * 1024;
const INTERACTION_PATH = /^\/interaction\/([\w-]+)(\/login)?$/;

/**
 * The login page oidc-provider sends browsers to (`/interaction/:uid`) and its form post
 * (`/interaction/:uid/login`). Returns false for any other path, which the provider serves.
 */
export function interactionRoutes(provider: Provider, accounts: AccountDirectory) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const match = INTERACTION_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname);
    if (!match) return false;
    const isLoginPost = match[2] !== undefined;
    const expected = isLoginPost ? 'POST' : 'GET';
    const handled =
      req.method !== expected
        ? Promise.resolve(send(res, 405, errorPage('Not allowed', `Use ${expected}.`)))
        : isLoginPost
          ? submitLogin(provider, accounts, req, res)
          : showLogin(provider, req, res);
    handled.catch((error: unknown) => {
      // A missing or expired interaction cookie: the browser has to start over at the app.
      const expired = (error as { name?: string }).name === 'SessionNotFound';
      send(
        res,
        expired ? 400 : 500,
        expired
          ? errorPage('Sign-in expired', 'Go back to the application and sign in again.')
          : errorPage('Sign-in failed', 'Something went wrong; try again.'),
      );
    });
    return true;
  };
}

async function showLogin(provider: Provider, req: IncomingMessage, res: ServerResponse) {
  const { uid, prompt, params } = await provider.interactionDetails(req, res);
  if (prompt.name !== 'login') {
    return send(res, 400, errorPage('Sign-in failed', `Unexpected ${prompt.name} step.`));
  }
  send(res, 200, loginPage({ action: `/interaction/${uid}/login`, clientName: clientOf(params) }));
}

async function submitLogin(
  provider: Provider,
  accounts: AccountDirectory,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { uid, prompt, params } = await provider.interactionDetails(req, res);
  const form = await readForm(req);
  const email = form.get('email') ?? '';
  const account =
    prompt.name === 'login' && accounts.authenticate(email, form.get('password') ?? '');
  if (!account) {
    return send(
      res,
      200,
      loginPage({
        action: `/interaction/${uid}/login`,
        clientName: clientOf(params),
        email,
        error: 'Incorrect email or password.',
      }),
    );
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.sub } },
    { mergeWithLastSubmission: false },
  );
}

function clientOf(params: Record<string, unknown>): string {
  return typeof params.client_id === 'string' ? params.client_id : 'the application';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) throw new Error('login form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS).end(html);
}
