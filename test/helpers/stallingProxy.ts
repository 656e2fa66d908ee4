// Fault injection: a loopback TCP proxy that can stall (connections accepted and kept open, no byte forwarded) and resume.
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface StallingProxy {
  /** http://127.0.0.1:<port>, to use in place of the target's URL. */
  readonly url: string;
  stall(): void;
  /** Forwards again, on the held connections and new ones. */
  resume(): void;
  /** Ends every connection (held ones too) without forwarding what was sent on it; new connections flow again. */
  drop(): void;
  /** Connections accepted so far (to tell that callers did reach it). */
  readonly accepted: number;
  /** Where new connections go (settable, for a target that starts after the proxy). */
  target: string;
  close(): Promise<void>;
}

export async function startStallingProxy(initialTarget: string): Promise<StallingProxy> {
  let target = initialTarget;
  let stalled = false;
  let accepted = 0;
  const sockets = new Set<Socket>();
  /** Connections accepted while stalled: their upstream is opened only on resume. */
  const held: (() => void)[] = [];

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };
  const pipe = (client: Socket) => {
    if (client.destroyed) return;
    const { hostname, port } = new URL(target);
    const upstream = track(tcpConnect(Number(port), hostname));
    // Paused sockets forward nothing; stall() pauses every one, resume() lets them flow again.
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    if (stalled) {
      client.pause();
      upstream.pause();
    }
  };

  const server = createServer((client) => {
    accepted++;
    track(client);
    if (stalled) {
      client.pause();
      held.push(() => pipe(client));
    } else pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get accepted() {
      return accepted;
    },
    get target() {
      return target;
    },
    set target(url: string) {
      target = url;
    },
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      stalled = false;
      for (const socket of sockets) socket.resume();
      for (const open of held.splice(0)) open();
    },
    drop() {
      stalled = false;
      held.splice(0);
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
