// Closes, in stages (RFC 9112 §9.6), a connection whose request body was left unread, so the client reads the answer.
import type { ServerResponse } from 'node:http';

/** How long bytes still arriving are discarded after the answer before the connection is cut. */
const LINGER_MS = 2000;

/**
 * Answers with `Connection: close`. Node ends such an answer with socket.destroySoon(), and closing a socket with
 * unread bytes makes the kernel send a reset, which can erase the answer before the client reads it (a client still
 * sending its body saw EPIPE instead of the 413). So this socket half-closes instead; the parser discards what still
 * arrives (never buffered) until the client closes, or at most LINGER_MS.
 */
export function closeAfterAnswer(res: ServerResponse) {
  res.setHeader('Connection', 'close');
  const socket = res.socket;
  if (socket === null) return;
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
