import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { runtime } from '@/src/runtime';
import { currentUser } from '@/src/server/session';
import { SignUpForm } from './SignUpForm';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await currentUser()) redirect('/posts');
  return <SignUpForm google={runtime().googleSignIn} />;
}
