import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from './config';
import type { Logger } from './logger';

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError(
      `${source} must hold base64 of exactly 32 bytes (generate one with: openssl rand -base64 32)`,
    );
  return key;
}

/**
 * Returns the 32-byte BSN key: BSN_KEY, else the file BSN_KEY_FILE, else (outside
 * production) DATA_DIR/bsn.key, created with mode 0600 on first start. Production
 * must supply its own key: a generated one would differ per instance.
 */
export async function loadBsnKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.bsnKey) return decodeKey(config.bsnKey, 'BSN_KEY');
  if (config.bsnKeyFile) {
    try {
      return decodeKey(await fs.readFile(config.bsnKeyFile, 'utf8'), `BSN_KEY_FILE (${config.bsnKeyFile})`);
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw new ConfigError(`BSN_KEY_FILE=${config.bsnKeyFile} cannot be read: ${(err as Error).message}`);
    }
  }
  if (config.nodeEnv === 'production') {
    throw new ConfigError(
      'BSN_KEY or BSN_KEY_FILE is required in production: BSNs are encrypted with it and every instance must share it.',
    );
  }
  const file = path.join(config.dataDir, 'bsn.key');
  try {
    return decodeKey(await fs.readFile(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(config.dataDir, { recursive: true });
  try {
    await fs.writeFile(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    logger.warn(
      { file },
      'generated a BSN key for this data folder; production must supply its own BSN_KEY or BSN_KEY_FILE, and losing this key makes the stored BSNs unreadable',
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process created it first
  }
  return decodeKey(await fs.readFile(file, 'utf8'), file);
}
