import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookBody } from '../../../shared/webhooks';

/*
 * A webhook receiver on 127.0.0.1 for tests: it records every request, answers as the test says,
 * and checks signatures with the reference Standard Webhooks package, as a station's would.
 */

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answers the test chooses, one per request (the last one repeats). */
export class Receiver {
  readonly requests: Received[] = [];
  answers: (number | 'hang')[] = [200];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/hook'): Promise<Receiver> {
    let receiver: Receiver | null = null;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (!receiver) return;
        receiver.requests.push({ headers: req.headers, body });
        const answer =
          receiver.answers[Math.min(receiver.requests.length - 1, receiver.answers.length - 1)];
        if (answer === 'hang') return;
        res.writeHead(answer ?? 200, { 'content-type': 'text/plain' });
        res.end(answer === 200 ? 'ok' : `refused ${answer}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new Receiver(server, `http://127.0.0.1:${port}${path}`);
    return receiver;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Whether a request carries a valid signature by `secret`, leaving out the receiver's check of the
   * timestamp against its own clock (for tests that move the app's clock hours on).
   */
  signedBy(request: Received, secret: string): boolean {
    const id = String(request.headers['webhook-id']);
    const at = new Date(Number(request.headers['webhook-timestamp']) * 1000);
    const expected = new Webhook(secret).sign(id, at, request.body);
    return String(request.headers['webhook-signature']).split(' ').includes(expected);
  }

  /** Checks a request's signature with a secret as a receiver would; throws if it does not verify. */
  verify(request: Received, secret: string): WebhookBody {
    return new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as WebhookBody;
  }
}
