import type { PlatformId } from '@relaypost/core';
import {
  IconBrandBluesky,
  IconBrandFacebook,
  IconBrandInstagram,
  IconBrandLinkedin,
  IconBrandPinterest,
  IconBrandReddit,
  IconBrandThreads,
  IconBrandTiktok,
  IconBrandX,
  IconBrandYoutube,
} from '@tabler/icons-react';
import { PLATFORM_NAMES } from '../lib/platforms';

const ICONS = {
  bluesky: IconBrandBluesky,
  x: IconBrandX,
  linkedin: IconBrandLinkedin,
  facebook: IconBrandFacebook,
  instagram: IconBrandInstagram,
  threads: IconBrandThreads,
  tiktok: IconBrandTiktok,
  youtube: IconBrandYoutube,
  pinterest: IconBrandPinterest,
  reddit: IconBrandReddit,
} satisfies Record<PlatformId, unknown>;

/** Each network's brand colour, for icons and preview cards. */
export const PLATFORM_COLORS: Record<PlatformId, string> = {
  bluesky: '#1185fe',
  x: '#000000',
  linkedin: '#0a66c2',
  facebook: '#1877f2',
  instagram: '#d62976',
  threads: '#000000',
  tiktok: '#010101',
  youtube: '#ff0000',
  pinterest: '#e60023',
  reddit: '#ff4500',
};

/** A platform's icon, named for screen readers (or hidden when `decorative`). */
export function PlatformIcon({
  platform,
  size = 16,
  decorative = false,
}: {
  platform: PlatformId;
  size?: number;
  decorative?: boolean;
}) {
  const Icon = ICONS[platform];
  return (
    <Icon
      size={size}
      color={PLATFORM_COLORS[platform]}
      aria-hidden={decorative || undefined}
      aria-label={decorative ? undefined : PLATFORM_NAMES[platform]}
      role={decorative ? undefined : 'img'}
      style={{ flex: 'none' }}
    />
  );
}
