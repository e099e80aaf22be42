import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { unauthenticated } from '@smss/core';
import { ROLES, orgLevelOfRole, type Viewer } from './viewer';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  scopes: z.array(z.string()).default([]),
});

export interface TokenInput {
  subject: string;
  role: Viewer['role'];
  orgCode: string;
  scopes: string[];
  /** Lifetime such as '8h' or '30d' (jose syntax). */
  expiresIn?: string;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** Sign an HS256 token. Real deployments put an identity provider in front; the claims stay the same. */
export async function signToken(input: TokenInput, settings: TokenSettings): Promise<string> {
  return new SignJWT({ role: input.role, org: input.orgCode, scopes: input.scopes })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '8h')
    .sign(keyOf(settings.secret));
}

/** Verify a token and build the viewer; every failure is UNAUTHENTICATED with a reason. */
export async function verifyToken(token: string, settings: TokenSettings): Promise<Viewer> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(settings.secret), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['HS256'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw unauthenticated('The bearer token has expired', 'โทเค็นหมดอายุแล้ว กรุณาเข้าสู่ระบบใหม่');
    }
    throw unauthenticated('The bearer token is invalid', 'โทเค็นไม่ถูกต้อง');
  }
  const claims = claimsSchema.safeParse(payload);
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
    scopes,
  });
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
