// The delay from a change's commit to its alert's delivery over a subscription (bench/alerts/run.sh).
// Sets up one person through the API (registered and followed by referent.asso, housed by the
// landlord, consenting), subscribes as their case lead, then records arrears N times, one after
// the other, and times each push: from the mutation sent, and from its answer received (the
// commit is before the answer). Prints a line per measure and the percentiles.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const hub = process.env.HUB_URL ?? 'http://localhost:8080';
const keycloak = process.env.KEYCLOAK_URL ?? 'http://localhost:8180';
const rounds = Number(process.env.ROUNDS ?? 50);

async function token(user) {
  const response = await fetch(`${keycloak}/realms/passerelle/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'passerelle-demo', username: user, password: 'demo' }),
  });
  return (await response.json()).access_token;
}

async function ask(bearer, query, variables, purpose) {
  const headers = { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' };
  if (purpose) headers['Passerelle-Purpose'] = purpose;
  const response = await fetch(`${hub}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const lead = await token('referent.asso');
const landlord = await token('gestion.bailleur');
const today = new Date().toISOString().slice(0, 10);
const person = (await ask(lead, 'mutation ($i: RegisterPersonInput!) { registerPerson(input: $i) { id } }',
  { i: { firstName: 'Bench', lastName: `Alertes${Date.now()}`, birthDate: '1980-01-01', reason: 'Mesure' } })).registerPerson.id;
await ask(lead, 'mutation ($i: RecordConsentInput!) { recordConsent(input: $i) { id } }', { i: {
  personId: person, grantor: 'SELF', periodStart: today, method: 'ORAL', collectedAt: new Date(Date.now() - 60000).toISOString(),
  textVersion: 'v3', provisions: [
    { type: 'PERMIT', recipientOrganizationId: 'a0000000-0000-4000-8000-000000000005', categories: ['RENT_ARREARS'], purposes: ['SUPPORT'] },
    { type: 'PERMIT', recipientOrganizationType: 'LANDLORD', categories: ['IDENTITY', 'HOUSEHOLD', 'TENANCY'],
      purposes: ['HOUSING_ALLOCATION', 'EVICTION_PREVENTION'] }] } });
await ask(lead, 'mutation ($i: RecordSupportMeasureInput!) { recordSupportMeasure(input: $i) { id } }',
  { i: { personId: person, type: 'AVDL', caseLead: 'referent.asso', startedOn: today, intensity: 'REGULAR' } });
await ask(lead, 'mutation ($i: AddToCareTeamInput!) { addToCareTeam(input: $i) { id } }',
  { i: { personId: person, organizationId: 'a0000000-0000-4000-8000-000000000004', kind: 'TENANCY', reason: 'Bail' } });
const tenancy = (await ask(landlord, 'mutation ($i: RecordTenancyInput!) { recordTenancy(input: $i) { id } }',
  { i: { personId: person, leaseKind: 'SUBLEASE', dwellingType: 'T2', address: '1 rue du Banc', startedOn: today,
    monthlyRent: 400, monthlyCharges: 40 } })).recordTenancy.id;

const waiting = new Map();
const client = createClient({ url: hub.replace(/^http/, 'ws') + '/graphql-ws', webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${lead}` }, retryAttempts: 0 });
let ready;
const subscribed = new Promise((resolve) => { ready = resolve; });
const iterator = client.iterate({ query: 'subscription { alertRaised { kind person { id } } }' });
(async () => {
  for await (const result of iterator) {
    const alert = result.data?.alertRaised;
    if (alert?.kind === 'ARREARS_RECORDED' && alert.person?.id === person) {
      const next = waiting.get('next');
      if (next) next(performance.now());
    }
  }
})();
// let the subscription settle, with one unmeasured alert
setTimeout(ready, 1000);
await subscribed;

const fromSent = [];
const fromAnswer = [];
for (let round = 0; round <= rounds; round++) {
  const pushed = new Promise((resolve) => waiting.set('next', resolve));
  const sent = performance.now();
  await ask(landlord, 'mutation ($i: RecordRentArrearsInput!) { recordRentArrears(input: $i) { id } }',
    { i: { personId: person, tenancyId: tenancy, amount: 100 + round, months: 1, since: today } }, 'EVICTION_PREVENTION');
  const answered = performance.now();
  const at = await Promise.race([pushed, new Promise((_, reject) => setTimeout(() => reject(new Error('no push in 10 s')), 10000))]);
  if (round > 0) { // the first is the warm-up
    fromSent.push(at - sent);
    fromAnswer.push(at - answered);
    console.log(`${round}\t${(at - sent).toFixed(1)}\t${(at - answered).toFixed(1)}`);
  }
}
const pct = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1); };
console.log(`sent->pushed ms: p50 ${pct(fromSent, 0.5)} p95 ${pct(fromSent, 0.95)} max ${pct(fromSent, 1)}`);
console.log(`answered->pushed ms: p50 ${pct(fromAnswer, 0.5)} p95 ${pct(fromAnswer, 0.95)} max ${pct(fromAnswer, 1)}`);
await client.dispose();
process.exit(0);
