'use client';
import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  Image,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconMovie, IconPhotoPlus } from '@tabler/icons-react';
import { useState, useTransition } from 'react';
import { formatBytes, type MediaView } from '@/src/lib/media-view';
import { updateAltText, uploadMedia } from './actions';

/** A media item's picture: the image itself, or a video sign. */
export function MediaThumb({ media, size = 96 }: { media: MediaView; size?: number }) {
  if (media.mimeType.startsWith('video/'))
    return (
      <Group justify="center" w={size} h={size} bg="gray.1" style={{ borderRadius: 6 }}>
        <IconMovie size={size / 2.5} aria-label={`video ${media.altText ?? ''}`} role="img" />
      </Group>
    );
  return (
    <Image src={`/media/${media.id}`} alt={media.altText ?? ''} w={size} h={size} fit="cover" radius="sm" />
  );
}

const describe = (m: MediaView) =>
  `${m.mimeType}${m.width ? ` ${m.width}×${m.height}` : ''}${m.durationMs ? ` ${(m.durationMs / 1000).toFixed(1)} s` : ''} · ${formatBytes(m.sizeBytes)}`;

/** Corrects one item's alt text after upload (RelayPost's `media.update`). */
function AltTextEditor(props: { media: MediaView; onUpdated(media: MediaView): void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(props.media.altText ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!editing)
    return (
      <Button
        size="xs"
        variant="subtle"
        onClick={() => setEditing(true)}
        aria-label={`Edit alt text of ${describe(props.media)}`}
      >
        Edit alt text
      </Button>
    );
  return (
    <Stack gap={4} w="100%">
      <TextInput
        size="xs"
        label="New alt text"
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        error={error}
        description="Empty removes it."
      />
      <Group gap={4} justify="center">
        <Button
          size="xs"
          loading={pending}
          onClick={() =>
            start(async () => {
              const result = await updateAltText(props.media.id, value);
              if ('errors' in result) return setError(result.errors.altText ?? 'The alt text was refused.');
              setError(null);
              setEditing(false);
              props.onUpdated(result.media);
            })
          }
        >
          Save alt text
        </Button>
        <Button size="xs" variant="default" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The workspace's media: upload (checked against the selected platforms, converted to JPEG where
 * one needs it), reuse, alt text (set at upload, corrected later).
 */
export function MediaLibrary(props: {
  library: MediaView[];
  selected: string[];
  platforms: string[];
  onAdd(media: MediaView): void;
  onUploaded(media: MediaView, note: string | null): void;
  onUpdated(media: MediaView): void;
}) {
  const [opened, setOpened] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [altText, setAltText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconPhotoPlus size={18} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Media library
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Media library" size="xl">
        <Stack>
          <Stack gap="xs" component="section" aria-label="Upload">
            <FileInput
              label="Upload a file"
              placeholder="PNG, JPEG, GIF, WebP, MP4 or MOV"
              accept="image/png,image/jpeg,image/gif,image/webp,video/mp4,video/quicktime"
              value={file}
              onChange={setFile}
              clearable
              error={error}
            />
            <TextInput
              label="Alt text"
              description="Describe the image for people who cannot see it; platforms that support alt text get it."
              value={altText}
              onChange={(e) => setAltText(e.currentTarget.value)}
            />
            <Group>
              <Button
                loading={pending}
                disabled={!file}
                onClick={() =>
                  start(async () => {
                    if (!file) return;
                    const form = new FormData();
                    form.set('file', file);
                    form.set('altText', altText);
                    form.set('platforms', props.platforms.join(','));
                    const result = await uploadMedia(form);
                    if ('errors' in result) return setError(result.errors.media ?? 'The upload was refused.');
                    setError(null);
                    setFile(null);
                    setAltText('');
                    props.onUploaded(result.media, result.note);
                    setOpened(false);
                  })
                }
              >
                Upload and add
              </Button>
            </Group>
          </Stack>
          <Text fw={600}>In this workspace</Text>
          {props.library.length === 0 ? (
            <Text c="dimmed" size="sm">
              Nothing uploaded yet.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }}>
              {props.library.map((media) => (
                <Card withBorder p="xs" key={media.id}>
                  <Stack gap={4} align="center">
                    <MediaThumb media={media} />
                    <Text size="xs" ta="center">
                      {describe(media)}
                    </Text>
                    <Text size="xs" c="dimmed" ta="center" lineClamp={2}>
                      {media.altText ? `Alt: ${media.altText}` : 'No alt text'}
                    </Text>
                    <AltTextEditor key={media.altText ?? ''} media={media} onUpdated={props.onUpdated} />
                    <Button
                      size="xs"
                      variant="light"
                      disabled={props.selected.includes(media.id)}
                      onClick={() => {
                        props.onAdd(media);
                        setOpened(false);
                      }}
                      aria-label={`Add ${describe(media)}`}
                    >
                      {props.selected.includes(media.id) ? 'Added' : 'Add'}
                    </Button>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )}
          {props.platforms.length === 0 && (
            <Alert color="gray">
              Choose the accounts first: uploads are checked against their platforms’ limits.
            </Alert>
          )}
        </Stack>
      </Modal>
    </>
  );
}
