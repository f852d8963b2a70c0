// `npm start`: Electron when its binary is installed; otherwise browser mode, said in one line.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  const candidate = require('electron');
  if (typeof candidate === 'string' && fs.existsSync(candidate)) electronBinary = candidate;
} catch {
  electronBinary = null;
}

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code) => resolve(code ?? 0));
  });

if (electronBinary) {
  process.exit(await run('npx', ['electron-vite', 'dev']));
} else {
  console.log('Không tìm thấy Electron trên máy này — chạy Kệ Sách ở chế độ trình duyệt (Electron binary not installed; serving browser mode).');
  process.exit(await run('npm', ['run', 'serve', '--', ...process.argv.slice(2)]));
}
