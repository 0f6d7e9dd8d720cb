// A real OpenID provider for the test suite: panva's certified oidc-provider (v9), run
// on 127.0.0.1 with the clients and accounts of a JSON file. Tests start it through
// tests/identity_provider.py; it is never part of the service.
//
//   node scripts/test-identity-provider.mjs --port P --config FILE.json
//
// prints `ready http://127.0.0.1:P` on stdout once listening (the issuer is exactly that
// URL), binds 127.0.0.1 only, keeps everything in memory and exits on SIGTERM/SIGINT.
// Anything else it has to say (oidc-provider's development notices, errors) goes to
// stderr.
//
// Config file:
//   {"clients": [{"client_id", "client_secret", "redirect_uris": [...],
//                 "post_logout_redirect_uris": [...]}, ...],
//    "accounts": [{"login", "password", "sub"?, "email", "email_verified", "name",
//                  "given_name", "family_name", "amr"?: [...], "acr"?, "disabled"?}, ...]}
//
// What it does:
//   - authorisation code flow only, confidential clients (client_secret_basic or
//     client_secret_post), PKCE required for every request, S256 only;
//   - ID tokens signed RS256 with a key made at start (its kid is in the JWKS); they
//     carry sub (account.sub, else account.login), email, email_verified, name,
//     given_name, family_name (scopes email profile), nonce, auth_time, and amr and acr
//     from the account whenever it has them (the acr values of the config file's accounts
//     make the discovery document's acr_values_supported; one added later still works);
//   - its own login page at /interaction/:uid (no consent page: every client is treated
//     as first party and granted openid email profile);
//   - RP-initiated logout at the discovery document's end_session_endpoint, with a
//     confirmation page whose button is "Yes, sign out".
//
// Test controls (JSON bodies; 204 when done, 400 or 404 for a body they cannot use):
//   POST /test/next-token-fault {"fault": KIND}  the next successful token response
//        carries a tampered id_token instead of the real one (used once). KIND:
//        wrong-audience  aud "someone-else", no azp
//        other-audience-our-azp  aud "someone-else", azp our client id (caught only by
//                        an explicit audience check: OpenID Connect's azp rule accepts it)
//        expired         exp an hour ago, iat two hours ago
//        bad-signature   same claims and kid, signed with another RSA key
//        wrong-issuer    iss "http://evil.example"
//        wrong-nonce     nonce "not-the-nonce"
//        (all but bad-signature are re-signed with the real key)
//   POST /test/accounts/disable {"login": ...}  the account can no longer sign in, and a
//        provider session it already has no longer counts (the login page is shown)
//   POST /test/accounts {account}  adds or replaces (same login) an account

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy } from 'oidc-provider';

// oidc-provider prints its development notices with console.info: keep stdout for the
// ready line alone.
console.info = console.error;
console.log = console.error;

const { values: args } = parseArgs({
  options: { port: { type: 'string' }, config: { type: 'string' } },
});
if (!args.port || !args.config) {
  console.error('usage: node scripts/test-identity-provider.mjs --port P --config FILE.json');
  process.exit(2);
}
const port = Number(args.port);
const issuer = `http://127.0.0.1:${port}`;
const config = JSON.parse(readFileSync(args.config, 'utf8'));

const OIDC_SCOPE = 'openid email profile';
// `roles` stands for a provider's group or app-role claim (Entra's "roles"), asserted in the
// ID token under the profile scope when the account has it.
const CLAIM_NAMES = ['email', 'email_verified', 'name', 'given_name', 'family_name', 'roles'];
const LOGIN_TITLE = 'Sign in to the test identity provider';
const WRONG_CREDENTIALS = 'The email address or password is not right';
const DISABLED = 'This account has been disabled by your organisation';
const FAULTS = new Set([
  'wrong-audience', 'other-audience-our-azp', 'expired', 'bad-signature', 'wrong-issuer', 'wrong-nonce',
]);

// Accounts, by login (lower case). An account's id at the provider is its sub.
const accounts = new Map();
function addAccount(account) {
  if (!account || typeof account.login !== 'string' || typeof account.password !== 'string') {
    throw new Error('an account needs a login and a password');
  }
  accounts.set(account.login.toLowerCase(), { ...account, disabled: Boolean(account.disabled) });
}
(config.accounts || []).forEach(addAccount);
const subOf = (account) => account.sub || account.login;
const accountBySub = (sub) => [...accounts.values()].find((account) => subOf(account) === sub);

async function findAccount(ctx, sub) {
  const account = accountBySub(sub);
  if (!account || account.disabled) return undefined;
  return {
    accountId: sub,
    async claims() {
      const claims = { sub };
      for (const name of CLAIM_NAMES) {
        if (account[name] !== undefined) claims[name] = account[name];
      }
      return claims;
    },
  };
}

// Every client is first party: its grant of the OIDC scopes is made without asking.
async function loadExistingGrant(ctx) {
  const { client, session, provider } = ctx.oidc;
  const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  if (grantId) {
    const grant = await provider.Grant.find(grantId);
    if (grant && grant.accountId === session.accountId) return grant;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(OIDC_SCOPE);
  await grant.save();
  return grant;
}

// A session whose account has since been disabled (or removed) counts as no session.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check(
  'account_unavailable',
  'the signed-in account is no longer available',
  'login_required',
  (ctx) => Boolean(ctx.oidc.session.accountId && !ctx.oidc.account),
));

// Pages ---------------------------------------------------------------------------------

const escape = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function loginPage(uid, { error, login } = {}) {
  const described = error ? ' aria-describedby="error-message"' : '';
  return page(LOGIN_TITLE, `<h1>${LOGIN_TITLE}</h1>
${error ? `<div role="alert"><p id="error-message" class="error-message">${escape(error)}</p></div>\n` : ''}<form method="post" action="/interaction/${escape(uid)}/login">
<p>
<label for="login">Email address</label><br>
<input id="login" name="login" type="text" autocomplete="username" spellcheck="false" value="${escape(login)}"${described}>
</p>
<p>
<label for="password">Password</label><br>
<input id="password" name="password" type="password" autocomplete="current-password"${described}>
</p>
<button type="submit">Sign in</button>
</form>`);
}

async function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = page('Sign out of the test identity provider', `<h1>Do you want to sign out?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('Signed out', '<h1>You have signed out</h1>');
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escape(key)}</dt><dd>${escape(value)}</dd>`)
    .join('\n');
  ctx.body = page('Identity provider error', `<h1>Something went wrong</h1>
<dl id="error-details">
${rows}
</dl>`);
}

// The provider --------------------------------------------------------------------------

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const kid = `test-${randomUUID()}`;
const signingJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

const acrValues = [...new Set((config.accounts || []).map((a) => a.acr).filter(Boolean))];

const provider = new Provider(issuer, {
  clients: (config.clients || []).map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: { keys: [signingJwk] },
  findAccount,
  loadExistingGrant,
  claims: {
    acr: null,
    amr: null,
    auth_time: null,
    iss: null,
    sid: null,
    // acr, amr and auth_time are only put in an ID token when asked for (acr_values, the
    // claims parameter, max_age) unless a scope carries them: openid does here, as at
    // most real providers.
    openid: ['sub', 'acr', 'amr', 'auth_time'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'roles'],
  },
  scopes: ['openid', 'email', 'profile'],
  conformIdTokenClaims: false,
  acrValues,
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
  },
  renderError,
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    BackchannelAuthenticationRequest: 600,
    ClientCredentials: 600,
    DeviceCode: 600,
    Grant: 3600,
    IdToken: 3600,
    Interaction: 600,
    PreAuthorizedCode: 600,
    RefreshToken: 3600,
    Session: 3600,
  },
});

provider.on('server_error', (ctx, error) => console.error('server_error', error));

// Test controls and faults ----------------------------------------------------------------

let nextFault = null;

async function tamper(idToken, fault) {
  const header = decodeProtectedHeader(idToken);
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  switch (fault) {
    case 'wrong-audience':
      claims.aud = 'someone-else';
      delete claims.azp;
      break;
    case 'other-audience-our-azp':
      claims.azp = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
      claims.aud = 'someone-else';
      break;
    case 'expired':
      claims.exp = now - 3600;
      claims.iat = now - 7200;
      break;
    case 'bad-signature':
      ({ privateKey: key } = await generateKeyPair('RS256'));
      break;
    case 'wrong-issuer':
      claims.iss = 'http://evil.example';
      break;
    case 'wrong-nonce':
      claims.nonce = 'not-the-nonce';
      break;
    default:
      throw new Error(`unknown fault ${fault}`);
  }
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(ctx) {
  try {
    return JSON.parse(await readBody(ctx) || '{}');
  } catch {
    ctx.throw(400, 'the body must be JSON');
  }
  return undefined;
}

async function testControls(ctx) {
  const body = await readJson(ctx);
  if (ctx.path === '/test/next-token-fault') {
    if (!FAULTS.has(body.fault)) ctx.throw(400, `fault must be one of ${[...FAULTS].join(', ')}`);
    nextFault = body.fault;
  } else if (ctx.path === '/test/accounts/disable') {
    const account = accounts.get(String(body.login ?? '').toLowerCase());
    if (!account) ctx.throw(404, 'no such account');
    account.disabled = true;
  } else if (ctx.path === '/test/accounts') {
    try {
      addAccount(body);
    } catch (error) {
      ctx.throw(400, error.message);
    }
  } else {
    ctx.throw(404);
  }
  ctx.status = 204;
}

// Interactions ----------------------------------------------------------------------------

async function interaction(ctx, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page('Sign-in has expired', `<h1>Sign-in has expired</h1>\n<p>${escape(error.message)}</p>`);
    return;
  }
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');

  if (details.prompt.name === 'consent') {
    // Not expected (loadExistingGrant grants everything), but never show a consent page.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    const grantId = await grant.save();
    await finish(ctx, { consent: { grantId } });
    return;
  }

  if (action === undefined) {
    ctx.type = 'html';
    ctx.body = loginPage(uid, { login: details.params.login_hint });
    return;
  }

  const form = new URLSearchParams(await readBody(ctx));
  const login = form.get('login') ?? '';
  const account = accounts.get(login.trim().toLowerCase());
  let error;
  if (!account || account.password !== form.get('password')) {
    error = WRONG_CREDENTIALS;
  } else if (account.disabled) {
    error = DISABLED;
  }
  if (error) {
    ctx.type = 'html';
    ctx.body = loginPage(uid, { error, login });
    return;
  }
  const result = { accountId: subOf(account) };
  if (account.amr) result.amr = account.amr;
  if (account.acr) result.acr = account.acr;
  await finish(ctx, { login: result });
}

async function finish(ctx, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path.startsWith('/test/')) {
    await testControls(ctx);
    return;
  }
  const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (match) {
    const [, uid, login] = match;
    if (ctx.method === 'GET' && !login) {
      await interaction(ctx, uid);
      return;
    }
    if (ctx.method === 'POST' && login) {
      await interaction(ctx, uid, 'login');
      return;
    }
    ctx.throw(405);
  }

  await next();

  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && nextFault) {
    const fault = nextFault;
    nextFault = null;
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token, fault) };
  }
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
