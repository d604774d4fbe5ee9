// The privacy officer's console in a real headless Chromium (Debian's chromium, driven by
// playwright-core), against a running hub and its Keycloak. ConsoleBrowserTest runs it; it also
// runs by hand against a dev run (./mvnw spring-boot:run):
//
//   HUB_URL=http://localhost:8080 node console-tests/console.test.mjs
//
// Environment:
//   HUB_URL             the hub (required), e.g. http://localhost:8080
//   CHROMIUM            the chromium binary (default /usr/bin/chromium; bin/install-chromium installs it)
//   SCREENSHOTS         a directory: one PNG per console page is saved there (politique.png, ..., refus.png)
//   KEYCLOAK_ADMIN_URL  Keycloak's base URL (e.g. http://localhost:8181): the script first lets the
//                       console's client redirect to ${HUB_URL}/console/* (the hub of a test runs on
//                       a random port), through the admin API (master realm, admin / admin)
//
// What it does, as the privacy officer dpo, logged in through Keycloak's own login page:
// changes one cell of the policy matrix with a reason and checks through the API that it took
// effect, then puts it back; acknowledges an emergency access (opened through the API by the
// outreach worker maraude.autre-asso) and checks its review through the API; runs the access
// log's integrity check; visits every page. Then it logs out and logs in as referent.asso, a case
// worker, who is refused the console without any data being asked. Exit code 0 when all holds,
// 1 with the failed step otherwise.

import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const HUB = (process.env.HUB_URL ?? '').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOTS || null;
const KEYCLOAK_ADMIN_URL = (process.env.KEYCLOAK_ADMIN_URL ?? '').replace(/\/+$/, '') || null;

/** The demo client that takes passwords: the script's own API calls, beside the browser. */
const API_CLIENT = 'passerelle-demo';

/** The policy cell the test changes, then restores: organization type · role · category · purpose. */
const CELL = { organizationType: 'ASSOCIATION', role: 'CASE_WORKER', category: 'HOUSING_WISHES', purpose: 'SUPPORT' };
const CELL_LABEL = `${CELL.organizationType} · ${CELL.role} · ${CELL.category} · ${CELL.purpose}`;

const TIMEOUT = 30_000;
const WHOLE_RUN = 280_000;

let currentStep = 'start';

function log(message) {
  console.log(`[console-tests] ${message}`);
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function step(name, action) {
  currentStep = name;
  const started = Date.now();
  log(`▶ ${name}`);
  const result = await action();
  log(`✔ ${name} (${Date.now() - started} ms)`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Beside the browser: Keycloak and the GraphQL API, over plain HTTP
// ---------------------------------------------------------------------------------------------

/** The demo users' passwords, from the realm the tests' Keycloak imports. */
async function demoPasswords() {
  const realm = JSON.parse(await readFile(new URL('../keycloak/passerelle-realm.json', import.meta.url), 'utf8'));
  const passwords = {};
  for (const user of realm.users ?? []) {
    const credential = (user.credentials ?? []).find((c) => c.type === 'password');
    if (credential) {
      passwords[user.username] = credential.value;
    }
  }
  return passwords;
}

async function form(url, fields) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

async function consoleConfig() {
  const response = await fetch(`${HUB}/console/config.json`);
  assert(response.ok, `GET ${HUB}/console/config.json answered ${response.status}`);
  const config = await response.json();
  assert(config.issuer && config.clientId, `config.json lacks issuer or clientId: ${JSON.stringify(config)}`);
  return { ...config, issuer: config.issuer.replace(/\/+$/, '') };
}

/**
 * Lets the console's client send users back to this hub (its port is random in a test): adds
 * ${HUB}/console/* to the client's redirect URIs through Keycloak's admin REST API.
 */
async function allowRedirect(config) {
  const realm = new URL(config.issuer).pathname.split('/realms/')[1]?.split('/')[0];
  assert(realm, `No realm in the issuer ${config.issuer}`);
  const { access_token: admin } = await form(`${KEYCLOAK_ADMIN_URL}/realms/master/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: 'admin-cli',
    username: 'admin',
    password: 'admin',
  });
  const headers = { Authorization: `Bearer ${admin}` };
  const clientsUrl = `${KEYCLOAK_ADMIN_URL}/admin/realms/${realm}/clients`;
  const found = await fetch(`${clientsUrl}?clientId=${encodeURIComponent(config.clientId)}`, { headers });
  assert(found.ok, `GET ${clientsUrl}?clientId=${config.clientId} answered ${found.status}`);
  const [client] = await found.json();
  assert(client, `Keycloak's realm ${realm} has no client ${config.clientId}: is it started from the current keycloak/passerelle-realm.json?`);
  const wanted = `${HUB}/console/*`;
  client.redirectUris = client.redirectUris ?? [];
  if (client.redirectUris.includes(wanted)) {
    return;
  }
  client.redirectUris.push(wanted);
  const updated = await fetch(`${clientsUrl}/${client.id}`, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(client),
  });
  assert(updated.status === 204 || updated.ok, `PUT the client ${config.clientId} answered ${updated.status}: ${await updated.text()}`);
  log(`${config.clientId} may now redirect to ${wanted}`);
}

function apiClient(config, passwords) {
  const tokens = new Map();

  async function tokenOf(username) {
    const cached = tokens.get(username);
    if (cached && cached.expiresAt > Date.now() + 15_000) {
      return cached.token;
    }
    assert(passwords[username], `No password for ${username} in keycloak/passerelle-realm.json`);
    const body = await form(`${config.issuer}/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: API_CLIENT,
      username,
      password: passwords[username],
    });
    tokens.set(username, { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
    return body.access_token;
  }

  /** The data of a GraphQL request as this user; throws with the errors' codes. */
  async function ask(username, query, variables = {}, headers = {}) {
    const response = await fetch(`${HUB}/graphql`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await tokenOf(username)}`,
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json().catch(() => ({}));
    if (body.errors?.length || !body.data) {
      const error = new Error(`GraphQL as ${username} failed (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`);
      error.codes = (body.errors ?? []).map((e) => e.extensions?.code);
      throw error;
    }
    return body.data;
  }

  return { ask };
}

/** A type 3 UUID as Java's UUID.nameUUIDFromBytes makes it (the demo territory's ids). */
function nameUuid(name) {
  const bytes = createHash('md5').update(name, 'utf8').digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x30;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------
// In the browser
// ---------------------------------------------------------------------------------------------

/** Keycloak's login page (its own ids: it is not the console's page). */
async function logInOnKeycloak(page, config, username, password) {
  await page.waitForURL((url) => url.href.startsWith(`${config.issuer}/`), { timeout: TIMEOUT });
  try {
    await page.locator('#username').waitFor({ timeout: TIMEOUT });
  } catch {
    const text = (await page.locator('body').textContent().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 300);
    throw new Error(`Keycloak did not show its login page (a redirect URI not allowed for the client?): ${text}`);
  }
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.href.startsWith(`${HUB}/console/`), { timeout: TIMEOUT });
}

/** The response to the console's GraphQL operation of this name. */
function operation(page, name) {
  const pattern = new RegExp(`\\b(query|mutation) ${name}\\b`);
  return page.waitForResponse((response) => {
    if (response.url() !== `${HUB}/graphql` || response.request().method() !== 'POST') {
      return false;
    }
    try {
      return pattern.test(JSON.parse(response.request().postData() ?? '{}').query ?? '');
    } catch {
      return false;
    }
  }, { timeout: TIMEOUT });
}

/** No section of the console is loading any more. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('main > section[aria-busy="true"]'), null, { timeout: TIMEOUT });
}

/** Opens a page of the console from its navigation, and waits until it shows what it loaded. */
async function open(page, link, ready) {
  await page.getByRole('navigation', { name: 'Sections de la console' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: link, exact: true }).waitFor();
  if (ready) {
    await ready().waitFor();
  }
  await settled(page);
}

/** Logs out through the console's button (and Keycloak's confirmation, if it asks). */
async function logOut(page, config) {
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(`${HUB}/console/`) || url.href.startsWith(`${config.issuer}/`));
  if (page.url().startsWith(`${config.issuer}/`)) {
    // Keycloak asks to confirm when it cannot tell the client (no valid id_token_hint)
    await page.locator('#kc-logout').click();
    await page.waitForURL((url) => url.href.startsWith(`${HUB}/console/`));
  }
  await page.getByText('Vous êtes déconnecté.', { exact: true }).waitFor();
  const storage = await page.evaluate(() => sessionStorage.getItem('passerelle.console.session'));
  assert(storage === null, 'the tokens stay in sessionStorage after logging out');
}

async function screenshot(page, name) {
  if (SCREENSHOTS) {
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
    log(`screenshot ${name}`);
  }
}

/** The text of the console's alert area, if it says anything (to explain a failure). */
async function consoleAlert(page) {
  try {
    const text = await page.locator('#erreurs').textContent({ timeout: 1000 });
    return text?.trim() || null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

const POLICY_CELL = `query ($t: OrganizationType!, $r: Role!, $p: Purpose!) {
  policyRules(organizationType: $t, role: $r, purpose: $p) { category effect }
}`;

const UPDATE_POLICY = `mutation ($changes: [PolicyChangeInput!]!, $reason: String!) {
  updatePolicy(changes: $changes, reason: $reason) { version }
}`;

const OPEN_EMERGENCY = `mutation ($input: OpenEmergencyAccessInput!) {
  openEmergencyAccess(input: $input) { id personId reviewStatus }
}`;

async function main() {
  if (!HUB) {
    console.error('[console-tests] HUB_URL is required, e.g. HUB_URL=http://localhost:8080 node console.test.mjs');
    process.exit(2);
  }
  const watchdog = setTimeout(() => {
    console.error(`[console-tests] ✗ still running after ${WHOLE_RUN / 1000} s, at step: ${currentStep}`);
    process.exit(1);
  }, WHOLE_RUN);
  watchdog.unref();

  const config = await step('read the console configuration and the demo passwords', consoleConfig);
  const passwords = await demoPasswords();
  const api = apiClient(config, passwords);
  if (KEYCLOAK_ADMIN_URL) {
    await step('let the console client redirect to this hub', () => allowRedirect(config));
  }
  if (SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
  }

  const effectNow = async () => {
    const data = await api.ask('dpo', POLICY_CELL, { t: CELL.organizationType, r: CELL.role, p: CELL.purpose });
    return data.policyRules.find((rule) => rule.category === CELL.category)?.effect ?? 'DENY';
  };
  const effectBefore = await effectNow();
  let policyTouched = false;

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);

  const problems = [];
  const graphqlRequests = [];
  page.on('pageerror', (error) => problems.push(`script error in the page: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const text = message.text();
      const fromHub = page.url().startsWith(HUB) || (message.location()?.url ?? '').startsWith(HUB);
      if (fromHub && /Content Security Policy/i.test(text)) {
        problems.push(`Content-Security-Policy violation: ${text}`);
      } else if (fromHub) {
        log(`(browser console) ${text}`);
      }
    }
  });
  page.on('request', (request) => {
    if (request.url() === `${HUB}/graphql`) {
      graphqlRequests.push(request);
    }
  });

  try {
    await step('dpo logs in through Keycloak', async () => {
      await page.goto(`${HUB}/console/`);
      await logInOnKeycloak(page, config, 'dpo', passwords.dpo);
      await page.getByRole('navigation', { name: 'Sections de la console' }).waitFor();
      const url = new URL(page.url());
      assert(!url.searchParams.has('code') && !url.searchParams.has('state'),
        `the code and state stay in the address bar: ${page.url()}`);
      const storage = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
      assert(storage.local.length === 0, `the console wrote to localStorage: ${storage.local}`);
      assert(storage.session.some((key) => key.includes('session')), 'no session in sessionStorage');
      await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    });

    await step("Politique d'accès: change one cell with a reason, see it through the API, put it back", async () => {
      await open(page, "Politique d'accès", () => page.getByRole('table', { name: /^Historique des finalités par défaut/ })
        .or(page.getByText('Aucun changement.', { exact: true })).first());
      const request = graphqlRequests.at(-1);
      const headers = await request.allHeaders();
      assert(/^Bearer .+/.test(headers.authorization ?? ''), 'a GraphQL request without a bearer token');
      assert((headers['content-type'] ?? '').startsWith('application/json'), `Content-Type ${headers['content-type']}`);
      assert((headers.accept ?? '').includes('application/graphql-response+json'), `Accept ${headers.accept}`);

      const choice = page.getByRole('form', { name: 'Choix de la matrice' });
      await choice.getByLabel("Type d'organisation", { exact: true }).selectOption(CELL.organizationType);
      await choice.getByLabel('Finalité', { exact: true }).selectOption(CELL.purpose);
      const loaded = operation(page, 'PolicyMatrix');
      await choice.getByRole('button', { name: 'Afficher la matrice' }).click();
      await loaded;
      await settled(page);

      const cell = page.getByLabel(CELL_LABEL, { exact: true });
      const original = await cell.inputValue();
      assert(original === effectBefore, `the grid shows ${original} for ${CELL_LABEL}, the API ${effectBefore}`);
      const changed = original === 'CONSENT_REQUIRED' ? 'DENY' : 'CONSENT_REQUIRED';
      const edit = page.getByRole('form', { name: 'Modification de la matrice' });
      const save = async (effect, reason) => {
        await cell.selectOption(effect);
        await edit.getByLabel('Motif (obligatoire)', { exact: true }).fill(reason);
        const saved = operation(page, 'UpdatePolicy');
        await edit.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        const response = await saved;
        const body = await response.json();
        assert(!body.errors, `updatePolicy failed: ${JSON.stringify(body.errors)}`);
        await page.getByRole('status').filter({ hasText: 'Matrice enregistrée' }).waitFor();
        await settled(page);
      };

      const reason = `Essai de la console (test navigateur) ${new Date().toISOString()}`;
      policyTouched = true;
      await save(changed, reason);
      assert(await effectNow() === changed, `policyRules does not show ${changed} for ${CELL_LABEL} after saving`);
      assert(await cell.inputValue() === changed, 'the grid does not show the saved effect');
      await page.getByRole('table', { name: /^Historique de la matrice/ }).getByRole('cell', { name: reason, exact: true }).first().waitFor();
      await screenshot(page, 'politique.png');

      await save(original, `Retour à l'état initial après l'essai de la console ${new Date().toISOString()}`);
      assert(await effectNow() === original, `policyRules does not show ${original} again for ${CELL_LABEL}`);
      policyTouched = false;
    });

    await step('Textes et modèles de consentement', async () => {
      await open(page, 'Textes et modèles de consentement', () => page.getByRole('table', { name: /^Modèles de consentement/ })
        .or(page.getByText('Aucun modèle publié.', { exact: true })).first());
      await page.getByRole('form', { name: 'Publier un modèle de consentement' }).getByRole('group', { name: 'Disposition 1' }).waitFor();
      await screenshot(page, 'textes.png');
    });

    await step('Annuaire des partenaires', async () => {
      await open(page, 'Annuaire des partenaires', () => page.getByRole('table', { name: /^Organisations/ }));
      await screenshot(page, 'annuaire.png');
    });

    let personId = nameUuid('passerelle-demo/person/0'); // Karim, the demo territory's first person
    const emergency = await step('maraude.autre-asso opens an emergency access through the API', async () => {
      const input = {
        justification: 'Test de la console : personne trouvée en crise sur la voie publique, besoin du contact du référent',
        hours: 1,
      };
      try {
        return (await api.ask('maraude.autre-asso', OPEN_EMERGENCY, { input: { ...input, personId } })).openEmergencyAccess;
      } catch (error) {
        if (!error.codes?.includes('NOT_FOUND')) {
          throw error;
        }
        // no demo territory: a person the association follows
        const data = await api.ask('referent.asso', '{ caseload(first: 1) { edges { node { id } } } }', {}, { 'Passerelle-Purpose': 'SUPPORT' });
        personId = data.caseload.edges[0]?.node.id;
        assert(personId, 'no person to open an emergency access to (no demo territory, empty caseload of referent.asso)');
        return (await api.ask('maraude.autre-asso', OPEN_EMERGENCY, { input: { ...input, personId } })).openEmergencyAccess;
      }
    });
    assert(emergency.reviewStatus === 'PENDING', `the new emergency access is ${emergency.reviewStatus}`);
    await step('maraude.autre-asso consults the file under the emergency access (an access event)', async () => {
      const data = await api.ask('maraude.autre-asso', 'query ($id: ID!) { person(id: $id) { id firstName } }',
        { id: personId }, { 'Passerelle-Purpose': 'EMERGENCY' });
      assert(data.person?.id === personId, 'the emergency access does not open the file');
    });

    await step('File de revue: acknowledge the emergency access, see it through the API', async () => {
      await open(page, 'File de revue', () => page.getByRole('table', { name: /^Accès d'urgence en attente de revue/ }));
      const row = page.getByRole('table', { name: /^Accès d'urgence en attente de revue/ }).getByRole('row').filter({ hasText: emergency.id });
      await row.waitFor();
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'revue.png');
      const reviewed = operation(page, 'ReviewEmergencyAccess');
      await row.getByRole('button', { name: /^Prendre acte/ }).click();
      const body = await (await reviewed).json();
      assert(!body.errors, `reviewEmergencyAccess failed: ${JSON.stringify(body.errors)}`);
      await page.getByRole('status').filter({ hasText: 'Pris acte' }).waitFor();
      await row.waitFor({ state: 'detached' });
      const data = await api.ask('dpo', '{ emergencyAccesses(first: 500) { id reviewStatus reviewedBy } }');
      const access = data.emergencyAccesses.find((a) => a.id === emergency.id);
      assert(access, `emergencyAccesses does not list ${emergency.id}`);
      assert(access.reviewStatus === 'ACKNOWLEDGED', `the emergency access is ${access.reviewStatus}, not ACKNOWLEDGED`);
      assert(access.reviewedBy === 'dpo', `the emergency access was reviewed by ${access.reviewedBy}`);
    });

    await step("Journal des accès: pages, then the log's integrity", async () => {
      await open(page, 'Journal des accès', () => page.getByText(/au filtre — page 1\./));
      const next = page.getByRole('button', { name: 'Page suivante', exact: true });
      if (await next.isVisible()) {
        const paged = operation(page, 'AccessEvents');
        await next.click();
        await paged;
        await page.getByText(/au filtre — page 2\./).waitFor();
        await page.getByRole('button', { name: 'Première page', exact: true }).click();
        await page.getByText(/au filtre — page 1\./).waitFor();
      }
      const checked = operation(page, 'AccessLogIntegrity');
      await page.getByRole('button', { name: "Vérifier l'intégrité", exact: true }).click();
      await checked;
      const result = page.locator('#integrite');
      await result.filter({ hasText: /intacte|rompue/ }).waitFor();
      const text = (await result.textContent()).trim();
      assert(/intacte/.test(text) && !/rompue/.test(text), `the integrity check says: ${text}`);
      assert(!/ 0 événement/.test(text), `the integrity check checked no event: ${text}`);
      log(`integrity: ${text}`);
      await screenshot(page, 'journal.png');
    });

    await step('Personne: the access report', async () => {
      await open(page, 'Personne', () => page.getByRole('form', { name: "Explication d'accès" }));
      const reportForm = page.getByRole('form', { name: "Rapport d'accès" });
      await reportForm.getByLabel('Identifiant de la personne', { exact: true }).fill(personId);
      const reported = operation(page, 'AccessReport');
      await reportForm.getByRole('button', { name: "Afficher le rapport d'accès" }).click();
      await reported;
      await page.getByText('Rapport établi le', { exact: false }).waitFor();
      // the emergency access just opened is in the report; an empty period would say so
      await page.getByRole('table', { name: /^Rapport d'accès de la personne/ })
        .or(page.getByText("Aucune consultation ni aucun accès d'urgence sur la période.", { exact: true })).first().waitFor();
      await screenshot(page, 'personne.png');
    });

    await step('Conservation: a dry run', async () => {
      await open(page, 'Conservation');
      const ran = operation(page, 'RetentionDryRun');
      await page.getByRole('button', { name: 'Lancer la simulation', exact: true }).click();
      const body = await (await ran).json();
      assert(!body.errors, `retentionRun failed: ${JSON.stringify(body.errors)}`);
      assert(body.data.retentionRun.dryRun === true, 'the retention run was not a dry run');
      await page.getByText(/^Simulation \(aucune modification\)/).waitFor();
      await screenshot(page, 'conservation.png');
    });

    const alerts = await consoleAlert(page);
    assert(!alerts, `the console shows an error: ${alerts}`);

    await step('dpo logs out; admin logs in: the policy read-only, the directory kept', async () => {
      await logOut(page, config);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await logInOnKeycloak(page, config, 'admin', passwords['admin']);
      const nav = page.getByRole('navigation', { name: 'Sections de la console' });
      await nav.waitFor();
      for (const section of ['Journal des accès', 'File de revue', 'Personne', 'Conservation']) {
        assert(!(await nav.getByRole('link', { name: section, exact: true }).isVisible()), `admin sees the section ${section}`);
      }
      await open(page, "Politique d'accès", () => page.getByText('Lecture seule : seul le délégué à la protection des données modifie la politique.'));
      assert(!(await page.getByRole('button', { name: 'Enregistrer', exact: true }).isVisible()), 'admin may save the matrix');
      await open(page, 'Annuaire des partenaires', () => page.getByRole('button', { name: "Ajouter l'organisation", exact: true }));
      await screenshot(page, 'admin-annuaire.png');
    });

    await step('admin logs out; referent.asso logs in and is refused the console', async () => {
      await logOut(page, config);

      const before = graphqlRequests.length;
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await logInOnKeycloak(page, config, 'referent.asso', passwords['referent.asso']);
      const refusal = page.locator('#refus');
      await refusal.waitFor({ state: 'visible' });
      await page.getByRole('heading', { level: 2, name: 'Accès réservé' }).waitFor();
      const text = await refusal.textContent();
      assert(/réservée au délégué à la protection des données et aux administrateurs/.test(text), `the refusal says: ${text}`);
      assert(!(await page.getByRole('navigation', { name: 'Sections de la console' }).isVisible()), 'the refused user sees the navigation');
      await page.waitForTimeout(500);
      assert(graphqlRequests.length === before, `the console asked the API ${graphqlRequests.length - before} time(s) for a refused user`);
      await screenshot(page, 'refus.png');
    });

    await step('accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page', async () => {
      // a context of its own that lets axe-core be injected (the console's policy rightly
      // refuses any script but the hub's); the checks above ran under the policy
      const audit = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1440, height: 1000 }, bypassCSP: true });
      try {
        const auditPage = await audit.newPage();
        auditPage.setDefaultTimeout(TIMEOUT);
        const axe = await readFile(AXE, 'utf8');
        const violations = [];
        const check = async (where) => {
          await auditPage.addScriptTag({ content: axe });
          const result = await auditPage.evaluate(() => globalThis.axe.run(document,
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
          for (const violation of result.violations) {
            violations.push(`${where}: ${violation.id} (${violation.impact}) on ${violation.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          }
        };
        await auditPage.goto(`${HUB}/console/`);
        await logInOnKeycloak(auditPage, config, 'dpo', passwords.dpo);
        await auditPage.getByRole('navigation', { name: 'Sections de la console' }).waitFor();
        for (const section of ["Politique d'accès", 'Textes et modèles de consentement', 'Annuaire des partenaires',
          'Journal des accès', 'File de revue', 'Personne', 'Conservation']) {
          await open(auditPage, section);
          await check(section);
        }
        assert(violations.length === 0, `axe-core reports:\n  ${violations.join('\n  ')}`);
      } finally {
        await audit.close();
      }
    });

    assert(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
  } catch (error) {
    const alert = await consoleAlert(page);
    if (SCREENSHOTS) {
      await page.screenshot({ path: join(SCREENSHOTS, 'echec.png'), fullPage: true }).catch(() => {});
    }
    if (problems.length) {
      log(`problems seen in the page:\n  ${problems.join('\n  ')}`);
    }
    error.message = `${error.message}${alert ? `\n  the console's alert area says: ${alert}` : ''}\n  page: ${page.url()}`;
    throw error;
  } finally {
    if (policyTouched) {
      // the test leaves the policy as it found it, whatever failed
      try {
        if (await effectNow() !== effectBefore) {
          await api.ask('dpo', UPDATE_POLICY, {
            changes: [{ ...CELL, effect: effectBefore }],
            reason: "Retour à l'état initial après l'échec du test de la console",
          });
          log(`policy cell ${CELL_LABEL} restored to ${effectBefore} through the API`);
        }
      } catch (restoreError) {
        log(`could not restore the policy cell ${CELL_LABEL} to ${effectBefore}: ${restoreError.message}`);
      }
    }
    await browser.close();
  }
}

main().then(() => {
  log('all console checks passed');
  process.exit(0);
}, (error) => {
  console.error(`[console-tests] ✗ failed at step: ${currentStep}\n  ${error.stack ?? error}`);
  process.exit(1);
});
