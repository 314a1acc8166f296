// ESM entry: the same module instance as `require('clerk-backend')`, so classes and
// `instanceof` are shared between `import` and `require`.
import cjs from './index.js';

export const {
  Clerk,
  Users,
  ClerkBaseError,
  ClerkErrors,
  SDKError,
  ResponseValidationError,
  ClerkConnectionError,
  ClerkTimeoutError,
  ClerkInternalError,
  ConnectionError,
  RequestTimeoutError,
  OPERATIONS,
  VERSION,
} = cjs;
export default cjs;
