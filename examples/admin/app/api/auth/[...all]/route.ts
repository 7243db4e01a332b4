import { toNextJsHandler } from 'better-auth/next-js';
import { runtime } from '@/src/runtime';

// better-auth's endpoints: sign-up, sign-in (password, Google), sign-out, delete user.
export const GET = (request: Request) => toNextJsHandler(runtime().auth).GET(request);
export const POST = (request: Request) => toNextJsHandler(runtime().auth).POST(request);
