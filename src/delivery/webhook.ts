import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';

/** Where webhooks may go: public https, or (when allowed) loopback and private networks too. */
export interface WebhookPolicy {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** A webhook that could not be delivered; `retry` says whether trying again may help. */
export class WebhookError extends Error {
  override name = 'WebhookError';
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

function isPublic(address: string): boolean {
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Sends one signed webhook (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`). Only https,
 * and every address the host resolves to (checked at connect time, so DNS rebinding
 * cannot slip past) must be public, unless the policy allows private targets.
 */
export async function sendWebhook(
  url: string,
  secret: string,
  messageId: string,
  body: string,
  policy: WebhookPolicy,
  now: Date,
): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && !(policy.allowPrivate && target.protocol === 'http:')) {
    throw new WebhookError(`refusing ${target.protocol} URL: webhooks go over https`, false);
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !policy.allowPrivate && !isPublic(host))
    throw new WebhookError(`refusing non-public address ${host}`, false);
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      const blocked = list.find((a) => !policy.allowPrivate && !isPublic(a.address));
      if (blocked)
        return callback(
          new WebhookError(`refusing ${hostname}: it resolves to non-public address ${blocked.address}`, false),
          '',
          0,
        );
      if ((options as dns.LookupAllOptions).all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
  const signature = new Webhook(secret).sign(messageId, now, body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'youthcare-hub-webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const transport = target.protocol === 'https:' ? https : http;
  // One deadline for the whole attempt (connect, send, status line), not an idle
  // timeout: a receiver trickling a byte every few seconds cannot hold the delivery.
  // The answer's body is never read: the status line decides, then the socket closes.
  return new Promise<number>((resolve, reject) => {
    const req = transport.request(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup, agent: false },
      (res) => {
        clearTimeout(deadline);
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    const deadline = setTimeout(
      () => req.destroy(new WebhookError(`no answer within ${policy.timeoutMs} ms`, true)),
      policy.timeoutMs,
    );
    req.on('error', (e) => {
      clearTimeout(deadline);
      reject(e instanceof WebhookError ? e : new WebhookError(e.message, true));
    });
    req.end(body);
  });
}
