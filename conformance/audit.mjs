// The GraphQL-over-HTTP conformance audit (graphql-http's auditServer) against a running hub,
// with a bearer token on every request. Prints one JSON array: [{id, name, status, reason}];
// a status "error" is a MUST of the specification not met, "warn" a SHOULD or MAY.
// Usage: node audit.mjs <url of /graphql> <access token>
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node audit.mjs <url> <token>');
  process.exit(2);
}

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
console.log(JSON.stringify(results.map(({ id, name, status, reason }) => ({ id, name, status, reason: reason ?? null }))));
