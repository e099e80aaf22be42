/**
 * Mint a development token: `npm run token -- --role area-officer --org 1601`.
 * Prints the token alone on stdout, so `TOKEN=$(npm run -s token -- --role obec-admin)` works.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, devTokenInput, signToken } from '@smss/auth';
import { devSettings } from './dev-settings';

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
  const input = devTokenInput({ ...values, role: values.role ?? 'obec-admin' });
  const s = devSettings();
  const token = await signToken(input, { secret: s.jwtSecret, issuer: s.jwtIssuer, audience: s.jwtAudience });
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
