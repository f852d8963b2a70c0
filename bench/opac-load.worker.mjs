// The OPAC bench's searching phones, on a thread of their own: a bench process busy sending 40 clients'
// requests made Playwright type the desk's scans too slowly to be taken as scans. Plain JS (a worker gets
// no TypeScript loader). workerData: { opac, clients, kind: 'repeat' | 'fresh' | 'paced' | 'flood', queries, distinct, file };
// 'flood': one client fetching file { url, size } one byte at a time (a Range per byte), as fast as it can.
// post 'stop' to end; answers { times, refused, failed }.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { opac, clients, kind, queries, distinct, file } = workerData;
let running = true;
parentPort.on('message', (m) => { if (m === 'stop') running = false; });

function get(url, agent, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const times = [];
let refused = 0;
let failed = 0;
let next = 0;

async function client(c) {
  // Each client searches from its own address (127.0.0.2…), as forty phones on the school Wi-Fi.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.0.0.${c + 2}` });
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  if (kind === 'paced') await pause(c * 37);
  for (let i = 0; running; i++) {
    let url;
    let headers = {};
    if (kind === 'flood') {
      url = `${opac}${file.url}`;
      headers = { range: `bytes=${i % file.size}-${i % file.size}` };
    } else if (kind === 'fresh') {
      if (next >= distinct.length) break;
      url = `${opac}/api/search?q=${encodeURIComponent(distinct[next++])}`;
    } else if (kind === 'paced') {
      url = `${opac}/api/search?q=${encodeURIComponent(queries[(c * 3 + i) % queries.length])}`;
    } else {
      url = `${opac}/api/search?q=${encodeURIComponent(queries[(c * 7 + i) % queries.length])}&offset=${(i % 3) * 20}`;
    }
    const t = performance.now();
    try {
      const status = await get(url, agent, headers);
      if (status === 200 || status === 206) times.push(performance.now() - t);
      else refused++;
    } catch {
      failed++;
    }
    // A phone in a class: one search every 1–2 s.
    if (kind === 'paced' && running) await pause(1000 + ((c * 131 + i * 71) % 1000));
  }
  agent.destroy();
}

await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
parentPort.postMessage({ times, refused, failed });
