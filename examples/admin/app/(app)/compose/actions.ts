'use server';
import {
  type Actor,
  type CreatePostInput,
  NotFoundError,
  type PlatformId,
  platformIdSchema,
  ValidationError,
} from '@relaypost/core';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { deleteDraft, saveDraft } from '@/src/db/drafts';
import { approvalEdit, buildCreateInput, type ComposeState, postErrors } from '@/src/lib/compose';
import { COUNTING_LABELS, countTargets, type TargetCount } from '@/src/lib/counters';
import { type FieldErrors, limitInWords, plainMessage } from '@/src/lib/issues';
import { convertToJpeg, platformsNeedingJpeg } from '@/src/lib/media';
import { type MediaView, mediaView } from '@/src/lib/media-view';
import { optionFieldsFor, optionsFromForm } from '@/src/lib/option-fields';
import { accountLabel, PLATFORM_NAMES, type PlatformInfo } from '@/src/lib/platforms';
import { instantToZonedLocal } from '@/src/lib/time';
import { runtime } from '@/src/runtime';
import { requireWorkspace } from '@/src/server/session';

const platformMap = (): Map<PlatformId, PlatformInfo> =>
  new Map(
    runtime()
      .relaypost.platforms()
      .map((p) => [p.platform, p]),
  );

/** One counter line as the composer shows it. */
export type CounterView = TargetCount & { countingLabel: string };

/**
 * Counts the text for each target as its platform counts (core's `countText`, each platform's
 * limit): the same check the SDK runs when the post is created.
 */
export async function countTexts(input: {
  text: string;
  thread: boolean;
  targets: Array<{ key: string; platform: string; text: string | null }>;
}): Promise<CounterView[]> {
  await requireWorkspace();
  const platforms = platformMap();
  const targets = input.targets.slice(0, 50).flatMap((t) => {
    const platform = platformIdSchema.safeParse(t.platform);
    return platform.success
      ? [{ key: t.key.slice(0, 100), platform: platform.data, text: t.text?.slice(0, 100_000) ?? null }]
      : [];
  });
  return countTargets(
    { text: input.text.slice(0, 100_000), thread: input.thread, targets },
    (p) => platforms.get(p)?.capabilities,
  ).map((c) => ({ ...c, countingLabel: COUNTING_LABELS[c.counting] }));
}

/**
 * Uploads one file to the workspace's media, checked against the selected platforms. A PNG or
 * WebP for a platform that takes only JPEG (Instagram) is converted with sharp first.
 */
export async function uploadMedia(
  form: FormData,
): Promise<{ media: MediaView; note: string | null } | { errors: FieldErrors }> {
  const { workspace, actor } = await requireWorkspace();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return { errors: { media: 'Choose a file to upload.' } };
  const altText = String(form.get('altText') ?? '').trim();
  const platforms = String(form.get('platforms') ?? '')
    .split(',')
    .flatMap((p) => {
      const parsed = platformIdSchema.safeParse(p);
      return parsed.success ? [parsed.data] : [];
    });
  let bytes: Uint8Array = new Uint8Array(await file.arrayBuffer());
  let note: string | null = null;
  const needJpeg = platformsNeedingJpeg(file.type, platforms, platformMap());
  if (needJpeg.length) {
    bytes = await convertToJpeg(bytes);
    note = `${file.name} was converted to JPEG: ${needJpeg.map((p) => PLATFORM_NAMES[p]).join(', ')} ${needJpeg.length === 1 ? 'takes' : 'take'} only JPEG images.`;
  }
  try {
    const asset = await runtime().relaypost.media.upload(
      { workspaceId: workspace.id, data: bytes, ...(altText ? { altText } : {}), platforms },
      actor,
    );
    return { media: mediaView(asset), note };
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    return {
      errors: {
        media: error.issues
          .map((i) => {
            const platform = /^platforms\.(\w+)/.exec(i.path)?.[1] as PlatformId | undefined;
            const who = platform && PLATFORM_NAMES[platform] ? `${PLATFORM_NAMES[platform]}: ` : '';
            return `${file.name}: ${who}${plainMessage(i.message)}${limitInWords(i)}.`;
          })
          .join(' '),
      },
    };
  }
}

/** Corrects a media item's alt text (empty removes it), as the signed-in user. */
export async function updateAltText(
  mediaId: string,
  altText: string,
): Promise<{ media: MediaView } | { errors: FieldErrors }> {
  const { workspace, actor } = await requireWorkspace();
  const text = altText.trim();
  try {
    const asset = await runtime().relaypost.media.update(
      workspace.id,
      mediaId,
      { altText: text || null },
      actor,
    );
    return { media: mediaView(asset) };
  } catch (error) {
    if (ValidationError.isInstance(error))
      return {
        errors: {
          altText: error.issues
            .map((i) => `The alt text ${plainMessage(i.message)}${limitInWords(i)}.`)
            .join(' '),
        },
      };
    if (NotFoundError.isInstance(error)) return { errors: { altText: 'This media item no longer exists.' } };
    throw error;
  }
}

/** The state with each target's options reduced to the fields its platform has (empty ones left out). */
function cleanOptions(state: ComposeState, platformOf: Map<string, PlatformId>): ComposeState {
  const platforms = platformMap();
  const options: ComposeState['options'] = {};
  for (const accountId of state.accountIds) {
    const platform = platformOf.get(accountId);
    const caps = platform ? platforms.get(platform)?.capabilities : undefined;
    if (!platform || !caps) continue;
    options[accountId] = optionsFromForm(
      optionFieldsFor(platform, caps),
      (key) => state.options[accountId]?.[key],
    );
  }
  return { ...state, options };
}

/**
 * Creates the post (or saves the changes to a scheduled one) as the signed-in user, then opens
 * it. Problems come back next to their fields.
 */
export async function submitPost(raw: ComposeState): Promise<{ errors: FieldErrors }> {
  const { workspace, actor } = await requireWorkspace();
  const { relaypost, db } = runtime();
  const accounts = await relaypost.accounts.list(workspace.id);
  const platformOf = new Map(accounts.map((a) => [a.id, a.platform]));
  const state = cleanOptions(
    { ...raw, accountIds: raw.accountIds.filter((id) => platformOf.has(id)) },
    platformOf,
  );
  const built = buildCreateInput(state, workspace.timeZone);
  if ('errors' in built) return { errors: built.errors };
  const labels = Object.fromEntries(accounts.map((a) => [a.id, accountLabel(a)]));
  let postId: string;
  try {
    if (state.postId) {
      postId = state.postId;
      await editPost(state, built.input, workspace.id, workspace.timeZone, actor);
    } else {
      const post = await relaypost.posts.create(workspace.id, built.input, actor);
      postId = post.id;
      if (state.draftId) await deleteDraft(db, workspace.id, state.draftId);
    }
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    return { errors: postErrors(error.issues, state, labels) };
  }
  const notes = encodeURIComponent(built.notes.join(' '));
  revalidatePath('/', 'layout');
  redirect(`/posts/${postId}?${state.postId ? 'saved' : 'created'}=1${notes ? `&note=${notes}` : ''}`);
}

/**
 * Edits a scheduled post: content, targets and (when it changed) the approval policy in one edit,
 * then the time if it moved, then a new caption if asked.
 */
async function editPost(
  state: ComposeState,
  input: CreatePostInput,
  workspaceId: string,
  zone: string,
  actor: Actor,
): Promise<void> {
  const { relaypost } = runtime();
  const postId = state.postId!;
  const before = await relaypost.posts.get(workspaceId, postId);
  const existing = new Map(before.targets.map((t) => [t.accountId, t.id]));
  await relaypost.posts.edit(
    workspaceId,
    postId,
    {
      content: {
        text: input.content.text ?? '',
        mediaIds: input.content.mediaIds ?? [],
        thread: input.content.thread ?? false,
      },
      targets: input.targets.map((t) => ({
        ...(existing.get(t.accountId) ? { id: existing.get(t.accountId)! } : {}),
        accountId: t.accountId,
        ...(t.text !== undefined ? { text: t.text } : {}),
        options: t.options ?? {},
      })),
      ...approvalEdit(before.approval, input.approval),
    },
    actor,
  );
  const movedTo = input.publishAt?.at;
  const was = before.publishAt ? instantToZonedLocal(before.publishAt.at, zone) : null;
  if (movedTo && was !== state.publishAtLocal)
    await relaypost.posts.reschedule(workspaceId, postId, { at: movedTo, timeZone: zone }, actor);
  if (state.caption)
    await relaypost.posts.regenerateCaption(workspaceId, postId, state.brief.trim() || undefined, actor);
}

/** Saves the composer as a draft in the app's own table (the SDK has no drafts). */
export async function saveComposeDraft(
  state: ComposeState,
): Promise<{ ok: true; message: string; draftId: string }> {
  const { workspace, user } = await requireWorkspace();
  const draftId = await saveDraft(runtime().db, {
    id: state.draftId,
    workspaceId: workspace.id,
    userId: user.id,
    state,
  });
  return { ok: true, message: 'Draft saved.', draftId };
}

/** Deletes a saved draft. */
export async function removeDraft(draftId: string): Promise<void> {
  const { workspace } = await requireWorkspace();
  await deleteDraft(runtime().db, workspace.id, draftId);
  redirect('/posts');
}
