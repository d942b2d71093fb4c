// Structured logs: one JSON object per line on stdout, for the cluster's log pipeline.
import 'server-only';
type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | undefined>;

function write(level: Level, msg: string, fields: Fields = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

export const log = {
  info: (msg: string, fields?: Fields) => write('info', msg, fields),
  warn: (msg: string, fields?: Fields) => write('warn', msg, fields),
  error: (msg: string, fields?: Fields) => write('error', msg, fields),
};

/** An error's message, stack and chain of causes, as log fields. */
export function errorFields(err: unknown): Fields {
  if (!(err instanceof Error)) return { error: String(err) };
  const causes: string[] = [];
  let cause: unknown = err.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    causes.push(cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return {
    error: err.message,
    stack: err.stack,
    ...(causes.length ? { cause: causes.join('\ncaused by: ') } : {}),
  };
}
