/** The composer's calls to the API, each parsed by its contract. */
import { Ok } from '@rapport/contracts/common';
import { CoachResponse, type CoachRequest } from '@rapport/contracts/coach';
import { DraftResponse, MacroList, RenderedMacro, UndoResult, UploadDto, type DismissReason, type DraftKind } from '@rapport/contracts/composer';
import { api } from '../../api/client.ts';

const ticketPath = (ticketRef: string) => `/tickets/${encodeURIComponent(ticketRef)}`;

export const composerApi = {
  getDraft: (ticketRef: string, kind: DraftKind, signal?: AbortSignal) =>
    api.get(`${ticketPath(ticketRef)}/drafts/${kind}`, { schema: DraftResponse, ...(signal ? { signal } : {}) }),
  saveDraft: (ticketRef: string, kind: DraftKind, body: string, revision: number) =>
    api.put(`${ticketPath(ticketRef)}/drafts/${kind}`, { schema: DraftResponse, body: { body, revision } }),
  coach: (request: CoachRequest, signal: AbortSignal) => api.post('/coach', { schema: CoachResponse, body: request, signal }),
  dismissFinding: (ticketRef: string, body: { rule: string; reason: DismissReason; excerpt: string }) =>
    api.post(`${ticketPath(ticketRef)}/coach-dismissals`, { schema: Ok, body }),
  listMacros: (signal?: AbortSignal) => api.get('/macros', { schema: MacroList, ...(signal ? { signal } : {}) }),
  renderMacro: (macroId: string, ticketRef: string) => api.get(`/macros/${macroId}/render`, { schema: RenderedMacro, query: { ticket: ticketRef } }),
  upload: (body: { filename: string; contentType: string; data: string }) => api.post('/uploads', { schema: UploadDto, body }),
  removeUpload: (id: string) => api.delete(`/uploads/${id}`, { schema: Ok }),
  undo: (ticketRef: string, messageId: string) => api.post(`${ticketPath(ticketRef)}/messages/${messageId}/undo`, { schema: UndoResult, body: {} }),
};

/** A file as base64 (without the data: prefix), for the upload body. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = String(reader.result ?? '');
      resolve(result.slice(result.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
