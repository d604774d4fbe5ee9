// A front-end's subscription to its alerts, over graphql-transport-ws (README, "Alerts").
//
//   node subscribe.mjs USER            a demo user's token from the dev Keycloak (password demo)
//   TOKEN=eyJ... node subscribe.mjs    a token you already have
//
// Prints one JSON line per alert pushed. HUB_URL (default http://localhost:8080) and KEYCLOAK_URL
// (default http://localhost:8180) say where the hub and Keycloak are; COUNT=n stops after n alerts.
// The token goes in connection_init's payload (a browser cannot put it in the WebSocket's headers);
// the subscription ends when the token expires: subscribe again with a fresh one, and read the
// inbox (alerts(unreadOnly: true)) for what came in between.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const hub = process.env.HUB_URL ?? 'http://localhost:8080';
const keycloak = process.env.KEYCLOAK_URL ?? 'http://localhost:8180';
const count = Number(process.env.COUNT ?? 0);

async function token() {
  if (process.env.TOKEN) {
    return process.env.TOKEN;
  }
  const user = process.argv[2];
  if (!user) {
    throw new Error('usage: node subscribe.mjs USER (or TOKEN=... node subscribe.mjs)');
  }
  const response = await fetch(`${keycloak}/realms/passerelle/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'passerelle-demo', username: user,
      password: process.env.PASSWORD ?? 'demo' }),
  });
  if (!response.ok) {
    throw new Error(`Keycloak refused ${user}: ${response.status}`);
  }
  return (await response.json()).access_token;
}

const bearer = await token();
const client = createClient({
  url: hub.replace(/^http/, 'ws') + '/graphql-ws',
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${bearer}` },
  retryAttempts: 0,
  on: { connected: () => console.error('subscribed') },
});

const query = 'subscription { alertRaised { id kind at person { id firstName lastName } } }';
let received = 0;
try {
  for await (const result of client.iterate({ query })) {
    console.log(JSON.stringify(result));
    if (count > 0 && ++received >= count) {
      break;
    }
  }
} finally {
  await client.dispose();
}
