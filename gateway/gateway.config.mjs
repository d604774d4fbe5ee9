// Hive Gateway in front of the hub and the partner subgraphs (`npx hive-gateway supergraph`).
// - forwards the client's bearer token, Passerelle-Purpose and X-Request-Id to every subgraph
//   (each validates the token itself: the hub trusts no gateway);
// - validates the token too (Keycloak's keys, issuer, audience) and refuses early what
//   @authenticated / @requiresScopes in the supergraph say the roles may not ask (the realm
//   roles are the scopes); the hub decides again, field by field;
// - asks the hub for its redactions as errors (Passerelle-Redactions: errors), which the gateway
//   relocates to the client's paths, then gives them back to the client as extensions.redactions,
//   as the hub does when asked directly.
//
// Environment: SUPERGRAPH (./supergraph.graphql), PORT (4000),
// KEYCLOAK_ISSUER (http://localhost:8180/realms/passerelle), AUDIENCE (passerelle-hub).
import {
  createRemoteJwksSigningKeyProvider,
  defineConfig,
  extractFromHeader,
} from '@graphql-hive/gateway';

const issuer = process.env.KEYCLOAK_ISSUER ?? 'http://localhost:8180/realms/passerelle';
const FORWARDED = ['authorization', 'passerelle-purpose', 'x-request-id'];

/** The hub's redactions, relocated by the gateway as errors, back into extensions.redactions. */
function redactionsAsExtensions() {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (result == null || typeof result[Symbol.asyncIterator] === 'function' || !result.errors) {
            return;
          }
          const redacted = result.errors.filter((error) => error.extensions?.code === 'REDACTED');
          if (redacted.length === 0) {
            return;
          }
          const others = result.errors.filter((error) => error.extensions?.code !== 'REDACTED');
          setResult({
            ...result,
            errors: others.length > 0 ? others : undefined,
            extensions: {
              ...result.extensions,
              redactions: redacted.map((error) => ({
                path: error.path,
                category: error.extensions.category,
                reason: error.extensions.reason,
              })),
            },
          });
        },
      };
    },
  };
}

export const gatewayConfig = defineConfig({
  supergraph: process.env.SUPERGRAPH ?? './supergraph.graphql',
  port: Number(process.env.PORT ?? 4000),
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const headers = {};
      for (const name of FORWARDED) {
        const value = request.headers.get(name);
        if (value != null) {
          headers[name] = value;
        }
      }
      if (subgraphName === 'hub') {
        headers['passerelle-redactions'] = 'errors';
      }
      return headers;
    },
  },
  jwt: {
    signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: `${issuer}/protocol/openid-connect/certs` })],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    tokenVerification: { issuer, audience: process.env.AUDIENCE ?? 'passerelle-hub', algorithms: ['RS256'] },
    reject: { missingToken: false, invalidToken: true },
  },
  genericAuth: {
    mode: 'protect-granular',
    resolveUserFn: (context) => context.jwt?.payload ?? null,
    extractScopes: (user) => user?.realm_access?.roles ?? [],
  },
  plugins: () => [redactionsAsExtensions()],
});
