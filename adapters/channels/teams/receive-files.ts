// Fetching the files of a Teams message and handing them to the FileKeeper.
// A pasted image lives on the Bot Framework service and opens only with the
// bot's token; a file sent from the compose box comes with a link OneDrive has
// already signed. The token goes nowhere but the connector the activity came
// from (its serviceUrl is what the channel's token vouched for).
import { cleanFileName, sizeWords, type Attachment, type FileKeeper, type Logger, type RefusedFile } from '../../../src/index.js';
import { downloadFile } from '../download-file.js';
import type { TeamsFileRef } from './to-inbound-event.js';

export interface ReceivedFiles {
  files: Attachment[];
  refusedFiles: RefusedFile[];
}

export interface ReceiveDeps {
  files: FileKeeper;
  /** The connector the activity came from. */
  serviceUrl: string;
  /** The bot's token as headers, fetched only when a pasted image needs it. */
  tokenHeaders(): Promise<Record<string, string>>;
  logger: Logger;
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** OneDrive and SharePoint, where Teams keeps what people share from the compose box. */
const SHAREPOINT = /\.sharepoint(-df)?\.com$|\.sharepoint\.(us|de|cn)$/;

/**
 * Whether the bot may fetch what an activity names: a pasted image only from the
 * connector the activity came from, a shared file only from SharePoint over
 * https (or the connector's own origin, a proxy's or a stand-in's). Anything
 * else would let whoever wrote the activity make the bot read inside the network.
 */
function mayFetch(ref: TeamsFileRef, connector: string | null): boolean {
  const origin = originOf(ref.url);
  if (origin !== null && origin === connector) return true;
  if (ref.kind === 'inline') return false;
  try {
    const url = new URL(ref.url);
    return url.protocol === 'https:' && SHAREPOINT.test(url.hostname);
  } catch {
    return false;
  }
}

/** Each file downloaded (never past the desk's limit) and checked; in the order sent. */
export async function receiveFiles(refs: readonly TeamsFileRef[], deps: ReceiveDeps): Promise<ReceivedFiles> {
  const out: ReceivedFiles = { files: [], refusedFiles: [] };
  const connector = originOf(deps.serviceUrl);
  let token: Record<string, string> | undefined;
  for (const ref of refs) {
    const name = cleanFileName(ref.name);
    if (!mayFetch(ref, connector)) {
      deps.logger.warn({ component: 'teams', kind: ref.kind, host: originOf(ref.url) }, 'a file named in a Teams activity is on a host the bot does not fetch from');
      out.refusedFiles.push({ name, reason: 'unreadable' });
      continue;
    }
    try {
      const onConnector = ref.kind === 'inline' && connector !== null && originOf(ref.url) === connector;
      if (onConnector) token ??= await deps.tokenHeaders();
      const got = await downloadFile(ref.url, deps.files.limits.maxFileBytes, onConnector ? token : {});
      if (!got.ok) {
        if (got.tooBig) out.refusedFiles.push({ name, reason: 'too_big', detail: sizeWords(got.size) });
        else {
          deps.logger.warn({ component: 'teams', status: got.status, kind: ref.kind }, 'Teams would not give a file sent to the bot');
          out.refusedFiles.push({ name, reason: 'unreadable' });
        }
        continue;
      }
      const accepted = await deps.files.accept({ name, bytes: got.bytes });
      if (accepted.ok) out.files.push(accepted.file);
      else out.refusedFiles.push(accepted.refused);
    } catch (err) {
      deps.logger.warn({ err, component: 'teams', kind: ref.kind }, 'could not fetch a file sent to the bot');
      out.refusedFiles.push({ name, reason: 'unreadable' });
    }
  }
  return out;
}
