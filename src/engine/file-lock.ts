import fs from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a lock file records about its holder. */
export interface LockInfo {
  pid: number;
  hostname: string;
  createdAt: string;
  [key: string]: unknown;
}

/** True when a process with this pid exists on this machine. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file; null when it does not exist or is not (yet) complete. */
export async function readLock(lockPath: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await fs.readFile(lockPath, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Creates the lock file atomically; false when someone else holds it. */
export async function tryCreateLock(lockPath: string, extra: Record<string, unknown> = {}): Promise<boolean> {
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), createdAt: new Date().toISOString(), ...extra };
  try {
    await fs.writeFile(lockPath, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Rewrites our own lock file with more facts (for example the engine's address). */
export async function updateLock(lockPath: string, extra: Record<string, unknown>): Promise<void> {
  const current = await readLock(lockPath);
  if (!current || current.pid !== process.pid) throw new Error(`lock ${lockPath} is not held by this process`);
  const tmp = `${lockPath}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ ...current, ...extra }), { mode: 0o600 });
  await fs.rename(tmp, lockPath);
}

/** True when the lock's holder is gone (a crashed process left it behind). */
export function isStale(info: LockInfo): boolean {
  return info.hostname === os.hostname() && !isProcessAlive(info.pid);
}

/** Removes a lock file if it is still ours. */
export async function releaseLock(lockPath: string): Promise<void> {
  const current = await readLock(lockPath);
  if (current?.pid === process.pid) await fs.rm(lockPath, { force: true });
}

/**
 * Runs `fn` holding an exclusive lock file; waits while a live process holds it and
 * takes over a lock whose holder died.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  onWait: (holderPid: number) => void,
): Promise<T> {
  let announced = false;
  while (!(await tryCreateLock(lockPath))) {
    const holder = await readLock(lockPath);
    if (holder && isStale(holder)) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (holder && !announced) {
      onWait(holder.pid);
      announced = true;
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    await releaseLock(lockPath);
  }
}
