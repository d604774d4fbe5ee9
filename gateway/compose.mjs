// Composes the supergraph from the subgraphs as they run: the hub's schema from its own
// `_service { sdl }` (asked with the gateway's service account, the only client the hub shows its
// schema to) and the partner's from its `_service`. Writes <out>/hub.graphql (for the breaking-
// change check against schema/released/) and <out>/supergraph.graphql (what the gateway serves);
// exits 1, printing the composition errors, if the subgraphs do not compose.
//
// Environment: HUB_URL (http://localhost:8080/graphql), PARTNER_URL (http://localhost:4002/),
// KEYCLOAK_ISSUER (http://localhost:8180/realms/passerelle), GATEWAY_CLIENT_ID (passerelle-gateway),
// GATEWAY_CLIENT_SECRET (the dev secret), OUT (the directory to write to: .).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';

const hubUrl = process.env.HUB_URL ?? 'http://localhost:8080/graphql';
const partnerUrl = process.env.PARTNER_URL ?? 'http://localhost:4002/';
const issuer = process.env.KEYCLOAK_ISSUER ?? 'http://localhost:8180/realms/passerelle';
const out = process.env.OUT ?? '.';

async function token() {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: process.env.GATEWAY_CLIENT_ID ?? 'passerelle-gateway',
      client_secret: process.env.GATEWAY_CLIENT_SECRET ?? 'passerelle-gateway-dev-secret',
    }),
  });
  if (!response.ok) {
    throw new Error(`no token for the gateway's service account: HTTP ${response.status}`);
  }
  return (await response.json()).access_token;
}

async function sdl(url, headers) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const body = await response.json();
  if (!body.data?._service?.sdl) {
    throw new Error(`${url} gave no _service.sdl: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  return body.data._service.sdl;
}

const hub = await sdl(hubUrl, { authorization: `Bearer ${await token()}` });
const partner = await sdl(partnerUrl, {});
const result = composeServices([
  { name: 'hub', typeDefs: parse(hub), url: hubUrl },
  { name: 'landlord', typeDefs: parse(partner), url: partnerUrl },
]);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'hub.graphql'), hub);
if (result.errors?.length) {
  for (const error of result.errors) {
    console.error(`composition: ${error.message}`);
  }
  process.exit(1);
}
writeFileSync(join(out, 'supergraph.graphql'), result.supergraphSdl);
console.log(`supergraph composed from hub (${hubUrl}) and landlord (${partnerUrl}) into ${join(out, 'supergraph.graphql')}`);
