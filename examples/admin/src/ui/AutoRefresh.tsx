'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the page from the server every `seconds` while the post is still moving. */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
