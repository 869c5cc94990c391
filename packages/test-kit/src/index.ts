export {
  demoPerson,
  person,
  startTestStack,
  type GraphQLResponse,
  type SignedIn,
  type TestPerson,
  type TestStack,
  type TestStackOptions,
} from './test-stack';
