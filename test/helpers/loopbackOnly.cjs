// Preloaded into tools the tests run (NODE_OPTIONS=--require): refuses and records any connection beyond loopback.
// Node has no switch to forbid outbound network, so this wraps the two doors every client goes through: DNS lookups
// and TCP connects (http, https, fetch/undici and tls all end in net.Socket#connect).
const dns = require('node:dns');
const { appendFileSync } = require('node:fs');
const net = require('node:net');

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function record(what) {
  const line = `${process.argv.slice(1, 3).join(' ')}: ${what}\n`;
  if (process.env.LOOPBACK_ONLY_REPORT) appendFileSync(process.env.LOOPBACK_ONLY_REPORT, line);
  else process.stderr.write(`loopback-only: ${line}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized [options, callback] array as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host =
    typeof first === 'object' && first !== null
      ? first.path
        ? 'localhost'
        : (first.host ?? 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (LOOPBACK.test(host)) return connect.apply(this, args);
  record(`connect to ${host}`);
  process.nextTick(() => this.destroy(new Error(`loopback-only: no connection to ${host}`)));
  return this;
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  if (LOOPBACK.test(hostname)) return lookup.call(this, hostname, ...rest);
  record(`DNS lookup of ${hostname}`);
  const callback = rest.findLast((arg) => typeof arg === 'function');
  const error = Object.assign(new Error(`loopback-only: no lookup of ${hostname}`), { code: 'ENOTFOUND', hostname });
  process.nextTick(() => callback?.(error));
  return {};
};
