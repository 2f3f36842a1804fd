/*
 * fauxqs's queue URLs live on sqs.<region>.localhost, and the SDK sends each SQS request to its
 * queue URL's host (as it does to sqs.<region>.amazonaws.com on AWS). Not every resolver answers
 * *.localhost, so the probe answers it: 127.0.0.1, no DNS traffic, for that suffix only.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export function resolveLocalhostSubdomains(): void {
  // The module object itself: net.connect reads dns.lookup from it at connect time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dns = require('node:dns') as { lookup: (host: string, options: LookupOptions, callback: LookupCallback) => void };
  const original = dns.lookup;
  dns.lookup = (host, options, callback) => {
    if (!host.endsWith('.localhost')) return original(host, options, callback);
    if (options?.all) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
    return callback(null, '127.0.0.1', 4);
  };
}
