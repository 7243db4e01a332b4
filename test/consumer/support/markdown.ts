import { readFile } from 'node:fs/promises';

/** A ```ts block of a Markdown file, where it starts, and the marker comment just before it. */
export interface CodeBlock {
  file: string;
  line: number;
  code: string;
  marker: string | undefined;
}

const FENCE = /^([ \t]*)```ts[ \t]*\n([\s\S]*?)^\1```[ \t]*$/gm;

/** Every TypeScript block in `file`, dedented (blocks in lists are indented). */
export async function typescriptBlocks(file: string): Promise<CodeBlock[]> {
  const text = await readFile(file, 'utf8');
  const blocks: CodeBlock[] = [];
  for (const match of text.matchAll(FENCE)) {
    const [, indent = '', body = ''] = match;
    const before = text.slice(0, match.index);
    const marker = /<!--\s*([a-z-]+)[^>]*-->\s*$/.exec(before)?.[1];
    blocks.push({
      file,
      line: before.split('\n').length,
      code: body
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n'),
      marker,
    });
  }
  return blocks;
}
