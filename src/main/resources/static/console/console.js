// The privacy officer's console: plain JavaScript (an ES module, no build step, no dependency).
// Logs in with Keycloak (authorization code + PKCE, public client), keeps its tokens in
// sessionStorage only, and talks to the hub's GraphQL API with a bearer token. Everything the
// page shows is built with createElement/textContent: no data ever goes through innerHTML.

// ---------------------------------------------------------------------------------------------
// Vocabulary: the schema's enums (schema/*.graphqls) and their French labels
// ---------------------------------------------------------------------------------------------

const ENUMS = {
  OrganizationType: {
    STATE: 'État',
    DEPARTMENT: 'Département',
    CAF: 'CAF',
    LANDLORD: 'Bailleur',
    ASSOCIATION: 'Association',
    SIAO: 'SIAO',
    METROPOLE: 'Métropole',
  },
  Role: {
    CASE_WORKER: 'Travailleur social',
    COORDINATOR: 'Coordination',
    AGENT: 'Agent',
    ANALYST: 'Analyste',
    PRIVACY_OFFICER: 'Délégué à la protection des données',
    ADMIN: 'Administrateur',
    EMERGENCY_ACCESS: "Accès d'urgence",
  },
  DataCategory: {
    IDENTITY: 'Identité',
    CONTACT: 'Coordonnées',
    HOUSEHOLD: 'Ménage',
    RESIDENTIAL_SITUATION: 'Situation résidentielle',
    HOUSING_WISHES: 'Souhaits de logement',
    NEEDS_ASSESSMENT: 'Évaluation des besoins',
    SUPPORT_MEASURES: "Mesures d'accompagnement",
    SUPPORT_NOTES: "Notes d'accompagnement",
    HOUSING_APPLICATION: 'Demande de logement',
    TENANCY: 'Bail',
    RESOURCES: 'Ressources',
    RENT_ARREARS: 'Impayés de loyer',
    HEALTH: 'Santé',
    JUSTICE: 'Justice',
    VIOLENCE: 'Violences',
    CONSENTS: 'Consentements',
  },
  Purpose: {
    SUPPORT: 'Accompagnement',
    HOUSING_ALLOCATION: 'Attribution de logement',
    EVICTION_PREVENTION: 'Prévention des expulsions',
    BENEFITS: 'Prestations',
    COORDINATION: 'Coordination',
    STATISTICS: 'Statistiques',
    EMERGENCY: 'Urgence',
  },
  PolicyEffect: {
    DENY: 'Refus',
    CONSENT_REQUIRED: 'Consentement requis',
    MISSION: 'Mission',
  },
  ReviewStatus: {
    PENDING: 'En attente',
    ACKNOWLEDGED: 'Pris acte',
    FLAGGED: 'Signalé',
  },
  ProvisionType: {
    PERMIT: 'Autoriser',
    DENY: 'Refuser',
  },
  ElementBasis: {
    CONSENT: 'consentement',
    MISSION: 'mission',
    PRIVACY_OFFICE: 'délégué à la protection des données',
  },
  Reason: {
    MISSION: 'Mission',
    CONSENT: 'Consentement',
    POLICY: 'Politique',
    NO_CONSENT: 'Pas de consentement',
    CONSENT_REFUSED: 'Consentement refusé',
    SENSITIVE_NEEDS_NAMED_CONSENT: 'Donnée sensible : consentement nominatif requis',
    NOT_REACHED: 'Personne non atteinte',
    INVALID_PURPOSE: 'Finalité invalide',
    PURPOSE_NOT_ALLOWED: 'Finalité non autorisée',
  },
  AccessReportEntryKind: {
    CONSULTATION: 'Consultation',
    EMERGENCY_ACCESS: "Accès d'urgence",
  },
  PolicySetting: {
    DEFAULT_PURPOSE: 'Finalité par défaut',
    OWN_RECORDS: 'Propres enregistrements',
  },
};

const SENSITIVE = ['HEALTH', 'JUSTICE', 'VIOLENCE'];

/** The French label of an enum value (the value itself if unknown). */
function label(kind, value) {
  if (value == null) {
    return '—';
  }
  return ENUMS[kind]?.[value] ?? String(value);
}

const values = (kind) => Object.keys(ENUMS[kind]);

// ---------------------------------------------------------------------------------------------
// The GraphQL documents: one thing per request
// ---------------------------------------------------------------------------------------------

const Q = {
  policyRules: `query PolicyMatrix($organizationType: OrganizationType!, $purpose: Purpose!) {
  policyRules(organizationType: $organizationType, purpose: $purpose) { role category effect }
}`,
  policyChanges: `query PolicyHistory {
  policyChanges(first: 50) { version organizationType role category purpose previousEffect effect changedBy changedAt reason }
}`,
  updatePolicy: `mutation UpdatePolicy($changes: [PolicyChangeInput!]!, $reason: String!) {
  updatePolicy(changes: $changes, reason: $reason) { version changes { category } }
}`,
  writeRules: `query WritePolicy {
  writeRules { organizationType category }
}`,
  writePolicyChanges: `query WritePolicyHistory {
  writePolicyChanges(first: 50) { version organizationType category previouslyAllowed allowed changedBy changedAt reason }
}`,
  defaultPurposes: `query DefaultPurposes {
  defaultPurposes { organizationType role purpose }
}`,
  ownRecordsRules: `query OwnRecordsRules {
  ownRecordsRules { organizationType category }
}`,
  policySettingChanges: `query PolicySettingHistory {
  policySettingChanges(first: 50) { version setting organizationType role category previousValue value changedBy changedAt reason }
}`,
  updateDefaultPurposes: `mutation UpdateDefaultPurposes($changes: [DefaultPurposeInput!]!, $reason: String!) {
  updateDefaultPurposes(changes: $changes, reason: $reason) { version }
}`,
  updateOwnRecordsRules: `mutation UpdateOwnRecordsRules($changes: [OwnRecordsRuleInput!]!, $reason: String!) {
  updateOwnRecordsRules(changes: $changes, reason: $reason) { version }
}`,
  consentTexts: `query ConsentTexts {
  consentTexts(includeRetired: true) { id language version body sha256 effectiveFrom publishedAt publishedBy retiredAt }
}`,
  publishConsentText: `mutation PublishConsentText($input: PublishConsentTextInput!) {
  publishConsentText(input: $input) { id language version sha256 }
}`,
  retireConsentText: `mutation RetireConsentText($id: ID!) {
  retireConsentText(id: $id) { id language version retiredAt }
}`,
  consentScopes: `query ConsentScopes {
  consentScopes(allVersions: true) {
    id name version description publishedAt publishedBy activeConsents
    provisions {
      type categories purposes recipientOrganizationId recipientOrganizationType periodStart periodEnd
      provisions { type categories purposes recipientOrganizationId recipientOrganizationType periodStart periodEnd }
    }
  }
}`,
  publishConsentScope: `mutation PublishConsentScope($input: PublishConsentScopeInput!) {
  publishConsentScope(input: $input) { id name version }
}`,
  partnerDirectory: `query PartnerDirectory {
  partnerDirectory(includeInactive: true) { id name type territory sensitive sensitiveCategory active version reason changedBy changedAt }
}`,
  directoryHistory: `query DirectoryHistory($organizationId: ID!) {
  directoryHistory(organizationId: $organizationId) { version name sensitiveCategory active reason changedBy changedAt }
}`,
  createOrganization: `mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name version }
}`,
  changeOrganization: `mutation ChangeOrganization($input: ChangeOrganizationInput!) {
  changeOrganization(input: $input) { id name version }
}`,
  accessEvents: `query AccessEvents($filter: AccessEventFilter, $first: Int, $after: String) {
  accessEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      seq occurredAt username organization { name } purpose operation
      persons { personId disclosed { category basis consentId rule } refused { category reason } }
    } }
  }
}`,
  accessLogIntegrity: `query AccessLogIntegrity {
  accessLogIntegrity { intact checkedEvents firstBroken problem checkedAt }
}`,
  reviewQueue: `query ReviewQueue {
  reviewQueue(first: 500) {
    emergencyAccesses { id personId username organization { name } justification openedAt expiresAt reviewStatus }
    delegations { id delegator delegate roles reason startsAt endsAt revokedAt reviewStatus }
  }
}`,
  reviewEmergencyAccess: `mutation ReviewEmergencyAccess($id: ID!, $status: ReviewStatus!, $comment: String) {
  reviewEmergencyAccess(id: $id, status: $status, comment: $comment) { id reviewStatus reviewedBy }
}`,
  reviewDelegation: `mutation ReviewDelegation($id: ID!, $status: ReviewStatus!, $comment: String) {
  reviewDelegation(id: $id, status: $status, comment: $comment) { id reviewStatus reviewedBy }
}`,
  accessReport: `query AccessReport($personId: ID!, $from: DateTime, $to: DateTime) {
  accessReport(personId: $personId, from: $from, to: $to) {
    personId generatedAt from to
    entries { kind organization { name type } occurredAt purpose operation categories until }
  }
}`,
  accessExplanation: `query AccessExplanation($personId: ID!, $purpose: Purpose, $as: ExplainedViewerInput) {
  accessExplanation(personId: $personId, purpose: $purpose, as: $as) { category permitted reason cap consentId provisionId }
}`,
  consentReceipt: `query ConsentReceipt($consentId: ID!) {
  consentReceipt(consentId: $consentId) { consentId json sha256 }
}`,
  retentionRun: `mutation RetentionDryRun {
  retentionRun(dryRun: true) {
    dryRun ranAt defaultPeriod cutoff
    persons { personId lastActivityAt fields { table field rows } members { personId } keptMembers }
    categories { category period cutoff elements { table ids } fields { table field rows } }
  }
}`,
};

// ---------------------------------------------------------------------------------------------
// DOM helpers (no innerHTML)
// ---------------------------------------------------------------------------------------------

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * An element with attributes and children; strings become text nodes. `on*` attributes are
 * event listeners (added with addEventListener: no inline handler reaches the DOM).
 */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A visible text followed by words only screen readers read (to tell identical buttons apart). */
function withHidden(visible, hidden) {
  return [visible, el('span', { class: 'sr-only' }, ` ${hidden}`)];
}

function options(select, kind, { empty, selected, exclude = [] } = {}) {
  select.replaceChildren();
  if (empty != null) {
    select.append(el('option', { value: '' }, empty));
  }
  for (const value of values(kind)) {
    if (!exclude.includes(value)) {
      select.append(el('option', { value, selected: value === selected }, label(kind, value)));
    }
  }
}

/**
 * A table with its caption, column headers and, in the first column, row headers.
 * Cells are strings, nodes or arrays of them; null shows a dash.
 */
function dataTable(caption, headers, rows, { rowHeaders = true, className, wide = false } = {}) {
  const table = el('table', { class: className }, el('caption', {}, caption));
  table.append(el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))));
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr', row.attributes ?? {});
    const cells = row.cells ?? row;
    cells.forEach((cell, i) => {
      const header = rowHeaders && i === 0;
      const content = cell == null || cell === '' ? '—' : cell;
      if (content instanceof Node && (content.tagName === 'TD' || content.tagName === 'TH')) {
        tr.append(content);
      } else {
        tr.append(el(header ? 'th' : 'td', header ? { scope: 'row' } : {}, content));
      }
    });
    body.append(tr);
  }
  table.append(body);
  // a wide table scrolls on its own, and a keyboard user can scroll it too
  return wide
    ? el('div', { class: 'defilement', role: 'region', 'aria-label': caption, tabindex: '0' }, table)
    : el('div', { class: 'defilement' }, table);
}

function emptyNote(text) {
  return el('p', { class: 'vide' }, text);
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' });

function dateTime(value) {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? String(value)
    : el('time', { datetime: value }, dateTimeFormat.format(date));
}

function date(value) {
  if (!value) {
    return '—';
  }
  const [y, m, d] = String(value).split('-');
  return d ? el('time', { datetime: value }, `${d}/${m}/${y}`) : String(value);
}

function number(n) {
  return new Intl.NumberFormat('fr-FR').format(n);
}

function code(text) {
  return el('code', {}, text);
}

function plural(n, one, many) {
  return `${number(n)} ${n === 1 || n === 0 ? one : many}`;
}

/** A datetime-local input's value as an ISO instant, or null. */
function instant(input) {
  const value = input.value.trim();
  if (!value) {
    return null;
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new InputError(input, `La date « ${value} » n'est pas valide.`);
  }
  return d.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Messages: errors in the alert area (role="alert"), progress in the status area (aria-live)
// ---------------------------------------------------------------------------------------------

class InputError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

class GraphQlError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join(' ; '));
    this.errors = errors;
  }
}

class SessionEnded extends Error {}

function announce(text) {
  $('#statut').textContent = text ?? '';
}

function clearMessages() {
  $('#erreurs').replaceChildren();
  for (const field of $$('[aria-invalid="true"]')) {
    field.removeAttribute('aria-invalid');
  }
}

function showErrors(title, errors) {
  const area = $('#erreurs');
  area.replaceChildren(
    el('p', {}, title),
    el('ul', {}, errors.map((e) => {
      const extensions = e.extensions ?? {};
      return el('li', {},
        extensions.code ? [code(extensions.code), ' — '] : null,
        e.message ?? 'Erreur inconnue',
        extensions.field ? [' (champ : ', code(extensions.field), ')'] : null);
    })));
}

function fail(error) {
  announce('');
  if (error instanceof SessionEnded) {
    showLogin(error.message || 'Votre session a pris fin : reconnectez-vous.');
  } else if (error instanceof GraphQlError) {
    showErrors('Le hub a refusé la demande :', error.errors);
  } else if (error instanceof InputError) {
    showErrors('Le formulaire est incomplet :', [{ message: error.message }]);
    if (error.field) {
      error.field.setAttribute('aria-invalid', 'true');
      error.field.focus();
    }
  } else {
    showErrors('Une erreur est survenue :', [{ message: error?.message ?? String(error) }]);
    console.error(error);
  }
}

/** Runs an action: messages cleared first, the section busy meanwhile, any failure shown. */
async function act(section, action) {
  clearMessages();
  announce('');
  const node = section ? $(`#${section}`) : null;
  node?.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch (error) {
    fail(error);
    return undefined;
  } finally {
    node?.removeAttribute('aria-busy');
  }
}

function requireText(field, min, max, message) {
  const value = field.value.trim();
  if (value.length < min || value.length > max) {
    throw new InputError(field, message);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Login: OpenID Connect authorization code with PKCE (S256), public client
// ---------------------------------------------------------------------------------------------

const SESSION = 'passerelle.console.session';
const PENDING = 'passerelle.console.login';
const LOGGED_OUT = 'passerelle.console.loggedOut';

function base64url(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function codeChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT (read, not verified: the hub verifies every token it receives). */
function claims(token) {
  const part = token.split('.')[1] ?? '';
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

class Auth {
  constructor(config) {
    this.config = config;
    this.issuer = config.issuer.replace(/\/+$/, '');
    this.redirectUri = `${location.origin}/console/`;
    this.refreshing = null;
    this.timer = null;
  }

  endpoint(name) {
    return `${this.issuer}/protocol/openid-connect/${name}`;
  }

  get session() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION) ?? 'null');
    } catch {
      return null;
    }
  }

  /** Off to Keycloak's login page; it sends the user back to /console/ with a code. */
  async login() {
    const verifier = randomString(48);
    const state = randomString(24);
    const nonce = randomString(24);
    sessionStorage.removeItem(LOGGED_OUT);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, hash: location.hash }));
    const url = new URL(this.endpoint('auth'));
    url.search = new URLSearchParams({
      client_id: this.config.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: this.redirectUri,
      state,
      nonce,
      code_challenge: await codeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
  }

  /** Back from Keycloak: checks the state, exchanges the code, then cleans the URL. */
  async callback(params) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
    sessionStorage.removeItem(PENDING);
    try {
      if (params.has('error')) {
        throw new SessionEnded(`Keycloak n'a pas connecté l'utilisateur : ${params.get('error_description') ?? params.get('error')}.`);
      }
      if (!pending || !params.get('state') || params.get('state') !== pending.state) {
        throw new SessionEnded("La réponse de connexion ne correspond à aucune demande de cette page (paramètre state) : reconnectez-vous.");
      }
      if (params.has('iss') && params.get('iss').replace(/\/+$/, '') !== this.issuer) {
        throw new SessionEnded("La réponse de connexion ne vient pas du serveur d'identité attendu.");
      }
      const tokens = await this.tokenRequest({
        grant_type: 'authorization_code',
        code: params.get('code'),
        redirect_uri: this.redirectUri,
        client_id: this.config.clientId,
        code_verifier: pending.verifier,
      });
      if (tokens.id_token && claims(tokens.id_token).nonce !== pending.nonce) {
        throw new SessionEnded("Le jeton d'identité ne correspond pas à la demande de connexion : reconnectez-vous.");
      }
      this.save(tokens);
    } finally {
      // the code is used once, and the state with it: neither stays in the address bar nor in the history
      history.replaceState(null, '', location.pathname + (pending?.hash ?? ''));
    }
  }

  async tokenRequest(form) {
    let response;
    try {
      response = await fetch(this.endpoint('token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
        credentials: 'omit',
      });
    } catch (error) {
      throw new SessionEnded(`Le serveur d'identité ne répond pas (${error.message}).`);
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok || !body.access_token) {
      throw new SessionEnded(`Le serveur d'identité a refusé la demande de jeton : ${body.error_description ?? body.error ?? response.status}.`);
    }
    return body;
  }

  save(tokens) {
    const previous = this.session ?? {};
    const now = Date.now();
    const session = {
      access: tokens.access_token,
      refresh: tokens.refresh_token ?? previous.refresh ?? null,
      id: tokens.id_token ?? previous.id ?? null,
      expiresAt: now + (tokens.expires_in ?? 60) * 1000,
      refreshExpiresAt: tokens.refresh_expires_in ? now + tokens.refresh_expires_in * 1000 : null,
    };
    sessionStorage.setItem(SESSION, JSON.stringify(session));
    this.schedule(session);
  }

  /** Refresh the access token 30 seconds before it expires. */
  schedule(session) {
    clearTimeout(this.timer);
    if (!session.refresh) {
      return;
    }
    const delay = Math.max(5000, session.expiresAt - Date.now() - 30000);
    this.timer = setTimeout(() => {
      this.refresh().catch((error) => fail(error));
    }, delay);
  }

  refresh() {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const session = this.session;
        if (!session?.refresh || (session.refreshExpiresAt && session.refreshExpiresAt <= Date.now())) {
          this.clear();
          throw new SessionEnded('Votre session a expiré : reconnectez-vous.');
        }
        try {
          this.save(await this.tokenRequest({
            grant_type: 'refresh_token',
            refresh_token: session.refresh,
            client_id: this.config.clientId,
          }));
        } catch (error) {
          this.clear();
          throw new SessionEnded(`Votre session a expiré : reconnectez-vous. ${error.message}`);
        }
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** A valid access token, refreshed first if it expires within 20 seconds. */
  async accessToken() {
    const session = this.session;
    if (!session?.access) {
      throw new SessionEnded('Vous n’êtes pas connecté.');
    }
    if (session.expiresAt - Date.now() < 20000) {
      await this.refresh();
      return this.session.access;
    }
    return session.access;
  }

  clear() {
    clearTimeout(this.timer);
    sessionStorage.removeItem(SESSION);
  }

  /** Keycloak's end-session endpoint ends the single sign-on too, then sends the user back here. */
  logout() {
    const idToken = this.session?.id;
    this.clear();
    sessionStorage.setItem(LOGGED_OUT, 'true');
    const url = new URL(this.endpoint('logout'));
    const params = new URLSearchParams({
      client_id: this.config.clientId,
      post_logout_redirect_uri: this.redirectUri,
    });
    if (idToken) {
      params.set('id_token_hint', idToken);
    }
    url.search = params.toString();
    location.assign(url.toString());
  }
}

// ---------------------------------------------------------------------------------------------
// GraphQL over HTTP
// ---------------------------------------------------------------------------------------------

let auth;
let config;

async function gql(query, variables = {}, retried = false) {
  const token = await auth.accessToken();
  let response;
  try {
    response = await fetch(config.graphql, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    throw new GraphQlError([{ message: `Le hub ne répond pas (${error.message}).`, extensions: { code: 'NETWORK' } }]);
  }
  if (response.status === 401 && !retried) {
    // the token may have expired in between: one refresh, one retry
    await auth.refresh();
    return gql(query, variables, true);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQlError([{ message: `Réponse illisible du hub (HTTP ${response.status}).`, extensions: { code: `HTTP_${response.status}` } }]);
  }
  if (body.errors?.length) {
    throw new GraphQlError(body.errors);
  }
  if (!response.ok || !body.data) {
    throw new GraphQlError([{ message: `Le hub a répondu HTTP ${response.status}.`, extensions: { code: `HTTP_${response.status}` } }]);
  }
  return body.data;
}

// ---------------------------------------------------------------------------------------------
// Who the user is, and what the console shows them
// ---------------------------------------------------------------------------------------------

const SECTIONS = {
  politique: { title: "Politique d'accès", admin: true, load: loadPolicy },
  textes: { title: 'Textes et modèles de consentement', admin: true, load: loadConsentRegistry },
  annuaire: { title: 'Annuaire des partenaires', admin: true, load: loadDirectory },
  journal: { title: 'Journal des accès', admin: false, load: openJournal },
  revue: { title: 'File de revue', admin: false, load: loadReviewQueue },
  personne: { title: 'Personne', admin: false, load: loadPersonSection },
  conservation: { title: 'Conservation', admin: false, load: loadRetention },
};

const viewer = { username: '', officer: false, admin: false };
let allowed = [];
let current = null;

function showOnly(id) {
  for (const section of $$('main > section')) {
    section.hidden = section.id !== id;
  }
}

function showLogin(message) {
  $('#navigation').hidden = true;
  $('#session').hidden = true;
  showOnly('accueil');
  $('#accueil-message').textContent = message;
  const button = $('#connexion');
  button.hidden = false;
  document.title = 'Connexion — Console de protection des données — Passerelle';
  button.focus();
}

function showRefusal() {
  $('#navigation').hidden = true;
  $('#refus-utilisateur').textContent = viewer.username;
  showOnly('refus');
  document.title = 'Accès réservé — Console de protection des données — Passerelle';
  $('#refus-titre').focus();
}

/**
 * Shows the section the address names. Focus moves to its heading when the user navigates; on
 * the first page load it stays at the top of the page, where the skip link is.
 */
function route(navigated = false) {
  const id = location.hash.replace(/^#/, '');
  if (allowed.includes(id)) {
    show(id, navigated);
  } else if (SECTIONS[id] || !current) {
    // a section this user may not open, or none yet: the first they may
    history.replaceState(null, '', `#${allowed[0]}`);
    show(allowed[0], navigated);
  }
  // any other anchor (the skip link's #contenu) leaves the section as it is
}

function show(id, navigated) {
  current = id;
  clearMessages();
  announce('');
  showOnly(id);
  for (const link of $$('#navigation a')) {
    if (link.dataset.section === id) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = `${SECTIONS[id].title} — Console de protection des données — Passerelle`;
  if (navigated) {
    $(`#${id}-titre`).focus();
  }
  act(id, () => SECTIONS[id].load());
}

function setUpViewer() {
  const token = auth.session.access;
  const payload = claims(token);
  const roles = payload.realm_access?.roles ?? [];
  viewer.username = payload.preferred_username ?? payload.sub ?? '';
  viewer.officer = roles.includes('privacy-officer');
  viewer.admin = !viewer.officer && roles.includes('admin');
  $('#utilisateur').textContent = viewer.username;
  $('#profil').textContent = viewer.officer
    ? 'Délégué à la protection des données'
    : viewer.admin ? 'Administrateur' : 'Sans accès à la console';
  $('#session').hidden = false;
  for (const node of $$('[data-officer]')) {
    node.hidden = !viewer.officer;
  }
  for (const node of $$('[data-admin]')) {
    node.hidden = !viewer.admin;
  }
}

// ---------------------------------------------------------------------------------------------
// Politique d'accès
// ---------------------------------------------------------------------------------------------

const matrix = { type: null, purpose: null };

async function loadPolicy() {
  await loadMatrix();
  await loadPolicyHistory();
  await loadWritePolicy();
  await loadDefaultPurposes();
  await loadOwnRecords();
  await loadSettingHistory();
}

function pendingCells() {
  return $$('#matrice-grille select').filter((s) => s.value !== s.dataset.original);
}

async function loadMatrix() {
  const type = $('#matrice-type').value;
  const purpose = $('#matrice-finalite').value;
  const data = await gql(Q.policyRules, { organizationType: type, purpose });
  matrix.type = type;
  matrix.purpose = purpose;
  const effects = new Map(data.policyRules.map((r) => [`${r.role}/${r.category}`, r.effect]));
  const categories = values('DataCategory');
  const rows = values('Role').map((role) => [
    label('Role', role),
    ...categories.map((category) => matrixCell(type, role, category, purpose, effects.get(`${role}/${category}`) ?? 'DENY')),
  ]);
  $('#matrice-grille').replaceChildren(dataTable(
    `Matrice d'accès — ${label('OrganizationType', type)} · ${label('Purpose', purpose)} (rôles en lignes, catégories en colonnes)`,
    ['Rôle', ...categories.map((c) => label('DataCategory', c))],
    rows,
    { className: 'matrice', wide: true }));
  updatePendingCount();
}

function matrixCell(type, role, category, purpose, effect) {
  const cell = el('td', { class: `effet-${effect}` });
  if (!viewer.officer) {
    return append(cell, label('PolicyEffect', effect));
  }
  const id = `cellule-${role}-${category}`;
  const select = el('select', { id, dataset: { role, category, original: effect } });
  for (const value of values('PolicyEffect')) {
    const forbidden = value === 'MISSION' && SENSITIVE.includes(category) && effect !== 'MISSION';
    select.append(el('option', { value, selected: value === effect, disabled: forbidden }, label('PolicyEffect', value)));
  }
  select.addEventListener('change', () => {
    cell.className = `effet-${select.value}`;
    cell.classList.toggle('modifiee', select.value !== select.dataset.original);
    updatePendingCount();
  });
  return append(cell, [el('label', { for: id, class: 'sr-only' }, `${type} · ${role} · ${category} · ${purpose}`), select]);
}

function updatePendingCount() {
  const n = pendingCells().length;
  $('#matrice-compte').textContent = n === 0 ? 'Aucune cellule modifiée.' : `${plural(n, 'cellule modifiée', 'cellules modifiées')}, pas encore enregistrée${n > 1 ? 's' : ''}.`;
}

async function saveMatrix() {
  const changed = pendingCells();
  if (changed.length === 0) {
    throw new InputError(null, "Aucune cellule n'a été modifiée : rien à enregistrer.");
  }
  const reason = requireText($('#matrice-motif'), 3, 1000, 'Le motif est obligatoire (3 à 1 000 caractères).');
  const changes = changed.map((s) => ({
    organizationType: matrix.type,
    role: s.dataset.role,
    category: s.dataset.category,
    purpose: matrix.purpose,
    effect: s.value,
  }));
  const data = await gql(Q.updatePolicy, { changes, reason });
  $('#matrice-motif').value = '';
  await loadMatrix();
  await loadPolicyHistory();
  announce(`Matrice enregistrée : version ${data.updatePolicy.version}, ${plural(data.updatePolicy.changes.length, 'cellule modifiée', 'cellules modifiées')}.`);
}

async function loadPolicyHistory() {
  const { policyChanges } = await gql(Q.policyChanges);
  $('#matrice-historique').replaceChildren(policyChanges.length === 0
    ? emptyNote('Aucun changement de la matrice.')
    : dataTable('Historique de la matrice (50 derniers changements, du plus récent au plus ancien)',
      ['Version', 'Date', 'Par', "Type d'organisation", 'Rôle', 'Catégorie', 'Finalité', 'Avant', 'Après', 'Motif'],
      policyChanges.map((c) => [String(c.version), dateTime(c.changedAt), c.changedBy, label('OrganizationType', c.organizationType),
        label('Role', c.role), label('DataCategory', c.category), label('Purpose', c.purpose),
        label('PolicyEffect', c.previousEffect), label('PolicyEffect', c.effect), c.reason]),
      { wide: true }));
}

async function loadWritePolicy() {
  const { writeRules } = await gql(Q.writeRules);
  const allowedCells = new Set(writeRules.map((r) => `${r.organizationType}/${r.category}`));
  const categories = values('DataCategory');
  $('#ecriture-regles').replaceChildren(dataTable(
    "Politique d'écriture (types d'organisation en lignes, catégories en colonnes ; Oui : peut enregistrer)",
    ["Type d'organisation", ...categories.map((c) => label('DataCategory', c))],
    values('OrganizationType').map((type) => [label('OrganizationType', type),
      ...categories.map((c) => (allowedCells.has(`${type}/${c}`) ? 'Oui' : 'Non'))]),
    { className: 'matrice', wide: true }));
  const { writePolicyChanges } = await gql(Q.writePolicyChanges);
  $('#ecriture-historique').replaceChildren(writePolicyChanges.length === 0
    ? emptyNote("Aucun changement de la politique d'écriture.")
    : dataTable("Historique de la politique d'écriture (50 derniers changements)",
      ['Version', 'Date', 'Par', "Type d'organisation", 'Catégorie', 'Avant', 'Après', 'Motif'],
      writePolicyChanges.map((c) => [String(c.version), dateTime(c.changedAt), c.changedBy, label('OrganizationType', c.organizationType),
        label('DataCategory', c.category), c.previouslyAllowed ? 'Autorisé' : 'Interdit', c.allowed ? 'Autorisé' : 'Interdit', c.reason])));
}

async function loadDefaultPurposes() {
  const { defaultPurposes } = await gql(Q.defaultPurposes);
  $('#defauts-liste').replaceChildren(defaultPurposes.length === 0
    ? emptyNote('Aucune finalité par défaut : chaque requête déclare la sienne.')
    : dataTable('Finalités par défaut', ["Type d'organisation", 'Rôle', 'Finalité par défaut'],
      defaultPurposes.map((d) => [label('OrganizationType', d.organizationType), label('Role', d.role), label('Purpose', d.purpose)])));
}

async function loadOwnRecords() {
  const { ownRecordsRules } = await gql(Q.ownRecordsRules);
  $('#propres-liste').replaceChildren(ownRecordsRules.length === 0
    ? emptyNote('Aucune règle « propres enregistrements ».')
    : dataTable('Règles « propres enregistrements »', ["Type d'organisation", 'Catégorie'],
      ownRecordsRules.map((r) => [label('OrganizationType', r.organizationType), label('DataCategory', r.category)])));
}

function settingValue(change, value) {
  if (value == null) {
    return change.setting === 'DEFAULT_PURPOSE' ? 'aucune' : '—';
  }
  if (change.setting === 'OWN_RECORDS') {
    return value === 'true' ? 'Règle en vigueur' : 'Pas de règle';
  }
  return label('Purpose', value);
}

async function loadSettingHistory() {
  const { policySettingChanges } = await gql(Q.policySettingChanges);
  $('#reglages-historique').replaceChildren(policySettingChanges.length === 0
    ? emptyNote('Aucun changement.')
    : dataTable('Historique des finalités par défaut et des règles (50 derniers changements)',
      ['Version', 'Date', 'Par', 'Réglage', "Type d'organisation", 'Rôle ou catégorie', 'Avant', 'Après', 'Motif'],
      policySettingChanges.map((c) => [String(c.version), dateTime(c.changedAt), c.changedBy, label('PolicySetting', c.setting),
        label('OrganizationType', c.organizationType), c.role ? label('Role', c.role) : label('DataCategory', c.category),
        settingValue(c, c.previousValue), settingValue(c, c.value), c.reason])));
}

async function saveDefaultPurpose() {
  const reason = requireText($('#defaut-motif'), 3, 1000, 'Le motif est obligatoire (3 à 1 000 caractères).');
  const purpose = $('#defaut-finalite').value || null;
  const change = { organizationType: $('#defaut-type').value, role: $('#defaut-role').value, purpose };
  const data = await gql(Q.updateDefaultPurposes, { changes: [change], reason });
  $('#defaut-motif').value = '';
  await loadDefaultPurposes();
  await loadSettingHistory();
  announce(`Finalité par défaut enregistrée (version ${data.updateDefaultPurposes.version}).`);
}

async function saveOwnRecords() {
  const reason = requireText($('#propres-motif'), 3, 1000, 'Le motif est obligatoire (3 à 1 000 caractères).');
  const change = {
    organizationType: $('#propres-type').value,
    category: $('#propres-categorie').value,
    ownRecordsOnly: $('#propres-regle').value === 'true',
  };
  const data = await gql(Q.updateOwnRecordsRules, { changes: [change], reason });
  $('#propres-motif').value = '';
  await loadOwnRecords();
  await loadSettingHistory();
  announce(`Règle enregistrée (version ${data.updateOwnRecordsRules.version}).`);
}

// ---------------------------------------------------------------------------------------------
// Textes et modèles de consentement
// ---------------------------------------------------------------------------------------------

let organizations = [];

async function loadOrganizations() {
  const { partnerDirectory } = await gql(Q.partnerDirectory);
  organizations = partnerDirectory;
  return partnerDirectory;
}

function organizationName(id) {
  const organization = organizations.find((o) => o.id === id);
  return organization ? organization.name : id;
}

async function loadConsentRegistry() {
  await loadOrganizations();
  await loadConsentTexts();
  await loadConsentScopes();
  if (viewer.officer && $$('#dispositions fieldset').length === 0) {
    addProvision();
  } else {
    refreshRecipientOptions();
  }
}

async function loadConsentTexts() {
  const { consentTexts } = await gql(Q.consentTexts);
  const headers = ['Langue et version', 'Applicable à partir du', 'Publié', 'Empreinte SHA-256', 'État', 'Texte'];
  if (viewer.officer) {
    headers.push('Action');
  }
  $('#textes-liste').replaceChildren(consentTexts.length === 0
    ? emptyNote('Aucun texte publié.')
    : dataTable('Textes de consentement publiés (retirés compris)', headers, consentTexts.map((t) => {
      const name = `${t.language} ${t.version}`;
      const cells = [
        name,
        date(t.effectiveFrom),
        [dateTime(t.publishedAt), ' par ', t.publishedBy],
        code(t.sha256),
        t.retiredAt ? ['Retiré le ', dateTime(t.retiredAt)] : 'En vigueur',
        el('details', {}, el('summary', {}, withHidden('Lire le texte', name)), el('pre', {}, t.body)),
      ];
      if (viewer.officer) {
        cells.push(t.retiredAt ? '—' : el('button', {
          type: 'button',
          class: 'secondaire petit',
          onclick: () => act('textes', () => retireText(t)),
        }, withHidden('Retirer', `le texte ${name}`)));
      }
      return cells;
    })));
}

async function retireText(text) {
  // eslint-disable-next-line no-alert
  if (!window.confirm(`Retirer le texte ${text.language} ${text.version} ? Aucun nouveau consentement ne pourra plus être recueilli sur ce texte.`)) {
    return;
  }
  await gql(Q.retireConsentText, { id: text.id });
  await loadConsentTexts();
  announce(`Texte ${text.language} ${text.version} retiré.`);
}

async function publishText() {
  const language = requireText($('#texte-langue'), 2, 2, 'La langue est un code de deux lettres (fr, en, ar…).');
  const version = requireText($('#texte-version'), 1, 50, 'La version est obligatoire (1 à 50 caractères).');
  const effective = $('#texte-effet');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effective.value)) {
    throw new InputError(effective, "La date d'application est obligatoire.");
  }
  const body = $('#texte-corps');
  if (body.value.trim().length === 0 || body.value.length > 20000) {
    throw new InputError(body, 'Le texte est obligatoire (au plus 20 000 caractères).');
  }
  const data = await gql(Q.publishConsentText, {
    input: { language, version, body: body.value, effectiveFrom: effective.value },
  });
  for (const field of [$('#texte-version'), effective, body]) {
    field.value = '';
  }
  await loadConsentTexts();
  announce(`Texte ${data.publishConsentText.language} ${data.publishConsentText.version} publié (empreinte ${data.publishConsentText.sha256}).`);
}

function describeProvision(p) {
  const recipient = p.recipientOrganizationId
    ? `l'organisation ${organizationName(p.recipientOrganizationId)}`
    : p.recipientOrganizationType ? `les organisations de type ${label('OrganizationType', p.recipientOrganizationType)}` : 'tout le monde';
  const period = p.periodStart || p.periodEnd ? [' ; période : ', date(p.periodStart), ' – ', date(p.periodEnd)] : null;
  return el('li', {},
    el('strong', {}, label('ProvisionType', p.type)), ' : ',
    p.categories.map((c) => label('DataCategory', c)).join(', '),
    ' — pour ', p.purposes.map((x) => label('Purpose', x)).join(', '),
    ' — destinataire : ', recipient, period,
    p.provisions?.length ? el('ul', { class: 'compact' }, p.provisions.map(describeProvision)) : null);
}

async function loadConsentScopes() {
  const { consentScopes } = await gql(Q.consentScopes);
  const headers = ['Nom', 'Version', 'Description', 'Dispositions', 'Publié'];
  if (viewer.officer) {
    headers.push('Consentements actifs');
  }
  $('#modeles-liste').replaceChildren(consentScopes.length === 0
    ? emptyNote('Aucun modèle publié.')
    : dataTable('Modèles de consentement (toutes les versions)', headers, consentScopes.map((s) => {
      const cells = [s.name, String(s.version), s.description,
        el('ul', { class: 'compact' }, s.provisions.map(describeProvision)),
        [dateTime(s.publishedAt), ' par ', s.publishedBy]];
      if (viewer.officer) {
        cells.push(s.activeConsents == null ? '—' : number(s.activeConsents));
      }
      return cells;
    })));
}

let provisionSequence = 0;

function organizationOptions(select) {
  const selected = select.value;
  select.replaceChildren(el('option', { value: '' }, '— aucune —'));
  for (const o of organizations.filter((x) => x.active)) {
    select.append(el('option', { value: o.id, selected: o.id === selected },
      `${o.name} (${label('OrganizationType', o.type)}, ${o.territory})`));
  }
}

function refreshRecipientOptions() {
  for (const select of $$('#dispositions select.destinataire-organisation')) {
    organizationOptions(select);
  }
}

function checkboxes(legend, kind, prefix) {
  return el('fieldset', {},
    el('legend', {}, legend),
    el('div', { class: 'cases' }, values(kind).map((value) => {
      const id = `${prefix}-${value}`;
      return el('span', {},
        el('input', { type: 'checkbox', id, value, dataset: { kind } }), ' ',
        el('label', { for: id }, label(kind, value)));
    })));
}

function addProvision() {
  const n = ++provisionSequence;
  const prefix = `disposition-${n}`;
  const typeSelect = el('select', { id: `${prefix}-type`, class: 'disposition-type' });
  options(typeSelect, 'ProvisionType', { selected: 'PERMIT' });
  const recipientType = el('select', { id: `${prefix}-destinataire-type`, class: 'destinataire-type' });
  options(recipientType, 'OrganizationType', { empty: '— aucun —' });
  const recipientOrganization = el('select', { id: `${prefix}-destinataire-organisation`, class: 'destinataire-organisation' });
  organizationOptions(recipientOrganization);
  const legend = el('legend', {}, 'Disposition');
  const fieldset = el('fieldset', { class: 'disposition' },
    legend,
    el('div', { class: 'champ' }, el('label', { for: typeSelect.id }, 'Type'), typeSelect),
    checkboxes('Catégories', 'DataCategory', `${prefix}-categorie`),
    checkboxes('Finalités', 'Purpose', `${prefix}-finalite`),
    el('p', { class: 'aide' }, "Destinataire : un type d'organisation, ou une organisation nommée (obligatoire pour autoriser santé, justice ou violences) ; aucun des deux : tout le monde (refus seulement)."),
    el('div', { class: 'en-ligne' },
      el('div', { class: 'champ' }, el('label', { for: recipientType.id }, "Type d'organisation destinataire"), recipientType),
      el('div', { class: 'champ' }, el('label', { for: recipientOrganization.id }, 'Organisation destinataire'), recipientOrganization),
      el('div', { class: 'champ' }, el('label', { for: `${prefix}-debut` }, 'Début (facultatif)'), el('input', { type: 'date', id: `${prefix}-debut`, class: 'disposition-debut' })),
      el('div', { class: 'champ' }, el('label', { for: `${prefix}-fin` }, 'Fin (facultative)'), el('input', { type: 'date', id: `${prefix}-fin`, class: 'disposition-fin' }))),
    el('p', {}, el('button', {
      type: 'button',
      class: 'secondaire petit retirer-disposition',
      onclick: () => {
        fieldset.remove();
        renumberProvisions();
        $('#disposition-ajout').focus();
      },
    }, 'Retirer cette disposition')));
  $('#dispositions').append(fieldset);
  renumberProvisions();
  return fieldset;
}

function renumberProvisions() {
  const all = $$('#dispositions > fieldset');
  all.forEach((fieldset, i) => {
    $('legend', fieldset).textContent = `Disposition ${i + 1}`;
    const remove = $('.retirer-disposition', fieldset);
    remove.hidden = all.length === 1;
    remove.replaceChildren(...withHidden('Retirer cette disposition', `(disposition ${i + 1})`));
  });
}

function readProvision(fieldset, index) {
  const checked = (kind) => $$(`input[type="checkbox"][data-kind="${kind}"]`, fieldset).filter((c) => c.checked).map((c) => c.value);
  const categories = checked('DataCategory');
  const purposes = checked('Purpose');
  if (categories.length === 0) {
    throw new InputError($('input[type="checkbox"]', fieldset), `Disposition ${index + 1} : cochez au moins une catégorie.`);
  }
  if (purposes.length === 0) {
    throw new InputError($('input[data-kind="Purpose"]', fieldset), `Disposition ${index + 1} : cochez au moins une finalité.`);
  }
  const recipientType = $('.destinataire-type', fieldset);
  const recipientOrganization = $('.destinataire-organisation', fieldset);
  if (recipientType.value && recipientOrganization.value) {
    throw new InputError(recipientType, `Disposition ${index + 1} : choisissez un type d'organisation ou une organisation, pas les deux.`);
  }
  const provision = { type: $('.disposition-type', fieldset).value, categories, purposes };
  if (recipientOrganization.value) {
    provision.recipientOrganizationId = recipientOrganization.value;
  }
  if (recipientType.value) {
    provision.recipientOrganizationType = recipientType.value;
  }
  const start = $('.disposition-debut', fieldset).value;
  const end = $('.disposition-fin', fieldset).value;
  if (start) {
    provision.periodStart = start;
  }
  if (end) {
    provision.periodEnd = end;
  }
  return provision;
}

async function publishScope() {
  const name = requireText($('#modele-nom'), 1, 100, 'Le nom est obligatoire (1 à 100 caractères).');
  const description = $('#modele-description').value.trim();
  const fieldsets = $$('#dispositions > fieldset');
  if (fieldsets.length === 0) {
    throw new InputError($('#disposition-ajout'), 'Ajoutez au moins une disposition.');
  }
  const provisions = fieldsets.map(readProvision);
  const input = { name, provisions };
  if (description) {
    input.description = description;
  }
  const data = await gql(Q.publishConsentScope, { input });
  $('#modele-nom').value = '';
  $('#modele-description').value = '';
  $('#dispositions').replaceChildren();
  addProvision();
  await loadConsentScopes();
  announce(`Modèle « ${data.publishConsentScope.name} » publié (version ${data.publishConsentScope.version}).`);
}

// ---------------------------------------------------------------------------------------------
// Annuaire des partenaires
// ---------------------------------------------------------------------------------------------

let editedOrganization = null;

function sensitivity(category) {
  return category ? `Oui (${label('DataCategory', category)})` : 'Non';
}

function sensitivityOptions(select, selected) {
  select.replaceChildren(el('option', { value: '' }, 'Non sensible'));
  for (const category of SENSITIVE) {
    select.append(el('option', { value: category, selected: category === selected }, `Sensible : ${label('DataCategory', category)}`));
  }
}

async function loadDirectory() {
  const list = await loadOrganizations();
  $('#annuaire-liste').replaceChildren(list.length === 0
    ? emptyNote("L'annuaire est vide.")
    : dataTable('Organisations (désactivées comprises)',
      ['Nom', 'Type', 'Territoire', 'Sensible', 'État', 'Version', 'Dernier changement', 'Actions'],
      list.map((o) => [o.name, label('OrganizationType', o.type), o.territory, sensitivity(o.sensitiveCategory),
        o.active ? 'Active' : 'Désactivée', String(o.version),
        [dateTime(o.changedAt), ' par ', o.changedBy, ' : ', o.reason],
        el('span', { class: 'boutons' },
          el('button', { type: 'button', class: 'secondaire petit', onclick: () => editOrganization(o) }, withHidden('Modifier', o.name)),
          el('button', { type: 'button', class: 'secondaire petit', onclick: () => act('annuaire', () => showDirectoryHistory(o)) }, withHidden('Historique', o.name)))]),
      { wide: true }));
}

function editOrganization(organization) {
  clearMessages();
  editedOrganization = organization;
  $('#organisation-modif-cible').textContent = `${organization.name} (${label('OrganizationType', organization.type)}, ${organization.territory}) — version lue : ${organization.version}.`;
  $('#modif-nom').value = organization.name;
  sensitivityOptions($('#modif-sensible'), organization.sensitiveCategory);
  $('#modif-etat').value = String(organization.active);
  $('#modif-motif').value = '';
  $('#organisation-modif').hidden = false;
  $('#modif-nom').focus();
}

function closeEdit() {
  editedOrganization = null;
  $('#organisation-modif').hidden = true;
}

async function saveOrganizationChange() {
  const o = editedOrganization;
  if (!o) {
    return;
  }
  const input = { organizationId: o.id, version: o.version };
  const name = requireText($('#modif-nom'), 1, 200, 'Le nom est obligatoire (1 à 200 caractères).');
  if (name !== o.name) {
    input.name = name;
  }
  const sensitive = $('#modif-sensible').value || null;
  if (sensitive !== (o.sensitiveCategory ?? null)) {
    // given as null: no longer sensitive; left out: unchanged
    input.sensitiveCategory = sensitive;
  }
  const active = $('#modif-etat').value === 'true';
  if (active !== o.active) {
    input.active = active;
  }
  if (Object.keys(input).length === 2) {
    throw new InputError($('#modif-nom'), 'Rien ne change : modifiez le nom, la sensibilité ou l’état.');
  }
  input.reason = requireText($('#modif-motif'), 3, 1000, 'Le motif est obligatoire (3 à 1 000 caractères).');
  const data = await gql(Q.changeOrganization, { input });
  closeEdit();
  await loadDirectory();
  announce(`Organisation « ${data.changeOrganization.name} » modifiée (version ${data.changeOrganization.version}).`);
}

async function createOrganization() {
  const name = requireText($('#ajout-nom'), 1, 200, 'Le nom est obligatoire (1 à 200 caractères).');
  const territoryField = $('#ajout-territoire');
  const territory = territoryField.value.trim().toUpperCase();
  if (!/^(2A|2B|0[1-9]|[1-8][0-9]|9[0-5]|97[1-6])$/.test(territory)) {
    throw new InputError(territoryField, 'Le territoire est un code de département : 01 à 95, 2A, 2B, 971 à 976.');
  }
  const reason = requireText($('#ajout-motif'), 3, 1000, 'Le motif est obligatoire (3 à 1 000 caractères).');
  const input = { name, type: $('#ajout-type').value, territory, reason };
  const sensitive = $('#ajout-sensible').value;
  if (sensitive) {
    input.sensitiveCategory = sensitive;
  }
  const data = await gql(Q.createOrganization, { input });
  for (const field of [$('#ajout-nom'), territoryField, $('#ajout-motif')]) {
    field.value = '';
  }
  await loadDirectory();
  announce(`Organisation « ${data.createOrganization.name} » ajoutée à l'annuaire.`);
}

async function showDirectoryHistory(organization) {
  const { directoryHistory } = await gql(Q.directoryHistory, { organizationId: organization.id });
  $('#annuaire-historique-titre').textContent = `Historique de l'organisation ${organization.name}`;
  $('#annuaire-historique').replaceChildren(dataTable(`Versions de ${organization.name}, de la plus récente à la plus ancienne`,
    ['Version', 'Nom', 'Sensible', 'État', 'Motif', 'Par', 'Le'],
    directoryHistory.map((v) => [String(v.version), v.name, sensitivity(v.sensitiveCategory), v.active ? 'Active' : 'Désactivée',
      v.reason, v.changedBy, dateTime(v.changedAt)])));
  $('#annuaire-historique-bloc').hidden = false;
  $('#annuaire-historique-titre').focus();
}

// ---------------------------------------------------------------------------------------------
// Journal des accès
// ---------------------------------------------------------------------------------------------

const JOURNAL_PAGE = 50;
const journal = { filter: {}, after: null, page: 1, endCursor: null };

function readJournalFilter() {
  const filter = {};
  const person = $('#filtre-personne').value.trim();
  const username = $('#filtre-utilisateur').value.trim();
  const purpose = $('#filtre-finalite').value;
  const from = instant($('#filtre-du'));
  const to = instant($('#filtre-au'));
  if (person) {
    filter.personId = person;
  }
  if (username) {
    filter.username = username;
  }
  if (purpose) {
    filter.purpose = purpose;
  }
  if (from) {
    filter.from = from;
  }
  if (to) {
    filter.to = to;
  }
  return filter;
}

async function openJournal() {
  const integrity = $('#integrite');
  integrity.className = 'resultat';
  integrity.replaceChildren();
  await loadJournal();
}

async function loadJournal() {
  journal.filter = readJournalFilter();
  journal.after = null;
  journal.page = 1;
  await loadJournalPage();
}

function describePerson(p) {
  return el('li', {},
    code(p.personId),
    p.disclosed.length ? el('div', {}, 'Communiquées : ', p.disclosed.map((d, i) => [i ? ', ' : '',
      label('DataCategory', d.category), ` (${label('ElementBasis', d.basis)}`,
      d.rule ? [', règle ', code(d.rule)] : null,
      d.consentId ? [', consentement ', code(d.consentId)] : null, ')'])) : null,
    p.refused.length ? el('div', {}, 'Refusées : ', p.refused.map((r, i) => [i ? ', ' : '',
      r.category ? label('DataCategory', r.category) : 'toutes', ` (${label('Reason', r.reason)})`])) : null);
}

async function loadJournalPage() {
  const { accessEvents } = await gql(Q.accessEvents, { filter: journal.filter, first: JOURNAL_PAGE, after: journal.after });
  journal.endCursor = accessEvents.pageInfo.endCursor;
  const events = accessEvents.edges.map((e) => e.node);
  const summary = el('p', {}, `${plural(accessEvents.totalCount, 'événement correspond', 'événements correspondent')} au filtre — page ${journal.page}.`);
  $('#journal-resultats').replaceChildren(summary, events.length === 0
    ? emptyNote('Aucun événement sur cette page.')
    : dataTable(`Journal des accès, page ${journal.page} (du plus récent au plus ancien)`,
      ['N°', 'Date', 'Utilisateur', 'Organisation', 'Finalité', 'Opération', 'Personnes'],
      events.map((e) => [e.seq, dateTime(e.occurredAt), e.username, e.organization?.name ?? '—',
        e.purpose ? label('Purpose', e.purpose) : 'aucune valide', code(e.operation),
        e.persons.length ? el('ul', { class: 'compact' }, e.persons.map(describePerson)) : '—']),
      { wide: true }));
  $('#journal-suivante').hidden = !accessEvents.pageInfo.hasNextPage;
  $('#journal-premiere').hidden = journal.page === 1;
}

async function nextJournalPage() {
  journal.after = journal.endCursor;
  journal.page += 1;
  await loadJournalPage();
  $('#journal-resultats').scrollIntoView();
}

async function checkIntegrity() {
  const result = $('#integrite');
  result.className = 'resultat';
  result.textContent = 'Vérification en cours…';
  try {
    const { accessLogIntegrity: r } = await gql(Q.accessLogIntegrity);
    if (r.intact) {
      result.className = 'resultat ok';
      result.replaceChildren(`La chaîne du journal est intacte : ${plural(r.checkedEvents, 'événement vérifié', 'événements vérifiés')}, le `, dateTime(r.checkedAt), '.');
    } else {
      result.className = 'resultat ko';
      result.replaceChildren(`La chaîne du journal est rompue à l'événement n° ${r.firstBroken ?? '?'} `,
        `(${plural(r.checkedEvents, 'événement vérifié', 'événements vérifiés')} avant lui)`,
        r.problem ? ` : ${r.problem}` : '', ' — vérifié le ', dateTime(r.checkedAt), '.');
    }
  } catch (error) {
    result.className = 'resultat';
    result.textContent = 'La vérification a échoué (voir le message d’erreur).';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// File de revue
// ---------------------------------------------------------------------------------------------

let flagging = null;

async function loadReviewQueue() {
  closeFlag();
  const { reviewQueue } = await gql(Q.reviewQueue);
  const emergencies = reviewQueue.emergencyAccesses;
  const delegations = reviewQueue.delegations;
  $('#revue-urgences').replaceChildren(emergencies.length === 0
    ? emptyNote("Aucun accès d'urgence en attente de revue.")
    : dataTable(`Accès d'urgence en attente de revue (${number(emergencies.length)})`,
      ['Accès', 'Personne', 'Ouvert par', 'Justification', 'Ouvert le', 'Expire le', 'Statut', 'Revue'],
      emergencies.map((a) => [code(a.id), code(a.personId), [a.username, ' (', a.organization.name, ')'], a.justification,
        dateTime(a.openedAt), dateTime(a.expiresAt), el('span', { class: `statut-${a.reviewStatus}` }, label('ReviewStatus', a.reviewStatus)),
        reviewButtons('emergency', a.id, `l'accès d'urgence ${a.id}`)]),
      { wide: true }));
  $('#revue-delegations').replaceChildren(delegations.length === 0
    ? emptyNote('Aucune délégation en attente de revue.')
    : dataTable(`Délégations en attente de revue (${number(delegations.length)})`,
      ['Délégation', 'De', 'À', 'Rôles', 'Motif', 'Début', 'Fin', 'Révoquée le', 'Statut', 'Revue'],
      delegations.map((d) => [code(d.id), d.delegator, d.delegate, d.roles.map((r) => label('Role', r)).join(', '), d.reason,
        dateTime(d.startsAt), dateTime(d.endsAt), dateTime(d.revokedAt), el('span', { class: `statut-${d.reviewStatus}` }, label('ReviewStatus', d.reviewStatus)),
        reviewButtons('delegation', d.id, `la délégation ${d.id}`)]),
      { wide: true }));
}

function reviewButtons(kind, id, name) {
  return el('span', { class: 'boutons' },
    el('button', { type: 'button', class: 'petit', onclick: () => act('revue', () => review(kind, id, 'ACKNOWLEDGED', null, name)) },
      withHidden('Prendre acte', `de ${name}`)),
    el('button', { type: 'button', class: 'secondaire petit', onclick: (event) => openFlag(kind, id, name, event.currentTarget) },
      withHidden('Signaler', name)));
}

async function review(kind, id, reviewStatus, comment, name) {
  if (kind === 'emergency') {
    const data = await gql(Q.reviewEmergencyAccess, { id, status: reviewStatus, comment });
    await loadReviewQueue();
    statusAfterReview(`Revue de ${name} : ${label('ReviewStatus', data.reviewEmergencyAccess.reviewStatus)}.`, '#revue-urgences-titre');
  } else {
    const data = await gql(Q.reviewDelegation, { id, status: reviewStatus, comment });
    await loadReviewQueue();
    statusAfterReview(`Revue de ${name} : ${label('ReviewStatus', data.reviewDelegation.reviewStatus)}.`, '#revue-delegations-titre');
  }
}

function statusAfterReview(text, heading) {
  announce(text);
  $(heading).focus();
}

function openFlag(kind, id, name, button) {
  clearMessages();
  flagging = { kind, id, name, button };
  $('#signalement-titre').textContent = `Signaler ${name}`;
  $('#signalement-cible').textContent = 'Dites ce qui ne va pas : le commentaire est conservé avec la revue, qui est définitive.';
  $('#signalement-commentaire').value = '';
  $('#signalement').hidden = false;
  $('#signalement-commentaire').focus();
}

function closeFlag() {
  flagging = null;
  $('#signalement').hidden = true;
}

async function confirmFlag() {
  if (!flagging) {
    return;
  }
  const comment = requireText($('#signalement-commentaire'), 1, 1000, 'Le commentaire est obligatoire pour un signalement (au plus 1 000 caractères).');
  const { kind, id, name } = flagging;
  await review(kind, id, 'FLAGGED', comment, name);
}

// ---------------------------------------------------------------------------------------------
// Personne: access report, access explanation, consent receipt
// ---------------------------------------------------------------------------------------------

async function loadPersonSection() {
  const list = await loadOrganizations();
  const select = $('#explication-organisation');
  const selected = select.value;
  select.replaceChildren();
  for (const o of list) {
    select.append(el('option', { value: o.id, selected: o.id === selected },
      `${o.name} (${label('OrganizationType', o.type)}, ${o.territory})${o.active ? '' : ' — désactivée'}`));
  }
}

async function showAccessReport() {
  const personField = $('#rapport-personne');
  const personId = requireText(personField, 1, 100, "L'identifiant de la personne est obligatoire.");
  const variables = { personId, from: instant($('#rapport-du')), to: instant($('#rapport-au')) };
  const { accessReport: r } = await gql(Q.accessReport, variables);
  $('#explication-personne').value = personId;
  if (!r) {
    $('#rapport').replaceChildren(emptyNote("Aucune personne n'a cet identifiant."));
    return;
  }
  $('#rapport').replaceChildren(
    el('p', {}, 'Rapport établi le ', dateTime(r.generatedAt), ' pour la personne ', code(r.personId),
      ', période : ', r.from ? dateTime(r.from) : 'depuis le début', ' – ', r.to ? dateTime(r.to) : "jusqu'à maintenant", '.'),
    r.entries.length === 0
      ? emptyNote("Aucune consultation ni aucun accès d'urgence sur la période.")
      : dataTable(`Rapport d'accès de la personne ${r.personId} (du plus ancien au plus récent)`,
        ['Date', 'Nature', 'Organisation', 'Finalité', 'Opération', 'Catégories vues', "Fin de l'accès"],
        r.entries.map((e) => [dateTime(e.occurredAt), label('AccessReportEntryKind', e.kind),
          e.organization ? `${e.organization.name} (${label('OrganizationType', e.organization.type)})` : 'organisation masquée',
          label('Purpose', e.purpose), code(e.operation),
          e.categories.length ? e.categories.map((c) => label('DataCategory', c)).join(', ') : 'aucune',
          dateTime(e.until)]),
        { wide: true }));
}

async function showExplanation() {
  const personId = requireText($('#explication-personne'), 1, 100, "L'identifiant de la personne est obligatoire.");
  const organizationId = $('#explication-organisation').value;
  if (!organizationId) {
    throw new InputError($('#explication-organisation'), 'Choisissez une organisation.');
  }
  const role = $('#explication-role').value;
  const purpose = $('#explication-finalite').value;
  const { accessExplanation } = await gql(Q.accessExplanation, {
    personId,
    purpose,
    as: { organizationId, roles: [role] },
  });
  const consentIds = [...new Set(accessExplanation.map((d) => d.consentId).filter(Boolean))];
  $('#explication').replaceChildren(
    accessExplanation.length === 0
      ? emptyNote('Aucune décision : la personne est inconnue de cette organisation, ou introuvable.')
      : dataTable(`Décisions pour ${organizationName(organizationId)}, ${label('Role', role)}, ${label('Purpose', purpose)}`,
        ['Catégorie', 'Visible', 'Raison', 'Plafond de la politique', 'Consentement'],
        accessExplanation.map((d) => [label('DataCategory', d.category), d.permitted ? 'Oui' : 'Non', label('Reason', d.reason),
          label('PolicyEffect', d.cap), d.consentId ? code(d.consentId) : '—'])),
    consentIds.length === 0
      ? emptyNote("Aucun consentement n'a fondé ces décisions.")
      : el('div', {},
        el('p', {}, 'Consentements cités :'),
        el('ul', {}, consentIds.map((id) => el('li', {}, code(id), ' ',
          el('button', { type: 'button', class: 'secondaire petit', onclick: () => act('personne', () => showReceipt(id)) },
            withHidden('Voir le reçu', `du consentement ${id}`)))))));
}

async function showReceipt(consentId) {
  $('#recu-consentement').value = consentId;
  const { consentReceipt } = await gql(Q.consentReceipt, { consentId });
  if (!consentReceipt) {
    $('#recu').replaceChildren(emptyNote('Aucun consentement n’a cet identifiant.'));
    return;
  }
  let pretty = consentReceipt.json;
  try {
    pretty = JSON.stringify(JSON.parse(consentReceipt.json), null, 2);
  } catch {
    // shown as received
  }
  $('#recu').replaceChildren(
    el('p', {}, 'Reçu du consentement ', code(consentReceipt.consentId), ' — empreinte SHA-256 du JSON canonique : ', code(consentReceipt.sha256), '.'),
    el('p', { class: 'aide' }, "Le reçu ci-dessous est mis en forme pour la lecture ; l'empreinte porte sur sa forme canonique (RFC 8785)."),
    el('pre', { tabindex: '0', 'aria-label': `Reçu du consentement ${consentReceipt.consentId}` }, pretty));
}

// ---------------------------------------------------------------------------------------------
// Conservation
// ---------------------------------------------------------------------------------------------

const RETENTION_ROWS = 200;

async function loadRetention() {
  // nothing is asked before the officer runs the simulation
}

function fieldTotal(fields) {
  return fields.reduce((sum, f) => sum + f.rows, 0);
}

async function runRetention() {
  const result = $('#conservation-resultat');
  result.replaceChildren(el('p', {}, 'Simulation en cours…'));
  const { retentionRun: r } = await gql(Q.retentionRun);
  const persons = r.persons;
  result.replaceChildren(
    el('p', {}, `Simulation (aucune modification) du `, dateTime(r.ranAt), ` : durée de conservation ${r.defaultPeriod}, `,
      'seuil d’activité ', dateTime(r.cutoff), ` — ${plural(persons.length, 'personne serait anonymisée', 'personnes seraient anonymisées')}.`),
    persons.length === 0
      ? emptyNote("Aucune personne n'atteint la durée de conservation.")
      : dataTable(`Personnes qui seraient anonymisées${persons.length > RETENTION_ROWS ? ` (${RETENTION_ROWS} premières sur ${number(persons.length)})` : ''}`,
        ['Personne', 'Dernière activité', 'Valeurs remplacées', 'Membres du ménage anonymisés avec elle', 'Membres du ménage conservés'],
        persons.slice(0, RETENTION_ROWS).map((p) => [code(p.personId), dateTime(p.lastActivityAt), number(fieldTotal(p.fields)),
          String(p.members.length), String(p.keptMembers.length)])),
    r.categories.length === 0
      ? emptyNote("Aucune catégorie n'a de durée de conservation propre.")
      : dataTable('Catégories à durée de conservation propre : textes libres qui seraient effacés',
        ['Catégorie', 'Durée', 'Seuil', 'Éléments concernés', 'Valeurs effacées'],
        r.categories.map((c) => [label('DataCategory', c.category), c.period, dateTime(c.cutoff),
          c.elements.length ? c.elements.map((e) => `${e.table} : ${number(e.ids.length)}`).join(', ') : 'aucun',
          number(fieldTotal(c.fields))])));
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function onSubmit(selector, section, action) {
  $(selector).addEventListener('submit', (event) => {
    event.preventDefault();
    act(section, action);
  });
}

function wire() {
  for (const select of $$('select[data-enum]')) {
    options(select, select.dataset.enum, { empty: select.dataset.empty, selected: select.dataset.default });
  }
  const defaultPurpose = $('#defaut-finalite');
  options(defaultPurpose, 'Purpose', { empty: '— aucune (la finalité doit être déclarée) —', exclude: ['STATISTICS', 'EMERGENCY'] });
  for (const select of $$('select.sensibilite')) {
    sensitivityOptions(select, null);
  }

  $('#connexion').addEventListener('click', () => auth.login().catch(fail));
  $('#deconnexion').addEventListener('click', () => auth.logout());
  window.addEventListener('hashchange', () => {
    if (allowed.length) {
      route(true);
    }
  });

  onSubmit('#matrice-choix', 'politique', async () => {
    // eslint-disable-next-line no-alert
    if (pendingCells().length && !window.confirm('Des cellules modifiées ne sont pas enregistrées : les abandonner ?')) {
      return;
    }
    await loadMatrix();
  });
  onSubmit('#matrice-form', 'politique', saveMatrix);
  onSubmit('#defaut-form', 'politique', saveDefaultPurpose);
  onSubmit('#propres-form', 'politique', saveOwnRecords);

  onSubmit('#texte-form', 'textes', publishText);
  onSubmit('#modele-form', 'textes', publishScope);
  $('#disposition-ajout').addEventListener('click', () => {
    const fieldset = addProvision();
    $('select', fieldset).focus();
  });

  onSubmit('#organisation-ajout', 'annuaire', createOrganization);
  onSubmit('#organisation-modif', 'annuaire', saveOrganizationChange);
  $('#modif-annuler').addEventListener('click', closeEdit);

  onSubmit('#journal-filtre', 'journal', loadJournal);
  $('#journal-filtre').addEventListener('reset', () => {
    setTimeout(() => act('journal', loadJournal), 0);
  });
  $('#journal-suivante').addEventListener('click', () => act('journal', nextJournalPage));
  $('#journal-premiere').addEventListener('click', () => act('journal', loadJournal));
  $('#integrite-bouton').addEventListener('click', () => act('journal', checkIntegrity));

  onSubmit('#signalement', 'revue', confirmFlag);
  $('#signalement-annuler').addEventListener('click', () => {
    const button = flagging?.button;
    closeFlag();
    button?.focus();
  });

  onSubmit('#rapport-form', 'personne', showAccessReport);
  onSubmit('#explication-form', 'personne', showExplanation);
  onSubmit('#recu-form', 'personne', () => showReceipt(requireText($('#recu-consentement'), 1, 100, "L'identifiant du consentement est obligatoire.")));

  $('#conservation-bouton').addEventListener('click', () => act('conservation', runRetention));
}

async function start() {
  wire();
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    config = await response.json();
  } catch (error) {
    $('#accueil-message').textContent = `La configuration de la console est introuvable (${error.message}).`;
    return;
  }
  auth = new Auth(config);

  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    try {
      await auth.callback(params);
    } catch (error) {
      fail(error);
      return;
    }
  }

  if (!auth.session) {
    if (sessionStorage.getItem(LOGGED_OUT)) {
      showLogin('Vous êtes déconnecté.');
    } else {
      await auth.login();
    }
    return;
  }
  try {
    await auth.accessToken();
  } catch (error) {
    fail(error);
    return;
  }
  auth.schedule(auth.session);
  setUpViewer();

  if (!viewer.officer && !viewer.admin) {
    // no data is asked for a user who may not use the console
    showRefusal();
    return;
  }
  allowed = Object.keys(SECTIONS).filter((id) => viewer.officer || SECTIONS[id].admin);
  for (const link of $$('#navigation a')) {
    link.parentElement.hidden = !allowed.includes(link.dataset.section);
  }
  $('#navigation').hidden = false;
  route();
}

start();
