// node:test reporter for run.mjs: one JSON line per finished test (not per suite) with its file,
// its full name (suites › test), its outcome and, for a failure, the error's message; then the
// runner's own summary counts (tests, pass, fail, skipped, ...) as one line.

/** Full names need the suites above a test: a stack of started names per file. */
function nameOf(stacks, data) {
  const stack = stacks.get(data.file) ?? [];
  return [...stack.slice(0, data.nesting), data.name].join(' › ');
}

function errorText(error) {
  if (!error) return '';
  const cause = error.cause ?? error;
  const message = cause && typeof cause === 'object' && 'message' in cause ? cause.message : String(cause);
  return String(message).split('\n').slice(0, 6).join('\n');
}

/** The reporter: an async generator over the runner's events. */
export default async function* jsonLines(source) {
  const stacks = new Map();
  const summary = {};
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      const stack = stacks.get(data.file) ?? [];
      stack.length = data.nesting;
      stack.push(data.name);
      stacks.set(data.file, stack);
    } else if ((type === 'test:pass' || type === 'test:fail') && data.details?.type !== 'suite') {
      const outcome = type === 'test:fail' ? 'fail' : data.skip !== undefined ? 'skip' : data.todo !== undefined ? 'todo' : 'pass';
      const line = { file: data.file ?? null, name: nameOf(stacks, data), outcome };
      if (outcome === 'fail') line.error = errorText(data.details?.error);
      yield `${JSON.stringify(line)}\n`;
    } else if (type === 'test:diagnostic') {
      const m = /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/.exec(data.message);
      if (m) summary[m[1]] = Number(m[2]);
    }
  }
  yield `${JSON.stringify({ summary })}\n`;
}
