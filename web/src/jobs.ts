// Waiting on the server's background work: a co-clustering, a scan over k or an ablation runs as a
// job, and its resource says how far it is. Every view that waits on one waits through pollJob.
import { ApiError, get } from "./api";
import { sleep } from "./dom";

/** What a job-backed resource says of its job (CoclusteringOut, ScanOut, AblationOut, JobOut...). */
export interface JobState {
  id: number;
  status: string;
  progress: number;
  error?: string | null;
}

/** Queued or running: the job may still change (anything else is finished). */
export function isActive(status: string): boolean {
  return status === "queued" || status === "running";
}

export interface PollOptions<T> {
  /** The job's name in the error when it does not succeed ("co-clustering" reads "co-clustering failed"). */
  what: string;
  /** Called each time the job is found still queued or running, before the next wait. */
  onProgress?: (job: T) => void;
  /** Between two requests. */
  intervalMs?: number;
}

/** GET `path` until its job has finished; the resource once it succeeded. A failed or cancelled job
 * throws an ApiError in the server's words (its `error`), or "<what> <status>" when it gave none. */
export async function pollJob<T extends JobState>(path: string, { what, onProgress, intervalMs = 400 }: PollOptions<T>): Promise<T> {
  let job = await get<T>(path);
  while (isActive(job.status)) {
    onProgress?.(job);
    await sleep(intervalMs);
    job = await get<T>(path);
  }
  if (job.status !== "succeeded") throw new ApiError(500, job.error ?? `${what} ${job.status}`);
  return job;
}
