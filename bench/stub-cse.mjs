// A fixed oneM2M HTTP endpoint for benchmarks, run in its own process so that its work does not
// share the client's event loop: GET answers a container, POST (create) answers 2001 with the
// created container. It prints its port on stdout.
//   node bench/stub-cse.mjs [port]
import { createServer } from 'node:http';

const container = JSON.stringify({
  'm2m:cnt': {
    rn: 'temp',
    ri: 'cnt123',
    pi: 'ae1',
    ty: 3,
    ct: '20260101T000000',
    lt: '20260101T000000',
    et: '20370101T000000',
    st: 3,
    cni: 3,
    cbs: 12,
    mni: 100,
    lbl: ['a', 'b'],
  },
});

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const create = req.method === 'POST';
    res.writeHead(create ? 201 : 200, {
      'content-type': 'application/json',
      'x-m2m-rsc': create ? '2001' : '2000',
      'x-m2m-ri': String(req.headers['x-m2m-ri'] ?? ''),
    });
    res.end(container);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
