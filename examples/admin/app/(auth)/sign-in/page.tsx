import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { runtime } from '@/src/runtime';
import { currentUser } from '@/src/server/session';
import { SignInForm } from './SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  if (await currentUser()) redirect('/posts');
  const { deleted } = await searchParams;
  return <SignInForm google={runtime().googleSignIn} deleted={deleted === '1'} />;
}
