// A landlord's tenancy-management service (the partner subgraph): its own accounts and maintenance
// requests for its tenants, keyed by the hub's person id, extending the hub's Person through the
// federation gateway. It trusts no gateway: it validates the forwarded Keycloak token itself
// (signature from the realm's keys, issuer, audience, expiry) and serves its records only to the
// staff of the organization that runs it.
//
// Environment: PORT (4002), KEYCLOAK_ISSUER (http://localhost:8180/realms/passerelle),
// AUDIENCE (passerelle-hub), LANDLORD_ORG_ID (Habitat Dauphiné of the demo), DATA_FILE (optional:
// where the records are kept between starts; in memory otherwise).
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const port = Number(process.env.PORT ?? 4002);
const issuer = process.env.KEYCLOAK_ISSUER ?? 'http://localhost:8180/realms/passerelle';
const audience = process.env.AUDIENCE ?? 'passerelle-hub';
const landlord = process.env.LANDLORD_ORG_ID ?? 'a0000000-0000-4000-8000-000000000004';
const dataFile = process.env.DATA_FILE;
const keys = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// personId -> { reference, personId, rentStatus, monthsUnpaid, maintenanceRequests: [...] }
const accounts = new Map(
  dataFile && existsSync(dataFile) ? JSON.parse(readFileSync(dataFile, 'utf8')).map((a) => [a.personId, a]) : [],
);

function save() {
  if (dataFile) {
    writeFileSync(`${dataFile}.tmp`, JSON.stringify([...accounts.values()], null, 1));
    renameSync(`${dataFile}.tmp`, dataFile);
  }
}

function refuse(code, message) {
  return new GraphQLError(message, { extensions: { code } });
}

/** The landlord's own rule: its records are for its own staff only. */
function ownStaff(viewer) {
  return viewer != null && viewer.org?.id === landlord;
}

function staffOnly(viewer) {
  if (viewer == null) {
    throw refuse('UNAUTHENTICATED', 'A bearer token is required');
  }
  if (!ownStaff(viewer)) {
    throw refuse('FORBIDDEN', "These records are the landlord's staff's only");
  }
}

function personId(value) {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new GraphQLError('personId must be a person id', { extensions: { code: 'INVALID_INPUT', field: 'personId' } });
  }
  return value.toLowerCase();
}

const resolvers = {
  Query: {
    landlordAccounts(_, { first }, { viewer }) {
      staffOnly(viewer);
      if (first < 1 || first > 100) {
        throw new GraphQLError('first must be between 1 and 100', { extensions: { code: 'INVALID_INPUT', field: 'first' } });
      }
      return [...accounts.values()].sort((a, b) => a.reference.localeCompare(b.reference)).slice(0, first);
    },
  },
  Mutation: {
    recordLandlordAccount(_, { personId: id, reference, rentStatus, monthsUnpaid }, { viewer }) {
      staffOnly(viewer);
      const key = personId(id);
      if (!reference.trim() || reference.length > 40) {
        throw new GraphQLError('A reference of 1 to 40 characters is required', { extensions: { code: 'INVALID_INPUT', field: 'reference' } });
      }
      if (monthsUnpaid < 0 || monthsUnpaid > 120) {
        throw new GraphQLError('monthsUnpaid is 0 to 120', { extensions: { code: 'INVALID_INPUT', field: 'monthsUnpaid' } });
      }
      const account = { maintenanceRequests: [], ...accounts.get(key), personId: key, reference: reference.trim(), rentStatus, monthsUnpaid };
      accounts.set(key, account);
      save();
      return account;
    },
    recordMaintenanceRequest(_, { personId: id, subject }, { viewer }) {
      staffOnly(viewer);
      const account = accounts.get(personId(id));
      if (!account) {
        throw refuse('NOT_FOUND', 'No account of your organization for this person');
      }
      if (!subject.trim() || subject.length > 200) {
        throw new GraphQLError('A subject of 1 to 200 characters is required', { extensions: { code: 'INVALID_INPUT', field: 'subject' } });
      }
      const request = { id: randomUUID(), subject: subject.trim(), status: 'OPEN', openedOn: new Date().toISOString().slice(0, 10) };
      account.maintenanceRequests.push(request);
      save();
      return request;
    },
  },
  Person: {
    __resolveReference(reference) {
      return { id: reference.id };
    },
    landlordAccount(person, _, { viewer }) {
      // not the landlord's staff, or not its tenant: nothing, as for anyone else's tenant
      return ownStaff(viewer) ? (accounts.get(String(person.id).toLowerCase()) ?? null) : null;
    },
  },
  LandlordAccount: {
    person(account) {
      return { id: account.personId };
    },
  },
};

const server = new ApolloServer({
  plugins: [ApolloServerPluginInlineTraceDisabled()],
  schema: buildSubgraphSchema([{ typeDefs: parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8')), resolvers }]),
  introspection: false,
  includeStacktraceInErrorResponses: false,
});

const { url } = await startStandaloneServer(server, {
  listen: { port },
  async context({ req }) {
    const header = req.headers.authorization;
    if (!header) {
      return { viewer: null };
    }
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience });
      return { viewer: payload };
    } catch {
      throw new GraphQLError('The bearer token was rejected', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  },
});
console.log(`partner-landlord subgraph at ${url} (issuer ${issuer})`);
