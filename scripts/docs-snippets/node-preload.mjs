// Loaded with `node --import` before a Node snippet of the docs: the snippet runs as written,
// but what it sends to Dub's API reaches the local Dub stand-in, and a port it listens on is
// replaced by a free one (tests never bind fixed ports), which is reported to the runner.
import net from 'node:net';

const standin = process.env.DOCS_SNIPPET_STANDIN;
const DUB_API = 'https://api.dub.co';

if (standin) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(DUB_API)) return realFetch(input, init);
    const target = standin + url.slice(DUB_API.length);
    return realFetch(input instanceof Request ? new Request(target, input) : target, init);
  };
}

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || /^\d+$/.test(String(args[0]))) args[0] = 0;
  else if (args[0] && typeof args[0] === 'object' && 'port' in args[0])
    args[0] = { ...args[0], port: 0 };
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.send?.({ listening: address.port });
  });
  return listen.apply(this, args);
};
