import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server that answers every Kubernetes API request with 403 Forbidden, and the kubeconfig that points
 * at it: enough for the guard to load the Kubernetes client, make real requests and fail fast with a clear message.
 */
export async function startForbiddenApi(): Promise<{ kubeconfig: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: `forbidden: User "ci" cannot ${String(req.method).toLowerCase()} ${req.url}`,
        reason: 'Forbidden',
        code: 403,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: fake
    cluster: {server: 'http://127.0.0.1:${port}', insecure-skip-tls-verify: true}
users:
  - name: ci
    user: {token: 'secret-token-value-123'}
contexts:
  - name: fake
    context: {cluster: fake, user: ci, namespace: games}
current-context: fake
`;
  return {
    kubeconfig,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
