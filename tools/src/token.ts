/**
 * Mint a development token: `npm run token -- --role area-officer --org 1601`.
 * Prints the token alone on stdout, so `TOKEN=$(npm run -s token -- --role obec-admin)` works.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEFAULT_SCOPES, ROLES, signToken, type Role } from '@smss/auth';
import { devSettings } from './dev-settings';

const DEFAULT_ORG: Record<string, string> = {
  OBEC: 'OBEC',
  AREA: '1601',
  SCHOOL: '1016010001',
  PARTNER: 'EEF',
};

export async function mintToken(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', default: 'obec-admin' },
      org: { type: 'string' },
      scopes: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
    strict: true,
  });
  const role = values.role as Role;
  if (!ROLES.includes(role)) throw new Error(`Unknown role "${values.role}". Roles: ${ROLES.join(', ')}`);
  const level = role.startsWith('obec')
    ? 'OBEC'
    : role.startsWith('area')
      ? 'AREA'
      : role.startsWith('school')
        ? 'SCHOOL'
        : 'PARTNER';
  const orgCode = values.org ?? DEFAULT_ORG[level]!;
  const scopes =
    values.scopes !== undefined ? values.scopes.split(',').filter(Boolean) : DEFAULT_SCOPES[role];
  const s = devSettings();
  const token = await signToken(
    { subject: values.sub ?? `dev:${role}:${orgCode}`, role, orgCode, scopes, expiresIn: values.ttl },
    { secret: s.jwtSecret, issuer: s.jwtIssuer, audience: s.jwtAudience },
  );
  const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    iat: number;
    exp: number;
  };
  const max = Number(process.env.TOKEN_MAX_LIFETIME_SECONDS || DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
  if (exp - iat > max)
    throw new Error(
      `--ttl ${values.ttl} is longer than the ${max / 3600} h the platform accepts (TOKEN_MAX_LIFETIME_SECONDS)`,
    );
  return token;
}

if (require.main === module) {
  mintToken(process.argv.slice(2))
    .then((token) => process.stdout.write(`${token}\n`))
    .catch((error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    });
}
