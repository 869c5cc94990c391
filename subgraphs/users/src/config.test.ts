import { describe, expect, it } from '@jest/globals';
import { loadUsersSettings } from './config';

describe('loadUsersSettings', () => {
  it('calls the auth service on its supergraph port by default, outside production', () => {
    expect(loadUsersSettings({}, 'development')).toEqual({
      authServiceUrl: 'http://127.0.0.1:3001/graphql',
    });
  });

  it('takes AUTH_SERVICE_URL, and requires it in production', () => {
    const env = { AUTH_SERVICE_URL: 'http://auth:3001/graphql' };
    expect(loadUsersSettings(env, 'production')).toEqual({ authServiceUrl: env.AUTH_SERVICE_URL });
    expect(() => loadUsersSettings({}, 'production')).toThrow(/AUTH_SERVICE_URL is required/);
    expect(() => loadUsersSettings({ AUTH_SERVICE_URL: 'auth' }, 'development')).toThrow(
      /AUTH_SERVICE_URL is invalid: expected an absolute URL/,
    );
  });
});
