/*
 * Checks a Logs Insights query against audit lines the handlers really wrote: every field the
 * query names must appear in at least one line of a kind the query reads.
 */
import { AuditLineKind, LogQuery } from '../../src/private/log-queries';

/** Commands, keywords and functions of the Logs Insights language the queries use: not field names. */
const LANGUAGE_WORDS = new Set([
  'fields', 'filter', 'stats', 'sort', 'limit', 'display', 'parse', 'dedup', 'by', 'as', 'and', 'or', 'not', 'in', 'like',
  'asc', 'desc', 'count', 'sum', 'avg', 'min', 'max', 'pct', 'floor', 'ceil', 'abs', 'bin', 'ispresent', 'isempty', 'coalesce',
  'earliest', 'latest', 'count_distinct', 'strlen', 'tolower', 'toupper',
]);

/** The log fields `queryString` names: identifiers outside string literals, less language words, aliases and @-fields (CloudWatch's own). */
export function queryFieldNames(queryString: string): string[] {
  const code = queryString.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/(?:[^/\\\n]|\\.)+\//g, ' ');
  const tokens = code.match(/[@A-Za-z_][A-Za-z0-9_.@]*/g) ?? [];
  const aliases = new Set(tokens.filter((_, i) => i > 0 && tokens[i - 1].toLowerCase() === 'as'));
  return [...new Set(tokens.filter((token) => !LANGUAGE_WORDS.has(token.toLowerCase()) && !aliases.has(token) && !token.startsWith('@')))];
}

export type AuditLine = Record<string, unknown>;

export function isKind(line: AuditLine, kind: AuditLineKind): boolean {
  return line.component === kind.component && line.message === kind.message;
}

/** The fields the query names that no line of the kinds it reads carries. */
export function fieldsMissingFromLines(query: Pick<LogQuery, 'queryString' | 'reads'>, lines: readonly AuditLine[]): string[] {
  const read = lines.filter((line) => query.reads.some((kind) => isKind(line, kind)));
  return queryFieldNames(query.queryString).filter((field) => !read.some((line) => line[field] !== undefined));
}
