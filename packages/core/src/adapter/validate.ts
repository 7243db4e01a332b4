import { ContentRejectedError } from '../errors/platform-errors.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { mediaKindOf } from '../schemas/media.js';
import type { PlatformCapabilities } from './capabilities.js';
import type { AdapterContent } from './spec.js';
import { countText } from './text-counting.js';

/**
 * The checks every platform shares, driven by its capabilities: text length (counted the
 * platform's way), required text or media, media kinds, counts, sizes, durations, alt text.
 * Adapters add their own rules after these.
 *
 * @example
 * ```ts
 * validate(content) { return [...validateAgainstCapabilities(this.capabilities, content), ...extra] }
 * ```
 */
export function validateAgainstCapabilities(
  caps: PlatformCapabilities,
  content: AdapterContent,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const length = countText(content.text, caps.text.counting);
  const threadable = caps.threads && content.thread;
  if (length > caps.text.maxLength && !threadable) {
    issues.push({
      path: 'text',
      message: `is longer than ${caps.text.maxLength} (${caps.text.counting})`,
      limit: caps.text.maxLength,
      actual: length,
    });
  }
  if (caps.text.required && content.text.trim() === '') {
    issues.push({ path: 'text', message: 'is required' });
  }
  if (caps.media.required && content.media.length === 0) {
    issues.push({ path: 'media', message: 'at least one media item is required', limit: 1, actual: 0 });
  }
  if (content.media.length > caps.media.maxItems) {
    issues.push({
      path: 'media',
      message: `has more than ${caps.media.maxItems} items`,
      limit: caps.media.maxItems,
      actual: content.media.length,
    });
  }
  const kindCounts = new Map<string, number>();
  content.media.forEach((asset, index) => {
    const path = `media.${index}`;
    const kind = mediaKindOf(asset.mimeType);
    const limits = kind ? caps.media.kinds[kind] : undefined;
    if (!kind || !limits) {
      issues.push({
        path: `${path}.mimeType`,
        message: 'this media kind is not supported',
        limit: Object.keys(caps.media.kinds),
        actual: asset.mimeType,
      });
      return;
    }
    kindCounts.set(kind, (kindCounts.get(kind) ?? 0) + 1);
    if (!limits.mimeTypes.includes(asset.mimeType)) {
      issues.push({
        path: `${path}.mimeType`,
        message: 'type is not accepted',
        limit: limits.mimeTypes,
        actual: asset.mimeType,
      });
    }
    if (asset.sizeBytes > limits.maxBytes) {
      issues.push({
        path: `${path}.sizeBytes`,
        message: `is larger than ${limits.maxBytes} bytes`,
        limit: limits.maxBytes,
        actual: asset.sizeBytes,
      });
    }
    if (
      limits.maxDurationMs !== undefined &&
      asset.durationMs !== null &&
      asset.durationMs > limits.maxDurationMs
    ) {
      issues.push({
        path: `${path}.durationMs`,
        message: 'is too long',
        limit: limits.maxDurationMs,
        actual: asset.durationMs,
      });
    }
    if (
      limits.minDurationMs !== undefined &&
      asset.durationMs !== null &&
      asset.durationMs < limits.minDurationMs
    ) {
      issues.push({
        path: `${path}.durationMs`,
        message: 'is too short',
        limit: limits.minDurationMs,
        actual: asset.durationMs,
      });
    }
    if (limits.aspectRatio && asset.width && asset.height) {
      const ratio = asset.width / asset.height;
      if (ratio < limits.aspectRatio.min - 1e-3 || ratio > limits.aspectRatio.max + 1e-3) {
        issues.push({
          path: `${path}.aspectRatio`,
          message: `must be between ${limits.aspectRatio.min.toFixed(2)} and ${limits.aspectRatio.max.toFixed(2)}`,
          limit: `${limits.aspectRatio.min.toFixed(2)}-${limits.aspectRatio.max.toFixed(2)}`,
          actual: ratio.toFixed(2),
        });
      }
    }
    if (caps.altText && asset.altText && asset.altText.length > caps.altText.maxLength) {
      issues.push({
        path: `${path}.altText`,
        message: 'is too long',
        limit: caps.altText.maxLength,
        actual: asset.altText.length,
      });
    }
  });
  for (const [kind, count] of kindCounts) {
    const limit = caps.media.kinds[kind as keyof typeof caps.media.kinds]?.maxCount ?? 0;
    if (count > limit)
      issues.push({ path: 'media', message: `has more than ${limit} ${kind} items`, limit, actual: count });
  }
  if (!caps.media.mixedKinds && kindCounts.size > 1) {
    issues.push({
      path: 'media',
      message: 'cannot mix media kinds in one post',
      limit: 1,
      actual: kindCounts.size,
    });
  }
  return issues;
}

/**
 * The first validation issue as the rejection `publish` throws: content that can never pass is
 * not sent to the platform. Undefined when there is no issue.
 *
 * @example
 * ```ts
 * const rejection = issuesToRejection('x', adapter.validate(content));
 * if (rejection) throw rejection;
 * ```
 */
export function issuesToRejection(
  platform: string,
  issues: readonly ValidationIssue[],
): ContentRejectedError | undefined {
  const first = issues[0];
  if (!first) return undefined;
  return new ContentRejectedError({
    platform,
    field: first.path,
    limit: Array.isArray(first.limit) ? first.limit.join('|') : (first.limit as number | string | undefined),
    message: `${first.path}: ${first.message}`,
  });
}
