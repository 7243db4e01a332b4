import { redirect } from 'next/navigation';
import { currentUser } from '@/src/server/session';

export default async function Home() {
  redirect((await currentUser()) ? '/posts' : '/sign-in');
}
