import { json } from '../common/simulator-kit';

/** Lyft's error body, as the simulator answers it: `error`, and `error_detail` naming the field at fault. */
export const lyftApiError = (status: number, error: string, detail?: Record<string, string>): Response =>
  json(status, { error, ...(detail ? { error_detail: [detail] } : {}) });
