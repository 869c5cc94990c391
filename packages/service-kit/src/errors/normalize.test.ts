import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { ValidationError } from 'class-validator';
import { createLogger } from '../logging/logger';
import { runWithRequestContext } from '../logging/request-context';
import { ConflictError, ErrorCode, NotFoundError } from './errors';
import { createErrorFormatter } from './normalize';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, format: createErrorFormatter(createLogger({ service: 'test', destination })) };
}

const wrap = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['field'] });

describe('error formatter', () => {
  it('passes our own errors through with their code', () => {
    const { format } = capture();
    const error = new NotFoundError('User', '42');
    expect(format({ message: error.message, extensions: error.extensions }, error)).toMatchObject({
      message: 'User 42 not found',
      extensions: { code: ErrorCode.NotFound },
    });
  });

  it('turns class-validator failures into BAD_USER_INPUT naming each field', () => {
    const { format } = capture();
    const email = Object.assign(new ValidationError(), {
      property: 'email',
      constraints: { isEmail: 'email must be an email' },
    });
    const error = wrap(new ArgumentValidationError([email]));
    const formatted = format({ message: error.message, extensions: {} }, error);
    expect(formatted.extensions).toEqual({ code: ErrorCode.BadUserInput, fields: ['email'] });
    expect(formatted.message).toContain('email must be an email');
  });

  it('turns a duplicate-key error into CONFLICT naming the field', () => {
    const { format } = capture();
    const duplicate = Object.assign(new Error('E11000 duplicate key error'), {
      code: 11000,
      keyValue: { email: 'a@b.c' },
    });
    const formatted = format({ message: duplicate.message }, wrap(duplicate));
    expect(formatted.extensions).toEqual({ code: ErrorCode.Conflict, fields: ['email'] });
    expect(formatted.message).not.toContain('a@b.c');
  });

  it('masks unknown errors as INTERNAL_SERVER_ERROR with the correlation id, and logs the original', () => {
    const { format, lines } = capture();
    const formatted = runWithRequestContext({ requestId: 'req-123' }, () =>
      format(
        { message: 'connection string mongodb://user:pw@db leaked' },
        wrap(new Error('connection string mongodb://user:pw@db leaked')),
      ),
    );
    expect(formatted).toMatchObject({
      message: 'Internal server error (request req-123)',
      extensions: { code: ErrorCode.InternalServerError, requestId: 'req-123' },
    });
    expect(lines.join('')).toContain('req-123');
  });

  it('keeps CONFLICT errors thrown on purpose', () => {
    const { format } = capture();
    const error = new ConflictError('Already following', 'userId');
    expect(
      format({ message: error.message, extensions: error.extensions }, error).extensions?.code,
    ).toBe(ErrorCode.Conflict);
  });
});
