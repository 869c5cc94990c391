import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger';
import { runWithRequestContext } from './request-context';

describe('logger', () => {
  it('stamps the correlation id and never writes credentials', () => {
    let output = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const logger = createLogger({ service: 'users', destination });
    runWithRequestContext({ requestId: 'abc-1' }, () =>
      logger.info(
        {
          password: 'hunter2hunter2',
          accessToken: 'eyJ.secret',
          headers: { authorization: 'Bearer eyJ.x' },
        },
        'signing in',
      ),
    );
    const line = JSON.parse(output) as Record<string, unknown>;
    expect(line).toMatchObject({ service: 'users', requestId: 'abc-1', msg: 'signing in' });
    expect(output).not.toMatch(/hunter2|eyJ/);
  });
});
