import { describe, expect, it } from '@jest/globals';
import { defineLoader } from '../data/loaders';
import { ANONYMOUS, Role } from '../identity/identity';
import { createLogger } from '../logging/logger';
import {
  type ServiceContext,
  createServiceContext,
  requireIdentity,
  requireService,
} from './context';

const logger = createLogger({ service: 'test', level: 'silent' });
const echo = defineLoader<string, string, ServiceContext>({
  name: 'echo',
  batch: async (keys, context) => keys.map((key) => `${context.requestId}:${key}`),
});

describe('createServiceContext', () => {
  it('gives each request its own loaders, bound to that request', async () => {
    const first = createServiceContext({ caller: ANONYMOUS, logger, requestId: 'r1' });
    const second = createServiceContext({ caller: ANONYMOUS, logger, requestId: 'r2' });
    expect(await first.loaders.get(echo).load('a')).toBe('r1:a');
    expect(await second.loaders.get(echo).load('a')).toBe('r2:a');
    expect(first.loaders.get(echo)).not.toBe(second.loaders.get(echo));
  });

  it('makes a correlation id when none is given', () => {
    const { requestId } = createServiceContext({ caller: ANONYMOUS, logger });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('requireIdentity', () => {
  it('returns the signed-in person', () => {
    const identity = { sub: 'u1', roles: [] };
    const context = createServiceContext({ caller: { kind: 'user', identity }, logger });
    expect(requireIdentity(context)).toBe(identity);
  });

  it('refuses anonymous and service callers [UNAUTHENTICATED]', () => {
    for (const caller of [
      ANONYMOUS,
      { kind: 'service', service: 'events', operations: [] } as const,
    ]) {
      expect(() => requireIdentity(createServiceContext({ caller, logger }))).toThrow(
        expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }),
      );
    }
  });
});

describe('requireService', () => {
  it('returns the calling service', () => {
    const context = createServiceContext({
      caller: { kind: 'service', service: 'users', operations: [] },
      logger,
    });
    expect(requireService(context)).toBe('users');
  });

  it('refuses people, admins included, and anonymous callers [FORBIDDEN]', () => {
    const admin = { kind: 'user', identity: { sub: 'a', roles: [Role.Admin] } } as const;
    for (const caller of [ANONYMOUS, admin]) {
      expect(() => requireService(createServiceContext({ caller, logger }))).toThrow(
        expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
      );
    }
  });
});
