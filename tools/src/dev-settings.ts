import { DEV_GATEWAY_SHARED_SECRET, DEV_JWT_SECRET } from '@smss/core';

/**
 * Settings the launcher and the token command share. The defaults are for development only:
 * production sets JWT_SECRET and GATEWAY_SHARED_SECRET (README, "Production").
 */
export const devSettings = () => ({
  jwtSecret: process.env.JWT_SECRET || DEV_JWT_SECRET,
  jwtIssuer: process.env.JWT_ISSUER || 'smss-federated',
  jwtAudience: process.env.JWT_AUDIENCE || 'smss-api',
  gatewaySecret: process.env.GATEWAY_SHARED_SECRET || DEV_GATEWAY_SHARED_SECRET,
});
