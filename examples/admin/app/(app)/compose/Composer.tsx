'use client';
import {
  Accordion,
  Alert,
  Button,
  Checkbox,
  CloseButton,
  Fieldset,
  Grid,
  Group,
  List,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { PlatformId } from '@relaypost/core';
import Link from 'next/link';
import { useEffect, useMemo, useState, useTransition } from 'react';
import type { ComposeState } from '@/src/lib/compose';
import type { MediaView } from '@/src/lib/media-view';
import type { OptionField } from '@/src/lib/option-fields';
import { PlatformIcon } from '@/src/ui/PlatformIcon';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { type CounterView, countTexts, saveComposeDraft, submitPost } from './actions';
import { FeedPreview } from './FeedPreview';
import { MediaLibrary, MediaThumb } from './MediaLibrary';

export interface ComposerAccount {
  id: string;
  platform: PlatformId;
  label: string;
  handle: string;
  displayName: string;
  needsReconnect: boolean;
  fields: OptionField[];
  /** The platform's longest alt text, or null when it takes none. */
  altText: number | null;
}

function OptionInput(props: {
  field: OptionField;
  accountId: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}) {
  const { field } = props;
  const label = `${field.label}${field.required ? ' (required)' : ''}`;
  if (field.kind === 'select')
    return (
      <Select
        label={label}
        data={[
          { value: '', label: field.required ? 'Choose…' : 'Platform default' },
          ...(field.choices ?? []),
        ]}
        value={props.value}
        onChange={(v) => props.onChange(v ?? '')}
        description={field.hint}
        error={props.error}
        allowDeselect={false}
      />
    );
  const Input = field.kind === 'textarea' ? Textarea : TextInput;
  return (
    <Input
      label={label}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      description={field.hint}
      error={props.error}
      {...(field.maxLength ? { maxLength: field.maxLength } : {})}
    />
  );
}

/** The composer: accounts, text with live counters, media, AI caption, time, approval, previews. */
export function Composer(props: {
  initial: ComposeState;
  timeZone: string;
  aiKeySet: boolean;
  telegramApprovers: boolean;
  accounts: ComposerAccount[];
  library: MediaView[];
}) {
  const [state, setState] = useState<ComposeState>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [counts, setCounts] = useState<CounterView[]>([]);
  const [library, setLibrary] = useState<MediaView[]>(props.library);
  const [pending, start] = useTransition();
  const [savingDraft, startDraft] = useTransition();
  const update = (patch: Partial<ComposeState>) => setState((s) => ({ ...s, ...patch }));
  const selected = props.accounts.filter((a) => state.accountIds.includes(a.id));
  const media = state.mediaIds.flatMap((id) => library.filter((m) => m.id === id));
  const editing = Boolean(state.postId);

  // Live counters: counted on the server with core's countText, 150 ms after typing stops.
  const [countInput] = useDebouncedValue(
    useMemo(
      () => ({
        text: state.text,
        thread: state.thread,
        targets: selected.map((a) => ({
          key: a.id,
          platform: a.platform,
          text: state.overrides[a.id]?.trim() ? state.overrides[a.id]! : null,
        })),
      }),
      [state.text, state.thread, state.overrides, selected],
    ),
    150,
  );
  useEffect(() => {
    let current = true;
    countTexts(countInput).then((result) => current && setCounts(result));
    return () => {
      current = false;
    };
  }, [countInput]);

  const submit = () =>
    start(async () => {
      const result = await submitPost(state);
      // On success the action redirects to the post; only problems come back.
      if (!result?.errors) return;
      setErrors(result.errors);
      notifications.show({ color: 'red', title: 'Not saved', message: 'Check the fields marked in red.' });
    });

  return (
    <form
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            {errors.form && (
              <Alert color="red" role="alert">
                {errors.form}
              </Alert>
            )}
            <Checkbox.Group
              label="Publish to"
              value={state.accountIds}
              onChange={(accountIds) => update({ accountIds })}
              error={errors.accountIds}
            >
              <Stack gap={6} mt={6}>
                {props.accounts.map((a) => (
                  <Checkbox
                    key={a.id}
                    value={a.id}
                    label={
                      <Group gap={6} wrap="nowrap" component="span">
                        <PlatformIcon platform={a.platform} decorative />
                        <span>{a.label}</span>
                        {a.needsReconnect && (
                          <Text span c="red.8" size="xs">
                            (needs reconnect)
                          </Text>
                        )}
                      </Group>
                    }
                  />
                ))}
              </Stack>
            </Checkbox.Group>

            <Textarea
              label="Text"
              autosize
              minRows={5}
              value={state.text}
              onChange={(e) => update({ text: e.currentTarget.value })}
              error={errors.text}
              aria-describedby="counters"
            />
            <List
              id="counters"
              aria-live="polite"
              aria-label="Length per platform"
              listStyleType="none"
              spacing={2}
            >
              {selected.map((a) => {
                const c = counts.find((x) => x.key === a.id);
                return (
                  <List.Item key={a.id} data-counter-for={a.id}>
                    <Group gap={6} wrap="wrap">
                      <PlatformIcon platform={a.platform} decorative />
                      <Text size="sm">{a.label}:</Text>
                      <Text size="sm" fw={600} c={c?.over && !c.willThread ? 'red.8' : undefined} data-count>
                        {c?.count ?? 0}
                      </Text>
                      <Text size="sm">/ {c?.max ?? '…'}</Text>
                      <Text size="xs" c="dimmed">
                        {c?.countingLabel}
                      </Text>
                      {c?.over && (
                        <Text size="xs" c={c.willThread ? 'blue.8' : 'red.8'}>
                          {c.willThread ? 'will be split into a thread' : `${-c.remaining} over the limit`}
                        </Text>
                      )}
                    </Group>
                  </List.Item>
                );
              })}
            </List>
            <Checkbox
              label="Split long text into a thread where the platform has threads"
              checked={state.thread}
              onChange={(e) => update({ thread: e.currentTarget.checked })}
            />

            <Fieldset legend="Media">
              <Stack gap="xs">
                {media.length > 0 && (
                  <Group gap="sm">
                    {media.map((m) => (
                      <Stack key={m.id} gap={2} align="center" w={110}>
                        <MediaThumb media={m} />
                        <Text size="xs" lineClamp={2} ta="center">
                          {m.altText ? `Alt: ${m.altText}` : 'No alt text'}
                        </Text>
                        <CloseButton
                          aria-label={`Remove ${m.mimeType}${m.altText ? ` “${m.altText}”` : ''}`}
                          onClick={() => update({ mediaIds: state.mediaIds.filter((id) => id !== m.id) })}
                        />
                      </Stack>
                    ))}
                  </Group>
                )}
                <MediaLibrary
                  library={library}
                  selected={state.mediaIds}
                  platforms={[...new Set(selected.map((a) => a.platform))]}
                  onAdd={(m) => update({ mediaIds: [...state.mediaIds, m.id] })}
                  onUploaded={(m, note) => {
                    setLibrary((l) => [m, ...l]);
                    setState((s) => ({ ...s, mediaIds: [...s.mediaIds, m.id] }));
                    if (note) notifications.show({ title: 'Converted', message: note });
                  }}
                  onUpdated={(m) => setLibrary((l) => l.map((x) => (x.id === m.id ? m : x)))}
                />
                {errors.media && (
                  <Text c="red.8" size="sm" role="alert">
                    {errors.media}
                  </Text>
                )}
              </Stack>
            </Fieldset>

            <Fieldset legend="AI caption">
              {props.aiKeySet ? (
                <Stack gap="xs">
                  <Checkbox
                    label={editing ? 'Write a new caption with AI' : 'Generate the caption with AI'}
                    description="RelayPost writes the caption in your brand voice, fitted to each platform's limit, right after you save; approvers see the caption."
                    checked={state.caption}
                    onChange={(e) => update({ caption: e.currentTarget.checked })}
                  />
                  <Textarea
                    label="Brief"
                    placeholder="What the post should say; the text above is used when empty."
                    autosize
                    minRows={2}
                    value={state.brief}
                    onChange={(e) => update({ brief: e.currentTarget.value })}
                    disabled={!state.caption}
                    error={errors.brief}
                  />
                </Stack>
              ) : (
                <Text size="sm">
                  Add an Anthropic API key in <Link href="/settings">Settings</Link> to generate captions.
                </Text>
              )}
            </Fieldset>

            <Fieldset legend={`When (${props.timeZone})`}>
              <Stack gap="xs">
                <Radio.Group
                  value={state.when}
                  onChange={(when) => update({ when: when as ComposeState['when'] })}
                >
                  <Stack gap={6}>
                    <Radio value="now" label="As soon as possible (after approval, if required)" />
                    <Radio value="later" label="At a time" />
                  </Stack>
                </Radio.Group>
                {state.when === 'later' && (
                  <TextInput
                    type="datetime-local"
                    label={`Publish at (${props.timeZone})`}
                    value={state.publishAtLocal}
                    onChange={(e) => update({ publishAtLocal: e.currentTarget.value })}
                    error={errors.publishAt}
                  />
                )}
              </Stack>
            </Fieldset>

            <Fieldset legend="Approval">
              <Stack gap="xs">
                <Radio.Group
                  value={state.approval}
                  onChange={(v) => update({ approval: v as ComposeState['approval'] })}
                >
                  <Stack gap={6}>
                    <Radio value="none" label="Publish without approval" />
                    <Radio
                      value="required"
                      label="An approver must approve it (on Telegram or in the approval queue)"
                    />
                  </Stack>
                </Radio.Group>
                {state.approval === 'required' && (
                  <>
                    {!props.telegramApprovers && (
                      <Text size="xs" c="dimmed">
                        No Telegram approvers are set up: approve in the queue, or add them in Settings.
                      </Text>
                    )}
                    <TextInput
                      type="datetime-local"
                      label={`Approval deadline (${props.timeZone}, optional)`}
                      description="Defaults to the publish time."
                      value={state.deadlineLocal}
                      onChange={(e) => update({ deadlineLocal: e.currentTarget.value })}
                      error={errors.deadline}
                    />
                    <Select
                      label="If nobody decides by the deadline"
                      data={[
                        { value: 'expire', label: 'Do not publish (the post expires)' },
                        { value: 'approve', label: 'Publish anyway (approve automatically)' },
                      ]}
                      value={state.onDeadline}
                      onChange={(v) => v && update({ onDeadline: v as ComposeState['onDeadline'] })}
                      allowDeselect={false}
                    />
                  </>
                )}
                {editing && (
                  <Text size="xs" c="dimmed">
                    Requiring approval sends a scheduled post to the approvers; lifting it schedules a waiting
                    post.
                  </Text>
                )}
              </Stack>
            </Fieldset>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Title order={2} size="h4">
              Per platform
            </Title>
            {selected.length === 0 ? (
              <Text size="sm" c="dimmed">
                Choose accounts to see their options and previews.
              </Text>
            ) : (
              <Accordion variant="separated" multiple defaultValue={[]}>
                {selected.map((a) => (
                  <Accordion.Item value={a.id} key={a.id}>
                    <Accordion.Control icon={<PlatformIcon platform={a.platform} decorative />}>
                      {a.label}: text and options
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Stack gap="xs">
                        <Textarea
                          label={`Text for ${a.label} only`}
                          description="Empty: the main text."
                          autosize
                          minRows={2}
                          value={state.overrides[a.id] ?? ''}
                          onChange={(e) =>
                            update({ overrides: { ...state.overrides, [a.id]: e.currentTarget.value } })
                          }
                          error={errors[`text:${a.id}`]}
                        />
                        {a.fields.map((field) => (
                          <OptionInput
                            key={field.key}
                            field={field}
                            accountId={a.id}
                            value={state.options[a.id]?.[field.key] ?? ''}
                            error={errors[`opt:${a.id}:${field.key}`]}
                            onChange={(value) =>
                              update({
                                options: {
                                  ...state.options,
                                  [a.id]: { ...state.options[a.id], [field.key]: value },
                                },
                              })
                            }
                          />
                        ))}
                      </Stack>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
            {Object.entries(errors)
              .filter(([key]) => key.startsWith('opt:') || key.startsWith('text:'))
              .map(([key, message]) => (
                <Text key={key} c="red.8" size="sm" role="alert">
                  {message}
                </Text>
              ))}
            {selected.length > 0 && (
              <section aria-labelledby="preview-h">
                <Title order={2} size="h4" id="preview-h" mb="xs">
                  Preview
                </Title>
                <Stack>
                  {selected.map((a) => (
                    <FeedPreview
                      key={a.id}
                      platform={a.platform}
                      displayName={a.displayName}
                      handle={a.handle}
                      text={
                        state.overrides[a.id]?.trim()
                          ? state.overrides[a.id]!
                          : state.caption && !state.text
                            ? state.brief
                            : state.text
                      }
                      media={media}
                      options={state.options[a.id] ?? {}}
                      counter={counts.find((c) => c.key === a.id)}
                    />
                  ))}
                  {state.caption && (
                    <Text size="xs" c="dimmed">
                      The AI caption replaces this text once it is written.
                    </Text>
                  )}
                </Stack>
              </section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      <Group mt="lg" justify="flex-end" wrap="wrap">
        {!editing && (
          <Button
            variant="default"
            loading={savingDraft}
            onClick={() =>
              startDraft(async () => {
                const result = await saveComposeDraft(state);
                update({ draftId: result.draftId });
                notifications.show({ color: 'green', message: result.message });
              })
            }
          >
            Save draft
          </Button>
        )}
        <SubmitButton loading={pending}>{editing ? 'Save changes' : 'Create post'}</SubmitButton>
      </Group>
    </form>
  );
}
