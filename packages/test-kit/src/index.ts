export {
  person,
  startTestStack,
  type GraphQLResponse,
  type TestStack,
  type TestStackOptions,
} from './test-stack';
