// The chat's own client modules and stylesheet (client/), and the widget script
// intranet pages load (/widget.js). Read once at start; only files that exist
// there are served, by exact name.
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { CHAT_ASSETS } from './chat-page.js';

const CLIENT = new URL('./client/', import.meta.url);

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

function typeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : TYPES[name.slice(dot)];
}

export function registerChatAssets(app: FastifyInstance): void {
  for (const name of readdirSync(CLIENT)) {
    const type = typeOf(name);
    if (!type || name === 'widget.js') continue;
    const body = readFileSync(new URL(name, CLIENT), 'utf8');
    app.get(`${CHAT_ASSETS}/${name}`, (_req, res) => res.header('cache-control', 'no-cache').type(type).send(body));
  }
  const widget = readFileSync(new URL('widget.js', CLIENT), 'utf8');
  // Loaded by intranet pages on other origins: the one response here that another site may use.
  app.get('/widget.js', (_req, res) =>
    res.header('cache-control', 'no-cache').header('cross-origin-resource-policy', 'cross-origin').type(TYPES['.js']!).send(widget),
  );
}
