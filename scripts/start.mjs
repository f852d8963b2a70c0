// `npm start`: Electron when its binary is installed (fetched on first use where there is internet);
// otherwise browser mode, said in one line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

let binary = electronBinary();
if (!binary && fs.existsSync(path.join(electronDir, 'install.js')) && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !process.env.KESACH_BROWSER) {
  // Electron downloads its binary on first use; try once, quietly.
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  binary = electronBinary();
}

const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', cwd: root });
    child.on('exit', (code) => resolve(code ?? 0));
  });

if (binary) {
  process.exit(await run('npx', ['electron-vite', 'dev']));
} else {
  console.log('Không có Electron trên máy này — chạy Kệ Sách ở chế độ trình duyệt (Electron binary not installed: serving browser mode).');
  process.exit(await run('npm', ['run', '-s', 'serve', '--', ...process.argv.slice(2)]));
}
