import { coachReply } from './coach.ts';
import { detectLanguage } from './language.ts';
import { parseCoachInput } from './parse-coach-input.ts';

/** Exit code for unusable input, kept stable because scripts depend on it. */
const EXIT_INVALID_INPUT = 2;

function errorOutput(message: string): { stdout: string; exitCode: number } {
  return { stdout: `${JSON.stringify({ error: { code: 'INVALID_INPUT', message } })}\n`, exitCode: EXIT_INVALID_INPUT };
}

/**
 * `rapport coach`: coach input JSON on stdin, coach output JSON on stdout. Bad JSON or a wrong shape
 * gives `{"error":{"code":"INVALID_INPUT","message":…}}` and exit code 2.
 */
export function runCoachCommand(stdinText: string): { stdout: string; exitCode: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdinText);
  } catch (error) {
    return errorOutput(`stdin is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = parseCoachInput(parsed);
  if (!result.isValid) return errorOutput(result.message);
  return { stdout: `${JSON.stringify(coachReply(result.input))}\n`, exitCode: 0 };
}

/**
 * `rapport lang`: one `<iso-639-1>\t<confidence>` line per input line, `und` when unsure. Blank lines
 * give `und\t0` so output lines stay aligned with input lines.
 */
export function runLangCommand(stdinText: string): string {
  if (stdinText.length === 0) return '';
  const lines = stdinText.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  return lines
    .map((line) => {
      const { language, confidence } = detectLanguage(line);
      return `${language}\t${confidence.toFixed(2)}`;
    })
    .join('\n') + '\n';
}
