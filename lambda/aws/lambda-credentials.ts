/*
 * Stands in for @aws-sdk/credential-provider-node in the handler bundles (an esbuild alias in
 * .projenrc.ts): on Lambda the role's credentials are in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 * and AWS_SESSION_TOKEN, so the environment provider is the only link of the default chain that
 * can answer. The others (SSO, INI files, STS web identity, IMDS, ...) and their nested clients
 * are never loaded or parsed. A missing variable fails as the SDK's fromEnv does, naming it.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The signature the SDK clients call (`credentialDefaultProvider(init)`): environment credentials only. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
