/** A real SMTP server (smtp-server) on 127.0.0.1 that keeps every envelope and message it is sent. */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll } from 'vitest';

export interface Received {
  from: string;
  to: string[];
  /** The user the client logged in as, when it did. */
  user?: string;
  data: Buffer;
}

export interface TestSmtp {
  server: SMTPServer;
  port: number;
  url: string;
  received: Received[];
}

const servers: SMTPServer[] = [];

// Registered when a test file first imports this module: the hook belongs to that file.
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

export async function smtpServer(options: Partial<SMTPServerOptions> = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...(session.user !== undefined ? { user: String(session.user) } : {}),
          data: Buffer.concat(chunks),
        });
        callback();
      });
    },
    ...options,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, url: `smtp://127.0.0.1:${port}`, received };
}
