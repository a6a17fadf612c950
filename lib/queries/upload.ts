import type { ActionError } from '@/lib/result';

/**
 * Sends a file as a request body with upload progress (fetch reports none), and reads the
 * route handler's JSON answer: `data`, or its `error` in the console's words.
 */
export function uploadFile<T>(
  url: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<{ data: T } | { error: ActionError }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ data: T } | { error: ActionError }>((resolve) => {
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { error?: ActionError } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve({ data: body as T });
      else
        resolve({
          error: body?.error ?? { code: 'internal', message: `The console server answered ${xhr.status}.` },
        });
    };
    xhr.onerror = () =>
      resolve({
        error: {
          code: 'upstream',
          message: 'The console server could not be reached.',
          action: 'Check your connection and retry.',
        },
      });
    xhr.onabort = () => resolve({ error: { code: 'invalid', message: 'The upload was stopped.' } });
  });
  xhr.open('POST', url);
  xhr.setRequestHeader('Content-Type', 'text/csv');
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}
