// A console page as the response: never cached, under a policy that runs only this server's scripts.
import type { FastifyReply } from 'fastify';
import { pagePolicy } from '../http/page-policy.js';

export function consoleHtml(res: FastifyReply, status: number, page: string) {
  return res.code(status).header('cache-control', 'no-store').header('content-security-policy', pagePolicy(page)).type('text/html; charset=utf-8').send(page);
}
