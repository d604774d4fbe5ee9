#!/usr/bin/env node
// Renders the Kustomize tree of deploy/k8s (base/ and every overlays/*/), validates every
// rendered object against the Kubernetes schema of its kind (kubernetes-models; an unknown kind
// fails), refuses fields its kind does not declare (kubernetes-models' TypeScript declarations,
// read by the TypeScript compiler), and checks the house rules (deploy/k8s/README.md, "What the
// validator checks"). One line per rendered object, then one per cross-object check.
//
//   node deploy/k8s/validate.mjs [DIR] [--kustomize=auto|require|off]
//
// DIR: the k8s directory to validate (default: this script's directory), so that a test can
// point it at a broken copy. --kustomize: where `kubectl kustomize` (real Kustomize) is on the
// PATH, each root is rendered by it too and must give exactly the objects this script renders
// (auto, the default: when found; require: fail when not found; off: never).
//
// The renderer implements these kustomization fields only, and fails on any other rather than
// ignore it: resources (files and directories), namespace, images (name, newName, newTag or
// digest), replicas, patches (RFC 6902 JSON patches with a target: group, version, kind, name,
// namespace), configMapGenerator (literals, behavior merge or replace onto a ConfigMap of the
// resources). Kustomize applies them in this order: generators, patches, namespace, replicas,
// images.
// Exit status: 0 when every root renders and passes, 1 otherwise (every failure is printed).

import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, visit } from 'yaml';
import jsonpatch from 'fast-json-patch';

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// The project's names (deploy/k8s/README.md)

const HUB = 'passerelle-hub';
const JOB = 'passerelle-migrate';
const CONFIG_MAP = 'passerelle-hub';
// the Secrets the platform creates, and the only keys the manifests may read from them
const SECRETS = {
  'passerelle-db-app': ['username', 'password'],
  'passerelle-db-owner': ['username', 'password'],
  'passerelle-keycloak': ['directory-client-secret'],
  'passerelle-cursor-key': ['key'],
};
// the hub's environment variables that must come from those Secrets
const HUB_SECRET_ENV = {
  SPRING_DATASOURCE_USERNAME: ['passerelle-db-app', 'username'],
  SPRING_DATASOURCE_PASSWORD: ['passerelle-db-app', 'password'],
  PASSERELLE_KEYCLOAK_DIRECTORY_CLIENTSECRET: ['passerelle-keycloak', 'directory-client-secret'],
  PASSERELLE_ACCESS_CURSOR_KEY: ['passerelle-cursor-key', 'key'],
};
const JOB_SECRET_ENV = {
  SPRING_FLYWAY_USER: ['passerelle-db-owner', 'username'],
  SPRING_FLYWAY_PASSWORD: ['passerelle-db-owner', 'password'],
};
// every object belongs to one step of the rollout (kubectl apply -l ...)
const COMPONENTS = ['config', 'migration', 'hub'];
const HUB_INGRESS_PORTS = ['TCP/8080'];
const HUB_EGRESS_PORTS = ['UDP/53', 'TCP/53', 'TCP/5432', 'TCP/443', 'TCP/8080', 'TCP/4318'];
const JOB_EGRESS_PORTS = ['UDP/53', 'TCP/53', 'TCP/5432'];

// ---------------------------------------------------------------------------------------------
// Arguments

let root = here;
let kustomizeMode = 'auto';
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('--kustomize=')) {
    kustomizeMode = arg.slice('--kustomize='.length);
    if (!['auto', 'require', 'off'].includes(kustomizeMode)) usage(`unknown --kustomize value ${kustomizeMode}`);
  } else if (arg === '-h' || arg === '--help') {
    usage();
  } else if (arg.startsWith('-')) {
    usage(`unknown option ${arg}`);
  } else {
    root = resolve(arg);
  }
}

function usage(message) {
  if (message) console.error(`validate.mjs: ${message}`);
  console.error('usage: node validate.mjs [K8S_DIR] [--kustomize=auto|require|off]');
  process.exit(message ? 2 : 0);
}

class RenderError extends Error {}

// ---------------------------------------------------------------------------------------------
// Rendering

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const IMPLEMENTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'images',
  'replicas',
  'patches',
  'configMapGenerator',
]);

function kustomizationFile(dir) {
  const found = KUSTOMIZATION_FILES.filter((f) => existsSync(join(dir, f)));
  if (found.length > 1) throw new RenderError(`${dir}: more than one kustomization file (${found.join(', ')})`);
  return found.length ? join(dir, found[0]) : null;
}

// Kustomize reads YAML with go-yaml v3 and the API server with go-yaml v2 (YAML 1.1); this
// script reads YAML 1.2. A plain scalar they read differently (0644: octal 420 or 644; on, yes,
// no: a boolean or a string; 1:30: sexagesimal 90) is refused: quote it or write it unambiguously.
const AMBIGUOUS =
  /^(?:[-+]?0[0-9_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function refuseAmbiguousScalars(doc, where) {
  visit(doc, {
    Scalar(_, node) {
      const text = node.source ?? String(node.value);
      if (node.type === 'PLAIN' && AMBIGUOUS.test(text)) {
        throw new RenderError(
          `${where}: the plain scalar "${text}" is read differently by YAML 1.1 (the API server, Kustomize) and 1.2 (this script): quote it, or write the number in decimal`,
        );
      }
    },
  });
}

function parseYamlFile(file) {
  const text = readFileSync(file, 'utf8');
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new RenderError(`${show(file)}: ${doc.errors[0].message}`);
    refuseAmbiguousScalars(doc, show(file));
    const value = doc.toJS({ maxAliasCount: -1 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function show(file) {
  return relative(root, file) || '.';
}

function resId(o) {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.apiVersion} ${o.kind} ${ns}${o.metadata?.name}`;
}

function groupOf(apiVersion) {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}
function versionOf(apiVersion) {
  return apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
}

// kustomize's identity of a resource: group, kind, namespace, name (the version may differ)
function sameId(a, b) {
  return (
    groupOf(a.apiVersion) === groupOf(b.apiVersion) &&
    a.kind === b.kind &&
    (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '') &&
    a.metadata.name === b.metadata.name
  );
}

function render(dir, stack = []) {
  const file = kustomizationFile(dir);
  if (!file) throw new RenderError(`${show(dir)}: no kustomization.yaml`);
  if (stack.includes(dir)) throw new RenderError(`${show(dir)}: a cycle of resources`);
  const docs = parseYamlFile(file);
  if (docs.length !== 1) throw new RenderError(`${show(file)}: one YAML document expected`);
  const k = docs[0];
  const where = show(file);
  for (const key of Object.keys(k)) {
    if (!IMPLEMENTED.has(key)) {
      throw new RenderError(
        `${where}: the kustomization field "${key}" is not implemented by validate.mjs (implemented: ${[...IMPLEMENTED].join(', ')}); render it with real Kustomize or implement it here`,
      );
    }
  }
  if (k.apiVersion !== undefined && k.apiVersion !== 'kustomize.config.k8s.io/v1beta1') {
    throw new RenderError(`${where}: apiVersion ${k.apiVersion} (kustomize.config.k8s.io/v1beta1 expected)`);
  }
  if (k.kind !== undefined && k.kind !== 'Kustomization') {
    throw new RenderError(`${where}: kind ${k.kind} (Kustomization expected; components are not implemented)`);
  }

  // resources, in order
  let objects = [];
  for (const entry of list(k.resources, where, 'resources')) {
    if (typeof entry !== 'string') throw new RenderError(`${where}: resources: ${JSON.stringify(entry)} is not a path`);
    if (/^[a-z]+:\/\//i.test(entry) || /^(github\.com|gitlab\.com|git@)/.test(entry)) {
      throw new RenderError(`${where}: remote resource ${entry} is not implemented`);
    }
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new RenderError(`${where}: resource ${entry} does not exist`);
    const loaded = statSync(path).isDirectory() ? render(path, [...stack, dir]) : loadResourceFile(path);
    for (const o of loaded) {
      if (objects.some((p) => sameId(p, o))) throw new RenderError(`${where}: ${resId(o)} is declared twice`);
      objects.push(o);
    }
  }

  // generators
  for (const gen of list(k.configMapGenerator, where, 'configMapGenerator')) {
    objects = configMapGenerator(objects, gen, where);
  }
  // transformers, in Kustomize's order
  for (const p of list(k.patches, where, 'patches')) objects = patch(objects, p, dir, where);
  if (k.namespace !== undefined) objects = setNamespace(objects, k.namespace, where);
  for (const r of list(k.replicas, where, 'replicas')) objects = replicas(objects, r, where);
  for (const image of list(k.images, where, 'images')) objects = images(objects, image, where);
  return objects;
}

function list(value, where, field) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RenderError(`${where}: ${field} must be a list`);
  return value;
}

function loadResourceFile(file) {
  const objects = parseYamlFile(file);
  for (const o of objects) {
    if (typeof o !== 'object' || Array.isArray(o)) throw new RenderError(`${show(file)}: a document is not an object`);
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      throw new RenderError(`${show(file)}: every object needs apiVersion, kind and metadata.name`);
    }
    if (o.kind === 'List' || o.kind.endsWith('List'))
      throw new RenderError(`${show(file)}: ${o.kind} is not implemented`);
  }
  return objects;
}

function checkKeys(obj, allowed, where, what) {
  for (const key of Object.keys(obj ?? {})) {
    if (!allowed.includes(key))
      throw new RenderError(
        `${where}: ${what}: "${key}" is not implemented by validate.mjs (implemented: ${allowed.join(', ')})`,
      );
  }
}

// configMapGenerator: literals merged into (or replacing the data of) a ConfigMap of the
// resources. Kustomize gives such a ConfigMap no hash suffix (it keeps the resource's name);
// "create", which generates a new ConfigMap named with a hash of its content and renames every
// reference, is not implemented.
function configMapGenerator(objects, gen, where) {
  checkKeys(gen, ['name', 'namespace', 'behavior', 'literals'], where, 'configMapGenerator');
  const behavior = gen.behavior ?? 'create';
  if (!['merge', 'replace'].includes(behavior)) {
    throw new RenderError(
      `${where}: configMapGenerator ${gen.name}: behavior ${behavior} is not implemented (merge and replace are)`,
    );
  }
  const data = {};
  for (const literal of list(gen.literals, where, 'literals')) {
    const at = String(literal).indexOf('=');
    if (at <= 0) throw new RenderError(`${where}: configMapGenerator ${gen.name}: literal ${literal} is not KEY=VALUE`);
    const key = literal.slice(0, at);
    let value = literal.slice(at + 1);
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
      value = value.slice(1, -1);
    if (!/^[-._a-zA-Z0-9]+$/.test(key))
      throw new RenderError(`${where}: configMapGenerator ${gen.name}: ${key} is not a valid ConfigMap key`);
    if (key in data) throw new RenderError(`${where}: configMapGenerator ${gen.name}: ${key} given twice`);
    data[key] = value;
  }
  const targets = objects.filter(
    (o) =>
      o.apiVersion === 'v1' &&
      o.kind === 'ConfigMap' &&
      o.metadata.name === gen.name &&
      (o.metadata.namespace ?? '') === (gen.namespace ?? ''),
  );
  if (targets.length !== 1) {
    throw new RenderError(
      `${where}: configMapGenerator ${gen.name} (behavior ${behavior}) finds ${targets.length} ConfigMap of that name in the resources (one expected)`,
    );
  }
  return objects.map((o) => {
    if (o !== targets[0]) return o;
    const merged = structuredClone(o);
    merged.data = behavior === 'merge' ? { ...(o.data ?? {}), ...data } : data;
    return merged;
  });
}

// patches: RFC 6902 with a target. A patch without a target, or whose body is a map, is a
// strategic-merge patch: not implemented.
function patch(objects, p, dir, where) {
  checkKeys(p, ['path', 'patch', 'target'], where, 'patches');
  if ((p.path === undefined) === (p.patch === undefined))
    throw new RenderError(`${where}: a patch needs exactly one of path and patch`);
  const label = p.path ?? 'inline patch';
  if (!p.target)
    throw new RenderError(
      `${where}: patch ${label} has no target: strategic-merge patches are not implemented, write an RFC 6902 patch with a target`,
    );
  checkKeys(p.target, ['group', 'version', 'kind', 'name', 'namespace'], where, `patch ${label}: target`);
  let text;
  if (p.path !== undefined) {
    const file = resolve(dir, p.path);
    if (!existsSync(file)) throw new RenderError(`${where}: patch ${p.path} does not exist`);
    text = readFileSync(file, 'utf8');
  } else {
    text = p.patch;
  }
  const docs = parseAllDocuments(text);
  if (docs.length !== 1 || docs[0].errors.length)
    throw new RenderError(`${where}: patch ${label}: ${docs[0]?.errors[0]?.message ?? 'one YAML document expected'}`);
  refuseAmbiguousScalars(docs[0], `${where}: patch ${label}`);
  const ops = docs[0].toJS();
  if (!Array.isArray(ops))
    throw new RenderError(
      `${where}: patch ${label} is not a list of RFC 6902 operations: strategic-merge patches are not implemented`,
    );
  const error = jsonpatch.validate(ops);
  if (error)
    throw new RenderError(
      `${where}: patch ${label}: ${error.name} at operation ${error.index}: ${error.message.split('\n')[0]}`,
    );

  const t = p.target;
  const anchored = (pattern, value) => new RegExp(`^(?:${pattern})$`).test(value ?? '');
  const selected = (o) =>
    (!t.group || groupOf(o.apiVersion) === t.group) &&
    (!t.version || versionOf(o.apiVersion) === t.version) &&
    (!t.kind || o.kind === t.kind) &&
    (!t.name || anchored(t.name, o.metadata.name)) &&
    // as Kustomize, an object without a namespace is in "default"
    (!t.namespace || anchored(t.namespace, o.metadata.namespace || 'default'));
  let matched = 0;
  const out = objects.map((o) => {
    if (!selected(o)) return o;
    matched++;
    let patched;
    try {
      patched = jsonpatch.applyPatch(structuredClone(o), structuredClone(ops), true, true).newDocument;
    } catch (e) {
      throw new RenderError(`${where}: patch ${label} on ${resId(o)}: ${String(e.message).split('\n')[0]}`);
    }
    if (patched?.kind !== o.kind || patched?.metadata?.name !== o.metadata.name) {
      throw new RenderError(`${where}: patch ${label} changes the kind or name of ${resId(o)} (not implemented)`);
    }
    return patched;
  });
  // Kustomize ignores a target that selects nothing; a typo would then pass silently
  if (matched === 0)
    throw new RenderError(`${where}: patch ${label}: its target ${JSON.stringify(t)} selects no resource`);
  return out;
}

// namespace: set on every object (Kustomize overwrites a namespace already set). Kinds whose
// other fields Kustomize also rewrites (RoleBinding subjects, webhooks...) and cluster-scoped
// kinds are not implemented.
const NAMESPACED = new Set([
  'ConfigMap',
  'Service',
  'ServiceAccount',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'Secret',
]);
function setNamespace(objects, namespace, where) {
  if (typeof namespace !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    throw new RenderError(`${where}: namespace ${namespace} is not a valid name`);
  }
  return objects.map((o) => {
    if (!NAMESPACED.has(o.kind))
      throw new RenderError(`${where}: namespace on ${o.kind} is not implemented by validate.mjs`);
    const c = structuredClone(o);
    c.metadata.namespace = namespace;
    return c;
  });
}

const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);
function replicas(objects, r, where) {
  checkKeys(r, ['name', 'count'], where, 'replicas');
  if (!Number.isInteger(r.count) || r.count < 0)
    throw new RenderError(`${where}: replicas ${r.name}: count must be a whole number`);
  let matched = 0;
  const out = objects.map((o) => {
    if (!REPLICATED.has(o.kind) || o.metadata.name !== r.name) return o;
    matched++;
    const c = structuredClone(o);
    c.spec = { ...(c.spec ?? {}), replicas: r.count };
    return c;
  });
  if (!matched) throw new RenderError(`${where}: replicas ${r.name} selects no Deployment, ReplicaSet or StatefulSet`);
  return out;
}

// an image reference: name[:tag][@digest]; a registry's port is part of the name
function parseImage(ref) {
  let name = ref;
  let digest = '';
  let tag = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at);
    name = name.slice(0, at);
  }
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

function images(objects, image, where) {
  checkKeys(image, ['name', 'newName', 'newTag', 'digest'], where, 'images');
  if (!image.name) throw new RenderError(`${where}: images: an entry needs a name`);
  for (const field of ['name', 'newName', 'newTag', 'digest']) {
    // newTag: 1.0 would be the number 1 here and the string "1.0" for Kustomize
    if (image[field] !== undefined && typeof image[field] !== 'string')
      throw new RenderError(`${where}: images ${image.name}: ${field} must be a string (quote it)`);
  }
  if (image.newTag !== undefined && image.digest !== undefined) {
    throw new RenderError(`${where}: images ${image.name}: newTag and digest together are not implemented`);
  }
  if (image.digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(image.digest)) {
    throw new RenderError(`${where}: images ${image.name}: digest ${image.digest} is not sha256:<64 hex digits>`);
  }
  let matched = 0;
  const out = objects.map((o) => {
    const c = structuredClone(o);
    for (const { container } of containersOf(c)) {
      if (typeof container.image !== 'string') continue;
      const parsed = parseImage(container.image);
      if (parsed.name !== image.name) continue;
      matched++;
      let suffix = parsed.tag + parsed.digest;
      if (image.digest !== undefined) suffix = `@${image.digest}`;
      else if (image.newTag !== undefined) suffix = `:${image.newTag}`;
      container.image = (image.newName ?? parsed.name) + suffix;
    }
    return c;
  });
  if (!matched) throw new RenderError(`${where}: images ${image.name} matches no container's image`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pods, containers, selectors

function podSpecOf(o) {
  switch (o.kind) {
    case 'Pod':
      return o.spec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return o.spec?.template?.spec;
    case 'CronJob':
      return o.spec?.jobTemplate?.spec?.template?.spec;
    default:
      return undefined;
  }
}

function podLabelsOf(o) {
  if (o.kind === 'Pod') return o.metadata?.labels ?? {};
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return o.spec?.template?.metadata?.labels ?? {};
}

function containersOf(o) {
  const spec = podSpecOf(o);
  if (!spec) return [];
  return [
    ...(spec.initContainers ?? []).map((container) => ({ container, kind: 'initContainer' })),
    ...(spec.containers ?? []).map((container) => ({ container, kind: 'container' })),
  ];
}

// a LabelSelector (matchLabels, matchExpressions) or a plain map (a Service's selector)
function selects(selector, labels) {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? (selector.matchExpressions === undefined ? selector : {});
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Checks

// a name that says PASSWORD, SECRET or KEY holds a secret; KEYCLOAK's KEY does not, in the
// names of its address, realm, audience and issuer
function secretLikeName(name) {
  const upper = name.toUpperCase();
  if (/PASSWORD|SECRET/.test(upper)) return true;
  if (!upper.includes('KEY')) return false;
  const keycloakSetting = /KEYCLOAK/.test(upper) && /(URL|REALM|AUDIENCE|ISSUER)$/.test(upper);
  return !(keycloakSetting && !upper.replaceAll('KEYCLOAK', '').includes('KEY'));
}

async function schemaOf(apiVersion, kind) {
  if (!/^[A-Za-z0-9.]+(\/[A-Za-z0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    const model = module[kind];
    if (typeof model !== 'function' || model.apiVersion !== apiVersion || model.kind !== kind) return null;
    return model;
  } catch {
    return null;
  }
}

function envOf(container) {
  return container.env ?? [];
}

function portsOf(container) {
  return container.ports ?? [];
}

function namesAPort(container, port) {
  return portsOf(container).some((p) => (typeof port === 'string' ? p.name === port : p.containerPort === port));
}

function policyPorts(rule) {
  return (rule.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`);
}

async function check(name, objects, typesByKind) {
  const failures = [];
  const fail = (o, message) => failures.push(`${name}: ${o ? resId(o) : '-'}: ${message}`);
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const configMaps = byKind('ConfigMap');
  const findConfigMap = (o, cmName) =>
    configMaps.find((c) => c.metadata.name === cmName && c.metadata.namespace === o.metadata.namespace);

  for (const o of objects) {
    const before = failures.length;

    // the schema of its kind
    const model = await schemaOf(o.apiVersion, o.kind);
    if (!model) {
      fail(o, `unknown kind: kubernetes-models has no schema for apiVersion ${o.apiVersion} kind ${o.kind}`);
    } else {
      try {
        new model(structuredClone(o)).validate();
      } catch (e) {
        fail(o, `schema: ${e.message}`);
      }
    }

    const declared = typesByKind?.get(`${o.apiVersion} ${o.kind}`);
    if (declared) {
      const unknown = [];
      unknownFields(o, declared, '', unknown);
      for (const u of unknown) fail(o, u);
    }

    // the README applies the migration, then the hub, by this label
    const component = o.metadata.labels?.['app.kubernetes.io/component'];
    if (!COMPONENTS.includes(component))
      fail(
        o,
        `label app.kubernetes.io/component is ${component ?? 'missing'} (one of ${COMPONENTS.join(', ')}: deploy/k8s/README.md applies by it)`,
      );

    if (o.kind === 'Secret')
      fail(
        o,
        'a Secret object in the manifests: Secrets are created by the platform and referenced by name (deploy/k8s/README.md)',
      );

    if (o.kind === 'ConfigMap') {
      for (const key of [...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {})]) {
        if (secretLikeName(key))
          fail(o, `key ${key} looks like a secret: a secret goes in a Secret, referenced by secretKeyRef`);
        if (/^SPRING_FLYWAY_(USER|PASSWORD)$/.test(key))
          fail(
            o,
            `key ${key}: the schema owner's credential is the migration Job's alone, from Secret passerelle-db-owner`,
          );
      }
    }

    // every container of every pod
    const spec = podSpecOf(o);
    if (spec) {
      if (spec.automountServiceAccountToken !== false) fail(o, 'pod spec: automountServiceAccountToken must be false');
      const podSc = spec.securityContext ?? {};
      for (const { container: c, kind } of containersOf(o)) {
        const sc = c.securityContext ?? {};
        const what = `${kind} ${c.name}`;
        if (sc.readOnlyRootFilesystem !== true) fail(o, `${what}: securityContext.readOnlyRootFilesystem must be true`);
        if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true)
          fail(o, `${what}: runAsNonRoot must be true (container or pod securityContext)`);
        if (sc.allowPrivilegeEscalation !== false)
          fail(o, `${what}: securityContext.allowPrivilegeEscalation must be false`);
        if (sc.privileged === true) fail(o, `${what}: privileged`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL'))
          fail(o, `${what}: securityContext.capabilities.drop must contain ALL`);
        if ((sc.capabilities?.add ?? []).length)
          fail(o, `${what}: adds capabilities ${sc.capabilities.add.join(', ')}`);
        if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== 'RuntimeDefault')
          fail(o, `${what}: seccompProfile must be RuntimeDefault (container or pod)`);
        if (c.resources?.requests?.cpu === undefined) fail(o, `${what}: no cpu request`);
        if (c.resources?.requests?.memory === undefined) fail(o, `${what}: no memory request`);
        if (c.resources?.limits?.memory === undefined) fail(o, `${what}: no memory limit`);
        for (const e of envOf(c)) {
          if (!secretLikeName(e.name)) continue;
          if (e.value !== undefined)
            fail(
              o,
              `${what}: env ${e.name} has a literal value: a secret is referenced (valueFrom.secretKeyRef), never written`,
            );
          else if (!e.valueFrom?.secretKeyRef)
            fail(o, `${what}: env ${e.name} must come from a Secret (valueFrom.secretKeyRef)`);
        }
        for (const e of envOf(c)) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          if (!SECRETS[ref.name])
            fail(
              o,
              `${what}: env ${e.name} reads Secret ${ref.name}, which deploy/k8s/README.md does not list (${Object.keys(SECRETS).join(', ')})`,
            );
          else if (!SECRETS[ref.name].includes(ref.key))
            fail(
              o,
              `${what}: env ${e.name} reads key ${ref.key} of Secret ${ref.name}, which has ${SECRETS[ref.name].join(', ')}`,
            );
        }
        for (const e of envOf(c)) {
          const ref = e.valueFrom?.configMapKeyRef;
          if (!ref) continue;
          const cm = findConfigMap(o, ref.name);
          if (!cm && !ref.optional)
            fail(o, `${what}: env ${e.name} reads ConfigMap ${ref.name}, which is not rendered`);
          else if (cm && !ref.optional && !Object.hasOwn(cm.data ?? {}, ref.key))
            fail(o, `${what}: env ${e.name} reads key ${ref.key}, which ConfigMap ${ref.name} lacks`);
        }
        for (const from of c.envFrom ?? []) {
          if (from.secretRef)
            fail(
              o,
              `${what}: envFrom a Secret (${from.secretRef.name}): reference each key by name (env valueFrom.secretKeyRef)`,
            );
          if (from.configMapRef && !from.configMapRef.optional && !findConfigMap(o, from.configMapRef.name))
            fail(o, `${what}: envFrom ConfigMap ${from.configMapRef.name}, which is not rendered`);
        }
        // the JVM writes to /tmp: an emptyDir of bounded size, the root filesystem being read-only
        const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
        const volume = tmp && (spec.volumes ?? []).find((v) => v.name === tmp.name);
        if (!volume?.emptyDir) fail(o, `${what}: /tmp must be an emptyDir volume`);
        else if (!volume.emptyDir.sizeLimit) fail(o, `${what}: the /tmp emptyDir needs a sizeLimit`);
      }
    }
    console.log(`${failures.length === before ? 'ok  ' : 'FAIL'}  ${name}  ${resId(o)}`);
  }

  // the hub and the migration, and what selects them
  const hubs = objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === HUB);
  const jobs = objects.filter((o) => o.kind === 'Job' && o.metadata.name === JOB);
  if (hubs.length !== 1) fail(null, `one Deployment ${HUB} expected, ${hubs.length} rendered`);
  if (jobs.length !== 1) fail(null, `one Job ${JOB} expected, ${jobs.length} rendered`);
  const hub = hubs[0];
  const job = jobs[0];
  const hubPods = hub ? podLabelsOf(hub) : null;
  const jobPods = job ? podLabelsOf(job) : null;
  const lines = [];

  if (hub) {
    const before = failures.length;
    if (!selects(hub.spec.selector, hubPods)) fail(hub, 'spec.selector does not select its own pod template');
    if ((hub.spec.replicas ?? 1) < 2)
      fail(hub, `replicas ${hub.spec.replicas ?? 1}: at least 2 (the PodDisruptionBudget and the spread assume it)`);
    if (jobPods && selects(hub.spec.selector, jobPods))
      fail(hub, "spec.selector also selects the migration Job's pods");
    const spec = podSpecOf(hub);
    const spread = [
      ...(spec.topologySpreadConstraints ?? []).map((t) => t.labelSelector),
      spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.map((t) => t.labelSelector),
      spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.map(
        (t) => t.podAffinityTerm?.labelSelector,
      ),
    ]
      .flat()
      .filter(Boolean);
    if (!spread.length) fail(hub, 'no topologySpreadConstraints nor podAntiAffinity: the replicas may share a node');
    for (const s of spread)
      if (!selects(s, hubPods))
        fail(hub, `a spread constraint's labelSelector ${JSON.stringify(s)} does not select the hub's pods`);
    const c = spec.containers.find((x) => x.name === 'hub');
    if (!c) {
      fail(hub, 'no container named hub');
    } else {
      const probe = (field, path) => {
        const p = c[field];
        if (!p) return fail(hub, `container hub: no ${field}`);
        if (p.httpGet?.path !== path)
          fail(hub, `container hub: ${field} must GET ${path} (has ${JSON.stringify(p.httpGet ?? p)})`);
        else if (!namesAPort(c, p.httpGet.port))
          fail(hub, `container hub: ${field}'s port ${p.httpGet.port} is not a port of the container`);
      };
      probe('startupProbe', '/actuator/health/liveness');
      probe('livenessProbe', '/actuator/health/liveness');
      probe('readinessProbe', '/actuator/health/readiness');
      if (!namesAPort(c, 'http') || portsOf(c).find((p) => p.name === 'http').containerPort !== 8080)
        fail(hub, 'container hub: port 8080 named http expected');
      const env = Object.fromEntries(envOf(c).map((e) => [e.name, e]));
      const fromConfigMaps = Object.assign(
        {},
        ...(c.envFrom ?? []).map((f) => (f.configMapRef ? (findConfigMap(hub, f.configMapRef.name)?.data ?? {}) : {})),
      );
      if (!(c.envFrom ?? []).some((f) => f.configMapRef?.name === CONFIG_MAP))
        fail(hub, `container hub: envFrom ConfigMap ${CONFIG_MAP} expected (the settings)`);
      if (env.SPRING_FLYWAY_ENABLED?.value !== 'false')
        fail(hub, 'container hub: SPRING_FLYWAY_ENABLED must be "false" (the hub never migrates)');
      for (const forbidden of ['SPRING_FLYWAY_USER', 'SPRING_FLYWAY_PASSWORD']) {
        if (env[forbidden] || Object.hasOwn(fromConfigMaps, forbidden))
          fail(hub, `container hub: ${forbidden}: the hub carries no schema-owner credential`);
      }
      if (JSON.stringify(spec).includes('"passerelle-db-owner"'))
        fail(hub, "refers to Secret passerelle-db-owner: the schema owner is the migration Job's alone");
      for (const [variable, [secret, key]] of Object.entries(HUB_SECRET_ENV)) {
        const ref = env[variable]?.valueFrom?.secretKeyRef;
        if (ref?.name !== secret || ref?.key !== key)
          fail(hub, `container hub: ${variable} must come from Secret ${secret}, key ${key}`);
      }
      if (env.SERVER_SHUTDOWN?.value !== 'graceful') fail(hub, 'container hub: SERVER_SHUTDOWN must be graceful');
      const sleep = c.lifecycle?.preStop?.sleep?.seconds;
      if (!sleep) fail(hub, 'container hub: a preStop sleep (the endpoints are removed before the shutdown)');
      else if ((spec.terminationGracePeriodSeconds ?? 30) <= sleep)
        fail(hub, 'terminationGracePeriodSeconds must exceed the preStop sleep');
    }
    lines.push(
      `${failures.length === before ? 'ok  ' : 'FAIL'}  ${name}  the hub: probes, no schema owner, secrets by reference, spread`,
    );
  }

  if (job) {
    const before = failures.length;
    const spec = podSpecOf(job);
    if (spec.restartPolicy !== 'Never') fail(job, 'restartPolicy must be Never');
    if (job.spec.backoffLimit === undefined || job.spec.backoffLimit > 3)
      fail(job, 'backoffLimit must be set, at most 3');
    if (job.spec.ttlSecondsAfterFinished === undefined) fail(job, 'ttlSecondsAfterFinished must be set');
    if (spec.containers.length !== 1) fail(job, 'one container expected');
    const c = spec.containers[0];
    if (!isDeepStrictEqual(c.args, ['migrate']))
      fail(job, `container ${c.name}: args must be ["migrate"] (has ${JSON.stringify(c.args)})`);
    if (c.command !== undefined) fail(job, `container ${c.name}: no command: the image's entrypoint runs the hub`);
    if (hub && c.image !== hub.spec.template.spec.containers.find((x) => x.name === 'hub')?.image)
      fail(job, `container ${c.name}: image ${c.image} is not the hub's`);
    const env = Object.fromEntries(envOf(c).map((e) => [e.name, e]));
    for (const [variable, [secret, key]] of Object.entries(JOB_SECRET_ENV)) {
      const ref = env[variable]?.valueFrom?.secretKeyRef;
      if (ref?.name !== secret || ref?.key !== key)
        fail(job, `container ${c.name}: ${variable} must come from Secret ${secret}, key ${key}`);
    }
    if (!env.SPRING_DATASOURCE_URL?.valueFrom?.configMapKeyRef)
      fail(job, `container ${c.name}: SPRING_DATASOURCE_URL must come from the ConfigMap`);
    lines.push(
      `${failures.length === before ? 'ok  ' : 'FAIL'}  ${name}  the migration Job: args ["migrate"], the schema owner from its Secret`,
    );
  }

  if (hub && job) {
    const before = failures.length;
    const pdbs = byKind('PodDisruptionBudget').filter(
      (p) => p.metadata.namespace === hub.metadata.namespace && selects(p.spec.selector, hubPods),
    );
    if (!pdbs.length) fail(null, `no PodDisruptionBudget selects the hub's pods ${JSON.stringify(hubPods)}`);
    for (const p of byKind('PodDisruptionBudget')) {
      if (selects(p.spec.selector, jobPods))
        fail(p, `its selector also selects the migration Job's pods ${JSON.stringify(jobPods)}`);
    }
    const services = byKind('Service').filter((s) => s.metadata.name === HUB);
    if (services.length !== 1) fail(null, `one Service ${HUB} expected`);
    for (const s of services) {
      if (!s.spec.selector || !selects(s.spec.selector, hubPods))
        fail(s, `its selector ${JSON.stringify(s.spec.selector)} does not select the hub's pods`);
      if (s.spec.selector && selects(s.spec.selector, jobPods))
        fail(s, "its selector also selects the migration Job's pods");
      const c = hub.spec.template.spec.containers.find((x) => x.name === 'hub') ?? { ports: [] };
      for (const port of s.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        if (typeof target !== 'string')
          fail(s, `port ${port.name ?? port.port}: targetPort ${target} must name a container port`);
        else if (!namesAPort(c, target))
          fail(s, `port ${port.name ?? port.port}: targetPort ${target} names no port of the hub's container`);
      }
    }
    const policies = byKind('NetworkPolicy');
    const hubPolicies = policies.filter((p) => selects(p.spec.podSelector, hubPods));
    const jobPolicies = policies.filter((p) => selects(p.spec.podSelector, jobPods));
    if (!hubPolicies.length) fail(null, `no NetworkPolicy selects the hub's pods ${JSON.stringify(hubPods)}`);
    if (!jobPolicies.length) fail(null, `no NetworkPolicy selects the migration Job's pods ${JSON.stringify(jobPods)}`);
    for (const p of policies) {
      const forHub = hubPolicies.includes(p);
      const forJob = jobPolicies.includes(p);
      if (forHub && forJob) fail(p, 'its podSelector selects both the hub and the migration Job');
      if (!forHub && !forJob) continue;
      const types = p.spec.policyTypes ?? [];
      if (!types.includes('Ingress') || !types.includes('Egress')) fail(p, 'policyTypes must be Ingress and Egress');
      const ingressAllowed = forHub ? HUB_INGRESS_PORTS : [];
      const egressAllowed = forHub ? HUB_EGRESS_PORTS : JOB_EGRESS_PORTS;
      for (const rule of p.spec.ingress ?? []) {
        if (!forHub) fail(p, 'the migration Job accepts no connection: ingress must be empty');
        else if (!rule.ports?.length) fail(p, 'an ingress rule without ports opens every port');
        if (forHub && !(rule.from ?? []).length) fail(p, 'an ingress rule without from accepts everyone');
        for (const port of policyPorts(rule))
          if (!ingressAllowed.includes(port))
            fail(p, `ingress on ${port} (allowed: ${ingressAllowed.join(', ') || 'none'})`);
      }
      for (const rule of p.spec.egress ?? []) {
        if (!rule.ports?.length) fail(p, 'an egress rule without ports opens every port');
        for (const port of policyPorts(rule))
          if (!egressAllowed.includes(port)) fail(p, `egress to ${port} (allowed: ${egressAllowed.join(', ')})`);
      }
    }
    lines.push(
      `${failures.length === before ? 'ok  ' : 'FAIL'}  ${name}  selectors: PodDisruptionBudget, Service and NetworkPolicy select the hub's pods, not the Job's`,
    );
  }
  for (const l of lines) console.log(l);
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Unknown fields. The Kubernetes schema kubernetes-models validates with lets any unknown field
// through (the API server refuses them, at apply time); its TypeScript declarations name every
// field of every type. The TypeScript compiler reads them, and each rendered object is walked
// along its declared type: a field that the type does not declare is a failure (a misspelt
// readOnlyRootFilesystem would otherwise pass, and be refused only at apply time).

let typeChecker;
async function declaredTypes(kinds) {
  const ts = (await import('typescript')).default;
  const file = join(here, '__declared_kinds__.ts');
  const entries = [...kinds].map((k, i) => [k, i]);
  const source = entries
    .map(([k, i]) => {
      const [apiVersion, kind] = k.split(' ');
      return `import type { I${kind} as T${i} } from "kubernetes-models/${apiVersion}/${kind}";\nexport type K${i} = T${i};`;
    })
    .join('\n');
  const options = {
    noEmit: true,
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    resolve(name) === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const problems = ts.getPreEmitDiagnostics(program).filter((d) => d.file && resolve(d.file.fileName) === file);
  if (problems.length)
    throw new Error(
      `TypeScript cannot read the declarations of ${[...kinds].join(', ')}: ${ts.flattenDiagnosticMessageText(problems[0].messageText, ' ')}`,
    );
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  const byKind = new Map();
  for (const [k, i] of entries) {
    const alias = sf.statements.find((st) => ts.isTypeAliasDeclaration(st) && st.name.text === `K${i}`);
    byKind.set(k, checker.getTypeAtLocation(alias.name));
  }
  typeChecker = { ts, checker };
  return byKind;
}

function unknownFields(value, type, path, out) {
  const { ts, checker } = typeChecker;
  if (value === null || typeof value !== 'object' || !type) return;
  type = checker.getNonNullableType(type);
  const objectTypes = (type.isUnion() ? type.types : [type]).filter((t) => t.flags & ts.TypeFlags.Object);
  if (!objectTypes.length) return; // a scalar where an object stands: the schema says so
  if (Array.isArray(value)) {
    const array = objectTypes.find((t) => checker.isArrayType(t));
    if (array) value.forEach((v, i) => unknownFields(v, checker.getTypeArguments(array)[0], `${path}/${i}`, out));
    return;
  }
  const t = objectTypes.find((x) => !checker.isArrayType(x));
  if (!t) return;
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  for (const [key, v] of Object.entries(value)) {
    const property = t.getProperty(key);
    if (property) unknownFields(v, checker.getTypeOfSymbol(property), `${path}/${key}`, out);
    else if (index) unknownFields(v, index.type, `${path}/${key}`, out);
    else {
      const near = t
        .getProperties()
        .map((p) => p.name)
        .filter((n) => distance(n.toLowerCase(), key.toLowerCase()) <= 3);
      out.push(
        `${path}/${key}: unknown field, ${checker.typeToString(t)} declares none of that name${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}`,
      );
    }
  }
}

// Levenshtein's distance, for a suggestion
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

// ---------------------------------------------------------------------------------------------
// Real Kustomize, when it is there: the same objects or a failure

let kubectl;
function kubectlKustomize() {
  if (kubectl !== undefined) return kubectl;
  kubectl = null;
  if (kustomizeMode === 'off') return kubectl;
  try {
    const version = execFileSync('kubectl', ['version', '--client'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30000,
    });
    const kustomize = /Kustomize Version:\s*(\S+)/.exec(version)?.[1];
    if (kustomize) kubectl = kustomize;
  } catch {
    // not installed
  }
  return kubectl;
}

function compareWithKustomize(name, dir, objects) {
  const version = kubectlKustomize();
  if (!version) {
    if (kustomizeMode === 'require')
      return [`${name}: kubectl with Kustomize is not on the PATH (--kustomize=require)`];
    console.log(
      `skip  ${name}  cross-check with real Kustomize: ${kustomizeMode === 'off' ? 'off' : 'kubectl not found'}`,
    );
    return [];
  }
  let out;
  try {
    out = execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60000,
    });
  } catch (e) {
    return [`${name}: kubectl kustomize ${show(dir)} fails: ${String(e.stderr || e.message).trim()}`];
  }
  const theirs = parseAllDocuments(out)
    .map((d) => d.toJS())
    .filter(Boolean);
  const failures = [];
  const key = (o) => resId(o);
  const mine = new Map(objects.map((o) => [key(o), o]));
  const real = new Map(theirs.map((o) => [key(o), o]));
  for (const k of mine.keys())
    if (!real.has(k)) failures.push(`${name}: ${k}: rendered here, not by Kustomize ${version}`);
  for (const [k, o] of real) {
    if (!mine.has(k)) failures.push(`${name}: ${k}: rendered by Kustomize ${version}, not here`);
    else if (!isDeepStrictEqual(o, mine.get(k))) {
      const diff = jsonpatch
        .compare(mine.get(k), o)
        .slice(0, 5)
        .map((d) => `${d.op} ${d.path}${'value' in d ? ` ${JSON.stringify(d.value)}` : ''}`);
      failures.push(
        `${name}: ${k}: Kustomize ${version} renders it otherwise (from here to Kustomize: ${diff.join('; ')})`,
      );
    }
  }
  if (!failures.length)
    console.log(`ok    ${name}  ${objects.length} objects, the same as Kustomize ${version} (kubectl kustomize)`);
  return failures;
}

// ---------------------------------------------------------------------------------------------

const roots = [];
if (existsSync(join(root, 'base'))) roots.push(['base', join(root, 'base')]);
const overlays = join(root, 'overlays');
if (existsSync(overlays)) {
  for (const entry of readdirSync(overlays).sort()) {
    const dir = join(overlays, entry);
    if (statSync(dir).isDirectory()) roots.push([`overlays/${entry}`, dir]);
  }
}

const failures = [];
if (!existsSync(join(root, 'base'))) failures.push(`${root}: no base/`);
const rendered = [];
for (const [name, dir] of roots) {
  try {
    rendered.push([name, dir, render(dir)]);
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    failures.push(`${name}: cannot render: ${e.message}`);
    console.log(`FAIL  ${name}  cannot render`);
  }
}
// the declared types of every kind that has a schema, read once
const kinds = new Set();
for (const [, , objects] of rendered) {
  for (const o of objects) if (await schemaOf(o.apiVersion, o.kind)) kinds.add(`${o.apiVersion} ${o.kind}`);
}
let typesByKind = new Map();
try {
  if (kinds.size) typesByKind = await declaredTypes(kinds);
} catch (e) {
  failures.push(`unknown fields not checked: ${e.message}`);
}
for (const [name, dir, objects] of rendered) {
  failures.push(...(await check(name, objects, typesByKind)));
  failures.push(...compareWithKustomize(name, dir, objects));
}

if (failures.length) {
  console.error(`\n${failures.length} failure${failures.length > 1 ? 's' : ''}:`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`\nall ${roots.length} kustomization roots (${roots.map(([n]) => n).join(', ')}) render and pass`);
