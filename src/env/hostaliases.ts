/**
 * The HOSTALIASES file: user-level aliases for names without a dot, as glibc's
 * __res_context_hostalias reads it (resolv/res_query.c). Each line is an alias, white space,
 * and the name it stands for; anything after that name is ignored. The file is read from the
 * top and the first line whose alias matches decides: its name, or none if the line has no
 * name after the alias. glibc stops reading at a line with no white space at all (only the
 * last line of a file without a final newline), so no later line counts. Aliases match
 * case-insensitively, with or without a trailing dot (ns_samename). Pure.
 */
import { ArgumentError } from '../errors.js';
import { canonicalName } from '../packet/index.js';
import { isCSpace } from './ctext.js';

/** One line: the alias, and the name it stands for (undefined when the line has none). */
export interface HostAlias {
  readonly alias: string;
  readonly name: string | undefined;
}

/** The file's lines, in order, up to the first line glibc stops at. */
export function parseHostAliases(text: string): readonly HostAlias[] {
  if (typeof text !== 'string') throw new ArgumentError('parseHostAliases: text must be a string');
  const out: HostAlias[] = [];
  const lines = text.split('\n');
  // fgets keeps the newline, which is white space after the alias: only the last line of a
  // file without a final newline can have none.
  for (let n = 0; n < lines.length; n++) {
    const line = n < lines.length - 1 ? `${lines[n]!}\n` : lines[n]!;
    let i = 0;
    while (i < line.length && !isCSpace(line.charCodeAt(i))) i++;
    if (i === line.length) break;
    const alias = line.slice(0, i);
    do i++;
    while (i < line.length && isCSpace(line.charCodeAt(i)));
    let end = i;
    while (end < line.length && !isCSpace(line.charCodeAt(end))) end++;
    out.push(Object.freeze({ alias, name: end > i ? line.slice(i, end) : undefined }));
  }
  return Object.freeze(out);
}

/** The name `name` stands for, or undefined: the first line whose alias matches decides. */
export function hostAlias(aliases: readonly HostAlias[], name: string): string | undefined {
  if (aliases.length === 0) return undefined;
  const wanted = canonicalName(name);
  return aliases.find((a) => canonicalName(a.alias) === wanted)?.name;
}
