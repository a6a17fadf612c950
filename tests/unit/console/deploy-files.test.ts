import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The service files in docs/deploy are checked by the tools that will read them: nginx -t
 * (Debian's nginx; `npm test` installs it when missing) with a throwaway certificate, and
 * systemd-analyze verify for the unit (where it runs; else the unit is parsed here).
 */
const deploy = path.resolve('docs/deploy');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
// (/usr/sbin is not on every account's PATH.)
const nginx = has('nginx') ? 'nginx' : fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;

describe('docs/deploy', () => {
  it('the nginx site passes nginx -t', () => {
    expect(nginx, 'nginx is not installed: apt-get install nginx (npm test installs it)').toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-nginx-'));
    const cert = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=admin.example.com',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ]);
    expect(cert.status).toBe(0);
    const site = fs
      .readFileSync(path.join(deploy, 'nginx-site.conf'), 'utf8')
      .replace('/etc/ssl/certs/admin.example.com.pem', path.join(dir, 'cert.pem'))
      .replace('/etc/ssl/private/admin.example.com.key', path.join(dir, 'key.pem'));
    fs.writeFileSync(path.join(dir, 'site.conf'), site);
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  include ${dir}/site.conf;\n}\n`,
    );
    const r = spawnSync(nginx ?? 'nginx', ['-t', '-c', path.join(dir, 'nginx.conf'), '-p', `${dir}/`], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('test is successful');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the systemd unit is valid, runs the built server, and stops it with SIGTERM', () => {
    const file = path.join(deploy, 'mesibo-admin.service');
    if (has('systemd-analyze')) {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/Unknown (key|section)|Invalid|bad-setting/i);
    }
    // Either way, what the unit must say, read as systemd reads it: sections of key=value lines.
    const sections = new Map<string, Map<string, string[]>>();
    let current = '';
    for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const header = /^\[(\w+)\]$/.exec(line);
      if (header) {
        current = header[1];
        sections.set(current, new Map());
        continue;
      }
      const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
      expect(kv, `not a key=value line: ${line}`).not.toBeNull();
      const keys = sections.get(current);
      expect(keys, `a line outside a section: ${line}`).toBeDefined();
      keys?.set(kv?.[1] ?? '', [...(keys.get(kv?.[1] ?? '') ?? []), kv?.[2] ?? '']);
    }
    expect([...sections.keys()]).toEqual(['Unit', 'Service', 'Install']);
    const service = sections.get('Service');
    expect(service?.get('ExecStart')?.[0]).toMatch(/^\/usr\/bin\/node \/\S+\/dist\/server\.js$/);
    expect(service?.get('KillSignal')).toEqual(['SIGTERM']);
    expect(service?.get('Environment')).toContain('NODE_ENV=production');
    expect(service?.get('UMask')).toEqual(['0077']);
    expect(sections.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });
});
