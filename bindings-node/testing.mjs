// ESM entry of clerk-backend/testing (the same module instance as `require`).
import cjs from './testing.js';

export const { Emulator } = cjs;
export default cjs;
