// The validator passes on the manifests as they are and fails, saying why, on a copy broken
// one way at a time.   node --test deploy/k8s/validate.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, 'validate.mjs');

function run(dir, ...options) {
  const r = spawnSync(process.execPath, [script, ...(dir ? [dir] : []), ...options], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

// a copy of deploy/k8s (without node_modules) with one file's text changed
function broken(file, change) {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-broken-'));
  cpSync(here, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = typeof change === 'function' ? change(before) : before + change;
  assert.notEqual(after, before, `the change to ${file} changed nothing`);
  writeFileSync(path, after);
  return dir;
}

function fails(file, change, expected) {
  const dir = broken(file, change);
  try {
    // the schema and the rules; the cross-check with real Kustomize is tested once below
    const { status, out } = run(dir, '--kustomize=off');
    assert.equal(status, 1, out);
    assert.match(out, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the manifests pass, and render as real Kustomize renders them where kubectl is installed', () => {
  const { status, out } = run(null);
  assert.equal(status, 0, out);
  assert.match(out, /all 3 kustomization roots \(base, overlays\/dev, overlays\/production\) render and pass/);
  assert.match(out, /ok +overlays\/dev +apps\/v1 Deployment passerelle-dev\/passerelle-hub/);
});

test('a password written as a literal', () => {
  fails(
    'base/deployment.yaml',
    (t) =>
      t.replace(
        /- name: SPRING_DATASOURCE_PASSWORD\n(\s+)valueFrom:\n.*\n.*\n.*key: password/,
        '- name: SPRING_DATASOURCE_PASSWORD\n$1value: hunter2',
      ),
    /env SPRING_DATASOURCE_PASSWORD has a literal value/,
  );
});

test('a secret-looking key in the ConfigMap', () => {
  fails(
    'overlays/dev/kustomization.yaml',
    (t) => t.replace('- MANAGEMENT_TRACING', '- PASSERELLE_ACCESS_CURSOR_KEY=abc\n      - MANAGEMENT_TRACING'),
    /key PASSERELLE_ACCESS_CURSOR_KEY looks like a secret/,
  );
});

test('a Secret object', () => {
  const dir = broken('base/kustomization.yaml', '  - secret.yaml\n');
  writeFileSync(
    join(dir, 'base/secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: passerelle-db-app\nstringData:\n  password: x\n',
  );
  try {
    const { status, out } = run(dir, '--kustomize=off');
    assert.equal(status, 1, out);
    assert.match(out, /v1 Secret passerelle-db-app: a Secret object in the manifests/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a PodDisruptionBudget that also selects the migration Job', () => {
  fails(
    'base/poddisruptionbudget.yaml',
    (t) => t.replace(/\n\s+app.kubernetes.io\/component: hub\n(?=$)/, '\n'),
    /PodDisruptionBudget passerelle-hub: its selector also selects the migration Job's pods/,
  );
});

test('a missing readiness probe', () => {
  fails('base/deployment.yaml', (t) => t.replace('readinessProbe:', 'xReadiness:'), /container hub: no readinessProbe/);
});

test('a writable root filesystem in the Job', () => {
  fails(
    'base/job-migrate.yaml',
    (t) => t.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false'),
    /Job passerelle-migrate: container migrate: securityContext.readOnlyRootFilesystem must be true/,
  );
});

test('a container without a memory limit', () => {
  fails(
    'overlays/dev/resources-hub.yaml',
    (t) => t.replace(/\n\s+limits:\n\s+memory: 1Gi/, ''),
    /overlays\/dev: apps\/v1 Deployment passerelle-dev\/passerelle-hub: container hub: no memory limit/,
  );
});

test('the schema owner in the hub', () => {
  fails(
    'base/deployment.yaml',
    (t) =>
      t.replace(
        '            - name: SERVER_SHUTDOWN',
        '            - name: SPRING_FLYWAY_USER\n              value: passerelle_owner\n            - name: SERVER_SHUTDOWN',
      ),
    /SPRING_FLYWAY_USER: the hub carries no schema-owner credential/,
  );
});

test('the migration without its argument', () => {
  fails(
    'base/job-migrate.yaml',
    (t) => t.replace('args: ["migrate"]', 'args: ["--migrate"]'),
    /args must be \["migrate"\]/,
  );
});

test('a Service pointing at no port of the container', () => {
  fails(
    'base/service.yaml',
    (t) => t.replace('targetPort: http', 'targetPort: web'),
    /targetPort web names no port of the hub's container/,
  );
});

test('an egress rule without ports', () => {
  fails(
    'base/networkpolicy-migrate.yaml',
    (t) =>
      t.replace(
        /    - ports:\n        - protocol: TCP\n          port: 5432\n/,
        '    - to:\n        - podSelector: {}\n',
      ),
    /an egress rule without ports opens every port/,
  );
});

test('a schema violation', () => {
  fails(
    'base/deployment.yaml',
    (t) => t.replace('replicas: 2', 'replicas: two'),
    /schema: data\/spec\/replicas must be integer/,
  );
});

test('a misspelt field, which the schema lets through', () => {
  fails(
    'base/deployment.yaml',
    (t) => t.replace('terminationGracePeriodSeconds: 45', 'terminationGracePeriodSecond: 45'),
    /\/spec\/template\/spec\/terminationGracePeriodSecond: unknown field, IPodSpec declares none of that name \(did you mean terminationGracePeriodSeconds\?\)/,
  );
});

test('an unknown kind', () => {
  fails(
    'base/configmap.yaml',
    '---\napiVersion: v1\nkind: ConfigMapp\nmetadata:\n  name: x\n',
    /unknown kind: kubernetes-models has no schema for apiVersion v1 kind ConfigMapp/,
  );
});

test('a kustomization field the renderer does not implement', () => {
  fails(
    'overlays/dev/kustomization.yaml',
    'commonLabels:\n  team: passerelle\n',
    /the kustomization field "commonLabels" is not implemented by validate.mjs/,
  );
});

test('a strategic-merge patch', () => {
  fails(
    'overlays/dev/kustomization.yaml',
    (t) =>
      t.replace(/  - path: resources-migrate.yaml\n    target:\n(      .*\n)+/, '  - path: resources-migrate.yaml\n'),
    /strategic-merge patches are not implemented/,
  );
});

test('a patch whose target selects nothing', () => {
  fails(
    'overlays/dev/kustomization.yaml',
    (t) => t.replace('name: passerelle-migrate', 'name: passerelle-migration'),
    /selects no resource/,
  );
});

test('a patch on a path that does not exist', () => {
  fails(
    'overlays/dev/resources-migrate.yaml',
    (t) => t.replace('/containers/0/', '/containers/1/'),
    /patch resources-migrate.yaml on batch\/v1 Job passerelle-migrate/,
  );
});

test(
  'a quoted generator literal renders as real Kustomize renders it',
  { skip: spawnSync('kubectl', ['version', '--client']).status !== 0 && 'kubectl is not installed' },
  () => {
    const dir = broken('overlays/dev/kustomization.yaml', (t) =>
      t.replace('- MANAGEMENT_TRACING_SAMPLING_PROBABILITY=1.0', '- MANAGEMENT_TRACING_SAMPLING_PROBABILITY="1.0"'),
    );
    try {
      const { status, out } = run(dir, '--kustomize=require');
      assert.equal(status, 0, out);
      assert.match(out, /ok +overlays\/dev +9 objects, the same as Kustomize/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("a render that differs from Kustomize's fails (a stand-in kubectl renders otherwise)", () => {
  const bin = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
  const fake = join(bin, 'kubectl');
  writeFileSync(
    fake,
    `#!${process.execPath}\n` +
      `if (process.argv[2] === 'version') { console.log('Kustomize Version: v0.0.0-stand-in'); process.exit(0); }\n` +
      `console.log('apiVersion: v1\\nkind: ServiceAccount\\nmetadata:\\n  name: passerelle-hub\\n  labels:\\n    app.kubernetes.io/name: passerelle-hub\\n    app.kubernetes.io/part-of: passerelle\\n    app.kubernetes.io/component: hub\\nautomountServiceAccountToken: true\\n');\n`,
    { mode: 0o755 },
  );
  try {
    const r = spawnSync(process.execPath, [script, '--kustomize=require'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 1, out);
    assert.match(
      out,
      /base: v1 ServiceAccount passerelle-hub: Kustomize v0.0.0-stand-in renders it otherwise \(from here to Kustomize: replace \/automountServiceAccountToken true\)/,
    );
    assert.match(out, /base: apps\/v1 Deployment passerelle-hub: rendered here, not by Kustomize v0.0.0-stand-in/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('a scalar that YAML 1.1 and 1.2 read differently', () => {
  fails(
    'base/service.yaml',
    (t) => t.replace('protocol: TCP', 'protocol: TCP\n      appProtocol: on'),
    /plain scalar "on" is read differently by YAML 1.1 .* and 1.2/,
  );
});
