import { describe, expect, it } from '@jest/globals';
import { subgraphSchema } from '@weace/service-kit';
import { type GraphQLObjectType, graphql } from 'graphql';
import { trainingSubgraph } from './index';

/** The names the apps rely on (issue 10, "Contract the apps rely on"), as the subgraph serves them. */
describe('the training subgraph schema', () => {
  it('keeps the contract’s queries, mutations and fields', async () => {
    const schema = await subgraphSchema(trainingSubgraph);
    const fields = (type: string) =>
      Object.keys((schema.getType(type) as GraphQLObjectType).getFields());
    expect(fields('Query')).toEqual(
      expect.arrayContaining([
        'courses',
        'course',
        'myEnrollments',
        'verifyCertificate',
        'trainingReport',
      ]),
    );
    expect(fields('Mutation')).toEqual(
      expect.arrayContaining([
        'createCourse',
        'updateCourse',
        'publishCourse',
        'archiveCourse',
        'addModule',
        'addLesson',
        'createAssessment',
        'updateAssessment',
        'enroll',
        'assignCourse',
        'withdraw',
        'completeLesson',
        'startAttempt',
        'submitAttempt',
        'revokeCertificate',
      ]),
    );
    expect(fields('User')).toEqual(expect.arrayContaining(['enrollments', 'certificates']));
    expect(fields('Enrollment')).toEqual(
      expect.arrayContaining(['progress', 'status', 'course', 'completedAt', 'certificate']),
    );
    expect(fields('Attempt')).toEqual(
      expect.arrayContaining(['score', 'passed', 'deadline', 'status']),
    );
    expect(fields('CertificateVerification').sort()).toEqual([
      'courseTitle',
      'expiresAt',
      'holderName',
      'issuedAt',
      'status',
    ]);
    const answer = schema.getType('AnswerInput') as unknown as { getFields(): object };
    expect(Object.keys(answer.getFields()).sort()).toEqual([
      'choiceIds',
      'number',
      'questionId',
      'text',
    ]);
  });

  it('is a Federation 2 subgraph with Course and User as entities keyed by id', async () => {
    const result = await graphql({
      schema: await subgraphSchema(trainingSubgraph),
      source: '{ _service { sdl } }',
    });
    const { sdl } = (result.data as { _service: { sdl: string } })._service;
    expect(sdl).toMatch(/type Course\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });
});
