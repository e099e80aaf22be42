import { createHash } from 'node:crypto';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  errors as joseErrors,
  type JWTPayload,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { AppError, unauthenticated } from '@smss/core';
import { ROLES, orgLevelOfRole, type Role, type Viewer } from './viewer';

/** An OpenID Connect identity provider (Keycloak, Azure AD, …) whose JWKS signs user tokens. */
export interface OidcSettings {
  /** The provider's JWKS, e.g. https://sso.example.go.th/realms/obec/protocol/openid-connect/certs */
  jwksUrl: string;
  /** `iss` of its tokens, e.g. https://sso.example.go.th/realms/obec */
  issuer: string;
  /** `aud` the tokens must carry (the client id of this platform). */
  audience: string;
  /**
   * Where the platform's claims sit in the provider's tokens (dot paths). Defaults: `role`, `org`.
   * A role claim may hold an array (Keycloak's `realm_access.roles`): the first known role wins.
   */
  roleClaim?: string;
  orgClaim?: string;
  /** Minimum time between JWKS refetches on an unknown `kid` (jose's cooldown; default 30 s). */
  jwksCooldownMs?: number;
}

/**
 * How user tokens are verified. RS256/ES256 through `oidc` is the production path; HS256 with
 * `secret` is the development path, accepted only when a secret is configured (the environment
 * refuses to start with a secret when NODE_ENV=production).
 */
export interface TokenSettings {
  /** HS256 development secret; without it HS256 tokens are refused (no algorithm confusion). */
  secret?: string;
  /** `iss` and `aud` of HS256 development tokens. */
  issuer: string;
  audience: string;
  oidc?: OidcSettings;
  /** Longest accepted lifetime, `exp - iat` (default 12 h). */
  maxLifetimeSeconds?: number;
  /** Clock skew allowed on `exp`, `nbf` and an `iat` in the future (default 30 s). */
  clockToleranceSeconds?: number;
  /** Verified tokens remembered until they expire (LRU keyed by the token's hash; default 10,000). */
  cacheSize?: number;
}

/** The settings `signToken` needs: the development HS256 key and its issuer and audience. */
export interface DevTokenSigning {
  secret: string;
  issuer: string;
  audience: string;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** A cached verification is reused at most this long, so a key the provider withdrew stops working soon. */
const CACHE_TTL_CAP_MS = 5 * 60_000;
const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'];

export interface TokenInput {
  subject: string;
  role: Viewer['role'];
  orgCode: string;
  scopes: string[];
  /** Lifetime such as '8h' (jose syntax); verifiers refuse more than their maximum (12 h by default). */
  expiresIn?: string;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** Sign an HS256 development token (the token command, tests). Production tokens come from the IdP. */
export async function signToken(input: TokenInput, settings: DevTokenSigning): Promise<string> {
  return new SignJWT({ role: input.role, org: input.orgCode, scopes: input.scopes })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '8h')
    .sign(keyOf(settings.secret));
}

const invalid = () => unauthenticated('The bearer token is invalid', 'โทเค็นไม่ถูกต้อง');

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  scopes: z.array(z.string()),
});

/** Read a dot path (`realm_access.roles`) from a payload. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A role claim may be one string or a list of them (Keycloak realm roles): take the first known role. */
function roleFrom(value: unknown): Role | undefined {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.find((c): c is Role => typeof c === 'string' && (ROLES as readonly string[]).includes(c));
}

/** `scopes` as an array (this platform) and `scope` as a space-separated string (OAuth 2 / Keycloak). */
function scopesFrom(payload: JWTPayload): unknown {
  const list = payload.scopes;
  const spaced = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  if (list === undefined) return spaced;
  if (!Array.isArray(list)) return list; // refused by the schema
  return [...new Set([...list, ...spaced])];
}

function viewerFrom(payload: JWTPayload, roleClaim: string, orgClaim: string): Viewer {
  const claims = claimsSchema.safeParse({
    sub: payload.sub,
    role: roleFrom(claimAt(payload, roleClaim)),
    org: claimAt(payload, orgClaim),
    scopes: scopesFrom(payload),
  });
  if (!claims.success) {
    throw unauthenticated(
      'The bearer token lacks the role, org or subject claims',
      'โทเค็นไม่มีข้อมูลบทบาทหรือหน่วยงาน',
    );
  }
  const { sub, role, org, scopes } = claims.data;
  return Object.freeze({
    authenticated: true,
    subject: sub,
    role,
    level: orgLevelOfRole[role],
    orgCode: org,
    scopes: Object.freeze(scopes),
  });
}

function joseFailure(error: unknown): AppError {
  if (error instanceof joseErrors.JWTExpired) {
    return unauthenticated('The bearer token has expired', 'โทเค็นหมดอายุแล้ว กรุณาเข้าสู่ระบบใหม่');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.reason === 'missing') {
    if (error.claim === 'exp') {
      return unauthenticated(
        'The bearer token has no expiry (exp): tokens that never expire are refused',
        'โทเค็นไม่มีวันหมดอายุ (exp) ระบบไม่รับโทเค็นที่ใช้ได้ตลอดไป',
      );
    }
    if (error.claim === 'iat') {
      return unauthenticated(
        'The bearer token has no issue time (iat)',
        'โทเค็นไม่มีเวลาที่ออก (iat) ระบบจึงตรวจอายุโทเค็นไม่ได้',
      );
    }
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return unauthenticated(
      'The bearer token could not be checked with the identity provider; try again shortly',
      'ตรวจสอบโทเค็นกับผู้ให้บริการยืนยันตัวตนไม่ได้ในขณะนี้ กรุณาลองใหม่อีกครั้ง',
    );
  }
  return invalid();
}

export interface TokenVerifier {
  verify(token: string): Promise<Viewer>;
}

/**
 * A verifier for one set of settings: HS256 only with a development secret, RS256/ES256 only
 * through the configured JWKS, any other `alg` (`none` included) refused. `exp` and `iat` are
 * required; the lifetime `exp - iat` is capped and an `iat` in the future is refused. Verified
 * tokens are cached (LRU, keyed by SHA-256 of the token) until they expire, at most 5 minutes.
 */
export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const tolerance = settings.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const secret = settings.secret ? keyOf(settings.secret) : undefined;
  const oidc = settings.oidc;
  const jwks = oidc
    ? createRemoteJWKSet(new URL(oidc.jwksUrl), {
        cooldownDuration: oidc.jwksCooldownMs ?? 30_000,
        timeoutDuration: 5000,
      })
    : undefined;
  const cache = new LRUCache<string, Viewer>({ max: settings.cacheSize ?? 10_000 });

  const verifySignature = async (token: string): Promise<{ payload: JWTPayload; viewer: Viewer }> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid();
    }
    let payload: JWTPayload;
    const common = { requiredClaims: ['exp', 'iat'], clockTolerance: tolerance };
    try {
      if (alg === 'HS256' && secret) {
        ({ payload } = await jwtVerify(token, secret, {
          ...common,
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ['HS256'],
        }));
        return { payload, viewer: viewerFrom(payload, 'role', 'org') };
      }
      if (alg && ASYMMETRIC_ALGORITHMS.includes(alg) && jwks && oidc) {
        ({ payload } = await jwtVerify(token, jwks, {
          ...common,
          issuer: oidc.issuer,
          audience: oidc.audience,
          algorithms: ASYMMETRIC_ALGORITHMS,
        }));
        return { payload, viewer: viewerFrom(payload, oidc.roleClaim ?? 'role', oidc.orgClaim ?? 'org') };
      }
    } catch (error) {
      if (error instanceof AppError) throw error; // from the claim mapping
      throw joseFailure(error);
    }
    // `none`, HS384…, or an algorithm this deployment has no key for (HS256 without a dev secret).
    throw invalid();
  };

  return {
    async verify(token: string): Promise<Viewer> {
      const key = createHash('sha256').update(token).digest('base64url');
      const cached = cache.get(key);
      if (cached) return cached;
      const { payload, viewer } = await verifySignature(token);
      const now = Math.floor(Date.now() / 1000);
      const exp = payload.exp!;
      const iat = payload.iat!;
      if (iat > now + tolerance) {
        throw unauthenticated(
          'The bearer token was issued in the future (check the clocks)',
          'โทเค็นมีเวลาที่ออกอยู่ในอนาคต (กรุณาตรวจสอบนาฬิกาของระบบ)',
        );
      }
      if (exp - iat > maxLifetime) {
        throw unauthenticated(
          `The bearer token lives longer than the ${maxLifetime / 3600} hours allowed`,
          `โทเค็นมีอายุเกิน ${maxLifetime / 3600} ชั่วโมงที่ระบบอนุญาต`,
        );
      }
      const ttl = Math.min((exp + tolerance) * 1000 - Date.now(), CACHE_TTL_CAP_MS);
      if (ttl > 0) cache.set(key, viewer, { ttl });
      return viewer;
    },
  };
}

const verifiers = new WeakMap<TokenSettings, TokenVerifier>();

/**
 * Verify a token and build the viewer; every failure is UNAUTHENTICATED with a reason. The
 * verifier (JWKS, cache) is kept per settings object: pass the same object on every call.
 */
export async function verifyToken(token: string, settings: TokenSettings): Promise<Viewer> {
  let verifier = verifiers.get(settings);
  if (!verifier) {
    verifier = createTokenVerifier(settings);
    verifiers.set(settings, verifier);
  }
  return verifier.verify(token);
}

/** Extract the token from an `Authorization: Bearer …` header; undefined when absent. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw unauthenticated(
      'The Authorization header must be "Bearer <token>"',
      'รูปแบบ Authorization ต้องเป็น "Bearer <token>"',
    );
  return match[1];
}
