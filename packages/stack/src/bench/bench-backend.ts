import { join } from 'node:path';
import { startStack } from '../stack';
import { DEMO_PASSWORD } from '../demo-organisation';

/**
 * What the gateway benchmark measures gateways against, in a process of its
 * own: the subgraphs on the embedded engine, cognito-local with the demo
 * organisation. Prints one JSON line with what the load generator needs,
 * then serves until SIGTERM.
 */
async function main() {
  const stack = await startStack({
    mode: 'test',
    root: join(__dirname, '..', '..', '..', '..'),
    ports: 'ephemeral',
    seedDemoData: true,
    logLevel: 'warn',
    internalTokenSecret: process.env.INTERNAL_TOKEN_SECRET,
  });
  const admin = stack.identity.people.find((p) => p.roles.includes('ADMIN' as never))!;
  const login = await stack.identity.provider.login({
    email: admin.email,
    password: DEMO_PASSWORD,
  });
  if (login.kind !== 'authenticated') throw new Error('the demo admin cannot log in');
  const { cognito } = stack.identity;
  process.stdout.write(
    `${JSON.stringify({
      subgraphUrls: stack.subgraphUrls,
      admin: { subject: admin.subject, email: admin.email, roles: admin.roles },
      adminAccessToken: login.tokens.accessToken,
      issuer: {
        issuer: cognito.issuer,
        jwksUri: cognito.jwksUri,
        clientId: cognito.clientId,
        tokenUse: 'access',
      },
    })}\n`,
  );
  process.once('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
