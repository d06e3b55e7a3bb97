// A console page as the response: never cached, under a policy that runs only
// this server's scripts. Its referrer policy lets the browser name this origin
// on the console's own form posts (under no-referrer a form post says
// `Origin: null`, which the origin check must refuse); other sites learn nothing.
import type { FastifyReply } from 'fastify';
import { pagePolicy } from '../http/page-policy.js';

export function consoleHtml(res: FastifyReply, status: number, page: string) {
  return res.code(status).header('cache-control', 'no-store').header('referrer-policy', 'same-origin').header('content-security-policy', pagePolicy(page)).type('text/html; charset=utf-8').send(page);
}
