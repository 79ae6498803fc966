import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster as KubeconfigCluster, User as KubeconfigUser } from '@kubernetes/client-node';
import type { ConnectionFacts, Credential } from './errors.ts';

/** How a kubeconfig's cluster and user connect, read once, so TLS failures and 401s can name their fix. */
export function connectionFacts(
  cluster: KubeconfigCluster | null | undefined,
  user: KubeconfigUser | null | undefined,
): ConnectionFacts {
  return {
    cluster: cluster?.name ?? '',
    certificateAuthority: cluster?.caFile ? { file: cluster.caFile } : cluster?.caData ? 'data' : 'none',
    ...(cluster?.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
    credential: credentialOf(user),
  };
}

/** Which credential the user entry carries, in the order client-node applies them. */
export function credentialOf(user: KubeconfigUser | null | undefined): Credential {
  if (!user) return { kind: 'none' };
  if (user.exec) {
    const command = typeof user.exec.command === 'string' ? user.exec.command : 'exec';
    return { kind: 'exec', command };
  }
  if (user.authProvider) {
    const name = typeof user.authProvider.name === 'string' ? user.authProvider.name : 'auth-provider';
    return { kind: 'auth-provider', name };
  }
  // client-node reads a token-file into token when it loads the kubeconfig.
  if (user.token) return { kind: 'token' };
  if (user.certData || user.certFile) return { kind: 'client-certificate', ...certificateValidity(user) };
  if (user.username) return { kind: 'basic' };
  return { kind: 'none' };
}

/** notBefore/notAfter of the client certificate; nothing when it cannot be read (the request will say why). */
function certificateValidity(user: KubeconfigUser): { notBefore?: Date; notAfter?: Date } {
  try {
    const pem = user.certData ? Buffer.from(user.certData, 'base64') : readFileSync(user.certFile as string);
    const cert = new X509Certificate(pem);
    return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
  } catch {
    return {};
  }
}
