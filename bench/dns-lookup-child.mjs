// node's dns.lookup (getaddrinfo in libuv's thread pool) answering `localhost` from the hosts
// file, 100 calls at a time, timed; run by bench/suite.bench.ts under `unshare -n`, so that even
// a lookup that left the hosts file could reach no name server. Prints {"ops", "seconds"}.
import dns from 'node:dns';

const seconds = Number(process.argv[2] ?? 1);

function hundred() {
  return new Promise((resolve, reject) => {
    let left = 100;
    for (let i = 0; i < 100; i++) {
      dns.lookup('localhost', { family: 4 }, (err) => {
        if (err) reject(err);
        else if (--left === 0) resolve();
      });
    }
  });
}

for (let i = 0; i < 20; i++) await hundred();
let ops = 0;
const start = performance.now();
while (performance.now() - start < seconds * 1000) {
  await hundred();
  ops += 100;
}
console.log(JSON.stringify({ ops, seconds: (performance.now() - start) / 1000 }));
