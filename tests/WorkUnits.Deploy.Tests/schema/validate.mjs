// Schema checks for the deployment files, run by WorkUnits.Deploy.Tests (SchemaValidationTests).
//
//   node validate.mjs k8s <rendered.yaml>...   every object against the Kubernetes and KEDA models
//   node validate.mjs compose <compose.yaml>   the compose file against the compose-spec schema
//
// Prints one line per problem and exits 1 if there is any; prints a summary and exits 0 if not.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

// Kinds with no published model. They are named here, with where they are checked instead,
// so that an unexpected kind still fails.
const checkedElsewhere = new Map([
  ['rabbitmq.com/v1beta1/RabbitmqCluster', 'no model is published; RabbitmqClusterTests checks its fields'],
]);

const modelModules = new Map([
  ['v1', 'kubernetes-models/v1'],
  ['apps/v1', 'kubernetes-models/apps/v1'],
  ['policy/v1', 'kubernetes-models/policy/v1'],
  ['networking.k8s.io/v1', 'kubernetes-models/networking.k8s.io/v1'],
  ['autoscaling/v2', 'kubernetes-models/autoscaling/v2'],
  ['keda.sh/v1alpha1', '@kubernetes-models/keda/keda.sh/v1alpha1'],
]);

const [mode, ...files] = process.argv.slice(2);
const problems = [];
let checked = 0;

if (mode === 'k8s' && files.length > 0) {
  for (const file of files) {
    await checkKubernetesFile(file);
  }
} else if (mode === 'compose' && files.length === 1) {
  checkComposeFile(files[0]);
} else {
  problems.push('usage: node validate.mjs k8s <file.yaml>... | node validate.mjs compose <compose.yaml>');
}

for (const problem of problems) {
  console.log(problem);
}

console.log(`${checked} checked, ${problems.length} problems`);
process.exitCode = problems.length === 0 ? 0 : 1;

function readYamlDocuments(file, options = {}) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'), options);
  const values = [];

  for (const document of documents) {
    for (const error of document.errors) {
      problems.push(`${file}: YAML: ${error.message}`);
    }

    const value = document.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) {
      values.push(value);
    }
  }

  return values;
}

async function checkKubernetesFile(file) {
  for (const object of readYamlDocuments(file)) {
    const kind = object?.kind;
    const apiVersion = object?.apiVersion;
    const where = `${file}: ${apiVersion}/${kind} ${object?.metadata?.name ?? '(no name)'}`;
    const reason = checkedElsewhere.get(`${apiVersion}/${kind}`);

    if (reason) {
      console.log(`${where}: not schema-checked (${reason})`);
      continue;
    }

    const modulePath = modelModules.get(apiVersion);
    const model = modulePath ? (await import(modulePath))[kind] : undefined;

    if (typeof model !== 'function') {
      problems.push(`${where}: no schema known for this apiVersion and kind`);
      continue;
    }

    if (kind === 'Secret') {
      unwrapSecretData(object);
    }

    checked++;
    const reads = new Set();
    const maps = new Set();

    try {
      model.prototype.validate.call(track(object, '', reads, maps));
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
      continue;
    }

    for (const unknown of unreadFields(object, '', reads, maps)) {
      problems.push(`${where}: unknown field ${unknown}`);
    }
  }
}

// Kustomize wraps generated Secret data at 70 characters. The API server's base64 decoder
// skips line breaks, the models' format check does not: check the value without them.
function unwrapSecretData(secret) {
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    if (typeof value === 'string') {
      secret.data[key] = value.replace(/[\r\n]/g, '');
    }
  }
}

// The generated validators read every property their schema declares and enumerate only
// objects whose schema allows any key (labels, data). So a key that was neither read nor
// enumerated is a field the schema does not know: usually a typo that the API server would
// drop or refuse. The proxies record both.
function track(value, path, reads, maps) {
  if (value === null || typeof value !== 'object') {
    return value;
  }

  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        reads.add(`${path}/${key}`);
        return track(Reflect.get(target, key, receiver), `${path}/${key}`, reads, maps);
      }

      return Reflect.get(target, key, receiver);
    },
    ownKeys(target) {
      maps.add(path);
      return Reflect.ownKeys(target);
    },
  });
}

function* unreadFields(value, path, reads, maps) {
  if (value === null || typeof value !== 'object' || maps.has(path)) {
    return;
  }

  for (const key of Object.keys(value)) {
    const child = `${path}/${key}`;
    if (!Array.isArray(value) && !reads.has(child)) {
      yield child;
    } else {
      yield* unreadFields(value[key], child, reads, maps);
    }
  }
}

function checkComposeFile(file) {
  const [compose] = readYamlDocuments(file, { merge: true });
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);

  const validate = ajv.compile(composeSchema());
  const interpolated = interpolate(compose, '');
  checked++;

  if (!validate(interpolated)) {
    for (const error of validate.errors) {
      problems.push(`${file}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}

// The vendored compose-spec schema (see compose-spec/README.md). It names draft-07 by an
// address that differs from Ajv's spelling of it; Ajv's default draft is that one anyway.
function composeSchema() {
  const url = new URL('compose-spec/compose-spec.json', import.meta.url);
  const { $schema: _, ...schema } = JSON.parse(readFileSync(url, 'utf8'));
  return schema;
}

// Replaces ${VAR:-default}, ${VAR-default} and ${VAR} as docker compose does when no .env
// exists, so the file is checked as it runs with its defaults. A variable without a
// default would be empty then: that is reported, since the stack must start without .env.
function interpolate(value, path) {
  if (typeof value === 'string') {
    const replaced = value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (match, name, fallback) => {
      if (match === '$$') {
        return '$';
      }

      if (fallback === undefined) {
        problems.push(`compose ${path}: \${${name}} has no default`);
        return '';
      }

      return fallback;
    });

    return replaced;
  }

  if (Array.isArray(value)) {
    return value.map((item, index) => interpolate(item, `${path}/${index}`));
  }

  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, `${path}/${key}`)]));
  }

  return value;
}
