import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape of the code, kept: imports between the folders of lib/ flow one way (no cycle),
 * and no client component grows past one screen.
 */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}
/** lib/<folder> (or lib/<file> for a file at the top of lib). */
const unit = (file: string) => {
  const parts = file.split(path.sep);
  return parts.length > 2 ? `lib/${parts[1]}` : `lib/${parts[1].replace(/\.tsx?$/, '')}`;
};

describe('layering', () => {
  it('no two folders of lib/ import each other, directly or around a cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files('lib')) {
      const from = unit(file);
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '(@\/lib\/[^']+|\.{1,2}\/[^']*)'/g)) {
        const target = m[1].startsWith('@/') ? m[1].slice(2) : path.normalize(path.join(path.dirname(file), m[1]));
        const to = unit(`${target}.ts`);
        if (to !== from) edges.set(from, new Set([...(edges.get(from) ?? []), to]));
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        else visit(next, [...trail, next]);
      }
    };
    for (const node of edges.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
    expect(edges.get('lib/backend')).not.toContain('lib/console'); // the engine knows nothing of the console
  });

  it('the backend client is self-contained: lib/mesibo imports nothing of the console, the engine, the server or the env', () => {
    const reaching = files('lib/mesibo').flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/from '(@\/lib\/[^']+)'/g)]
        .map((m) => m[1])
        .filter((target) => !target.startsWith('@/lib/mesibo/'))
        .map((target) => `${file} → ${target}`),
    );
    expect(reaching).toEqual([]);
  });

  it('lib/dal reaches an app data only through its sources, and never asks which source it got', () => {
    const IMPLEMENTATIONS = [
      '@/lib/mesibo/client',
      '@/lib/console/directory',
      '@/lib/console/directory-groups',
      '@/lib/sources/live',
      '@/lib/sources/kept',
    ];
    const found = files('lib/dal').flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/from '(@\/lib\/[^']+)'/g)].map((m) => m[1]);
      const reached = imports.filter((i) => IMPLEMENTATIONS.includes(i)).map((i) => `${file} imports ${i}`);
      // keptHere is a fact to show (a list's label), never a condition to act on.
      const branches = /(if \(|\?|&&|\|\|)[^\n;]*\.keptHere|\.keptHere\s*(\?|&&|\|\|)/.test(text)
        ? [`${file} branches on keptHere`]
        : [];
      const probes = file !== path.join('lib', 'dal', 'apps.ts') && imports.includes('@/lib/server/app-backends');
      return [...reached, ...branches, ...(probes ? [`${file} calls the apps service directly`] : [])];
    });
    expect(found).toEqual([]);
  });

  it('one database layer under both: lib/db imports neither the engine nor the console; the console uses only the engine index', () => {
    const importsOf = (dir: string) =>
      files(dir).flatMap((file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(/from '(@\/lib\/[^']+)'/g)].map((m) => ({ file, target: m[1] })),
      );
    // The domain's pure rules (what a search key is) are below it: lib/domain imports no I/O.
    const db = importsOf('lib/db').filter(({ target }) => !/^@\/lib\/(db|util|domain)\//.test(target));
    expect(db.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
    const domain = importsOf('lib/domain').filter(({ target }) => !/^@\/lib\/(domain\/|result$)/.test(target));
    expect(domain.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
    const internals = importsOf('lib/console').filter(({ target }) => target.startsWith('@/lib/backend/'));
    expect(internals.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });

  it("the engine's public API is its index, and the index offers exactly the stated seams", () => {
    // Lifecycle (open, the migrations it applies, share), the engine and its calls, the validated bulk run (each row's
    // outcome with its effect), app states and the apps' events (a token breach), random tokens.
    const SEAMS = [
      'APP_STATE',
      'Apps',
      'BULK_OPS',
      'BackendConfig',
      'BreachEvent',
      'BulkOptions',
      'BulkRecorder',
      'BundledBackend',
      'Engine',
      'EngineReply',
      'Envelope',
      'OpenedBackend',
      'openBackend',
      'openDatabase',
      'productMigrations',
      'randomToken',
      'setSharedBackend',
      'sharedBackend',
    ];
    const index = fs.readFileSync('lib/backend/index.ts', 'utf8');
    const declared = [...index.matchAll(/^export (?:async )?(?:function|class|interface|type|const) (\w+)/gm)].map(
      (m) => m[1],
    );
    const reexported = [...index.matchAll(/^export (?:type )?\{([^}]+)\}/gm)].flatMap((m) =>
      m[1].split(',').map((n) => n.replace(/^\s*type\s+/, '').trim()),
    );
    expect([...new Set([...declared, ...reexported])].filter(Boolean).sort()).toEqual(SEAMS);
    const outside = ['app', 'components', ...fs.readdirSync('lib').map((d) => `lib/${d}`)]
      .filter((dir) => dir !== 'lib/backend' && fs.existsSync(dir) && fs.statSync(dir).isDirectory())
      .flatMap(files)
      .flatMap((file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(/from '(@\/lib\/backend\/[^']+)'/g)].map((m) => `${file} → ${m[1]}`),
      );
    expect(outside).toEqual([]);
  });

  it("no 'use client' file is longer than 160 lines", () => {
    const long = ['app', 'components', 'lib']
      .flatMap(files)
      .filter((f) => fs.readFileSync(f, 'utf8').startsWith("'use client'"))
      .map((f) => [f, fs.readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 160);
    expect(long).toEqual([]);
  });
});
