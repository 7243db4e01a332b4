'use client';
import { Avatar, Box, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { PlatformId } from '@relaypost/core';
import { IconHeart, IconMessageCircle, IconRepeat, IconShare3 } from '@tabler/icons-react';
import type { MediaView } from '@/src/lib/media-view';
import { PLATFORM_NAMES } from '@/src/lib/platforms';
import { PLATFORM_COLORS, PlatformIcon } from '@/src/ui/PlatformIcon';
import type { CounterView } from './actions';
import { MediaThumb } from './MediaLibrary';

/** Feeds that lead with the picture (the caption comes under it). */
const MEDIA_FIRST: ReadonlySet<PlatformId> = new Set(['instagram', 'pinterest', 'tiktok', 'youtube']);

/**
 * The post as it will look in one network's feed: who posts, the text as that platform gets it,
 * the media thumbnails, and the length against the platform's limit.
 */
export function FeedPreview(props: {
  platform: PlatformId;
  displayName: string;
  handle: string;
  text: string;
  media: MediaView[];
  options: Record<string, string>;
  counter: CounterView | undefined;
}) {
  const { platform } = props;
  const mediaFirst = MEDIA_FIRST.has(platform);
  const pictures =
    props.media.length > 0 ? (
      <SimpleGrid cols={props.media.length === 1 ? 1 : 2} spacing={4}>
        {props.media.slice(0, 4).map((m) => (
          <Box key={m.id} style={{ overflow: 'hidden', borderRadius: 8 }}>
            <MediaThumb media={m} size={props.media.length === 1 ? 280 : 136} />
          </Box>
        ))}
      </SimpleGrid>
    ) : null;
  const title = props.options.title;
  const over = props.counter?.over && !props.counter.willThread;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      aria-label={`Preview on ${PLATFORM_NAMES[platform]}`}
      style={{ borderTop: `4px solid ${PLATFORM_COLORS[platform]}`, maxWidth: '100%' }}
    >
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Avatar radius="xl" size="sm" color="gray">
            <PlatformIcon platform={platform} decorative />
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {platform === 'reddit' && props.options.subreddit
                ? `r/${props.options.subreddit}`
                : props.displayName}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              @{props.handle} · {PLATFORM_NAMES[platform]}
            </Text>
          </div>
        </Group>
        {title && (
          <Text fw={700} size="sm">
            {title}
          </Text>
        )}
        {mediaFirst && pictures}
        <Text size="sm" className="preview-text">
          {props.text || (
            <Text span c="dimmed">
              (no text)
            </Text>
          )}
        </Text>
        {!mediaFirst && pictures}
        {props.options.firstComment && (
          <Text size="xs" c="dimmed" className="preview-text">
            First comment: {props.options.firstComment}
          </Text>
        )}
        <Group justify="space-between" c="dimmed">
          <Group gap="md" aria-hidden>
            <IconMessageCircle size={16} />
            <IconRepeat size={16} />
            <IconHeart size={16} />
            <IconShare3 size={16} />
          </Group>
          {props.counter && (
            <Text size="xs" c={over ? 'red.8' : 'dimmed'}>
              {props.counter.count} / {props.counter.max}
              {props.counter.over ? (props.counter.willThread ? ' · becomes a thread' : ' · too long') : ''}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
